/**
 * The outbox relay: sends each case's remote steps to its provider, in order, one answer persisted
 * before the next call. Driven entirely by the FlowDefinitions the connectors declare
 * (flow-types.ts); it never interprets HTTP itself.
 *
 * - Work is claimed with a lease persisted on the step row: a crashed process's lease simply expires.
 * - Steps of one case run strictly in order (only a case's first unfinished step is ever claimable);
 *   up to `concurrency` cases run at once; each provider has a token bucket.
 * - Failures: retryable → exponential back-off with full jitter, never sooner than Retry-After;
 *   reauthenticate → drop the session, authenticate once, repeat; anything needing a person pauses
 *   the case (step 'waiting', case 'needs_attention' with a reason).
 * - Writes go through a group commit (group-commit.ts): what several workers ask for in the same
 *   turn is one transaction and one fsync, and each worker goes on only once its write is committed.
 * - A non-idempotent step is marked 'in_flight' in a committed transaction before its call; finding
 *   it in flight later (crash, abort, ambiguous failure) means reconcile() first, or an operator
 *   decision ('uncertain_after_crash') when the step has no status query. Never a blind repeat.
 */
import { randomUUID } from 'node:crypto';
import type { AttentionReason, ProviderId } from '../../shared/domain/flows';
import type { Logger } from '../logging/logger';
import type { CaseRow } from '../store/cases-repo';
import type { StepRow } from '../store/steps-repo';
import type { KioskStore } from '../store/store';
import { type BackoffOptions, backoffDelay } from './backoff';
import type { Connectivity } from './connectivity';
import {
  WITHDRAW_STEP,
  type FlowDefinition,
  type FlowRegistry,
  type JsonValue,
  type ProviderSession,
  type StepContext,
  type StepDefinition,
  type StepOutcome,
} from './flow-types';
import { GroupCommit } from './group-commit';
import type { SecretVault } from './secret-vault';
import { advanceCase, setCaseState } from './step-machine';
import { type RateLimit, TokenBucket } from './token-bucket';

export interface RelayOptions {
  /** Cases worked on at the same time. */
  concurrency: number;
  /** Longest a single provider call (authenticate, run, reconcile) may take. */
  stepTimeoutMs: number;
  /** Lease on a claimed step; must outlast a call. Defaults to stepTimeoutMs + 30 s. */
  leaseMs?: number;
  backoff: BackoffOptions;
  rateLimits: Partial<Record<ProviderId, RateLimit>>;
  /** Sessions are renewed this long before they expire. */
  sessionRefreshMarginMs: number;
  /** A random wait up to this long before the first claim and after coming back online. */
  startJitterMs: number;
  /** Look for work at least this often even without a wake-up (deadlines, foreign leases). */
  idlePollMs: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  concurrency: 4,
  stepTimeoutMs: 60_000,
  backoff: { baseMs: 2_000, capMs: 15 * 60_000 },
  rateLimits: {},
  sessionRefreshMarginMs: 60_000,
  startJitterMs: 10_000,
  idlePollMs: 30_000,
};

export interface RelayDeps {
  store: KioskStore;
  flows: FlowRegistry;
  secrets: SecretVault;
  connectivity: Connectivity;
  log: Logger;
  /** A case changed (for the queue events). */
  changed(caseId: string): void;
  random?: () => number;
}

type Attempt = { outcome: StepOutcome; abortedByRelay: boolean };
type Next = 'continue' | 'stop' | 'reauthenticate';

const OPEN_CASE = new Set(['queued', 'syncing']);

/** What a thrown error or an abort becomes: connectors must not throw, but a bug must not stall. */
function thrownOutcome(error: unknown, signal: AbortSignal, timeout: AbortSignal): StepOutcome {
  if (timeout.aborted) return { kind: 'retryable', code: 'timeout', message: 'The call took too long' };
  if (signal.aborted) return { kind: 'retryable', code: 'aborted', message: 'Stopped on quit' };
  return {
    kind: 'retryable',
    code: 'exception',
    message: error instanceof Error ? error.message : String(error),
  };
}

