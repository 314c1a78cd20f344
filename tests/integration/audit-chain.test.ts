// The audit trail's keyed hash chain on a real database file: a clean chain verifies; one row
// edited, deleted, inserted, or two swapped, each with the triggers dropped as someone with the file
// would, is detected and named; the chain cannot be rebuilt without the key (which is not in the file).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runAs } from '../../src/main/security/actor-context';
import { rowMac, verifyChain, type StoredChainRow } from '../../src/main/security/audit-chain';
import { FileKeyProvider } from '../../src/main/store/key-provider';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

function openStore(dir: string): KioskStore {
  return KioskStore.open({
    dataDir: dir,
    keys: new FileKeyProvider(join(dir, 'store.key')),
    now: () => 1_000,
  });
}

/** A store with `rows` audit rows, closed; answers its folder. */
function trail(rows: number): string {
  const dir = tempDir();
  const store = openStore(dir);
  for (let i = 0; i < rows; i++) {
    store.audit.append({ at: 1_000 + i, action: 'auth.signed_in', detail: { n: i } });
  }
  store.close();
  return dir;
}

/** Opens the file as an attacker would: plain SQLite, triggers dropped. */
function tamper(dir: string, sql: (db: Database.Database) => void): void {
  const db = new Database(join(dir, DATABASE_FILE));
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  sql(db);
  db.close();
}

function verify(dir: string) {
  const store = openStore(dir);
  try {
    return verifyChain(store.audit.chainKey, store.audit.all(), store.audit.head());
  } finally {
    store.close();
  }
}

