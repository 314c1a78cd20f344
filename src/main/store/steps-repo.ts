/**
 * The steps of each case, in order: this table is the outbox. Remote steps carry the relay's
 * bookkeeping (attempts, next attempt time, lease, last error) and the provider's answer, sealed.
 */
import type Database from 'better-sqlite3';
import type { ProviderId, StepKind, StepState } from '../../shared/domain/flows';
import type { JsonValue } from './records';
import { cleanMessage } from './events-repo';
import { HELD_FOR_RETAKE } from './images-repo';
import { recordAad, type RecordCipher } from './record-cipher';
import type { SearchRepo } from './search-repo';

export interface StepRow {
  case_id: string;
  seq: number;
  key: string;
  kind: StepKind;
  idempotent: number;
  state: StepState;
  /** Every call made for the step (run, status query, failed authentication). */
  attempts: number;
  /** Failed attempts in a row, reset by any answer: drives the back-off and the retry ceiling. */
  failures: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

export interface NewStep {
  key: string;
  kind: StepKind;
  idempotent: boolean;
  state: StepState;
}

export interface StepFinish {
  state: StepState;
  answer?: JsonValue | undefined;
  error?: { code: string; message: string } | undefined;
  nextAttemptAt?: number | undefined;
  /** Count an attempt here (idempotent steps count theirs with the result, saving a commit). */
  countAttempt?: boolean | undefined;
  /** 'add': one more failure in a row; 'reset': the provider answered. Absent: unchanged. */
  failures?: 'add' | 'reset' | undefined;
}

/**
 * The next attempt of a step the relay will not take: an unfinished step of a cancelled or expired
 * case, or of a case waiting for a person until it is sent again (`park`, `unpark`). The largest time a JavaScript Date holds (ECMA-262 §21.4.1.1: 8.64e15 ms), so a reader
 * that turns it into a date still gets a valid one. Parked steps sort after every live one in
 * steps_runnable (migration 10), where the ready query stops before reaching them.
 */
export const PARKED_AT = 8_640_000_000_000_000;

/**
 * When (ms since the epoch) a remote step that has been tried runs again, for the queue screens;
 * null for a step not tried yet, waiting for staff, finished, or parked (it never runs again).
 */
export function retryAt(step: StepRow): number | null {
  const scheduled =
    step.kind === 'remote' &&
    (step.state === 'pending' || step.state === 'in_flight') &&
    step.attempts > 0 &&
    step.next_attempt_at > 0 &&
    step.next_attempt_at < PARKED_AT;
  return scheduled ? step.next_attempt_at : null;
}

const COLUMNS = `case_id, seq, key, kind, idempotent, state, attempts, failures, next_attempt_at, lease_owner, lease_until,
  last_error_code, last_error_message, started_at, finished_at, updated_at`;

/** The first unfinished step of each case is the only one that may run: steps of a case go in order. */
const IS_CURRENT = `NOT EXISTS (SELECT 1 FROM steps p WHERE p.case_id = s.case_id AND p.seq < s.seq
  AND p.state NOT IN ('done','skipped'))`;

/** The case `c` holds an image to retake that staff have not kept (images-repo.ts HELD_FOR_RETAKE). */
const HOLDS_RETAKE = `EXISTS (SELECT 1 FROM images i WHERE i.case_id = c.id AND ${HELD_FOR_RETAKE})`;

export class StepsRepo {
  private readonly insertStmt;
  private readonly forCaseStmt;
  private readonly readyStmt;
  private readonly parkStmt;
  private readonly unparkStmt;
  private readonly nextWakeStmt;
  private readonly leaseStmt;
  private readonly releaseStmt;
  private readonly startStmt;
  private readonly finishStmt;
  private readonly setStateStmt;
  private readonly answersStmt;
  private readonly resetRemoteStmt;
  private readonly purgeStmt;
  private readonly retryStmt;
  private readonly pendingCountStmt;
  private readonly appendStmt;
  private readonly getStmt;
  private readonly takeBackStmt;

