/**
 * The audit screen's words for an action code (src/shared/domain/audit-actions.ts): which
 * translation key says it, and what goes into it; and for a row's detail, each name and value in
 * words (a compliance officer reads "Succeeded: Yes", "Size: 1.2 MB", "Idle timeout (minutes): 5 →
 * 10", not `ok: true` or `[object Object]`). Kept apart from the screen so a unit test can check
 * every code and detail the kiosk writes has its words in both languages.
 */
import {
  CASE_EVENT_TYPES,
  SYSTEM_AUDIT_ACTIONS,
  UNCERTAIN_ANSWERS,
} from '../../../shared/domain/audit-actions';
import { caseStateSchema } from '../../../shared/domain/flows';
import type { AdminSettings } from '../../../shared/ipc/admin-settings';
import type { Language } from '../../../shared/ipc/app';

/** A translation key and its values (`state`: itself a key, of the state's name). */
export interface AuditWords {
  key: string;
  /** Translation key of the case state named in `audit.action.state`. */
  stateKey?: string;
}

const FIXED = new Set<string>([...SYSTEM_AUDIT_ACTIONS, ...CASE_EVENT_TYPES]);
const STATES = new Set<string>(caseStateSchema.options);
const ANSWERS = new Set<string>(UNCERTAIN_ANSWERS);

/**
 * The words for `action`: `state:<state>` → "Case is now: <state's name>", `operator:<answer>` →
 * staff's answer, a fixed code → `audit.action.<code>` (dots nest: `auth.signed_in`). Undefined
 * for a code outside the set (a row an older or newer version wrote): the screen shows the code.
 */
export function auditWords(action: string): AuditWords | undefined {
  const [prefix, rest] = action.split(':', 2) as [string, string | undefined];
  if (rest !== undefined) {
    if (prefix === 'state' && STATES.has(rest))
      return { key: 'audit.action.state', stateKey: `case.state.${rest}` };
    if (prefix === 'operator' && ANSWERS.has(rest)) return { key: `audit.action.operator.${rest}` };
    return undefined;
  }
  return FIXED.has(action) ? { key: `audit.action.${action}` } : undefined;
}

/**
 * Every detail key the kiosk's writers put in an audit row, each named in words
 * (`audit.detailKey.<key>`): case events (store.ts: `step`, `code` or `corrected`, and
 * `providerReference` from core.ts), sign-in and lock (security-service.ts), staff accounts
 * (operator-accounts.ts), the admin tools (admin-tools.ts, api.ts, settings-service.ts' secret
 * replacement), the trail's export (audit-service.ts), the store's check (core.ts), training's reset
 * and an unreadable row (audit-repo.ts). A settings diff's keys are setting names (SETTING_NAMES).
 */
export const AUDIT_DETAIL_KEYS = [
  'step',
  'code',
  'corrected',
  'failures',
  'operator',
  'role',
  'training',
  'providerReference',
  'reason',
  'ms',
  'kind',
  'ok',
  'from',
  'to',
  'entries',
  'days',
  'bytes',
  'problems',
  'operation',
  'disabled',
  'renamed',
  'secretReplaced',
  'provider',
  'name',
  'reachable',
  'status',
  'failure',
  'simulators',
  'unreadable',
] as const;

const DETAIL_KEYS = new Set<string>(AUDIT_DETAIL_KEYS);

/** The settings an administrator changes (settings-service.ts KEYS). */
export type SettingName = AdminSettings['changed'][number];

/**
 * A settings diff's keys, named by the Settings form's labels; those carry the unit ("(minutes)"),
 * so the values stay plain numbers. A Record, so a new setting does not compile without its name.
 */
export const SETTING_NAMES: Readonly<Record<SettingName, string>> = {
  defaultLanguage: 'settings.defaultLanguage',
  idleTimeoutMinutes: 'settings.idleTimeout',
  lockAfterMinutes: 'settings.lockAfter',
  retentionDays: 'settings.retention',
};

/**
 * Where a detail's coded values have their words, tried in order; a value none of them has (a code
 * a newer writer added, a name, a reference) is shown as written.
 */
const VALUE_WORDS: Readonly<Partial<Record<string, readonly string[]>>> = {
  step: ['steps'],
  role: ['roles'],
  provider: ['providerTests.names'],
  simulators: ['providerTests.names'],
  kind: ['audit.value.kind'],
  reason: ['audit.value.reason'],
  failure: ['audit.value.failure'],
  from: ['audit.value.from'],
  corrected: ['review.fields'],
  defaultLanguage: ['language'],
};

/** Details whose string lists several codes, comma-joined (case-service.ts: the corrected fields). */
const COMMA_LISTS = new Set(['corrected']);

/** What a case event's or a device test's `code` is, so it gets a name and words of its own. */
interface CodeMeaning {
  /** Translation key of the detail's name. */
  name: string;
  /** Where its values have words (as VALUE_WORDS). */
  words?: readonly string[];
  /** A count written as text (`String(reset)`): shown as a number. */
  count?: true;
}

