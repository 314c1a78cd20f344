/**
 * The outbox relay: sends each case's remote steps to its provider, in order, one answer persisted
 * before the next call. Driven entirely by the FlowDefinitions the connectors declare
 * (flow-types.ts); it never interprets HTTP itself. This file is the run loop; the parts are in
 * ./relay/: leases, running one step (run-step.ts), the outcome as a pure decision (decide.ts)
 * written in one transaction (commit.ts), the session cache, reconciliation, rate limits.
 *
 * - Work is claimed with a lease persisted on the step row. The kiosk holds the data folder's lock
 *   (store.ts), so at start every other lease belongs to a dead process and is taken back.
 * - Steps of one case run strictly in order; up to `concurrency` cases run at once; each provider's
 *   published limits are kept (relay/rate-limits.ts).
 * - Every time decision uses the store's clock (injected in tests); real timers only wait.
 * - Writes go through a group commit (group-commit.ts): what several workers ask for in the same
 *   turn is one transaction and one fsync, and each worker goes on only once its write is committed.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import type { KioskStore } from '../store/store';
import type { Connectivity } from './connectivity';
import { WITHDRAW_STEP, type FlowRegistry } from './flow-types';
import { GroupCommit } from './group-commit';
import { expireCase } from './relay/commit';
import type { RelayContext } from './relay/context';
import { Leases } from './relay/leases';
import { DEFAULT_RELAY_OPTIONS, type RelayOptions } from './relay/options';
import { RateLimiter } from './relay/rate-limits';
import { runStep } from './relay/run-step';
import { adoptClaims, SerialWaits } from './relay/serialise';
import { SessionCache } from './relay/session-cache';
import type { SecretVault } from './secret-vault';

export { DEFAULT_RELAY_OPTIONS, type RelayOptions };

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

export class Relay {
  readonly owner = `relay-${randomUUID()}`;
  private readonly options: RelayOptions;
  private readonly context: RelayContext;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private running = false;
  private paused = false;
  private draining = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private notBefore = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly stopController = new AbortController();
  private readonly unsubscribe: () => void;
  private readonly commits: GroupCommit;

  constructor(
    private readonly deps: RelayDeps,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
    const leaseMs = this.options.leaseMs ?? this.options.stepTimeoutMs + 30_000;
    if (leaseMs <= this.options.stepTimeoutMs) {
      throw new Error('The lease must outlast a call (leaseMs > stepTimeoutMs)');
    }
    this.commits = new GroupCommit(deps.store);
    this.context = {
      store: deps.store,
      flows: deps.flows,
      secrets: deps.secrets,
      connectivity: deps.connectivity,
      log: deps.log,
      options: this.options,
      leases: new Leases(deps.store, this.owner, leaseMs),
      sessions: new SessionCache(deps.store, this.options.sessionRefreshMarginMs),
      serialWaits: new SerialWaits(deps.store),
      limiter: new RateLimiter(this.options.rateLimits),
      random: deps.random ?? Math.random,
      stop: this.stopController.signal,
      write: (fn, durability) => this.commits.run(fn, durability),
      mayContinue: () => this.running && !this.paused && !this.draining,
      changed: (caseId) => deps.changed(caseId),
    };
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
  get commitStats(): Readonly<{ commits: number; writes: number; fullCommits: number }> {
    return this.commits.stats;
  }

  /**
   * Starts the loop after a random delay (thundering herd: every kiosk of a branch restarts at
   * once). When the store holds the data folder's lock, the leases of dead processes are taken back
   * first, so their cases go on at once instead of after the lease time.
   */
  start(): void {
    if (this.running) return;
    const { store, log } = this.deps;
    if (store.soleWriter) {
      try {
        const taken = store.tx(() => this.context.leases.takeBackStale(this.now));
        if (taken > 0) log.info('relay.leases_taken_back', { steps: taken });
      } catch (error) {
        log.error('relay.take_back_failed', { error });
      }
    }
    try {
      // Cases past a serialised step from before migration 8 hold their subject (serialise.ts).
      const adopted = store.tx(() => adoptClaims(store, this.deps.flows, this.now));
      if (adopted.taken > 0 || adopted.conflicts > 0) log.info('relay.serial_claims_adopted', adopted);
    } catch (error) {
      log.error('relay.adopt_claims_failed', { error });
    }
    this.running = true;
    this.notBefore = this.now + Math.floor(this.context.random() * this.options.startJitterMs);
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
        this.now + Math.floor(this.context.random() * this.options.startJitterMs),
      );
    }
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Resolves once the loop has looked for work after this call and no worker is running: with the
   * injected clock, a test advances time, calls this, and then sees everything that was due done
   * (and nothing that was not).
   */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.kick();
    });
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
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.deps.log.info('relay.drained', { aborted: timedOut ? workers.length : 0 });
  }

  // ---------------------------------------------------------------------------------- the loop

  private async loop(): Promise<void> {
    while (this.running) {
      const now = this.now;
      let waitMs = this.options.idlePollMs;
      if (now < this.notBefore) {
        waitMs = this.notBefore - now;
      } else if (!this.paused) {
        try {
          this.expireOverdue();
          this.wakeSerialWaits();
          // A capture whose unmarking commit failed (a full disk) is runnable once it is retried.
          this.deps.store.retryUnmarking();
          this.fill();
          waitMs = this.untilNextWork();
        } catch (error) {
          // A failing disk must not spin: log, and look again later.
          this.deps.log.error('relay.loop_failed', { error });
        }
      }
      if (this.active.size === 0 && !this.kicked) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
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
    const next = this.deps.store.steps.nextWake(offline, WITHDRAW_STEP);
    if (next === undefined) return this.options.idlePollMs;
    return Math.min(this.options.idlePollMs, Math.max(next - this.now, 5));
  }

  private expireOverdue(): void {
    const { store } = this.deps;
    const now = this.now;
    for (const caseId of store.cases.overdue(now)) {
      if (this.active.has(caseId)) continue; // its worker notices before the next call
      // Relaxed: an expiry lost to a power cut is decided again from the clock at the next start.
      store.tx(() => expireCase(store, caseId, now), 'relaxed');
      this.context.sessions.forget(caseId);
      this.deps.secrets.forget(caseId);
      this.deps.log.warn('relay.case_expired', { caseId });
      this.deps.changed(caseId);
    }
  }

  /**
   * Cases waiting for a subject whose claim has freed since (serialise.ts) are due now: the fill
   * below takes them at once instead of after their wait. Writes only when one is freed.
   */
  private wakeSerialWaits(): void {
    const waits = this.context.serialWaits;
    if (waits.size === 0 || !waits.anyFreed()) return;
    const { store } = this.deps;
    // Relaxed: a wake lost to a power cut leaves the periodic re-check, which finds the claim free.
    store.tx(() => waits.wakeFreed(this.now), 'relaxed');
  }

  private fill(): void {
    const free = this.options.concurrency - this.active.size;
    if (free <= 0 || this.draining) return;
    const offline = this.deps.connectivity.offlineProviders();
    const ready = this.deps.store.steps.ready(this.now, free, offline, WITHDRAW_STEP);
    for (const { caseId, seq } of ready) {
      if (this.active.size >= this.options.concurrency) break;
      if (this.active.has(caseId)) continue;
      this.launch(caseId, seq);
    }
  }

  private launch(caseId: string, seq: number): void {
    const controller = new AbortController();
    const done = this.work(caseId, seq, controller.signal).finally(() => {
      this.active.delete(caseId);
      this.kick();
    });
    this.active.set(caseId, { controller, done });
  }

  /** Takes the lease on the case's ready step (committed before any call), then works the case. */
  private async work(caseId: string, seq: number, signal: AbortSignal): Promise<void> {
    const { store, log } = this.deps;
    const rc = this.context;
    let leased: boolean;
    try {
      // Relaxed: a lease lost to a power cut only means the step is claimed again after restart.
      leased = await rc.write(() => {
        // A case waiting for a subject that is still held: its next try moves, nothing else.
        if (rc.serialWaits.stillHeld(caseId, seq, this.now, this.options.serialWaitMs)) return false;
        const state = store.cases.get(caseId)?.state;
        return rc.leases.take(caseId, seq, this.now, state === 'queued' || state === 'syncing');
      }, 'relaxed');
    } catch (error) {
      log.error('relay.lease_failed', { caseId, error });
      return;
    }
    if (!leased) return;
    let reauthenticated = false;
    try {
      for (;;) {
        const next = await runStep(rc, caseId, signal, reauthenticated);
        if (next === 'stop') return;
        // A second 'reauthenticate' in a row becomes a retry with back-off (decide.ts).
        reauthenticated = next === 'reauthenticate';
      }
    } catch (error) {
      log.error('relay.worker_failed', { caseId, error });
    } finally {
      rc.sessions.released(caseId);
      await this.putBack(caseId);
    }
  }

  /** Releases our lease on whatever step of the case we hold; an idle case goes back to 'queued'. */
  private async putBack(caseId: string): Promise<void> {
    try {
      // Nothing held (the last outcome's commit released the step and set the case's state): no
      // write. A read outside a transaction is enough: every write of this worker has committed
      // (it awaited each) and no one else writes this relay's leases.
      if (!this.context.leases.holdsAny(caseId)) {
        this.deps.changed(caseId);
        return;
      }
      // Relaxed: a release lost to a power cut is a stale lease, taken back at the next start.
      await this.context.write(() => this.context.leases.releaseCase(caseId, this.now), 'relaxed');
      this.deps.changed(caseId);
    } catch (error) {
      // The lease expires on its own; nothing is lost.
      this.deps.log.error('relay.put_back_failed', { caseId, error });
    }
  }
}