  constructor(
    db: Database.Database,
    private readonly cipher: RecordCipher,
    /**
     * The blind index: numbers in a provider's answer (its OCR reading of the ID or passport) are
     * indexed like typed and reviewed ones, so a case is found (and a second case for the same
     * number noticed) as soon as the provider read it, before anyone reviewed it.
     */
    private readonly search?: SearchRepo,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO steps (case_id, seq, key, kind, idempotent, state, updated_at)
       VALUES (@case_id, @seq, @key, @kind, @idempotent, @state, @now)`,
    );
    this.forCaseStmt = db.prepare(`SELECT ${COLUMNS} FROM steps WHERE case_id = ? ORDER BY seq`);
    // Runnable: the first unfinished remote step of an open case, or the withdrawal of a cancelled
    // case (FlowDefinition.cancel), which is then its only step that still runs.
    // A case whose capture's files are still being synced (cases.files_pending, migration 9) is not
    // runnable: nothing may be sent from files that are not durable yet; nor an open case holding an
    // image to retake that staff have not kept (HOLDS_RETAKE).
    const runnable = `s.kind = 'remote' AND c.files_pending = 0 AND c.provider NOT IN (SELECT value FROM json_each(@offline))
         AND ((s.state IN ('pending','in_flight') AND c.state IN ('queued','syncing') AND ${IS_CURRENT}
             AND NOT ${HOLDS_RETAKE})
           OR (s.key = @withdraw AND s.state = 'pending' AND c.state = 'cancelled'))`;
    // Read along steps_runnable (migration 10) in its order, stopping after `limit` rows, instead
    // of sorting every open case's steps per call. INDEXED BY: a plan without it fails to prepare
    // (loudly, in every test) rather than silently going back to the sort. Oldest first: the rowid
    // is the steps' insertion order, which is the cases' capture order.
    this.readyStmt = db.prepare(
      `SELECT s.case_id AS caseId, s.seq AS seq FROM steps s INDEXED BY steps_runnable
       JOIN cases c ON c.id = s.case_id
       WHERE s.state IN ('pending','in_flight') AND ${runnable} AND s.next_attempt_at <= @now
         AND (s.lease_until IS NULL OR s.lease_until <= @now)
       ORDER BY s.next_attempt_at, s.rowid LIMIT @limit`,
    );
    // The same walk as readyStmt without `now`: along steps_runnable, read by nextWake until no
    // later row can wake sooner (a row wakes at its next attempt or its foreign lease's expiry,
    // never before its next attempt), so a backlog is not scanned whole on every idle loop.
    this.nextWakeStmt = db.prepare(
      `SELECT s.next_attempt_at AS next, s.lease_until AS lease FROM steps s INDEXED BY steps_runnable
       JOIN cases c ON c.id = s.case_id
       WHERE s.state IN ('pending','in_flight') AND ${runnable}
       ORDER BY s.next_attempt_at, s.rowid`,
    );
    this.leaseStmt = db.prepare(
      `UPDATE steps SET lease_owner = @owner, lease_until = @until, updated_at = @now
       WHERE case_id = @case_id AND seq = @seq
         AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until <= @now)`,
    );
    this.releaseStmt = db.prepare(
      `UPDATE steps SET lease_owner = NULL, lease_until = NULL
       WHERE case_id = @case_id AND seq = @seq AND lease_owner = @owner`,
    );
    this.startStmt = db.prepare(
      `UPDATE steps SET attempts = attempts + 1, started_at = @now, updated_at = @now,
         state = CASE WHEN @in_flight = 1 THEN 'in_flight' ELSE state END
       WHERE case_id = @case_id AND seq = @seq`,
    );
    this.finishStmt = db.prepare(
      `UPDATE steps SET state = @state, updated_at = @now, lease_owner = NULL, lease_until = NULL,
         attempts = attempts + @count,
         failures = CASE @failures WHEN 'add' THEN failures + 1 WHEN 'reset' THEN 0 ELSE failures END,
         finished_at = CASE WHEN @state IN ('done','skipped') THEN @now ELSE finished_at END,
         next_attempt_at = COALESCE(@next, next_attempt_at),
         answer_enc = COALESCE(@answer, answer_enc),
         last_error_code = CASE WHEN @clear_error = 1 THEN NULL ELSE COALESCE(@code, last_error_code) END,
         last_error_message = CASE WHEN @clear_error = 1 THEN NULL ELSE COALESCE(@message, last_error_message) END
       WHERE case_id = @case_id AND seq = @seq`,
    );
    this.setStateStmt = db.prepare(
      'UPDATE steps SET state = @state, updated_at = @now WHERE case_id = @case_id AND seq = @seq',
    );
    this.answersStmt = db.prepare(
      'SELECT key, answer_enc FROM steps WHERE case_id = ? AND answer_enc IS NOT NULL ORDER BY seq',
    );
    this.resetRemoteStmt = db.prepare(
      `UPDATE steps SET state = 'pending', next_attempt_at = 0, updated_at = @now, answer_enc = NULL,
         last_error_code = NULL, last_error_message = NULL
       WHERE case_id = @case_id AND kind = 'remote' AND state IN ('done','in_flight')`,
    );
    this.purgeStmt = db.prepare('UPDATE steps SET answer_enc = NULL WHERE case_id = ?');
    this.retryStmt = db.prepare(
      `UPDATE steps SET state = CASE WHEN state = 'waiting' AND kind = 'remote' THEN 'pending' ELSE state END,
         next_attempt_at = CASE WHEN next_attempt_at >= ${PARKED_AT} THEN next_attempt_at ELSE 0 END,
         failures = 0, updated_at = @now
       WHERE case_id = @case_id AND state IN ('pending','waiting','in_flight')`,
    );
    this.parkStmt = db.prepare(
      `UPDATE steps SET next_attempt_at = ${PARKED_AT}
       WHERE case_id = @case_id AND state IN ('pending','in_flight') AND key != @keep`,
    );
    this.unparkStmt = db.prepare(
      `UPDATE steps SET next_attempt_at = 0, updated_at = @now
       WHERE case_id = @case_id AND state IN ('pending','in_flight') AND next_attempt_at >= ${PARKED_AT}`,
    );
    this.pendingCountStmt = db.prepare(
      `SELECT COUNT(*) AS n FROM steps s JOIN cases c ON c.id = s.case_id
       WHERE s.kind = 'remote' AND s.state IN ('pending','in_flight') AND c.state IN ('queued','syncing')`,
    );
    this.appendStmt = db.prepare(
      `INSERT INTO steps (case_id, seq, key, kind, idempotent, state, updated_at)
       VALUES (@case_id, (SELECT COALESCE(MAX(seq), -1) + 1 FROM steps WHERE case_id = @case_id),
         @key, @kind, @idempotent, @state, @now)`,
    );
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM steps WHERE case_id = ? AND seq = ?`);
    this.takeBackStmt = db.prepare(
      `UPDATE steps SET lease_owner = NULL, lease_until = NULL
       WHERE lease_owner IS NOT NULL AND lease_owner <> @owner`,
    );
  }

  private answerAad(caseId: string, key: string): string {
    return recordAad('steps', `${caseId}/${key}`, 'answer');
  }

  insertAll(caseId: string, steps: readonly NewStep[], now: number): void {
    steps.forEach((step, seq) =>
      this.insertStmt.run({
        case_id: caseId,
        seq,
        key: step.key,
        kind: step.kind,
        idempotent: step.idempotent ? 1 : 0,
        state: step.state,
        now,
      }),
    );
  }

  forCase(caseId: string): StepRow[] {
    return this.forCaseStmt.all(caseId) as StepRow[];
  }

  /** The first step of the case that is neither done nor skipped. */
  current(caseId: string): StepRow | undefined {
    return this.forCase(caseId).find((step) => step.state !== 'done' && step.state !== 'skipped');
  }

  get(caseId: string, seq: number): StepRow | undefined {
    return this.getStmt.get(caseId, seq) as StepRow | undefined;
  }

  /**
   * Steps the relay may claim now, oldest due first: each open case's current remote step, and
   * the withdrawal (step key `withdrawKey`) of cancelled cases. Providers in `offlineProviders`
   * are left alone.
   */
  ready(
    now: number,
    limit: number,
    offlineProviders: readonly ProviderId[],
    withdrawKey: string,
  ): { caseId: string; seq: number }[] {
    return this.readyStmt.all({
      now,
      limit,
      offline: JSON.stringify(offlineProviders),
      withdraw: withdrawKey,
    }) as { caseId: string; seq: number }[];
  }

  /**
   * When (ms since the epoch) the earliest runnable step becomes ready: its next attempt time, or
   * a foreign lease's expiry. Undefined when nothing waits.
   */
  nextWake(offlineProviders: readonly ProviderId[], withdrawKey: string): number | undefined {
    let soonest: number | undefined;
    const rows = this.nextWakeStmt.iterate({
      offline: JSON.stringify(offlineProviders),
      withdraw: withdrawKey,
    }) as IterableIterator<{ next: number; lease: number | null }>;
    for (const row of rows) {
      // Rows come in next-attempt order: once that reaches the soonest wake found, none is sooner.
      if (soonest !== undefined && row.next >= soonest) break;
      const wake = Math.max(row.next, row.lease ?? 0);
      soonest = soonest === undefined ? wake : Math.min(soonest, wake);
    }
    return soonest;
  }

  /**
   * Releases every lease not held by `owner`. Only for a process that holds the data-folder lock
   * (store.ts): then every other owner is a process that died, and its cases need not wait for
   * their leases to run out. Returns how many steps were released.
   */
  takeBackLeases(owner: string): number {
    return this.takeBackStmt.run({ owner }).changes;
  }

  /** Takes or renews the lease; false when another live owner holds it. */
  lease(caseId: string, seq: number, owner: string, until: number, now: number): boolean {
    return this.leaseStmt.run({ case_id: caseId, seq, owner, until, now }).changes === 1;
  }

  release(caseId: string, seq: number, owner: string): void {
    this.releaseStmt.run({ case_id: caseId, seq, owner });
  }

  /** Counts an attempt; a non-idempotent one is marked in flight in the same commit. */
  startAttempt(caseId: string, seq: number, inFlight: boolean, now: number): void {
    this.startStmt.run({ case_id: caseId, seq, in_flight: inFlight ? 1 : 0, now });
  }

  finish(caseId: string, key: string, seq: number, result: StepFinish, now: number): void {
    this.finishStmt.run({
      case_id: caseId,
      seq,
      state: result.state,
      now,
      next: result.nextAttemptAt ?? null,
      count: result.countAttempt ? 1 : 0,
      failures: result.failures ?? null,
      answer:
        result.answer === undefined ? null : this.cipher.sealJson(result.answer, this.answerAad(caseId, key)),
      clear_error: result.state === 'done' || result.state === 'skipped' ? 1 : 0,
      code: result.error?.code ?? null,
      message: cleanMessage(result.error?.message),
    });
    if (result.answer !== undefined) this.search?.add(caseId, result.answer);
  }

  setState(caseId: string, seq: number, state: StepState, now: number): void {
    this.setStateStmt.run({ case_id: caseId, seq, state, now });
  }

  answers(caseId: string): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const row of this.answersStmt.all(caseId) as { key: string; answer_enc: Buffer }[]) {
      out[row.key] = this.cipher.openJson(row.answer_enc, this.answerAad(caseId, row.key));
    }
    return out;
  }

  /** restartOnNewSession: remote progress belongs to the old session; captures and reviews stay. */
  resetRemote(caseId: string, now: number): number {
    return this.resetRemoteStmt.run({ case_id: caseId, now }).changes;
  }

  /** An operator's "try again": waiting remote steps become pending, back-off is cleared. */
  retryNow(caseId: string, now: number): void {
    this.retryStmt.run({ case_id: caseId, now });
  }

  /**
   * A case the relay will not send in its new state (step-machine.ts `setCaseState`): its unfinished
   * steps but `keep` (a cancelled case's withdrawal) go to the end of the relay's index (PARKED_AT),
   * so the ready query never walks them: for good when the case ended cancelled or expired, until
   * `unpark` when it waits for a person. Their state stays as it was: the case's history shows where
   * it stopped.
   */
  park(caseId: string, keep: string): void {
    this.parkStmt.run({ case_id: caseId, keep });
  }

  /**
   * A case sent again after waiting for a person: its parked steps are due now (a back-off they
   * had before is not kept; a person's "try again" clears it anyway: `retryNow`).
   */
  unpark(caseId: string, now: number): void {
    this.unparkStmt.run({ case_id: caseId, now });
  }

  /** Adds a step after the case's last one (a cancelled case's withdrawal). */
  append(caseId: string, step: NewStep, now: number): void {
    this.appendStmt.run({
      case_id: caseId,
      key: step.key,
      kind: step.kind,
      idempotent: step.idempotent ? 1 : 0,
      state: step.state,
      now,
    });
  }

  pendingRemoteCount(): number {
    return (this.pendingCountStmt.get() as { n: number }).n;
  }

  purge(caseId: string): void {
    this.purgeStmt.run(caseId);
  }
}
