/**
 * Leases: a worker claims a step by writing its owner id and an expiry (ms since the epoch) on the
 * step row, committed before any call. A crashed process's lease runs out on its own; a process
 * that holds the data-folder lock (store.ts) knows every other owner is dead and takes their
 * leases back at start instead of waiting.
 */
import type { KioskStore } from '../../store/store';
import type { StepRow } from '../../store/steps-repo';
import { setCaseState } from '../step-machine';

export class Leases {
  constructor(
    private readonly store: KioskStore,
    readonly owner: string,
    /** How long (ms) a lease lasts; outlasts a call. */
    readonly leaseMs: number,
  ) {}

  /** Takes or renews the lease on a step (inside a write); an open case becomes 'syncing'. */
  take(caseId: string, seq: number, now: number, openCase: boolean): boolean {
    if (!this.store.steps.lease(caseId, seq, this.owner, now + this.leaseMs, now)) return false;
    if (openCase) setCaseState(this.store, caseId, 'syncing', null, now);
    return true;
  }

  /** True when we hold the step's lease for at least `marginMs` more. */
  holds(step: StepRow, now: number, marginMs: number): boolean {
    return step.lease_owner === this.owner && (step.lease_until ?? 0) > now + marginMs;
  }

  /**
   * Whether releaseCase would change anything: a lease of ours on one of the case's steps, or the
   * case still 'syncing'. A read: a step's outcome usually released its lease already (steps-repo
   * finish), and a worker that stops then needs no write of its own.
   */
  holdsAny(caseId: string): boolean {
    if (this.store.cases.get(caseId)?.state === 'syncing') return true;
    return this.store.steps.forCase(caseId).some((step) => step.lease_owner === this.owner);
  }

  /** Lets go of the case (inside a write): our leases released, an idle case back to 'queued'. */
  releaseCase(caseId: string, now: number): void {
    for (const step of this.store.steps.forCase(caseId)) {
      if (step.lease_owner === this.owner) this.store.steps.release(caseId, step.seq, this.owner);
    }
    if (this.store.cases.get(caseId)?.state === 'syncing')
      setCaseState(this.store, caseId, 'queued', null, now);
  }

  /**
   * At start, by the data folder's only writer: releases the leases of dead processes and puts
   * their 'syncing' cases back to 'queued'. Returns how many leases were taken back.
   */
  takeBackStale(now: number): number {
    const released = this.store.steps.takeBackLeases(this.owner);
    for (const id of this.store.cases.idsInState('syncing'))
      setCaseState(this.store, id, 'queued', null, now);
    return released;
  }
}
