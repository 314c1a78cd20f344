/**
 * The expiry warning at review: a document whose expiry date (as the provider read it) has passed,
 * or falls within the configured number of days, is flagged before staff approve it. Providers
 * write dates as ISO-8601 (`2031-05-01T00:00:00.000Z`) or dd/MM/yyyy; anything else is ignored.
 */
import type { CaseView } from '../../shared/ipc/cases';

const DAY_MS = 86_400_000;

/** The date as UTC midnight (ms), or null when it is not a date. */
export function parseExpiry(value: string | undefined): number | null {
  if (!value) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y || !m || !d) return null;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const date = new Date(ms);
  return date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(m) - 1 ? ms : null;
}

/**
 * `expired` (days < 0: days since), `expiring` (0 ≤ days ≤ warnDays: days left), or null.
 * `now` in ms since the epoch; `warnDays` in days (0: only expired documents are flagged).
 */
export function expiryOf(value: string | undefined, now: number, warnDays: number): CaseView['expiry'] {
  const at = parseExpiry(value);
  if (at === null) return null;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const days = Math.round((at - today) / DAY_MS);
  const date = new Date(at).toISOString().slice(0, 10);
  if (days < 0) return { date, state: 'expired', days };
  if (days <= warnDays) return { date, state: 'expiring', days };
  return null;
}
