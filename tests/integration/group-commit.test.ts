// The relay's group commit: writes asked for in the same turn share one transaction, each settles
// only after the COMMIT, and a write that throws is rolled back alone.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FileKeyProvider } from '../../src/main/store/key-provider';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { GroupCommit } from '../../src/main/sync/group-commit';
import { KEY_FILE } from '../../src/main/sync/queue-service';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** One event, told apart from the others by its code (the type is any of the closed set). */
function addEvent(store: KioskStore, marker: string): void {
  store.events.add({ caseId: 'case-1', at: 1, type: 'retry_requested', code: marker });
}

describe('group commit', () => {
  it('commits the writes of one turn together, visible to another connection when they resolve', async () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(join(dir, KEY_FILE)) });
    store.db.pragma('foreign_keys = OFF'); // events without their case: this test is about commits
    const commits = new GroupCommit(store);
    const other = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const count = (): number =>
      (other.prepare('SELECT COUNT(*) AS n FROM case_events').get() as { n: number }).n;

    const writes = [1, 2, 3].map((n) =>
      commits.run(() => {
        addEvent(store, `e${n}`);
        return n;
      }),
    );
    expect(count()).toBe(0); // nothing runs before the turn ends
    expect(await Promise.all(writes)).toEqual([1, 2, 3]);
    expect(count()).toBe(3);
    expect(commits.stats).toEqual({ commits: 1, writes: 3, fullCommits: 1 });

    const failing = commits.run(() => {
      addEvent(store, 'rolled-back');
      throw new Error('this write fails');
    });
    const fine = commits.run(() => addEvent(store, 'kept'));
    await expect(failing).rejects.toThrow('this write fails');
    await fine;
    const markers = other.prepare('SELECT code FROM case_events ORDER BY id').all() as { code: string }[];
    expect(markers.map((row) => row.code)).toEqual(['e1', 'e2', 'e3', 'kept']);
    other.close();
    store.close();
  });

  it('fails the whole group when SQLite rolled its transaction back, committing no later write alone', async () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(join(dir, KEY_FILE)) });
    store.db.pragma('foreign_keys = OFF');
    const commits = new GroupCommit(store);
    const before = commits.run(() => addEvent(store, 'before'));
    // What SQLITE_FULL or SQLITE_IOERR do to a transaction: roll back all of it, then the error.
    const broken = commits.run(() => {
      store.db.exec('ROLLBACK');
      throw new Error('disk full');
    });
    const after = commits.run(() => addEvent(store, 'after'));
    const settled = await Promise.allSettled([before, broken, after]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(store.db.inTransaction).toBe(false);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM case_events').get() as { n: number }).n).toBe(0);
    expect(commits.stats).toEqual({ commits: 0, writes: 0, fullCommits: 0 });
    store.close();
  });
});
