/** The cases table: one row per flow instance. No personal data lives here in clear. */
import type Database from 'better-sqlite3';
import type { CaseList, CaseOrder } from '../../shared/domain/case-lists';
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
  /**
   * 1 while the capture's image files are being synced after its rows committed (migration 9,
   * capture-commit.ts): the relay leaves the case alone, and an open after a crash checks its files.
   */
  files_pending: 0 | 1;
}

export type NewCaseRow = Pick<
  CaseRow,
  'id' | 'flow' | 'provider' | 'state' | 'operator_id' | 'operator_name' | 'language' | 'created_at'
> & { files_pending?: 0 | 1 };

/** Where a page starts: the sort key (ms) and id of the last row of the previous page. */
export interface PageCursor {
  at: number;
  id: string;
}

/**
 * One listing query (keyset pagination: `after` instead of an offset, so page 200 costs what page 1
 * costs). Every combination is served by an index of migration 6.
 */
export interface CaseListQuery {
  /** One list (tab); absent: every case. */
  list?: CaseList;
  flow?: FlowId;
  operatorId?: string;
  /** Captured at or after this time (ms since the epoch). */
  createdFrom?: number;
  /** Captured before this time (ms since the epoch). */
  createdBefore?: number;
  order: CaseOrder;
  /** Only cases whose id starts with this (lower-case hex, a case reference or its start)... */
  idPrefix?: string;
  /** ...or, with idPrefix, also: cases whose blind index holds this digest (an ID or passport number). */
  digest?: Buffer;
  after?: PageCursor;
  limit: number;
}

const ORDER_SQL: Record<CaseOrder, { column: 'updated_at' | 'created_at'; dir: 'ASC' | 'DESC' }> = {
  recent: { column: 'updated_at', dir: 'DESC' },
  newest: { column: 'created_at', dir: 'DESC' },
  oldest: { column: 'created_at', dir: 'ASC' },
};

