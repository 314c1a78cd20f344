// Migrations on real database files: each one tested on its own, all pending ones in one
// transaction, and a database from a newer kiosk refused without being touched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/store/database';
import { StoreUnavailableError } from '../../src/main/store/errors';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  )
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_'));
}

describe('store migrations', () => {
  it('1: creates cases, fields, images, steps and events on an empty file', () => {
    const db = new Database(join(tempDir(), 'm1.db'));
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['case_events', 'case_fields', 'cases', 'images', 'meta', 'steps']);
    // The constraints are real: an unknown case state is refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
           VALUES ('c', 'f', 'p', 'bogus', 'o', 'n', 'en', 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('2: adds sessions and the session counter, keeping the cases already stored', () => {
    const file = join(tempDir(), 'm2.db');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
       VALUES ('c1', 'argos.put-image', 'argos', 'queued', 'o', 'n', 'en', 1, 1)`,
    ).run();
    db.close();

    const reopened = new Database(file);
    expect(migrate(reopened, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(tables(reopened)).toContain('sessions');
    expect(reopened.prepare('SELECT id, session_generation FROM cases').all()).toEqual([
      { id: 'c1', session_generation: 0 },
    ]);
    reopened.close();
  });

  it('runs every pending migration in one transaction: a failure leaves the old version', () => {
    const file = join(tempDir(), 'fail.db');
    const db = new Database(file);
    const failing = [
      ...MIGRATIONS,
      { version: 3, name: 'good', up: (d: Database.Database) => d.exec('CREATE TABLE extra (x INTEGER)') },
      {
        version: 4,
        name: 'broken',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, failing)).toThrow(StoreUnavailableError);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    const file = join(dir, 'kiosk.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrate(db);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    const before = readFileSync(file);

    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).failure).toBe('newer_schema');
    expect((error as Error).message).toMatch(/newer version of the kiosk/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