export class Relay {
  readonly owner = `relay-${randomUUID()}`;
  private readonly options: RelayOptions;
  private readonly leaseMs: number;
  private readonly random: () => number;
  private readonly buckets = new Map<ProviderId, TokenBucket>();
  private readonly sessions = new Map<string, ProviderSession>();
  /**
   * Sessions obtained by the worker now running the case: used until the provider refuses them
   * (401), whatever their expiry says. A token that looks expired on arrival (the kiosk's clock
   * ahead of the provider's, a lifetime shorter than the refresh margin) must not be renewed
   * before every step: with restartOnNewSession that replays the flow forever, a token storm.
   */
  private readonly fresh = new Map<string, ProviderSession>();
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private running = false;
  private paused = false;
  private draining = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private notBefore = 0;
  private readonly stopController = new AbortController();
  private readonly unsubscribe: () => void;
  private readonly commits: GroupCommit;

  constructor(
    private readonly deps: RelayDeps,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
    this.leaseMs = this.options.leaseMs ?? this.options.stepTimeoutMs + 30_000;
    if (this.leaseMs <= this.options.stepTimeoutMs) {
      throw new Error('The lease must outlast a call (leaseMs > stepTimeoutMs)');
    }
    this.random = deps.random ?? Math.random;
    this.commits = new GroupCommit(deps.store);
    this.unsubscribe = deps.connectivity.onChange((wentOnline) => {
      if (wentOnline) this.kick(true);
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get activeCases(): number {
    return this.active.size;
  }

  private get now(): number {
    return this.deps.store.now();
  }

  /** Transactions committed by the relay and the writes they carried (benchmark profile). */
  get commitStats(): Readonly<{ commits: number; writes: number }> {
    return this.commits.stats;
  }

  /** One durable write: resolves once it is committed, possibly together with other workers' writes. */
  private write<T>(fn: () => T): Promise<T> {
    return this.commits.run(fn);
  }

  /** Starts the loop after a random delay (thundering herd: every kiosk of a branch restarts at once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.notBefore = Date.now() + Math.floor(this.random() * this.options.startJitterMs);
    this.loopDone = this.loop();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Wakes the loop: new work, a finished worker, a network change (then with jitter). */
  kick(withJitter = false): void {
    if (withJitter) {
      this.notBefore = Math.max(
        this.notBefore,
        Date.now() + Math.floor(this.random() * this.options.startJitterMs),
      );
    }
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Quit: claims nothing more, lets calls in progress finish for up to `graceMs`, then aborts them
   * (their state is persisted as they unwind) and waits for every worker to let go.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    this.running = false;
    this.kick();
    const workers = [...this.active.values()];
    const all = Promise.all(workers.map((worker) => worker.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.stopController.abort(new Error('drain'));
      for (const worker of this.active.values()) worker.controller.abort(new Error('drain'));
      await Promise.all([...this.active.values()].map((worker) => worker.done));
    }
    await this.loopDone;
    this.unsubscribe();
    this.deps.log.info('relay.drained', { aborted: timedOut ? workers.length : 0 });
  }

  // ---------------------------------------------------------------------------------- the loop

  private async loop(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      let waitMs = this.options.idlePollMs;
      if (now < this.notBefore) {
        waitMs = this.notBefore - now;
      } else if (!this.paused) {
        try {
          this.expireOverdue();
          this.fill();
          waitMs = this.untilNextWork();
        } catch (error) {
          // A failing disk must not spin: log, and look again later.
          this.deps.log.error('relay.loop_failed', { error });
        }
      }
      await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        this.kicked = false;
        done();
      };
    });
  }

  private untilNextWork(): number {
    if (this.active.size >= this.options.concurrency) return this.options.idlePollMs;
    const offline = this.deps.connectivity.offlineProviders();
    const wakes = [
      this.deps.store.steps.nextWake(offline),
      this.deps.store.steps.nextWithdrawal(WITHDRAW_STEP, offline),
    ].filter((at): at is number => at !== undefined);
    const next = wakes.length > 0 ? Math.min(...wakes) : undefined;
    if (next === undefined) return this.options.idlePollMs;
    return Math.min(this.options.idlePollMs, Math.max(next - this.now, 5));
  }

  private expireOverdue(): void {
    const { store } = this.deps;
    const now = this.now;
    for (const caseId of store.cases.overdue(now)) {
      if (this.active.has(caseId)) continue; // its worker notices before the next call
      this.expire(caseId, now);
    }
  }

  private expire(caseId: string, now: number): void {
    const { store } = this.deps;
    store.tx(() => {
      setCaseState(store, caseId, 'expired', 'deadline_passed', now);
      store.sessions.drop(caseId);
    });
    this.forget(caseId);
    this.deps.log.warn('relay.case_expired', { caseId });
    this.deps.changed(caseId);
  }

  private fill(): void {
    const free = this.options.concurrency - this.active.size;
    if (free <= 0 || this.draining) return;
    const { store } = this.deps;
    const now = this.now;
    const ready = store.steps.ready(now, free, this.deps.connectivity.offlineProviders());
    for (const { caseId, seq } of ready) {
      if (this.active.size >= this.options.concurrency) break;
      if (this.active.has(caseId)) continue;
      this.launch(caseId, (signal) => this.claim(caseId, seq, signal));
    }
    // Cancelled cases whose flow withdraws what it sent (FlowDefinition.cancel).
    const withdrawals = store.steps.withdrawals(
      WITHDRAW_STEP,
      now,
      Math.max(0, this.options.concurrency - this.active.size),
      this.deps.connectivity.offlineProviders(),
    );
    for (const { caseId, seq } of withdrawals) {
      if (this.active.size >= this.options.concurrency) break;
      if (this.active.has(caseId)) continue;
      if (!store.steps.lease(caseId, seq, this.owner, now + this.leaseMs, now)) continue;
      this.launch(caseId, (signal) => this.withdraw(caseId, seq, signal));
    }
  }

  private launch(caseId: string, run: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const done = run(controller.signal).finally(() => {
      this.active.delete(caseId);
      this.kick();
    });
    this.active.set(caseId, { controller, done });
  }

  private mayContinue(): boolean {
    return this.running && !this.paused && !this.draining;
  }

  // -------------------------------------------------------------------------------- one case

  /** Takes the lease on the case's ready step (committed before any call), then works the case. */
  private async claim(caseId: string, seq: number, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    let leased: boolean;
    try {
      leased = await this.write(() => {
        const now = this.now;
        if (!store.steps.lease(caseId, seq, this.owner, now + this.leaseMs, now)) return false;
        setCaseState(store, caseId, 'syncing', null, now);
        return true;
      });
    } catch (error) {
      this.deps.log.error('relay.lease_failed', { caseId, error });
      return;
    }
    if (leased) await this.work(caseId, signal);
  }

  private async work(caseId: string, signal: AbortSignal): Promise<void> {
    let reauthenticated = false;
    try {
      for (;;) {
        const next = await this.step(caseId, signal, reauthenticated);
        if (next === 'stop') return;
        // step() turns a second 'reauthenticate' in a row into a retry with back-off.
        reauthenticated = next === 'reauthenticate';
      }
    } catch (error) {
      this.deps.log.error('relay.worker_failed', { caseId, error });
    } finally {
      this.fresh.delete(caseId);
      await this.park(caseId);
    }
  }

  /**
   * Staff cancelled a case after something was sent: `cancel()` withdraws it (Jumio: delete every
   * credential's parts). Retried with back-off like any step. A refusal means what was sent may
   * remain at the provider: the case then leaves "cancelled" for the needs-attention inbox
   * (`withdrawal_refused`), where staff retry the withdrawal or call IT.
   */
  private async withdraw(caseId: string, seq: number, signal: AbortSignal): Promise<void> {
    const { store, flows } = this.deps;
    try {
      const row = store.cases.get(caseId);
      const step = store.steps.forCase(caseId).find((candidate) => candidate.seq === seq);
      if (!row || row.state !== 'cancelled' || !step || step.state !== 'pending') return;
      const flow = flows.get(row.flow);
      const finish = async (
        state: 'done' | 'pending' | 'waiting',
        type: string,
        error?: { code: string; message: string },
        nextAttemptAt?: number,
      ): Promise<void> => {
        await this.write(() => {
          const now = this.now;
          store.steps.finish(
            caseId,
            step.key,
            step.seq,
            { state, error, countAttempt: true, ...(nextAttemptAt ? { nextAttemptAt } : {}) },
            now,
          );
          store.events.add({
            caseId,
            at: now,
            type,
            stepKey: step.key,
            code: error?.code,
            message: error?.message,
          });
        });
        this.deps.changed(caseId);
      };
      if (!flow?.cancel) {
        await finish('done', 'withdrawn');
        return;
      }
      if (!this.mayContinue() || !this.deps.connectivity.isReachable(flow.provider)) return;
      const context = this.context(row, signal);
      // The session the case already has, if still valid; a cancel needs no new request.
      const cached = this.sessions.get(caseId) ?? store.sessions.get(caseId);
      if (cached && Date.parse(cached.expiresAt) > this.now) context.session = cached;
      try {
        await this.bucket(flow.provider).take(signal);
      } catch {
        return;
      }
      const cancel = flow.cancel.bind(flow);
      const attempt = await this.call(signal, (callSignal) =>
        cancel({ ...context, attempt: step.attempts + 1, signal: callSignal }),
      );
      const { outcome } = attempt;
      if (outcome.kind === 'success') {
        await finish('done', 'withdrawn');
        this.deps.connectivity.reportSuccess(flow.provider);
      } else if (outcome.kind === 'retryable' || outcome.kind === 'reauthenticate') {
        const delay = backoffDelay(
          step.attempts + 1,
          this.options.backoff,
          outcome.kind === 'retryable' ? outcome.retryAfterMs : undefined,
          this.random,
        );
        await finish('pending', 'withdraw_retry', outcome, this.now + delay);
        if (!attempt.abortedByRelay) this.deps.connectivity.reportFailure(flow.provider);
      } else {
        const error =
          outcome.kind === 'needs_review'
            ? {
                code: 'unexpected_review',
                message: 'The provider answered the withdrawal with data to review',
              }
            : { code: outcome.code, message: outcome.message };
        await finish('waiting', 'withdraw_failed', error);
        await this.write(() => {
          // Not through setCaseState: a cancelled case is final for every other path.
          store.cases.setState(caseId, 'needs_attention', 'withdrawal_refused', this.now);
          store.events.add({
            caseId,
            at: this.now,
            type: 'state:needs_attention',
            code: 'withdrawal_refused',
          });
        });
        this.deps.changed(caseId);
        this.deps.log.warn('relay.withdraw_failed', { caseId, code: error.code });
      }
    } catch (error) {
      this.deps.log.error('relay.withdraw_worker_failed', { caseId, error });
    } finally {
      this.forget(caseId);
      await this.park(caseId);
    }
  }

  /** Releases our lease on whatever step of the case we hold; an idle case goes back to 'queued'. */
  private async park(caseId: string): Promise<void> {
    const { store } = this.deps;
    try {
      await this.write(() => {
        for (const step of store.steps.forCase(caseId)) {
          if (step.lease_owner === this.owner) store.steps.release(caseId, step.seq, this.owner);
        }
        if (store.cases.get(caseId)?.state === 'syncing')
          setCaseState(store, caseId, 'queued', null, this.now);
      });
      this.deps.changed(caseId);
    } catch (error) {
      // The lease expires on its own; nothing is lost.
      this.deps.log.error('relay.park_failed', { caseId, error });
    }
  }

  /** One step of one case: everything from checks to the persisted answer. */
  private async step(caseId: string, signal: AbortSignal, reauthenticated: boolean): Promise<Next> {
    const { store, flows } = this.deps;
    if (!this.mayContinue() || signal.aborted) return 'stop';
    const row = store.cases.get(caseId);
    if (!row || !OPEN_CASE.has(row.state)) return 'stop';
    const step = store.steps.current(caseId);
    if (!step || step.kind !== 'remote' || (step.state !== 'pending' && step.state !== 'in_flight')) {
      await this.write(() => advanceCase(store, flows.get(row.flow), caseId, this.now));
      this.deps.changed(caseId);
      return 'stop';
    }
    const now = this.now;
    if (step.next_attempt_at > now) return 'stop';
    if (row.deadline_at !== null && row.deadline_at < now) {
      this.expire(caseId, now);
      return 'stop';
    }
    const flow = flows.get(row.flow);
    const def = flow?.steps.find((candidate) => candidate.key === step.key);
    if (!flow || !def?.run) {
      await this.needsPerson(row, step, 'configuration_error', {
        code: 'unknown_step',
        message: `No connector for ${row.flow}/${step.key}`,
      });
      return 'stop';
    }
    if (!this.deps.connectivity.isReachable(flow.provider)) return 'stop';
    if (flow.needsSecret && !this.deps.secrets.has(caseId)) {
      await this.needsPerson(row, step, 'secret_required', {
        code: 'secret_required',
        message: 'The customer secret is not in memory',
      });
      return 'stop';
    }
    // Hold the lease for the whole step (it was carried over from the previous step's commit, or
    // taken by fill()); only a lease about to run out costs a commit here.
    const held =
      step.lease_owner === this.owner && (step.lease_until ?? 0) > now + this.options.stepTimeoutMs;
    if (!held || row.state !== 'syncing') {
      const leased = await this.write(() => {
        if (!store.steps.lease(caseId, step.seq, this.owner, now + this.leaseMs, now)) return false;
        setCaseState(store, caseId, 'syncing', null, now);
        return true;
      });
      if (!leased) return 'stop';
      this.deps.changed(caseId);
    }

    const context = this.context(row, signal);
    const session = await this.ensureSession(row, flow, step, context, signal);
    if (session === 'stop') return 'stop';
    if (session === 'restarted') return 'continue';
    context.session = session;

    if (step.state === 'in_flight') {
      const known = await this.reconcile(row, flow, step, def, context, signal);
      if (known !== 'not_done') return known;
    }

    const bucket = this.bucket(flow.provider);
    try {
      await bucket.take(signal);
    } catch {
      return 'stop';
    }
    // A non-idempotent call is recorded as in flight, durably, before it leaves; an idempotent one
    // counts its attempt with its result.
    if (!def.idempotent) await this.write(() => store.steps.startAttempt(caseId, step.seq, true, this.now));
    const run = def.run.bind(def);
    const attempt = await this.call(signal, (callSignal) =>
      run({ ...context, attempt: step.attempts + 1, signal: callSignal }),
    );
    return await this.apply(row, flow, step, def, attempt, reauthenticated, def.idempotent);
  }

  private context(row: CaseRow, signal: AbortSignal): StepContext {
    const { store, secrets } = this.deps;
    return {
      caseId: row.id,
      flow: row.flow,
      attempt: 1,
      language: row.language,
      operator: { id: row.operator_id, name: row.operator_name },
      fields: store.fields.effective(row.id),
      answers: store.steps.answers(row.id),
      image: (role) => Promise.resolve(store.images.read(row.id, role)),
      secret: (name) => secrets.get(row.id, name),
      session: undefined,
      signal,
    };
  }

  private bucket(provider: ProviderId): TokenBucket {
    let bucket = this.buckets.get(provider);
    if (!bucket) {
      const limit = this.options.rateLimits[provider] ?? { ratePerSecond: 1_000_000, burst: 1_000_000 };
      bucket = new TokenBucket(limit);
      this.buckets.set(provider, bucket);
    }
    return bucket;
  }

  /**
   * One provider call with the step timeout and the drain signal. A connector that ignores its
   * signal cannot hold the relay: the race ends the wait when the signal fires.
   */
  private async call<T extends StepOutcome | { kind: 'success'; session: ProviderSession } | string>(
    signal: AbortSignal,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ outcome: T | StepOutcome; abortedByRelay: boolean }> {
    const timeout = AbortSignal.timeout(this.options.stepTimeoutMs);
    const callSignal = AbortSignal.any([signal, timeout, this.stopController.signal]);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(callSignal.reason as Error);
      callSignal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const outcome = await Promise.race([run(callSignal), aborted]);
      return { outcome, abortedByRelay: false };
    } catch (error) {
      return { outcome: thrownOutcome(error, callSignal, timeout), abortedByRelay: callSignal.aborted };
    } finally {
      if (onAbort) callSignal.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }

  // ------------------------------------------------------------------------------- sessions

  /**
   * The case's session, authenticating when there is none or it is about to expire. With
   * restartOnNewSession, a new session after remote progress sets that progress back to pending
   * ('restarted': the caller starts the case over).
   */
  private async ensureSession(
    row: CaseRow,
    flow: FlowDefinition,
    step: StepRow,
    context: StepContext,
    signal: AbortSignal,
  ): Promise<ProviderSession | undefined | 'stop' | 'restarted'> {
    if (!flow.authenticate) return undefined;
    const { store } = this.deps;
    const cached = this.sessions.get(row.id) ?? store.sessions.get(row.id);
    const fresh = cached !== undefined && this.fresh.get(row.id) === cached;
    if (cached && (fresh || Date.parse(cached.expiresAt) - this.options.sessionRefreshMarginMs > this.now)) {
      this.sessions.set(row.id, cached);
      return cached;
    }
    try {
      await this.bucket(flow.provider).take(signal);
    } catch {
      return 'stop';
    }
    const { session: _none, ...withoutSession } = context;
    const authenticate = flow.authenticate.bind(flow);
    const attempt = await this.call(signal, (callSignal) =>
      authenticate({ ...withoutSession, signal: callSignal }),
    );
    const outcome = attempt.outcome;
    if (outcome.kind !== 'success' || !('session' in outcome)) {
      const failure: StepOutcome =
        outcome.kind === 'reauthenticate' || outcome.kind === 'success'
          ? {
              kind: 'retryable',
              code: 'authentication_failed',
              message: 'The provider refused a new session',
            }
          : outcome;
      // Authentication failures count against the step they block, without marking it in flight.
      await this.write(() => store.steps.startAttempt(row.id, step.seq, false, this.now));
      const fresh = store.steps.forCase(row.id).find((candidate) => candidate.seq === step.seq) ?? step;
      await this.apply(
        row,
        flow,
        fresh,
        undefined,
        { outcome: failure, abortedByRelay: attempt.abortedByRelay },
        true,
      );
      return 'stop';
    }
    const session = outcome.session;
    const restarted = await this.write(() => {
      const now = this.now;
      store.sessions.save(row.id, flow.provider, session, now);
      store.cases.nextSessionGeneration(row.id);
      store.events.add({ caseId: row.id, at: now, type: 'authenticated' });
      if (!flow.restartOnNewSession) return false;
      const reset = store.steps.resetRemote(row.id, now);
      if (reset > 0) {
        store.events.add({ caseId: row.id, at: now, type: 'restarted_on_new_session', code: String(reset) });
        advanceCase(store, flow, row.id, now);
      }
      return reset > 0;
    });
    this.sessions.set(row.id, session);
    this.fresh.set(row.id, session);
    this.deps.connectivity.reportSuccess(flow.provider);
    if (restarted) {
      this.deps.changed(row.id);
      return 'restarted';
    }
    return session;
  }

  private dropSession(caseId: string): void {
    this.sessions.delete(caseId);
    this.fresh.delete(caseId);
    this.deps.store.sessions.drop(caseId);
  }

  private forget(caseId: string): void {
    this.sessions.delete(caseId);
    this.fresh.delete(caseId);
    this.deps.secrets.forget(caseId);
  }

  // ------------------------------------------------------------------------- reconciliation

  /**
   * A non-idempotent step found in flight: the last call may or may not have reached the provider.
   * Ask (reconcile) or hand it to a person; never send it again on a guess.
   */
  private async reconcile(
    row: CaseRow,
    flow: FlowDefinition,
    step: StepRow,
    def: StepDefinition,
    context: StepContext,
    signal: AbortSignal,
  ): Promise<'not_done' | 'continue' | 'stop'> {
    const { store } = this.deps;
    if (!def.reconcile) {
      await this.needsPerson(row, step, 'uncertain_after_crash', {
        code: 'uncertain_after_crash',
        message: 'The last call was interrupted and the provider cannot be asked whether it arrived',
      });
      return 'stop';
    }
    try {
      await this.bucket(flow.provider).take(signal);
    } catch {
      return 'stop';
    }
    const reconcile = def.reconcile.bind(def);
    const attempt = await this.call(signal, (callSignal) =>
      reconcile({ ...context, attempt: step.attempts, signal: callSignal }),
    );
    const answer = attempt.outcome;
    if (answer === 'done') {
      await this.write(() => {
        const now = this.now;
        store.steps.finish(row.id, step.key, step.seq, { state: 'done' }, now);
        store.events.add({ caseId: row.id, at: now, type: 'reconciled_done', stepKey: step.key });
        store.cases.markFirstRemoteSuccess(row.id, now, flow.deadlineMs);
        advanceCase(store, flow, row.id, now);
      });
      this.deps.changed(row.id);
      return 'continue';
    }
    if (answer === 'not_done') {
      await this.write(() =>
        store.events.add({ caseId: row.id, at: this.now, type: 'reconciled_not_done', stepKey: step.key }),
      );
      return 'not_done';
    }
    if (answer === 'unknown') {
      await this.needsPerson(row, step, 'uncertain_after_crash', {
        code: 'reconcile_unknown',
        message: 'The provider could not say whether the interrupted call arrived',
      });
      return 'stop';
    }
    // The status query itself failed: try again later, still in flight.
    const failure = typeof answer === 'string' ? undefined : answer;
    await this.retryLater(
      row,
      flow,
      step,
      failure?.kind === 'retryable' ? failure : undefined,
      'in_flight',
      step.attempts + 1,
    );
    return 'stop';
  }

  // ------------------------------------------------------------------------------- outcomes

  /** Persists what an attempt produced and says what the worker does next. */
  private async apply(
    row: CaseRow,
    flow: FlowDefinition,
    step: StepRow,
    def: StepDefinition | undefined,
    attempt: Attempt,
    reauthenticated: boolean,
    countAttempt = false,
  ): Promise<Next> {
    const { store } = this.deps;
    const { outcome } = attempt;
    const attempts = step.attempts + 1;
    switch (outcome.kind) {
      case 'success': {
        const state = await this.write(() => {
          const now = this.now;
          store.steps.finish(
            row.id,
            step.key,
            step.seq,
            { state: 'done', answer: outcome.answer, countAttempt },
            now,
          );
          store.events.add({ caseId: row.id, at: now, type: 'step_done', stepKey: step.key });
          store.cases.markFirstRemoteSuccess(row.id, now, flow.deadlineMs);
          const advanced = advanceCase(store, flow, row.id, now);
          if (advanced === 'completed') {
            store.sessions.drop(row.id);
            return advanced;
          }
          // Carry the lease to the next step in the same commit: this worker goes on with it.
          const next = store.steps.current(row.id);
          if (next?.kind === 'remote' && this.mayContinue()) {
            store.steps.lease(row.id, next.seq, this.owner, now + this.leaseMs, now);
          }
          return advanced;
        });
        this.deps.connectivity.reportSuccess(flow.provider);
        if (state === 'completed') this.forget(row.id);
        this.deps.changed(row.id);
        return 'continue';
      }
      case 'retryable': {
        // In doubt whether a non-idempotent call arrived (the relay cut it off, or a status query
        // exists to find out cheaply): keep it in flight so the next attempt asks first.
        const uncertain =
          def !== undefined &&
          !def.idempotent &&
          (attempt.abortedByRelay || def.reconcile !== undefined || outcome.maybeDelivered === true);
        await this.retryLater(
          row,
          flow,
          step,
          outcome,
          uncertain ? 'in_flight' : 'pending',
          attempts,
          countAttempt,
        );
        if (!attempt.abortedByRelay) this.deps.connectivity.reportFailure(flow.provider);
        return 'stop';
      }
      case 'reauthenticate': {
        this.dropSession(row.id);
        if (reauthenticated) {
          // Authenticated once already and still refused: back off instead of looping.
          await this.retryLater(
            row,
            flow,
            step,
            { kind: 'retryable', code: outcome.code, message: outcome.message },
            'pending',
            attempts,
            countAttempt,
          );
          return 'stop';
        }
        await this.write(() => {
          const now = this.now;
          store.steps.finish(
            row.id,
            step.key,
            step.seq,
            { state: 'pending', error: outcome, countAttempt },
            now,
          );
          store.events.add({
            caseId: row.id,
            at: now,
            type: 'reauthenticate',
            stepKey: step.key,
            code: outcome.code,
          });
        });
        return 'reauthenticate';
      }
      case 'needs_recapture':
        // The role goes with the answer so the screen knows which side to capture again.
        await this.needsPerson(
          row,
          step,
          'recapture_required',
          outcome,
          { recaptureRole: outcome.role, providerAnswer: outcome.answer ?? null },
          countAttempt,
        );
        return 'stop';
      case 'needs_review':
        await this.needsPerson(
          row,
          step,
          'review_required',
          { code: 'review_required', message: '' },
          outcome.answer,
          countAttempt,
        );
        return 'stop';
      case 'needs_operator':
        await this.needsPerson(row, step, outcome.reason, outcome, outcome.answer, countAttempt);
        return 'stop';
      case 'fatal':
        await this.needsPerson(row, step, 'configuration_error', outcome, undefined, countAttempt);
        return 'stop';
    }
  }

  private async retryLater(
    row: CaseRow,
    _flow: FlowDefinition,
    step: StepRow,
    outcome: Extract<StepOutcome, { kind: 'retryable' }> | undefined,
    state: 'pending' | 'in_flight',
    failures: number,
    countAttempt = false,
  ): Promise<void> {
    const { store } = this.deps;
    const delay = backoffDelay(failures, this.options.backoff, outcome?.retryAfterMs, this.random);
    await this.write(() => {
      const now = this.now;
      store.steps.finish(
        row.id,
        step.key,
        step.seq,
        {
          state,
          nextAttemptAt: now + delay,
          error: { code: outcome?.code ?? 'retry', message: outcome?.message ?? '' },
          countAttempt,
        },
        now,
      );
      store.events.add({
        caseId: row.id,
        at: now,
        type: 'retry_scheduled',
        stepKey: step.key,
        code: outcome?.code,
      });
      setCaseState(store, row.id, 'queued', null, now);
    });
    this.deps.log.info('relay.retry', {
      caseId: row.id,
      step: step.key,
      code: outcome?.code,
      delayMs: delay,
    });
    this.deps.changed(row.id);
  }

  /** The step waits for a person; the case goes to the "needs attention" inbox with a reason. */
  private async needsPerson(
    row: CaseRow,
    step: StepRow,
    reason: AttentionReason,
    error: { code: string; message: string },
    answer?: JsonValue,
    countAttempt = false,
  ): Promise<void> {
    const { store } = this.deps;
    await this.write(() => {
      const now = this.now;
      // An uncertain step stays in flight until a person decides; anything else waits.
      const state = reason === 'uncertain_after_crash' ? 'in_flight' : 'waiting';
      store.steps.finish(row.id, step.key, step.seq, { state, answer, error, countAttempt }, now);
      store.events.add({
        caseId: row.id,
        at: now,
        type: 'needs_attention',
        stepKey: step.key,
        code: error.code,
        message: error.message,
      });
      setCaseState(store, row.id, 'needs_attention', reason, now);
    });
    this.deps.log.warn('relay.needs_attention', { caseId: row.id, step: step.key, reason, code: error.code });
    this.deps.changed(row.id);
  }
}
