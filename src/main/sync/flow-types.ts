/**
 * The interface between the relay (src/main/sync) and the provider connectors
 * (src/main/providers/<vendor>): each flow declares its ordered steps; the relay runs the remote
 * ones, persisting every answer before the next step, and never interprets HTTP itself. Connectors
 * map every provider answer or fault to exactly one StepOutcome.
 */
import type { FlowId, ImageRole, ProviderId, StepKind } from '../../shared/domain/flows';
import type { AttentionReason } from '../../shared/domain/flows';
import type { StreamedImage } from '../store/image-stream';
import type { JsonValue, ProviderSession, StoredImage } from '../store/records';

export type { JsonValue, ProviderSession, StoredImage, StreamedImage };

/** The result of one attempt at a remote step. */
export type StepOutcome =
  /** The provider confirmed. `answer` is stored (encrypted) and visible to later steps and reviewers. */
  | { kind: 'success'; answer?: JsonValue }
  /** Network error, timeout, 5xx, 429, provider-side "try later": retry with backoff. */
  | {
      kind: 'retryable';
      code: string;
      message: string;
      retryAfterMs?: number;
      /**
       * The request may have reached the provider and taken effect (timeout, connection dropped
       * after sending, answer lost). A non-idempotent step is then not sent again blindly: it stays
       * in flight, to be reconciled or decided by a person. Connectors set it; absent means the
       * call certainly had no effect (connection refused, 5xx/429 before any effect).
       */
      maybeDelivered?: boolean;
    }
  /**
   * The provider has the request and is still working on it (a pending result, a workflow not yet
   * processed). Not a failure: connectivity is not told, the retry ceiling does not apply (the
   * connector bounds its own polling), and the step is asked again after `retryAfterMs` (ms).
   */
  | { kind: 'processing'; code: string; message: string; retryAfterMs: number }
  /** 401 / expired token: the relay drops the session, authenticates once and repeats the step. */
  | { kind: 'reauthenticate'; code: string; message: string }
  /** The provider rejected an image: a person must capture `role` again. */
  | { kind: 'needs_recapture'; role: ImageRole; code: string; message: string; answer?: JsonValue }
  /** The answer needs a person to check it before the flow continues (e.g. OCR fields). */
  | { kind: 'needs_review'; answer: JsonValue }
  /** Validation or business rule (e.g. Lumin 10103 already registered): a person decides. */
  | { kind: 'needs_operator'; reason: AttentionReason; code: string; message: string; answer?: JsonValue }
  /** Configuration is wrong (bad key, unknown project): nothing to retry until IT fixes it. */
  | { kind: 'fatal'; code: string; message: string };

/**
 * After a crash, what a status query says about a non-idempotent step that was in flight: it
 * arrived ('done', or `{ kind: 'done', answer }` carrying the answer the call would have returned,
 * which a step declaring `answerNeeded` must give), it did not ('not_done': send it), or the
 * provider cannot tell ('unknown': a person decides).
 */
export type ReconcileOutcome = 'done' | { kind: 'done'; answer: JsonValue } | 'not_done' | 'unknown';

/** What a step may read of its case. Everything comes decrypted from the store, nothing is cached. */
export interface StepContext {
  caseId: string;
  flow: FlowId;
  attempt: number;
  /** The kiosk UI language, for Accept-Language. */
  language: 'en' | 'ar';
  operator: { id: string; name: string };
  /** Fields typed or reviewed at the kiosk (customer id, ARGOS submission id, reviewed OCR values...). */
  fields: Readonly<Record<string, JsonValue>>;
  /** Answers of earlier steps of this case, by step key. */
  answers: Readonly<Record<string, JsonValue>>;
  image(role: ImageRole): Promise<StoredImage | undefined>;
  /**
   * The same image as plain pieces, for an upload that streams it (http-call.ts `stream`) rather
   * than holding it whole; its iterator throws before the last piece when the image fails its
   * integrity check. Optional: contexts built by tests may offer only `image`.
   */
  imageStream?(role: ImageRole): Promise<StreamedImage | undefined>;
  /** Secrets held only in memory for an online flow (the update flows' password). */
  secret(name: string): string | undefined;
  /** Present once authenticated. */
  session: ProviderSession | undefined;
  /** Aborted on drain/quit or timeout: connectors pass it to every request. */
  signal: AbortSignal;
}

