/**
 * Operator accounts in the store's database (table `operators`, migration 5). Holds no customer data;
 * the secret is only ever its scrypt hash (secret-hash.ts).
 */
import type Database from 'better-sqlite3';
import type { OperatorSummary } from '../../shared/ipc/admin';
import type { Role } from '../../shared/ipc/auth';

export interface OperatorRow {
  id: string;
  name: string;
  role: Role;
  training: number;
  secret_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export class OperatorsRepo {
  constructor(private readonly db: Database.Database) {}

  get(id: string): OperatorRow | undefined {
    return this.db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorRow | undefined;
  }

  list(training?: boolean): OperatorRow[] {
    return (
      training === undefined
        ? this.db.prepare('SELECT * FROM operators ORDER BY training, role, id').all()
        : this.db
            .prepare('SELECT * FROM operators WHERE training = ? ORDER BY role, id')
            .all(training ? 1 : 0)
    ) as OperatorRow[];
  }

  /** Enabled administrators among the real (or the training) operators. */
  administrators(training: boolean): number {
    const row = this.db
      .prepare(
        "SELECT count(*) AS n FROM operators WHERE role = 'administrator' AND disabled = 0 AND training = ?",
      )
      .get(training ? 1 : 0) as { n: number };
    return row.n;
  }

  insert(row: Omit<OperatorRow, 'failed_attempts' | 'locked_until' | 'disabled'>): void {
    this.db
      .prepare(
        `INSERT INTO operators (id, name, role, training, secret_hash, created_at, updated_at)
         VALUES (@id, @name, @role, @training, @secret_hash, @created_at, @updated_at)`,
      )
      .run(row);
  }

  update(
    id: string,
    change: Partial<Pick<OperatorRow, 'name' | 'role' | 'disabled' | 'secret_hash'>>,
    now: number,
  ): void {
    const sets = Object.keys(change).map((key) => `${key} = @${key}`);
    if (change.secret_hash !== undefined) sets.push('failed_attempts = 0', 'locked_until = NULL');
    this.db
      .prepare(`UPDATE operators SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE id = @id`)
      .run({ ...change, id, now });
  }

  recordFailure(id: string, failures: number, lockedUntil: number | null, now: number): void {
    this.db
      .prepare('UPDATE operators SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?')
      .run(failures, lockedUntil, now, id);
  }

  recordSuccess(id: string, now: number): void {
    this.db
      .prepare('UPDATE operators SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
      .run(now, id);
  }
}

export function summaryOf(row: OperatorRow, now: number): OperatorSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    training: row.training === 1,
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until !== null && row.locked_until > now ? row.locked_until : null,
    failedAttempts: row.failed_attempts,
    createdAt: row.created_at,
  };
}
