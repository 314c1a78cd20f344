/**
 * What the UI layer (through src/main/api.ts) does with cases: commit a capture, record a review,
 * replace a rejected image, hold a customer secret in memory, retry, cancel, purge. Each
 * operation is one transaction and returns only after the commit. The reads (lists, inbox, detail,
 * totals) are in case-queries.ts. Over ~400 lines because each command keeps its precondition checks
 * and its writes in one visible transaction (and, for images, the file staging around it, issue 12):
 * splitting them would separate a check from the write it guards.
 */
import { randomUUID } from 'node:crypto';
import type { FlowId, ImageRole } from '../../shared/domain/flows';
import type { CaseSummary } from '../../shared/ipc/queue';
import { AppError } from '../ipc/errors';
import { FINAL_STATES } from '../store/cases-repo';
import { writeFailure } from '../store/errors';
import type { Fields } from '../store/fields-repo';
import type { NewImage, StagedImage } from '../store/images-repo';
import type { NewStep } from '../store/steps-repo';
import type { KioskStore } from '../store/store';
import { WITHDRAW_STEP, type FlowDefinition, type FlowRegistry } from './flow-types';
import { checkReviewed, lateRolesOf, resendFrom as resendStep, sentOrSending } from './case-rules';
import { CaseQueries } from './case-queries';
import type { SecretVault } from './secret-vault';
import { advanceCase, setCaseState } from './step-machine';
import type { UncertainAnswer } from '../../shared/domain/audit-actions';

export interface CaptureInput {
  flow: FlowId;
  operator: { id: string; name: string };
  language: 'en' | 'ar';
  /** Values typed at the kiosk (customer id, submission id, ...). Stored sealed. */
  fields: Fields;
  images: readonly NewImage[];
  /** Customer secrets for an online flow (FlowDefinition.needsSecret): memory only, never stored. */
  secrets?: Readonly<Record<string, string>>;
}

export interface CaseServiceHooks {
  /** Something changed for this case (the queue events are built from it). */
  changed(caseId: string): void;
  /** New remote work may be ready: wake the relay. */
  queued(): void;
}

/** The commands on cases; the reads (lists, inbox, detail, totals) come from CaseQueries. */
export class CaseService extends CaseQueries {
  constructor(
    store: KioskStore,
    flows: FlowRegistry,
    private readonly secrets: SecretVault,
    private readonly hooks: CaseServiceHooks,
  ) {
    super(store, flows);
  }

  private flow(id: FlowId): FlowDefinition {
    const flow = this.flows.get(id);
    if (!flow) throw new AppError('invalid_input', `The flow ${id} is not available on this kiosk`);
    return flow;
  }

  private write<T>(what: string, fn: () => T): T {
    try {
      return this.store.tx(fn);
    } catch (error) {
      throw writeFailure(error, what);
    }
  }

  /**
   * Creates the case and commits the capture: case, sealed fields and images, every step of the
   * flow (the outbox), in one transaction. Resolves after the commit, with the case's summary.
   */
  capture(input: CaptureInput): Promise<CaseSummary> {
    const flow = this.flow(input.flow);
    // A case started from identifiers alone (cases.start, no image yet) gets its secret next.
    if (flow.needsSecret && input.images.length > 0 && Object.keys(input.secrets ?? {}).length === 0) {
      throw new AppError(
        'invalid_input',
        `The flow ${flow.id} needs the customer's secret and runs online only`,
      );
    }
    // Refused input throws here, before any file is written; the commit itself resolves later.
    return this.commitNew(flow, input);
  }

  /** The capture's commit (`capture`): its files synced off the JS thread, then one transaction. */
  private async commitNew(flow: FlowDefinition, input: CaptureInput): Promise<CaseSummary> {
    const id = randomUUID();
    const steps: NewStep[] = flow.steps.map((step) => ({
      key: step.key,
      kind: step.kind,
      idempotent: step.idempotent,
      state: 'pending',
    }));
    await this.store.commitCapture(
      {
        case: {
          id,
          flow: flow.id,
          provider: flow.provider,
          state: 'queued',
          operator_id: input.operator.id,
          operator_name: input.operator.name,
          language: input.language,
        },
        fields: input.fields,
        images: input.images,
        steps,
      },
      this.settleNew(flow, id, input.fields),
    );
    for (const [name, value] of Object.entries(input.secrets ?? {})) this.secrets.set(id, name, value);
    this.hooks.changed(id);
    this.hooks.queued();
    return this.summary(id);
  }

