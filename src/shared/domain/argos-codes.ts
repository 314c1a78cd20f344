/**
 * Every code an ARGOS case can end with (providers.md §2: the PUT image error table, the gateway
 * statuses, the KYC results and their reject reasons) and the one next step staff take for each.
 * Main keeps the codes as the outcome's `code`; the renderer shows `argos.codes.<code>` (what
 * happened) and `argos.next.<step>` (what to do), both in en.json and ar.json (a test checks every
 * code here has both strings in both locales).
 */

/** What staff do next. */
export const ARGOS_NEXT_STEPS = [
  /** Capture the named image again (unreadable, too large, none sent). */
  'recapture',
  /** The submission id is unknown or older than its 4 hours: check it with the customer. */
  'fix_submission_id',
  /** Choose the ID type that matches the document. */
  'choose_id_type',
  /** Nothing to change: the kiosk tries again by itself; call IT if it keeps failing. */
  'retry_later',
  /** The kiosk's ARGOS settings are wrong (key, project, admin, body encoding): call IT support. */
  'call_it',
  /** The document has expired: ask for a valid one. */
  'valid_document',
  /** ARGOS will not take more attempts: the customer starts a new online application. */
  'new_application',
  /** ARGOS decided (duplicate, rejected): refer the customer to the bank's KYC team. */
  'refer_customer',
  /** ARGOS is still reviewing: nothing to do, the kiosk reads the result again later. */
  'wait',
  /** Approved: nothing to do. */
  'none',
] as const;
export type ArgosNextStep = (typeof ARGOS_NEXT_STEPS)[number];

/** The seed's PUT image error codes (providers.md 2.1) and the gateway's statuses as the connector names them. */
export const ARGOS_ERROR_NEXT_STEP = {
  invalid_payload: 'call_it',
  // The kiosk always sends the submission id, the admin and (with ID images) the idType: a missing
  // field is a configuration fault, not something staff can type.
  missing_data: 'call_it',
  invalid_project: 'call_it',
  invalid_admin: 'call_it',
  invalid_submission: 'fix_submission_id',
  invalid_data: 'recapture',
  invalid_idType: 'choose_id_type',
  processing_error: 'retry_later',
  forbidden: 'call_it',
  too_large: 'recapture',
  not_found: 'call_it',
} as const satisfies Record<string, ArgosNextStep>;

/** `kyc.result` of `GET submission` (providers.md 2.2), and the codes the kiosk adds while reading it. */
export const ARGOS_RESULT_NEXT_STEP = {
  approved: 'none',
  pending: 'wait',
  incomplete: 'recapture',
  /** A rejection without a reason code. */
  rejected: 'refer_customer',
  /** Still pending after the bounded number of reads. */
  result_timeout: 'retry_later',
} as const satisfies Record<string, ArgosNextStep>;

/** Reject reasons ARGOS gives in `kyc.commentCode` (providers.md 2.2). */
export const ARGOS_REJECT_NEXT_STEP = {
  id_image_invalidImage: 'recapture',
  id_image_badImage: 'recapture',
  expired_id: 'valid_document',
  duplicate_user: 'refer_customer',
  too_many_retry: 'new_application',
} as const satisfies Record<string, ArgosNextStep>;

export type ArgosCode =
  | keyof typeof ARGOS_ERROR_NEXT_STEP
  | keyof typeof ARGOS_RESULT_NEXT_STEP
  | keyof typeof ARGOS_REJECT_NEXT_STEP;

const ALL: Readonly<Record<string, ArgosNextStep>> = {
  ...ARGOS_ERROR_NEXT_STEP,
  ...ARGOS_RESULT_NEXT_STEP,
  ...ARGOS_REJECT_NEXT_STEP,
};

/** Every code above, for the locale check. */
export const ARGOS_CODES: readonly string[] = Object.keys(ALL);

/**
 * The next step for a code of an ARGOS case. An unknown reject reason (ARGOS adds some) goes to
 * the bank's KYC team with ARGOS's own comment; an unknown error code to IT.
 */
export function argosNextStep(code: string, kind: 'error' | 'reject' = 'error'): ArgosNextStep {
  return ALL[code] ?? (kind === 'reject' ? 'refer_customer' : 'call_it');
}
