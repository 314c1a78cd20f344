// Migration 5 (issue 13) on a real file: operators and the append-only audit table arrive next to
// the cases already stored, with their constraints and triggers.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('store migration 5: operators and the audit trail', () => {
  it('adds both tables to an existing database, keeps its cases, and guards the audit rows', () => {
    const file = join(tempDir(), 'm5.db');
    const db = new Database(file);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 5),
    );
    db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
       VALUES ('c1', 'lumin.kyc-national-id', 'lumin', 'queued', 'o', 'n', 'en', 1, 1)`,
    ).run();
    const before = schemaVersion(db);
    // Up to 5 exactly: later migrations have their own tests.
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 5),
      ),
    ).toEqual({ from: before, to: 5 });
    expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'c1' }]);

    db.prepare(
      `INSERT INTO operators (id, name, role, secret_hash, created_at, updated_at)
       VALUES ('t1', 'Teller', 'teller', 'scrypt$x', 1, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO operators (id, name, role, secret_hash, created_at, updated_at)
           VALUES ('x', 'X', 'root', 'h', 1, 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO audit (seq, at, actor_id, actor_name, action, prev_mac, mac) VALUES (1, 1, 'a', 'A', 'x', 'genesis', 'm')`,
    ).run();
    expect(() => db.prepare("UPDATE audit SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    db.close();
  });
});