  /**
   * Local steps (captures present, `when` conditions) and the deadline of a new case, settled in its
   * capture's transaction (`capture`, and a replay of its journal: `recoverJournalled`).
   */
  private settleNew(flow: FlowDefinition, id: string, fields: Fields): (now: number) => void {
    return (now) => {
      const deadline = flow.deadlineAtCreation?.(fields, now);
      if (deadline !== undefined) this.store.cases.setDeadline(id, deadline);
      advanceCase(this.store, flow, id, now);
    };
  }

  /**
   * At open, before the relay starts: commits the captures whose journal is durable but whose rows
   * are not (a kill, or a power cut, after the files' sync: store.ts `journalledCaptures`), through
   * the same transaction and settling as `capture` (a flow this kiosk no longer has: no settling).
   * Returns the ids of the recovered cases.
   */
  recoverJournalled(): string[] {
    const recovered: string[] = [];
    for (const journal of this.store.journalledCaptures()) {
      const flow = this.flows.get(journal.capture.case.flow);
      const id = journal.capture.case.id;
      // A flow this kiosk no longer has: kept unsettled (the relay stops it for a person), not lost.
      this.store.replayCapture(journal, flow && this.settleNew(flow, id, journal.capture.fields));
      recovered.push(id);
      this.hooks.changed(id);
    }
    if (recovered.length > 0) this.hooks.queued();
    return recovered;
  }

  /** Holds a customer secret for a case in memory only (the update flows' password). */
  holdSecret(caseId: string, name: string, value: string): void {
    const row = this.store.cases.get(caseId);
    if (!row) throw new AppError('not_found', 'No such case');
    this.secrets.set(caseId, name, value);
    // A case the relay stopped for want of the secret (after a restart) goes on with it.
    if (row.state === 'needs_attention' && row.attention_reason === 'secret_required') {
      this.write('The resumed case', () => {
        const now = this.store.now();
        for (const step of this.store.steps.forCase(caseId)) {
          if (step.state === 'waiting' && step.kind === 'remote') {
            this.store.steps.finish(caseId, step.key, step.seq, { state: 'pending', nextAttemptAt: 0 }, now);
          }
        }
        this.store.events.add({ caseId, at: now, type: 'secret_given' });
        setCaseState(this.store, caseId, 'queued', null, now);
        advanceCase(this.store, this.flows.get(row.flow), caseId, now);
      });
      this.hooks.changed(caseId);
    }
    this.hooks.queued();
  }

  /** Stores values read from the document at the kiosk (local OCR), sealed. */
  setExtractedFields(caseId: string, fields: Fields): CaseSummary {
    this.write('The extracted fields', () =>
      this.store.fields.set(caseId, 'extracted', fields, this.store.now()),
    );
    return this.summary(caseId);
  }

