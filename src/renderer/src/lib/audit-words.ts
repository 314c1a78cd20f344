/**
 * The audit screen's words for an action code (src/shared/domain/audit-actions.ts): which
 * translation key says it, and what goes into it. Kept apart from the screen so a unit test can
 * check every code the kiosk writes has its words in both languages.
 */
import {
  CASE_EVENT_TYPES,
  SYSTEM_AUDIT_ACTIONS,
  UNCERTAIN_ANSWERS,
} from '../../../shared/domain/audit-actions';
import { caseStateSchema } from '../../../shared/domain/flows';

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
 * The detail keys the kiosk writes that the screen names in words (`audit.detailKey.<key>`); any
 * other key (a setting's name in a settings diff) is shown as written.
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
] as const;

const DETAIL_KEYS = new Set<string>(AUDIT_DETAIL_KEYS);

/**
 * Translation keys for one detail: its name (`audit.detailKey.<key>`, undefined for a key outside
 * AUDIT_DETAIL_KEYS) and, for a step, the step's name (`steps.<key>`; the screen falls back to the
 * key itself when a flow's step has no name).
 */
export function detailWords(key: string, value: unknown): { nameKey?: string; valueKey?: string } {
  return {
    ...(DETAIL_KEYS.has(key) ? { nameKey: `audit.detailKey.${key}` } : {}),
    ...(key === 'step' && typeof value === 'string' ? { valueKey: `steps.${value}` } : {}),
  };
}
