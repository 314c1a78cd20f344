// What the migration tests share: a data folder's database brought to an older schema with one
// queued case in it, as a kiosk of that version left it, before the kiosk under test opens it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS } from '../../src/main/store/migrations';
import { DATABASE_FILE } from '../../src/main/store/store';

/**
 * Creates `<dir>/<DATABASE_FILE>` at schema `version` (migrations 1..version) holding one queued
 * Lumin passport-update case `id`; returns its cases table as read then (`SELECT *`), for the test
 * to compare after the upgrade.
 */
export function oneCaseAtSchema(dir: string, version: number, id: string): unknown[] {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= version),
    );
    db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
       VALUES (?, 'lumin.update-passport', 'lumin', 'queued', 'o', 'n', 'en', 1, 1)`,
    ).run(id);
    return db.prepare('SELECT * FROM cases').all();
  } finally {
    db.close();
  }
}
