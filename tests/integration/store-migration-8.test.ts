// Migration 8 (issue 12, relay 7) and the serial claims it holds (store/claims-repo.ts), on a real
// data folder: a schema-7 database opens at schema 8 with its rows untouched; one case at a time
// holds a subject, the claim is free once the holder's `through` step is done or the case is
// final, a purge removes a case's claim digests, and the subject never reaches the file in clear.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { oneCaseAtSchema } from '../helpers/schema-at';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const keys = { description: 'test key', loadKey: () => Buffer.alloc(32, 7) };
/** A made-up customer id (not a real person's), long enough to find in the file if stored in clear. */
const SUBJECT = 'lumin.update:1:APPLICANT-SPECIMEN-0000424242';

function addCase(store: KioskStore, id: string, state = 'queued'): void {
  store.db
    .prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at, completed_at)
       VALUES (?, 'lumin.update-national-id', 'lumin', ?, 'o', 'n', 'en', 1, 1, ?)`,
    )
    .run(id, state, state === 'completed' ? 1 : null);
  const step = store.db.prepare(
    `INSERT INTO steps (case_id, seq, key, kind, idempotent, state, updated_at)
     VALUES (?, ?, ?, 'remote', ?, 'pending', 1)`,
  );
  step.run(id, 1, 'allowed-steps', 1);
  step.run(id, 2, 'approve-back', 0);
}

function setStep(store: KioskStore, id: string, key: string, state: string): void {
  store.db.prepare('UPDATE steps SET state = ? WHERE case_id = ? AND key = ?').run(state, id, key);
}

describe('migration 8: serial claims', () => {
  it('a schema-7 database opens at schema 8 with its cases untouched and no claims', () => {
    const dir = tempDir();
    const before = oneCaseAtSchema(dir, 7, 'c7');
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(MIGRATIONS.map((m) => m.version)).toContain(8);
      // Later migrations may add columns (9: files_pending): the rows keep every value they had.
      expect(store.db.prepare('SELECT * FROM cases').all()).toMatchObject(before);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM serial_claims').get()).toEqual({ n: 0 });
      expect(() =>
        store.db
          .prepare(
            "INSERT INTO serial_claims (claim, case_id, through_step, taken_at) VALUES (x'00', 'c7', 's', 1)",
          )
          .run(),
      ).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });

  it("one case at a time: the second waits until the first one's last approval is done or it ends", () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      for (const id of ['a', 'b', 'c']) addCase(store, id);
      const take = (id: string) => store.tx(() => store.claims.take(SUBJECT, id, 'approve-back', 10));
      expect(take('a')).toBe('a');
      expect(take('a')).toBe('a');
      expect(take('b')).toBe('a');
      // In flight or waiting for a person: still held.
      setStep(store, 'a', 'approve-back', 'in_flight');
      store.db.prepare("UPDATE cases SET state = 'needs_attention' WHERE id = 'a'").run();
      expect(take('b')).toBe('a');
      // Done: free, and the next case takes it.
      setStep(store, 'a', 'approve-back', 'done');
      expect(take('b')).toBe('b');
      expect(take('c')).toBe('b');
      // A final case holds nothing, whatever its steps say.
      store.db.prepare("UPDATE cases SET state = 'cancelled' WHERE id = 'b'").run();
      expect(take('c')).toBe('c');
      // Another subject is independent.
      expect(store.tx(() => store.claims.take(`${SUBJECT}-other`, 'a', 'approve-back', 10))).toBe('a');
    } finally {
      store.close();
    }
  });

  it("stores the subject only as a 32-byte keyed digest, and a purge removes the case's digests", () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      addCase(store, 'done-case', 'completed');
      store.tx(() => store.claims.take(SUBJECT, 'done-case', 'approve-back', 10));
      const rows = store.db.prepare('SELECT claim FROM serial_claims').all() as { claim: Buffer }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]!.claim.byteLength).toBe(32);
      store.checkpoint();
      for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(dir, file));
        } catch {
          continue;
        }
        expect(bytes.includes(Buffer.from('0000424242')), file).toBe(false);
      }
      expect(store.purgeCompleted(10)).toBe(1);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM serial_claims').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });
});