export interface StepDefinition {
  key: string;
  kind: StepKind;
  /** Remote steps: true when repeating the call cannot create a second effect (overwrites, reads). */
  idempotent: boolean;
  /**
   * Later steps read this step's answer (Jumio's start-transaction: the transaction's ids and
   * token). Such a step is never marked done without its answer: a reconcile must return the
   * answer, and a person cannot "confirm it arrived" (only send it again or cancel).
   */
  answerNeeded?: boolean;
  /**
   * Non-idempotent steps whose earlier attempt, when interrupted, leaves nothing that a repeat
   * would duplicate: the relay sends again instead of asking a person. The text says why (it is
   * recorded in the case's history with the repeat). Only for effects that stay unused and lapse.
   */
  repeatAfterInterruption?: string;
  /**
   * Non-idempotent steps of a flow with `restartOnNewSession` whose effect lasts only within the
   * provider's request (session): interrupted, they are made safe to repeat by abandoning that
   * request. The relay drops the case's session, sets the remote progress back to pending and
   * records why (this text) in one write; the worker starts over in a new session, where the
   * abandoned request's effect does not carry over. Only for effects that lapse with their request
   * (Lumin's approvals before the last one, providers.md 1.1).
   */
  restartAfterInterruption?: string;
  /**
   * Remote steps: one case at a time per subject. Before this step runs, the case claims
   * `subject(context)` (stored only as a keyed digest, store/claims-repo.ts) and holds it until its
   * step `through` is done or the case is final; meanwhile another case reaching a step with the
   * same subject waits (retried after RelayOptions.serialWaitMs, no attempt failed, nothing sent).
   * So what the provider shows about the subject between the claim and `through` is this case's
   * doing (Lumin's update status query, providers/lumin/status-queries.ts). `subject` returns
   * undefined when the case has no subject yet (the step then runs and fails on its own checks).
   */
  serialise?: {
    subject(context: Pick<StepContext, 'fields'>): string | undefined;
    through: string;
  };
  /** Capture steps: which image roles must be present before the step counts as done. */
  captures?: readonly ImageRole[];
  /**
   * Capture steps where any one of several roles will do (ARGOS: at least one of four images):
   * the step counts as done once at least one of these roles is present. Added by the connectors.
   */
  capturesAnyOf?: readonly ImageRole[];
  /**
   * Capture steps with `capturesAnyOf`: the case field (an identify `multiChoice`, see
   * src/shared/flows/choices.ts) in which staff chose which of those roles this case takes. When
   * the case carries a choice, every chosen role must be present before the step is done (ARGOS:
   * the ID back and the selfie, not just whichever comes first); without one, any one will do.
   */
  chosenBy?: string;
  /**
   * Review steps: whose answer a person checks (a remote step's key) and which values the reviewer
   * confirms or corrects. The reviewed values are stored in `fields[<this step's key>]` as an object,
   * which is where the following approve step reads them. Added by the connectors.
   */
  reviews?: { answerOf: string; fields: readonly string[] };
  /**
   * Remote steps: the image roles this step sends. When a person recaptures one of them because a
   * later step (e.g. ARGOS's result read) rejected it, the relay sends this step again, and every
   * remote step after it, instead of asking the provider about the old image once more.
   */
  sends?: readonly ImageRole[];
  /**
   * Remote steps: the image roles whose presence this step reads to decide what it asks of the
   * provider (Jumio's start-transaction lists a DOCUMENT credential only when a supporting document
   * is stored). Once such a step (or one that `sends` the role) is leased or no longer pending, a
   * first capture of that role is refused with `capture_too_late` (CaseService.lateRoles): the
   * relay's decision and the capture cannot cross, whatever the timing (issue 9).
   */
  decidesBy?: readonly ImageRole[];
  /** Optional remote steps are skipped when `when` says so (e.g. ARGOS images not captured). */
  when?(context: Pick<StepContext, 'fields' | 'answers'> & { images: readonly ImageRole[] }): boolean;
  /** Remote steps: one attempt. Must not throw for provider answers; a throw counts as retryable. */
  run?(context: StepContext): Promise<StepOutcome>;
  /**
   * Non-idempotent remote steps with a status query: what happened to the last attempt. When the
   * status query itself fails, return the retryable outcome (so Retry-After is honoured) or throw.
   */
  reconcile?(context: StepContext): Promise<ReconcileOutcome | Extract<StepOutcome, { kind: 'retryable' }>>;
}

export interface FlowDefinition {
  id: FlowId;
  provider: ProviderId;
  steps: readonly StepDefinition[];
  /** Obtains a session at sync time (never at capture time). */
  authenticate?(
    context: Omit<StepContext, 'session'>,
  ): Promise<{ kind: 'success'; session: ProviderSession } | Exclude<StepOutcome, { kind: 'success' }>>;
  /** Provider deadline, counted from the first successful remote step (ARGOS 4 h, Jumio token 30 min). */
  deadlineMs?: number;
  /**
   * Flows whose deadline is known before anything is sent (ARGOS: the submission was started
   * online, and its id is valid for 4 hours from then): the deadline in ms since the epoch, given
   * the typed fields and the case's creation time (ms). The case shows it from the start and the
   * relay expires the case after it. Undefined: the deadline starts with the first remote success.
   */
  deadlineAtCreation?(fields: Readonly<Record<string, JsonValue>>, createdAt: number): number | undefined;
  /**
   * True when the provider ties remote progress to the session (Lumin: a new session token is a new
   * onboarding/update request). When the relay has to open a new session after remote steps already
   * succeeded, it sets those remote steps back to pending, keeping captures and reviewed fields, so
   * the flow is replayed in the new session instead of failing with "approve before upload".
   */
  restartOnNewSession?: boolean;
  /** True when a step needs an in-memory secret, so the flow cannot be completed offline. */
  needsSecret?: boolean;
  /**
   * The provider connection's name-translation setting, for reviews whose descriptor takes it
   * from the tenant (Lumin `kycTranslation`): on, off, or auto (follow the OCR answer).
   */
  translation?: 'on' | 'off' | 'auto';
  /**
   * A cheap reachability check of this flow's provider (e.g. a HEAD on its base URL): true when it
   * answers at all, whatever the status. The relay calls it when the OS says the network is back
   * and after network failures, and sends nothing to a provider whose probe fails. Optional: without
   * one, the relay relies on back-off alone. Flows of one provider may share one function.
   */
  probe?(signal: AbortSignal): Promise<boolean>;
  /**
   * Withdraws what the flow sent, when staff cancel a case (Jumio: delete all pages of each
   * credential). Optional; flows without it have nothing to withdraw. Added by the connectors.
   */
  cancel?(context: StepContext): Promise<StepOutcome>;
}

/**
 * The step the case service appends to a cancelled case whose flow declares `cancel()` and which
 * already sent something: the relay runs it (with back-off, surviving restarts) to call `cancel()`.
 */
export const WITHDRAW_STEP = 'withdraw';

/** Every provider's flows, by id; built in src/main/providers/registry.ts. */
export type FlowRegistry = ReadonlyMap<FlowId, FlowDefinition>;
