/**
 * Provider sessions, in one place. The store keeps each case's session sealed (it survives a
 * restart); this cache holds the ones in use and remembers which were obtained by the worker now
 * running the case ("fresh"). A fresh session is used until the provider refuses it (401), whatever
 * its expiry says: a token that looks expired on arrival (the kiosk's clock ahead of the provider's,
 * a lifetime shorter than the refresh margin) must not be renewed before every step, which with
 * restartOnNewSession would replay the flow forever (a token storm).
 *
 * Dropping a session's stored row is part of the write that decided it (commit.ts); `forget` only
 * clears memory.
 */
import type { KioskStore } from '../../store/store';
import type { ProviderSession } from '../flow-types';

export class SessionCache {
  private readonly held = new Map<string, { session: ProviderSession; fresh: boolean }>();

  constructor(
    private readonly store: KioskStore,
    /** Sessions are renewed this long (ms) before they expire. */
    private readonly refreshMarginMs: number,
  ) {}

  /** The session to use at `now` (ms), or undefined when a new one must be obtained. */
  usable(caseId: string, now: number): ProviderSession | undefined {
    const held = this.held.get(caseId);
    if (held?.fresh) return held.session;
    const session = held?.session ?? this.store.sessions.get(caseId);
    if (session && Date.parse(session.expiresAt) - this.refreshMarginMs > now) {
      this.held.set(caseId, { session, fresh: false });
      return session;
    }
    return undefined;
  }

  /** Any session that has not expired at `now`; never a reason to open one (withdrawals). */
  current(caseId: string, now: number): ProviderSession | undefined {
    const session = this.held.get(caseId)?.session ?? this.store.sessions.get(caseId);
    return session && Date.parse(session.expiresAt) > now ? session : undefined;
  }

  /** A session the running worker just obtained (already saved by its write). */
  obtained(caseId: string, session: ProviderSession): void {
    this.held.set(caseId, { session, fresh: true });
  }

  /** The worker let go of the case: its session is judged by its expiry again. */
  released(caseId: string): void {
    const held = this.held.get(caseId);
    if (held) held.fresh = false;
  }

  /** Clears memory (the session was dropped, the case ended, or the provider refused it). */
  forget(caseId: string): void {
    this.held.delete(caseId);
  }
}