describe('audit chain on a real database file', () => {
  it('verifies a clean chain, and the kiosk’s own connection cannot change a row', () => {
    const dir = trail(30);
    expect(verify(dir)).toEqual([]);
    const store = openStore(dir);
    expect(() => store.db.prepare("UPDATE audit SET action = 'x' WHERE seq = 3").run()).toThrow(
      /append-only/,
    );
    expect(() => store.db.prepare('DELETE FROM audit WHERE seq = 3').run()).toThrow(/append-only/);
    store.close();
  });

  it('names an edited row', () => {
    const dir = trail(30);
    tamper(dir, (db) => db.prepare("UPDATE audit SET actor_id = 'someone-else' WHERE seq = 12").run());
    expect(verify(dir)).toEqual([expect.objectContaining({ seq: 12, problem: 'edited' })]);
  });

  it('names a deleted row in the middle and at the end', () => {
    const middle = trail(30);
    tamper(middle, (db) => db.prepare('DELETE FROM audit WHERE seq = 17').run());
    expect(verify(middle)).toEqual([expect.objectContaining({ seq: 17, problem: 'deleted' })]);

    const end = trail(30);
    tamper(end, (db) => db.prepare('DELETE FROM audit WHERE seq >= 29').run());
    const problems = verify(end);
    expect(problems).toEqual([expect.objectContaining({ seq: 29, problem: 'deleted' })]);
    expect(problems[0]?.message).toMatch(/29–30/);
  });

  it('names a deleted row when the rest were renumbered to hide the gap', () => {
    const dir = trail(30);
    tamper(dir, (db) => {
      db.prepare('DELETE FROM audit WHERE seq = 10').run();
      db.prepare('UPDATE audit SET seq = -(seq - 1) WHERE seq > 10').run();
      db.prepare('UPDATE audit SET seq = -seq WHERE seq < 0').run();
    });
    expect(verify(dir)).toEqual([expect.objectContaining({ seq: 10, problem: 'deleted' })]);
  });

  it('names an inserted row, at the end and in the middle', () => {
    const end = trail(30);
    tamper(end, (db) => {
      const last = db.prepare('SELECT * FROM audit WHERE seq = 30').get() as StoredChainRow;
      db.prepare(
        `INSERT INTO audit (seq, at, actor_id, actor_name, actor_role, action, case_id, detail, digest, prev_mac, mac)
         VALUES (31, 2000, 'supervisor-1', 'Someone', 'supervisor', 'queue.cancel', NULL, NULL, NULL, ?, ?)`,
      ).run(last.mac, last.mac.split('').reverse().join(''));
    });
    expect(verify(end)).toEqual([expect.objectContaining({ seq: 31, problem: 'inserted' })]);

    const middle = trail(30);
    tamper(middle, (db) => {
      db.prepare('UPDATE audit SET seq = -(seq + 1) WHERE seq >= 15').run();
      db.prepare('UPDATE audit SET seq = -seq WHERE seq < 0').run();
      const before = db.prepare('SELECT * FROM audit WHERE seq = 14').get() as StoredChainRow;
      db.prepare(
        `INSERT INTO audit (seq, at, actor_id, actor_name, actor_role, action, case_id, detail, digest, prev_mac, mac)
         VALUES (15, 1014, 'teller-1', 'Someone', 'teller', 'reviewed', NULL, NULL, NULL, ?, 'forged')`,
      ).run(before.mac);
    });
    const problems = verify(middle);
    expect(problems[0]).toMatchObject({ seq: 15, problem: 'inserted' });
    expect(problems.every((p) => p.problem === 'inserted')).toBe(true);
  });

  it('names two swapped rows', () => {
    const dir = trail(30);
    tamper(dir, (db) => {
      db.prepare('UPDATE audit SET seq = -1 WHERE seq = 8').run();
      db.prepare('UPDATE audit SET seq = 8 WHERE seq = 9').run();
      db.prepare('UPDATE audit SET seq = 9 WHERE seq = -1').run();
    });
    expect(verify(dir)).toEqual([
      expect.objectContaining({ seq: 8, problem: 'reordered' }),
      expect.objectContaining({ seq: 9, problem: 'reordered' }),
    ]);
  });

  it('cannot be rebuilt without the key: MACs recomputed with another key are all refused', () => {
    const dir = trail(10);
    tamper(dir, (db) => {
      const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as StoredChainRow[];
      const guess = Buffer.alloc(32, 7);
      let prev = 'genesis';
      for (const row of rows) {
        const forged = { ...row, actor_id: 'nobody', prev_mac: prev };
        const mac = rowMac(guess, forged);
        db.prepare('UPDATE audit SET actor_id = ?, prev_mac = ?, mac = ? WHERE seq = ?').run(
          'nobody',
          prev,
          mac,
          row.seq,
        );
        prev = mac;
      }
    });
    const problems = verify(dir);
    expect(problems.map((p) => p.seq)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  });

  it('detects 100 % of single-row edits, deletions and adjacent swaps at every position', () => {
    const dir = trail(40);
    const store = openStore(dir);
    const key = store.audit.chainKey;
    const rows = store.audit.all();
    const head = store.audit.head();
    store.close();
    for (let i = 0; i < rows.length; i++) {
      const seq = rows[i]!.seq;
      const edited = rows.map((row, j) => (j === i ? { ...row, at: row.at + 1 } : row));
      expect(verifyChain(key, edited, head), `edit ${seq}`).toEqual([
        expect.objectContaining({ seq, problem: 'edited' }),
      ]);
      const deleted = rows.filter((_, j) => j !== i);
      expect(verifyChain(key, deleted, head), `delete ${seq}`).toEqual([
        expect.objectContaining({ seq, problem: 'deleted' }),
      ]);
      if (i + 1 < rows.length) {
        const a = rows[i]!;
        const b = rows[i + 1]!;
        const swapped = [...rows];
        swapped[i] = { ...b, seq: a.seq };
        swapped[i + 1] = { ...a, seq: b.seq };
        expect(verifyChain(key, swapped, head), `swap ${seq}`).toEqual([
          expect.objectContaining({ seq: a.seq, problem: 'reordered' }),
          expect.objectContaining({ seq: b.seq, problem: 'reordered' }),
        ]);
      }
    }
  });

  it('writes a case event’s audit row in the same transaction, as the acting operator', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const capture = specimenCapture();
    await runAs({ id: 'teller-7', name: 'Teller Seven', role: 'teller' }, () =>
      store.commitCapture({
        case: {
          id: 'case-1',
          flow: capture.flow,
          provider: 'lumin',
          state: 'queued',
          operator_id: 'teller-7',
          operator_name: 'Teller Seven',
          language: 'en',
        },
        fields: {},
        images: capture.images,
        steps: [],
      }),
    );
    expect(store.audit.list({ caseId: 'case-1' })).toEqual([
      expect.objectContaining({
        action: 'captured',
        actorId: 'teller-7',
        actorRole: 'teller',
        caseId: 'case-1',
      }),
    ]);
    // A transaction that fails leaves neither the event nor its audit row.
    const before = store.audit.all().length;
    expect(() =>
      store.tx(() => {
        store.events.add({ caseId: 'case-1', at: 2_000, type: 'reviewed' });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(store.audit.all()).toHaveLength(before);
    // Outside any call, the system acts.
    store.events.add({ caseId: 'case-1', at: 3_000, type: 'step_done', stepKey: 'ocr' });
    expect(store.audit.list({ caseId: 'case-1', limit: 1 })[0]).toMatchObject({
      actorId: 'system',
      detail: { step: 'ocr' },
    });
    expect(verifyChain(store.audit.chainKey, store.audit.all(), store.audit.head())).toEqual([]);
    store.close();
  });
});