  /**
   * A person checked what the provider read: saves the reviewed fields and marks the waiting review
   * (a review step, or a remote step that answered needs_review) done, then the case moves on.
   */
  recordReview(
    caseId: string,
    stepKey: string,
    reviewed: Fields,
    /** Names of the fields the operator changed from the provider's reading (audit trail). */
    corrected: readonly string[] = [],
  ): CaseSummary {
    this.store.command('The review', () => {
      const now = this.store.now();
      const row = this.store.cases.get(caseId);
      if (!row) throw new AppError('not_found', 'No such case');
      const step = this.store.steps.forCase(caseId).find((candidate) => candidate.key === stepKey);
      const reviewable =
        step?.state === 'waiting' &&
        (step.kind === 'review' || (step.kind === 'remote' && row.attention_reason === 'review_required'));
      if (!step || !reviewable) throw new AppError('conflict', `Step ${stepKey} is not waiting for a review`);
      const declared = this.flows.get(row.flow)?.steps.find((def) => def.key === stepKey)?.reviews;
      if (declared) checkReviewed(stepKey, declared.fields, reviewed);
      const before = this.store.fields.read(caseId).reviewed ?? {};
      this.store.fields.set(caseId, 'reviewed', { ...before, ...reviewed }, now);
      this.store.steps.finish(caseId, step.key, step.seq, { state: 'done' }, now);
      this.store.events.add({
        caseId,
        at: now,
        type: 'reviewed',
        stepKey,
        code: corrected.length > 0 ? corrected.join(',') : undefined,
      });
      setCaseState(this.store, caseId, 'queued', null, now);
      advanceCase(this.store, this.flows.get(row.flow), caseId, now);
    });
    this.hooks.changed(caseId);
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * An image captured after the case was committed (the national ID's back, captured once the
   * front is approved; or before the relay reaches its step), or a retake of a side the provider
   * has not been sent yet. A case waiting for a new image of that role takes it as a recapture.
   */
  addCapture(caseId: string, image: NewImage): CaseSummary {
    return this.addCaptures(caseId, [image], image.role);
  }

  /**
   * Adds images to an existing case in ONE transaction: a duplex feeder's front and back of a card
   * (issue 10) are stored together or not at all, so a crash or a full disk between the two never
   * leaves a case with one side of a single feed. `primary` is the role staff asked for: it is stored,
   * or retaken (refused with `already_sent` once the provider has it); any other image only fills a
   * gap and is skipped when that role is already stored. A case waiting for a recapture takes only
   * the primary image (the one the provider refused). Errors: not_found, conflict (a final case),
   * already_sent, disk_full.
   */
  addCaptures(caseId: string, images: readonly NewImage[], primary: ImageRole): CaseSummary {
    const row = this.store.cases.get(caseId);
    if (!row) throw new AppError('not_found', 'No such case');
    const main = images.find((image) => image.role === primary);
    if (!main) throw new AppError('invalid_input', `No ${primary} image among the images to add`);
    if (row.state === 'needs_attention' && row.attention_reason === 'recapture_required') {
      return this.recapture(caseId, main);
    }
    this.store.ensureSpaceFor(images.reduce((sum, image) => sum + image.bytes.byteLength * 2, 0));
    const isStored = (role: ImageRole): boolean =>
      this.store.images.list(caseId).some((meta) => meta.role === role && !meta.purged);
    const what = isStored(primary) ? 'The retake' : 'The new image';
    // The sealed files first, fsynced; the rows that name them in the transaction below. Files of
    // images the transaction skips or refuses are removed after it (images-repo.ts).
    const staged = this.store.stageImages(what, images);
    const stored = new Set<StagedImage>();
    const replaced: string[] = [];
    try {
      // Checked inside the writing transaction: the relay cannot start sending between check and write.
      this.store.command(what, () => {
        const now = this.store.now();
        const current = this.store.cases.get(caseId);
        if (!current) throw new AppError('not_found', 'No such case');
        if (FINAL_STATES.includes(current.state)) {
          throw new AppError('conflict', `A ${current.state} case takes no more images`);
        }
        const late = this.lateRoles(caseId, current.flow, now);
        for (const item of staged) {
          const { image } = item;
          const present = isStored(image.role);
          if (image.role !== primary && (present || late.includes(image.role))) continue;
          if (!present && late.includes(image.role)) {
            // The relay already decided what to ask of the provider without this role (Jumio: no
            // DOCUMENT credential): storing it now would leave it unsent without a word.
            throw new AppError(
              'capture_too_late',
              `The case was already sent without a ${image.role}; it can no longer be added`,
              { role: image.role },
            );
          }
          if (
            present &&
            sentOrSending(
              this.flows.get(current.flow)?.steps ?? [],
              this.store.steps.forCase(caseId),
              image.role,
              now,
            )
          ) {
            // The provider has (or is being sent, or may have) this image: replacing it here would
            // leave the provider's reading and the kiosk's copy apart.
            throw new AppError('already_sent', `The ${image.role} image was already sent to the provider`);
          }
          replaced.push(...this.store.images.put(caseId, item, now).replaced);
          stored.add(item);
          this.store.events.add({ caseId, at: now, type: 'captured', code: image.role });
        }
        advanceCase(this.store, this.flows.get(current.flow), caseId, now);
      });
    } catch (error) {
      this.store.images.discard(staged);
      throw error;
    }
    this.store.images.discard(staged.filter((item) => !stored.has(item)));
    this.store.images.committed(replaced);
    this.hooks.changed(caseId);
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * The roles with no stored image that can no longer be added to the case (case-rules.ts
   * `lateRolesOf`): the flow screen stops offering them. `now` in ms (the store's clock).
   */
  lateRoles(caseId: string, flowId: FlowId, now: number = this.store.now()): ImageRole[] {
    const flow = this.flows.get(flowId);
    if (!flow) return [];
    const stored = this.store.images
      .list(caseId)
      .filter((meta) => !meta.purged)
      .map((meta) => meta.role);
    return lateRolesOf(flow.steps, this.store.steps.forCase(caseId), stored, now);
  }

  /** A rejected or missing image captured again: replaces it and sends the step again. */
  recapture(caseId: string, image: NewImage): CaseSummary {
    this.store.ensureSpaceFor(image.bytes.byteLength * 2);
    const staged = this.store.stageImages('The new image', [image]);
    let replaced: string[] = [];
    try {
      this.store.command('The new image', () => {
        const now = this.store.now();
        const row = this.store.cases.get(caseId);
        if (!row) throw new AppError('not_found', 'No such case');
        if (row.state !== 'needs_attention' || row.attention_reason !== 'recapture_required') {
          throw new AppError('conflict', 'This case is not waiting for a new image');
        }
        replaced = this.store.images.put(caseId, staged[0]!, now).replaced;
        this.store.events.add({ caseId, at: now, type: 'recaptured', code: image.role });
        const steps = this.store.steps.forCase(caseId);
        const waiting = steps.find((step) => step.state === 'waiting');
        const resendFrom = waiting
          ? resendStep(this.flows.get(row.flow)?.steps ?? [], steps, waiting.seq, image.role)
          : undefined;
        for (const step of steps) {
          const resend = resendFrom !== undefined && step.kind === 'remote' && step.seq >= resendFrom;
          if (step.state === 'waiting' || (resend && step.state === 'done')) {
            this.store.steps.finish(caseId, step.key, step.seq, { state: 'pending', nextAttemptAt: 0 }, now);
          }
        }
        if (resendFrom !== undefined) {
          const key = steps.find((step) => step.seq === resendFrom)?.key;
          this.store.events.add({ caseId, at: now, type: 'resend', stepKey: key, code: image.role });
        }
        setCaseState(this.store, caseId, 'queued', null, now);
        advanceCase(this.store, this.flows.get(row.flow), caseId, now);
      });
    } catch (error) {
      this.store.images.discard(staged);
      throw error;
    }
    this.store.images.committed(replaced);
    this.hooks.changed(caseId);
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * Try again now. A step left in flight by a crash without a status query needs the operator's
   * word: `resend` (the provider did not get it) or `confirmedDone` (it did).
   */
  retry(caseId: string, uncertainStep?: UncertainAnswer): CaseSummary {
    const row = this.store.cases.get(caseId);
    if (!row) throw new AppError('not_found', 'No such case');
    if (row.attention_reason === 'withdrawal_refused') return this.retryWithdrawal(caseId);
    this.store.command('The retry', () => {
      const now = this.store.now();
      const current = this.store.cases.get(caseId)!;
      if (FINAL_STATES.includes(current.state)) {
        throw new AppError('conflict', `A ${current.state} case cannot be retried`);
      }
      const reason = current.attention_reason;
      if (reason === 'review_required' || reason === 'recapture_required') {
        throw new AppError('conflict', 'This case waits for a review or a new image, not for a retry');
      }
      const step = this.store.steps.current(caseId);
      const inDoubt = step?.state === 'in_flight' && reason === 'uncertain_after_crash';
      if (inDoubt && !uncertainStep) {
        throw new AppError('conflict', 'Say whether the provider received the interrupted step');
      }
      const def = this.flows.get(current.flow)?.steps.find((candidate) => candidate.key === step?.key);
      if (inDoubt && uncertainStep === 'confirmedDone' && def?.answerNeeded) {
        // Marking it done without the provider's answer would leave every later step without it.
        throw new AppError(
          'conflict',
          'Later steps need what the provider answered to this step: send it again or cancel the case',
        );
      }
      if (step?.state === 'in_flight' && uncertainStep) {
        const state = uncertainStep === 'confirmedDone' ? 'done' : 'pending';
        this.store.steps.finish(caseId, step.key, step.seq, { state, nextAttemptAt: 0 }, now);
        this.store.events.add({ caseId, at: now, type: `operator:${uncertainStep}`, stepKey: step.key });
      }
      this.store.steps.retryNow(caseId, now);
      this.store.events.add({ caseId, at: now, type: 'retry_requested' });
      setCaseState(this.store, caseId, 'queued', null, now);
      advanceCase(this.store, this.flows.get(current.flow), caseId, now);
    });
    this.hooks.changed(caseId);
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * A cancelled case whose withdrawal the provider refused (attention `withdrawal_refused`): send
   * the withdrawal again. The case is "cancelled" again only while the withdrawal is pending; a
   * second refusal brings it back to the inbox.
   */
  private retryWithdrawal(caseId: string): CaseSummary {
    this.store.command('The retry', () => {
      const now = this.store.now();
      if (this.store.cases.get(caseId)?.attention_reason !== 'withdrawal_refused') {
        throw new AppError('conflict', 'This case is not waiting for its withdrawal to be retried');
      }
      this.store.steps.retryNow(caseId, now);
      this.store.cases.setState(caseId, 'cancelled', null, now);
      this.store.events.add({ caseId, at: now, type: 'withdraw_retry_requested', stepKey: WITHDRAW_STEP });
    });
    this.hooks.changed(caseId);
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * Staff chose to go on with an image the quality check said to retake: recorded in the case's
   * history (who decided is the case's operator), so a later refusal can be traced to it. Until
   * then the case sends nothing and waits in the inbox (`retake_required`, step-machine.ts): the
   * relay is woken now.
   */
  recordQualityOverride(caseId: string, role: ImageRole): void {
    this.write('The decision', () => {
      const row = this.store.cases.get(caseId);
      if (!row) throw new AppError('not_found', 'No such case');
      const now = this.store.now();
      this.store.events.add({ caseId, at: now, type: 'quality_override', code: role });
      // A case held in the inbox for this image (`retake_required`) goes back to the queue.
      if (row.state === 'needs_attention' && row.attention_reason === 'retake_required') {
        advanceCase(this.store, this.flows.get(row.flow), caseId, now);
      }
    });
    this.hooks.changed(caseId);
    this.hooks.queued();
  }

  /** `reason`: why staff closed it (a code from the close dialog), kept in the case's history. */
  cancel(caseId: string, reason?: string): CaseSummary {
    // Cancelling again after a refused withdrawal asks for the withdrawal again.
    if (this.store.cases.get(caseId)?.attention_reason === 'withdrawal_refused') {
      return this.retryWithdrawal(caseId);
    }
    this.store.command('The cancellation', () => {
      const now = this.store.now();
      const row = this.store.cases.get(caseId);
      if (!row) throw new AppError('not_found', 'No such case');
      if (row.state === 'completed') throw new AppError('conflict', 'A completed case cannot be cancelled');
      if (row.state === 'cancelled') return;
      const flow = this.flows.get(row.flow);
      if (reason) this.store.events.add({ caseId, at: now, type: 'closed_by_staff', code: reason });
      setCaseState(this.store, caseId, 'cancelled', null, now);
      // What the provider already holds is withdrawn by the relay (FlowDefinition.cancel): only
      // when a remote step succeeded or may have arrived.
      const steps = this.store.steps.forCase(caseId);
      const sent = steps.some(
        (step) => step.kind === 'remote' && (step.state === 'done' || step.state === 'in_flight'),
      );
      if (flow?.cancel && sent && !steps.some((step) => step.key === WITHDRAW_STEP)) {
        this.store.steps.append(
          caseId,
          { key: WITHDRAW_STEP, kind: 'remote', idempotent: true, state: 'pending' },
          now,
        );
        this.store.events.add({ caseId, at: now, type: 'withdrawal_queued', stepKey: WITHDRAW_STEP });
      }
    });
    this.secrets.forget(caseId);
    this.hooks.changed(caseId);
    // Also without a withdrawal: a cancelled case frees the serial claims it held, and the relay
    // wakes the cases waiting for them at once (relay/serialise.ts).
    this.hooks.queued();
    return this.summary(caseId);
  }

  /**
   * Retention: personal data of cases completed more than `olderThanMs` ago (0: all of them, on a
   * supervisor's request) is removed, then the WAL is truncated. Other cases are never touched.
   */
  purgeCompleted(olderThanMs: number): number {
    const now = this.store.now();
    const cutoff = now - olderThanMs;
    const ids = this.store.cases.completedBefore(cutoff);
    const purged = this.store.purgeCompleted(cutoff);
    for (const id of ids) this.hooks.changed(id);
    return purged;
  }
}