const IMAGE: CodeMeaning = { name: 'audit.codeName.image', words: ['capture.alt', 'audit.value.code'] };
const PROVIDER_ANSWER: CodeMeaning = { name: 'audit.codeName.providerAnswer', words: ['providerErrors'] };
const STEPS_AGAIN: CodeMeaning = { name: 'audit.codeName.stepsAgain', count: true };
const ATTENTION: CodeMeaning = { name: 'audit.detailKey.reason', words: ['attention'] };

/** By the row's action; a `state:<state>` row's code is why the case needs a person. */
const CODE_MEANINGS: Readonly<Partial<Record<string, CodeMeaning>>> = {
  captured: IMAGE,
  recaptured: IMAGE,
  resend: IMAGE,
  quality_override: IMAGE,
  image_replaced_during_send: IMAGE,
  closed_by_staff: { name: 'audit.detailKey.reason', words: ['close.reasons'] },
  restarted_on_new_session: STEPS_AGAIN,
  restarted_after_interruption: STEPS_AGAIN,
  retry_scheduled: PROVIDER_ANSWER,
  withdraw_retry: PROVIDER_ANSWER,
  withdraw_failed: PROVIDER_ANSWER,
  provider_processing: PROVIDER_ANSWER,
  reauthenticate: PROVIDER_ANSWER,
  needs_attention: PROVIDER_ANSWER,
  'admin.device_tested': { name: 'audit.codeName.error', words: ['errors'] },
};

/**
 * What describing a detail needs of the operator's language: plain functions, so the screen passes
 * its `i18n` and the unit test i18next over the locale files.
 */
export interface DetailLanguage {
  language: Language;
  /**
   * The text of `key` with `values` put in; undefined where the locale has no such key. A `count`
   * picks the plural form (Arabic has six); a number to show goes in already written (`number`).
   */
  t: (key: string, values?: Record<string, string | number>) => string | undefined;
  /** A number in the operator's digits (Arabic-Indic in Arabic). */
  number: (value: number) => string;
  /** Epoch ms as a date and time in the operator's language. */
  dateTime: (ms: number) => string;
}

/** One detail as the screen shows it: "name: value". */
export interface DetailLine {
  /** The key as stored. */
  key: string;
  /** The key in words; the key itself where it has none. */
  name: string;
  /** The value in words: never `[object Object]`. */
  value: string;
  /** The stored code(s) where words replaced them, for IT (the screen's hover text); else undefined. */
  code?: string;
}

/** Between a list's items, and between a row's details (a list's commas must not split them). */
const LIST_SEPARATOR: Record<Language, string> = { en: ', ', ar: '، ' };
export const DETAIL_SEPARATOR: Record<Language, string> = { en: '; ', ar: '؛ ' };

// Only plain codes are looked up: i18next reads '.' and ':' in a key as a path and a namespace.
const CODE = /^[A-Za-z0-9_-]+$/;
// Nested objects are a newer writer's shape: described this deep, then written as JSON.
const MAX_DEPTH = 3;

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/** `ms` in ms, seconds or minutes, whichever reads best (a lockout is minutes, a scan ms). */
function duration(ms: number, lang: DetailLanguage): string | undefined {
  const [unit, count] =
    ms < 1000
      ? ['ms', Math.round(ms)]
      : ms < 60_000
        ? ['seconds', oneDecimal(ms / 1000)]
        : ['minutes', oneDecimal(ms / 60_000)];
  return lang.t(`audit.unit.${unit}`, { count, n: lang.number(count) });
}

/** `bytes` in bytes, KB, MB or GB (1024-based, as the capture screen's PDF size). */
function size(bytes: number, lang: DetailLanguage): string | undefined {
  const units = ['bytes', 'kb', 'mb', 'gb'] as const;
  let index = 0;
  let amount = bytes;
  while (amount >= 1024 && index < units.length - 1) {
    amount /= 1024;
    index += 1;
  }
  const count = index === 0 ? amount : oneDecimal(amount);
  return lang.t(`audit.unit.${units[index]}`, { count, n: lang.number(count) });
}

/** How a number reads, by its key: a duration, a size, a date (the export's range); else the number. */
const NUMBER_WORDS: Readonly<
  Partial<Record<string, (value: number, lang: DetailLanguage) => string | undefined>>
> = {
  ms: duration,
  bytes: size,
  from: (ms, lang) => lang.dateTime(ms),
  to: (ms, lang) => lang.dateTime(ms),
};

interface Context {
  key: string;
  words: readonly string[] | undefined;
  count: boolean;
  lang: DetailLanguage;
}

