/** The cases table: one row per flow instance. No personal data lives here in clear. */
import type Database from 'better-sqlite3';
import type { AttentionReason, CaseState, FlowId, ProviderId } from '../../shared/domain/flows';

export interface CaseRow {
  id: string;
  flow: FlowId;
  provider: ProviderId;
  state: CaseState;
  attention_reason: AttentionReason | null;
  operator_id: string;
  operator_name: string;
  language: 'en' | 'ar';
  created_at: number;
  updated_at: number;
  first_remote_at: number | null;
  deadline_at: number | null;
  completed_at: number | null;
  purged_at: number | null;
  session_generation: number;
}

export type NewCaseRow = Pick<
  CaseRow,
  'id' | 'flow' | 'provider' | 'state' | 'operator_id' | 'operator_name' | 'language' | 'created_at'
>;

export interface CaseListFilter {
  states?: readonly CaseState[];
  limit: number;
  offset: number;
}

/** States in which nothing more will happen to a case without a person starting over. */
export const FINAL_STATES: readonly CaseState[] = ['completed', 'expired', 'cancelled'];

export class CasesRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly setStateStmt;
  private readonly firstRemoteStmt;
  private readonly setDeadlineStmt;
  private readonly overdueStmt;
  private readonly totalsStmt;
  private readonly purgeableStmt;
  private readonly markPurgedStmt;
  private readonly bumpSessionStmt;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
       VALUES (@id, @flow, @provider, @state, @operator_id, @operator_name, @language, @created_at, @created_at)`,
    );
    this.getStmt = db.prepare('SELECT * FROM cases WHERE id = ?');
    this.setStateStmt = db.prepare(
      `UPDATE cases SET state = @state, attention_reason = @reason, updated_at = @now,
         completed_at = CASE WHEN @state = 'completed' THEN @now ELSE completed_at END
       WHERE id = @id`,
    );
    this.firstRemoteStmt = db.prepare(
      `UPDATE cases SET first_remote_at = @now, deadline_at = COALESCE(deadline_at, @deadline)
       WHERE id = @id AND first_remote_at IS NULL`,
    );
    this.setDeadlineStmt = db.prepare('UPDATE cases SET deadline_at = @deadline WHERE id = @id');
    this.overdueStmt = db.prepare(
      `SELECT id FROM cases WHERE deadline_at IS NOT NULL AND deadline_at < ?
         AND state NOT IN ('completed','expired','cancelled')`,
    );
    this.totalsStmt = db.prepare('SELECT state, COUNT(*) AS n FROM cases GROUP BY state');
    this.purgeableStmt = db.prepare(
      `SELECT id FROM cases WHERE state = 'completed' AND purged_at IS NULL AND completed_at <= ?`,
    );
    this.markPurgedStmt = db.prepare('UPDATE cases SET purged_at = @now, updated_at = @now WHERE id = @id');
    this.bumpSessionStmt = db.prepare(
      'UPDATE cases SET session_generation = session_generation + 1 WHERE id = ? RETURNING session_generation',
    );
  }

  insert(row: NewCaseRow): void {
    this.insertStmt.run(row);
  }

  get(id: string): CaseRow | undefined {
    return this.getStmt.get(id) as CaseRow | undefined;
  }

  setState(id: string, state: CaseState, reason: AttentionReason | null, now: number): void {
    this.setStateStmt.run({ id, state, reason, now });
  }

  /** A deadline known when the case is created (FlowDefinition.deadlineAtCreation), ms since the epoch. */
  setDeadline(id: string, deadline: number): void {
    this.setDeadlineStmt.run({ id, deadline });
  }

  /**
   * The provider deadline starts with the first successful remote step, unless one was known at
   * creation (which stays); later calls change nothing.
   */
  markFirstRemoteSuccess(id: string, now: number, deadlineMs: number | undefined): void {
    this.firstRemoteStmt.run({ id, now, deadline: deadlineMs === undefined ? null : now + deadlineMs });
  }

  overdue(now: number): string[] {
    return (this.overdueStmt.all(now) as { id: string }[]).map((row) => row.id);
  }

  list(filter: CaseListFilter): CaseRow[] {
    const states = filter.states ?? [];
    const where = states.length > 0 ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
    return this.db
      .prepare(`SELECT * FROM cases ${where} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`)
      .all(...states, filter.limit, filter.offset) as CaseRow[];
  }

  totals(): Map<CaseState, number> {
    const rows = this.totalsStmt.all() as { state: CaseState; n: number }[];
    return new Map(rows.map((row) => [row.state, row.n]));
  }

  completedBefore(cutoff: number): string[] {
    return (this.purgeableStmt.all(cutoff) as { id: string }[]).map((row) => row.id);
  }

  markPurged(id: string, now: number): void {
    this.markPurgedStmt.run({ id, now });
  }

  nextSessionGeneration(id: string): number {
    return (this.bumpSessionStmt.get(id) as { session_generation: number }).session_generation;
  }
}
