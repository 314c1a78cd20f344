/**
 * The audit table: append-only rows in a keyed hash chain (src/main/security/audit-chain.ts). An
 * append joins the caller's transaction when there is one (so a change and its audit row commit or
 * roll back together) and opens its own IMMEDIATE transaction otherwise. The chain's end is read
 * inside that transaction each time, never cached: another connection (a relay child) may have
 * appended since.
 */
import type Database from 'better-sqlite3';
import type { AuditAction } from '../../shared/domain/audit-actions';
import type { AuditEntry } from '../../shared/ipc/audit';
import { currentActor, type Actor } from '../security/actor-context';
import {
  GENESIS,
  headCheck,
  rowMac,
  changeDigest,
  type ChainHead,
  type StoredChainRow,
} from '../security/audit-chain';

const HEAD_KEY = 'audit-head';

export interface NewAuditRow {
  /** Epoch ms. */
  at: number;
  /**
   * What happened: a case event type (`captured`, `reviewed`, `state:cancelled`...) or `auth.*`,
   * `admin.*`... (src/shared/domain/audit-actions.ts: the closed set the audit screen words).
   */
  action: AuditAction;
  caseId?: string | null | undefined;
  /** Codes, step keys, field names: never personal values. */
  detail?: Record<string, unknown> | undefined;
  /** What changed, kept only as a keyed digest. */
  changed?: unknown;
  /** Defaults to the actor of the current call (the system outside one). */
  actor?: Actor;
}

export interface AuditFilter {
  from?: number | undefined;
  to?: number | undefined;
  caseId?: string | undefined;
  limit?: number | undefined;
}

export class AuditRepo {
  private readonly lastStmt;
  private readonly insertStmt;
  private readonly headStmt;
  private readonly setHeadStmt;
  /**
   * Extra detail for a case event's row, set by the core: the provider's reference when a case
   * completes (kept for the retention period, after the answers themselves are purged).
   */
  describe: ((event: { caseId: string; type: string }) => Record<string, unknown>) | undefined;
  /** The chain's HMAC key, for verification (never logged, never leaves the process). */
  readonly chainKey: Buffer;

  constructor(
    private readonly db: Database.Database,
    private readonly key: Buffer,
  ) {
    this.chainKey = key;
    this.lastStmt = db.prepare('SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      `INSERT INTO audit (seq, at, actor_id, actor_name, actor_role, action, case_id, detail, digest, prev_mac, mac)
       VALUES (@seq, @at, @actor_id, @actor_name, @actor_role, @action, @case_id, @detail, @digest, @prev_mac, @mac)`,
    );
    this.headStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setHeadStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /**
   * The name of who last did `action` (a case event type, e.g. `reviewed`) on the case, or
   * undefined: one seek on audit_by_case. The done receipt names who approved the reading.
   */
  lastActorName(caseId: string, action: string): string | undefined {
    this.lastActorStmt ??= this.db.prepare(
      'SELECT actor_name FROM audit WHERE case_id = ? AND action = ? ORDER BY seq DESC LIMIT 1',
    );
    return (this.lastActorStmt.get(caseId, action) as { actor_name: string } | undefined)?.actor_name;
  }
  private lastActorStmt: Database.Statement | undefined;

  /** Appends one row; returns its seq. */
  append(entry: NewAuditRow): number {
    const write = (): number => {
      const last = this.lastStmt.get() as { seq: number; mac: string } | undefined;
      const actor = entry.actor ?? currentActor();
      const row: Omit<StoredChainRow, 'mac'> = {
        seq: (last?.seq ?? 0) + 1,
        at: entry.at,
        actor_id: actor.id,
        actor_name: actor.name,
        actor_role: actor.role,
        action: entry.action,
        case_id: entry.caseId ?? null,
        detail: entry.detail && Object.keys(entry.detail).length > 0 ? JSON.stringify(entry.detail) : null,
        digest: entry.changed === undefined ? null : changeDigest(this.key, entry.changed),
        prev_mac: last?.mac ?? GENESIS,
      };
      const mac = rowMac(this.key, row);
      this.insertStmt.run({ ...row, mac });
      const head: ChainHead = { seq: row.seq, mac, check: headCheck(this.key, row.seq, mac) };
      this.setHeadStmt.run(HEAD_KEY, Buffer.from(JSON.stringify(head)));
      return row.seq;
    };
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  head(): ChainHead | undefined {
    const row = this.headStmt.get(HEAD_KEY) as { value: Buffer } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value.toString()) as ChainHead;
    } catch {
      return { seq: -1, mac: '', check: '' };
    }
  }

  /** Every row in seq order, for verification (10,000 rows: a few MB, read at once). */
  all(): StoredChainRow[] {
    return this.db.prepare('SELECT * FROM audit ORDER BY seq').all() as StoredChainRow[];
  }

  /** Newest first. */
  list(filter: AuditFilter): AuditEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 200 };
    if (filter.from !== undefined) {
      where.push('at >= @from');
      params.from = filter.from;
    }
    if (filter.to !== undefined) {
      where.push('at < @to');
      params.to = filter.to;
    }
    if (filter.caseId !== undefined) {
      where.push('case_id = @caseId');
      params.caseId = filter.caseId;
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`,
      )
      .all(params) as StoredChainRow[];
    return rows.map(toEntry);
  }

  /** Oldest first, for the export (a date range). */
  range(from: number, to: number): StoredChainRow[] {
    return this.db
      .prepare('SELECT * FROM audit WHERE at >= ? AND at < ? ORDER BY seq')
      .all(from, to) as StoredChainRow[];
  }
}

export function toEntry(row: StoredChainRow): AuditEntry {
  let detail: Record<string, unknown> | null = null;
  if (row.detail) {
    try {
      detail = JSON.parse(row.detail) as Record<string, unknown>;
    } catch {
      detail = { unreadable: true };
    }
  }
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    action: row.action,
    caseId: row.case_id,
    detail,
  };
}