/** The sort key of a row for a cursor. */
export function cursorOf(row: CaseRow, order: CaseOrder): PageCursor {
  return { at: row[ORDER_SQL[order].column], id: row.id };
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
  private readonly oldestAttentionStmt;
  private readonly listStmts = new Map<string, Database.Statement>();
  private readonly purgeableStmt;
  private readonly markPurgedStmt;
  private readonly filesSyncedStmt;
  private readonly filesPendingStmt;
  private readonly dropStmt;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at, files_pending)
       VALUES (@id, @flow, @provider, @state, @operator_id, @operator_name, @language, @created_at, @created_at, @files_pending)`,
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
    // Maintained by triggers (migration 6): a read of at most seven rows, whatever the case count.
    this.totalsStmt = db.prepare('SELECT state, n FROM case_totals WHERE n > 0');
    this.oldestAttentionStmt = db.prepare("SELECT MIN(updated_at) AS at FROM cases WHERE list = 'attention'");
    this.purgeableStmt = db.prepare(
      `SELECT id FROM cases WHERE state = 'completed' AND purged_at IS NULL AND completed_at <= ?`,
    );
    this.markPurgedStmt = db.prepare('UPDATE cases SET purged_at = @now, updated_at = @now WHERE id = @id');
    this.filesSyncedStmt = db.prepare(
      'UPDATE cases SET files_pending = 0 WHERE id = ? AND files_pending = 1',
    );
    this.filesPendingStmt = db.prepare('SELECT id FROM cases WHERE files_pending = 1');
    this.dropStmt = db.prepare('DELETE FROM cases WHERE id = ? AND files_pending = 1');
  }

  insert(row: NewCaseRow): void {
    this.insertStmt.run({ ...row, files_pending: row.files_pending ?? 0 });
  }

  /** Clears `files_pending`: the capture's files are synced (or checked whole at open). */
  filesSynced(id: string): void {
    this.filesSyncedStmt.run(id);
  }

  /** The ids of the cases whose files were not known to be synced when the last run stopped. */
  filesPending(): string[] {
    return (this.filesPendingStmt.all() as { id: string }[]).map((row) => row.id);
  }

  /**
   * Deletes a case still marked `files_pending` (its rows cascade: fields, images, steps, events,
   * search keys, claims). Only for a capture never acknowledged: its files' sync failed, or a power
   * cut left a file that fails its GCM check (capture-commit.ts). Cases are otherwise never deleted
   * (a purge keeps the row); a case without the mark is never touched. True when a row went.
   */
  dropUnsaved(id: string): boolean {
    return this.dropStmt.run(id).changes === 1;
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

  /** Ids of the cases in one state (e.g. 'syncing' at start, to take back a dead process's work). */
  idsInState(state: CaseState): string[] {
    return (this.db.prepare('SELECT id FROM cases WHERE state = ?').all(state) as { id: string }[]).map(
      (row) => row.id,
    );
  }

  overdue(now: number): string[] {
    return (this.overdueStmt.all(now) as { id: string }[]).map((row) => row.id);
  }

  /** One page of cases for a listing query, in the query's order. */
  list(query: CaseListQuery): CaseRow[] {
    const { column, dir } = ORDER_SQL[query.order];
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.list !== undefined) {
      where.push('list = @list');
      params.list = query.list;
    }
    if (query.flow !== undefined) {
      where.push('flow = @flow');
      params.flow = query.flow;
    }
    if (query.operatorId !== undefined) {
      where.push('operator_id = @operator');
      params.operator = query.operatorId;
    }
    if (query.createdFrom !== undefined) {
      where.push('created_at >= @from');
      params.from = query.createdFrom;
    }
    if (query.createdBefore !== undefined) {
      where.push('created_at < @before');
      params.before = query.createdBefore;
    }
    const matches: string[] = [];
    if (query.idPrefix !== undefined) {
      // '~' sorts after every hex digit and '-': [prefix, prefix~) is "starts with", on the primary key.
      matches.push('(id >= @prefix AND id < @prefixEnd)');
      params.prefix = query.idPrefix;
      params.prefixEnd = `${query.idPrefix}~`;
    }
    if (query.digest !== undefined) {
      matches.push('id IN (SELECT case_id FROM case_search WHERE digest = @digest)');
      params.digest = query.digest;
    }
    if (matches.length > 0) where.push(`(${matches.join(' OR ')})`);
    if (query.after !== undefined) {
      where.push(`(${column}, id) ${dir === 'DESC' ? '<' : '>'} (@afterAt, @afterId)`);
      params.afterAt = query.after.at;
      params.afterId = query.after.id;
    }
    const sql =
      `SELECT * FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ` +
      `ORDER BY ${column} ${dir}, id ${dir} LIMIT @limit`;
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      // A few dozen shapes at most (each filter present or not): prepared once each.
      this.listStmts.set(sql, stmt);
    }
    return stmt.all(params) as CaseRow[];
  }

  /** Every case that needs a person, whatever its age: oldest first (it has waited longest). */
  inbox(after: PageCursor | undefined, limit: number): CaseRow[] {
    return this.list({ list: 'attention', order: 'oldest', limit, ...(after ? { after } : {}) });
  }

  /** Flows that have cases here (an index skip-scan: a handful of rows). */
  flows(): FlowId[] {
    return (this.db.prepare('SELECT DISTINCT flow FROM cases ORDER BY flow').all() as { flow: FlowId }[]).map(
      (row) => row.flow,
    );
  }

  /** Operators who have cases here, for the operator filter (a handful of rows). */
  operators(): { id: string; name: string }[] {
    return this.db
      .prepare(
        'SELECT operator_id AS id, MAX(operator_name) AS name FROM cases GROUP BY operator_id ORDER BY name',
      )
      .all() as { id: string; name: string }[];
  }

  /**
   * When the case that has waited longest in the inbox last changed (ms since the epoch), or null:
   * one seek on the (list, updated_at) index, cheap enough for every totals push.
   */
  oldestAttentionAt(): number | null {
    const row = this.oldestAttentionStmt.get() as { at: number | null };
    return row.at;
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
}
