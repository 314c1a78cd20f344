// Migration 7 (issue 12) on a real data folder: a schema-6 database whose images are sealed blobs
// in their rows opens at schema 7 with every row and every sealed byte as it was, and every image
// still reads (through the one read path) byte for byte. New images of such a case go to sealed
// files; a retake of an old image and a purge of an old case work on the blob rows too.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { RecordCipher, recordAad } from '../../src/main/store/record-cipher';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { fakeImage } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const KEY = Buffer.alloc(32, 9);
const keys = { description: 'test key', loadKey: () => Buffer.from(KEY) };
const ROLES = ['front', 'back', 'selfie'] as const;

/** A schema-6 data folder with two cases of sealed image blobs; returns each image's bytes. */
function schema6Folder(dir: string): Map<string, Buffer> {
  const db = new Database(join(dir, DATABASE_FILE));
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 6),
  );
  expect(schemaVersion(db)).toBe(6);
  const cipher = new RecordCipher(KEY);
  const plain = new Map<string, Buffer>();
  for (const caseId of ['c1', 'c2']) {
    db.prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at, completed_at)
       VALUES (?, 'lumin.kyc-national-id', 'lumin', ?, 'o', 'n', 'en', 1, 1, ?)`,
    ).run(caseId, caseId === 'c2' ? 'completed' : 'queued', caseId === 'c2' ? 1 : null);
    for (const [n, role] of ROLES.entries()) {
      const id = `${caseId}-${role}`;
      const bytes = randomBytes(5_000 + n * 777);
      plain.set(id, bytes);
      db.prepare(
        `INSERT INTO images (id, case_id, role, mime, width, height, size, sha256, created_at, bytes_enc)
         VALUES (?, ?, ?, 'image/jpeg', 10, 10, ?, ?, 1, ?)`,
      ).run(
        id,
        caseId,
        role,
        bytes.byteLength,
        'ab'.repeat(32),
        cipher.seal(bytes, recordAad('images', id, 'bytes')),
      );
    }
  }
  db.close();
  return plain;
}

describe('store migration 7: sealed image files beside the database', () => {
  it('keeps every blob of a schema-6 database readable, and takes new images as files', () => {
    const dir = tempDir();
    const plain = schema6Folder(dir);
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const before = raw.prepare('SELECT * FROM images ORDER BY id').all() as Record<string, unknown>[];
    raw.close();

    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
    const after = store.db.prepare('SELECT * FROM images ORDER BY id').all() as Record<string, unknown>[];
    // Every row and sealed byte as it was; the new columns empty.
    expect(after).toEqual(
      before.map((row) => ({ ...row, file: null, file_key_enc: null, file_nonce: null, file_size: null })),
    );
    for (const caseId of ['c1', 'c2']) {
      for (const role of ROLES) {
        expect(store.images.read(caseId, role)!.bytes).toEqual(plain.get(`${caseId}-${role}`));
      }
    }

    // A retake of an old blob image: the new one is a file, the old row (and blob) gone.
    const retake = fakeImage('front', 12_345);
    const staged = store.images.stage([retake]);
    const { replaced } = store.tx(() => store.images.put('c1', staged[0]!, 2));
    expect(replaced).toEqual([]);
    store.images.committed(replaced);
    expect(Buffer.from(store.images.read('c1', 'front')!.bytes).equals(Buffer.from(retake.bytes))).toBe(true);
    expect(store.images.read('c1', 'back')!.bytes).toEqual(plain.get('c1-back'));
    expect(readdirSync(join(dir, IMAGES_DIR))).toHaveLength(1);

    // A purge of the case with old blobs: no file to remove, the blobs forgotten.
    expect(store.purgeCompleted(10)).toBe(1);
    for (const role of ROLES) expect(store.images.read('c2', role)).toBeUndefined();
    expect(
      store.db
        .prepare("SELECT COUNT(*) AS n FROM images WHERE case_id = 'c2' AND bytes_enc IS NOT NULL")
        .get(),
    ).toEqual({ n: 0 });
    expect(store.images.fileReport()).toEqual({ named: 1, onDisk: 1, missing: 0, pooled: 0, unnamed: 0 });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('refuses a file id that is not 32 hex digits, and a second row naming the same file', () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    store.db
      .prepare(
        `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at)
         VALUES ('c', 'lumin.kyc-national-id', 'lumin', 'queued', 'o', 'n', 'en', 1, 1)`,
      )
      .run();
    const insert = store.db.prepare(
      `INSERT INTO images (id, case_id, role, mime, width, height, size, sha256, created_at, file, file_nonce, file_size)
       VALUES (?, 'c', ?, 'image/jpeg', 1, 1, 1, ?, 1, ?, zeroblob(12), 17)`,
    );
    expect(() => insert.run('a', 'front', 'cd'.repeat(32), '../../etc/passwd')).toThrow(/CHECK/);
    expect(() => insert.run('a', 'front', 'cd'.repeat(32), 'AB'.repeat(16))).toThrow(/CHECK/);
    insert.run('a', 'front', 'cd'.repeat(32), 'ab'.repeat(16));
    expect(() => insert.run('b', 'back', 'cd'.repeat(32), 'ab'.repeat(16))).toThrow(/UNIQUE/);
    store.close();
  });
});