function codeText(context: Context, code: string): string {
  if (!CODE.test(code)) return code;
  for (const space of context.words ?? []) {
    const text = context.lang.t(`${space}.${code}`);
    if (text !== undefined) return text;
  }
  return code;
}

function stringText(context: Context, value: string): string {
  if (context.count && /^\d+$/.test(value)) return context.lang.number(Number(value));
  if (COMMA_LISTS.has(context.key)) {
    return value
      .split(',')
      .map((code) => codeText(context, code))
      .join(LIST_SEPARATOR[context.lang.language]);
  }
  return codeText(context, value);
}

/** A settings diff's `{ from, to }` (settings-service.ts): nothing else has exactly these keys. */
function isChange(value: object): value is { from: unknown; to: unknown } {
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('from') && keys.includes('to');
}

function valueText(context: Context, value: unknown, depth: number): string {
  const { lang } = context;
  if (value === null || value === undefined) return lang.t('audit.value.none') ?? '—';
  if (typeof value === 'boolean')
    return lang.t(value ? 'audit.value.yes' : 'audit.value.no') ?? String(value);
  if (typeof value === 'number') return NUMBER_WORDS[context.key]?.(value, lang) ?? lang.number(value);
  if (typeof value === 'string') return stringText(context, value);
  if (Array.isArray(value)) {
    return value.map((item) => valueText(context, item, depth + 1)).join(LIST_SEPARATOR[lang.language]);
  }
  if (typeof value === 'object' && depth < MAX_DEPTH) {
    // Both sides read as the setting's own values ('en' → "English"), not as a top-level from/to.
    if (isChange(value)) {
      const from = valueText(context, value.from, depth + 1);
      const to = valueText(context, value.to, depth + 1);
      return lang.t('audit.value.change', { from, to }) ?? `${from} → ${to}`;
    }
    const pairs = Object.entries(value as Record<string, unknown>).map(
      ([key, inner]) => `${nameOf('', key, lang)}: ${valueText(contextOf('', key, lang), inner, depth + 1)}`,
    );
    return `(${pairs.join(DETAIL_SEPARATOR[lang.language])})`;
  }
  // Nested deeper than MAX_DEPTH (or, never from JSON, a bigint or a function): JSON's text of it.
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

function contextOf(action: string, key: string, lang: DetailLanguage): Context {
  const meaning = key === 'code' ? codeMeaning(action) : undefined;
  return { key, words: meaning ? meaning.words : VALUE_WORDS[key], count: meaning?.count === true, lang };
}

function codeMeaning(action: string): CodeMeaning | undefined {
  return action.startsWith('state:') ? ATTENTION : CODE_MEANINGS[action];
}

function isSetting(key: string): key is SettingName {
  return Object.hasOwn(SETTING_NAMES, key);
}

function nameOf(action: string, key: string, lang: DetailLanguage): string {
  const meaning = key === 'code' ? codeMeaning(action) : undefined;
  const nameKey = meaning
    ? meaning.name
    : DETAIL_KEYS.has(key)
      ? `audit.detailKey.${key}`
      : isSetting(key)
        ? SETTING_NAMES[key]
        : undefined;
  return (nameKey && lang.t(nameKey)) ?? key;
}

/** The stored codes behind the words, where words replaced them (strings only: numbers read as they are). */
function codeOf(value: unknown, words: string): string | undefined {
  const codes =
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(',') : value;
  return typeof codes === 'string' && codes !== words ? codes : undefined;
}

/**
 * An audit row's detail (`AuditEntry.detail`: codes, step keys, field names, counts, epoch ms, a
 * settings diff `{ <setting>: { from, to } }`) as "name: value" lines in the operator's language.
 * Names: `audit.detailKey.<key>`, a setting's label, or a `code`'s meaning for `action`. Values:
 * booleans yes/no; codes their words (step, role, provider, reason, image, close reason, attention
 * reason, provider answer, error) or as written; `ms` a duration and `bytes` a size with units;
 * `from`/`to` numbers dates; other numbers in the operator's digits; lists joined; `{ from, to }`
 * "old → new". Pure: `lang` brings the translations, so a unit test calls it with the locale files.
 */
export function detailLines(
  action: string,
  detail: Readonly<Record<string, unknown>> | null,
  lang: DetailLanguage,
): DetailLine[] {
  return Object.entries(detail ?? {}).map(([key, value]) => {
    const words = valueText(contextOf(action, key, lang), value, 0);
    const code = codeOf(value, words);
    return { key, name: nameOf(action, key, lang), value: words, ...(code === undefined ? {} : { code }) };
  });
}

/** detailLines as one line of text: "name: value; name: value" (Arabic "؛"). */
export function detailText(
  action: string,
  detail: Readonly<Record<string, unknown>> | null,
  lang: DetailLanguage,
): string {
  return detailLines(action, detail, lang)
    .map((line) => `${line.name}: ${line.value}`)
    .join(DETAIL_SEPARATOR[lang.language]);
}
