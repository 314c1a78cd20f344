// Migration 6 (issue 9) on a real file: the images table is rebuilt so that Jumio's supporting
// document may be a PDF. A database at schema 5 with cases and sealed images comes out with every
// row, every column and every sealed byte as it was (the blobs still open under their row's AAD),
// the cascade from cases still in place, and the new rules: a PDF only for the document role and
// only with its page count.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { RecordCipher, recordAad } from '../../src/main/store/record-cipher';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const insertImage = `INSERT INTO images (id, case_id, role, mime, width, height, size, sha256, quality, created_at, bytes_enc, purged_at)
  VALUES (@id, @case_id, @role, @mime, @width, @height, @size, @sha256, @quality, @created_at, @bytes_enc, @purged_at)`;

describe('store migration 6: a PDF supporting document', () => {
  it('keeps every image row and sealed byte of a schema-5 database, then accepts a PDF for the document role only', () => {
    const file = join(tempDir(), 'm6.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    expect(schemaVersion(db)).toBe(5);
    const cipher = new RecordCipher(Buffer.alloc(32, 7));
    const addCase = db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
       VALUES (?, 'jumio.credentials', 'jumio', 'queued', 'o', 'n', 'en', 1, 1)`,
    );
    const plain = new Map<string, Buffer>();
    for (const caseId of ['c1', 'c2']) {
      addCase.run(caseId);
      for (const [n, role] of ['front', 'back', 'selfie', 'document'].entries()) {
        const id = `${caseId}-${role}`;
        const bytes = randomBytes(1000 + n * 333);
        plain.set(id, bytes);
        db.prepare(insertImage).run({
          id,
          case_id: caseId,
          role,
          mime: n % 2 === 0 ? 'image/jpeg' : 'image/png',
          width: 1000 + n,
          height: 600 + n,
          size: bytes.byteLength,
          sha256: 'ab'.repeat(32),
          quality: n === 0 ? null : JSON.stringify({ blur: n }),
          created_at: 10 + n,
          bytes_enc: cipher.seal(bytes, recordAad('images', id, 'bytes')),
          purged_at: caseId === 'c2' && role === 'selfie' ? 99 : null,
        });
      }
    }
    const before = db.prepare('SELECT * FROM images ORDER BY id').all() as Record<string, unknown>[];
    expect(before).toHaveLength(8);

    // Up to 6 exactly: later migrations have their own tests.
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 6),
      ),
    ).toEqual({ from: 5, to: 6 });

    const after = db.prepare('SELECT * FROM images ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toEqual(before.map((row) => ({ ...row, pages: null })));
    for (const row of after) {
      const opened = cipher.open(row.bytes_enc as Buffer, recordAad('images', row.id as string, 'bytes'));
      expect(Buffer.from(opened).equals(plain.get(row.id as string)!)).toBe(true);
    }
    // The one-image-per-role rule and the cascade from cases survive the rebuild.
    expect(() => db.prepare(insertImage).run({ ...before[0], id: 'dup' })).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM cases WHERE id = 'c2'").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM images WHERE case_id = 'c2'").get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // A PDF: for the document role, with pages; never for another role, never without pages;
    // an image never carries pages.
    addCase.run('c3');
    const pdf = (role: string, pages: number | null, mime = 'application/pdf') =>
      db
        .prepare(
          `INSERT INTO images (id, case_id, role, mime, width, height, size, pages, sha256, created_at, bytes_enc)
           VALUES (?, 'c3', ?, ?, 0, 0, 10, ?, ?, 1, x'00')`,
        )
        .run(`c3-${role}-${mime}`, role, mime, pages, 'cd'.repeat(32));
    expect(() => pdf('front', 3)).toThrow(/CHECK/);
    expect(() => pdf('document', null)).toThrow(/CHECK/);
    expect(() => pdf('document', 0)).toThrow(/CHECK/);
    expect(() => pdf('front', 2, 'image/jpeg')).toThrow(/CHECK/);
    expect(() => pdf('document', 3, 'image/gif')).toThrow(/CHECK/);
    pdf('document', 3);
    expect(db.prepare("SELECT mime, pages FROM images WHERE case_id = 'c3'").all()).toEqual([
      { mime: 'application/pdf', pages: 3 },
    ]);
    db.close();
  });
});
