// Durability per command (store.ts Durability): a 'full' commit runs with synchronous=FULL (2, the
// WAL fsynced at COMMIT), a 'relaxed' one with NORMAL (1). The pragma is read inside the transaction
// on a real SQLite file, so these tests see what SQLite's COMMIT will do, not what the code meant.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyProvider } from '../../src/main/store/key-provider';
import type { Durability } from '../../src/main/store/store';
import { KioskStore } from '../../src/main/store/store';
import { GroupCommit } from '../../src/main/sync/group-commit';
import { KEY_FILE } from '../../src/main/sync/queue-service';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const opened: KioskStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function openStore(): KioskStore {
  const dir = tempDir();
  const store = KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(join(dir, KEY_FILE)) });
  store.db.pragma('foreign_keys = OFF'); // events without their case: these tests are about commits
  opened.push(store);
  return store;
}

function synchronousNow(store: KioskStore): number {
  return store.db.pragma('synchronous', { simple: true }) as number;
}

/** Runs a command that writes one event and reports the pragma it ran under. */
function commandUnder(store: KioskStore, durability?: Durability): number {
  return store.command(
    'test write',
    () => {
      store.events.add({
        caseId: 'case-1',
        at: 1,
        type: 'retry_requested',
        code: `write-${durability ?? 'default'}`,
      });
      return synchronousNow(store);
    },
    durability ? { durability } : {},
  );
}

describe('store durability', () => {
  it('opens with synchronous=FULL and runs a command FULL unless it asks for relaxed', () => {
    const store = openStore();
    expect(synchronousNow(store)).toBe(2);
    expect(commandUnder(store)).toBe(2);
    expect(commandUnder(store, 'relaxed')).toBe(1);
    // A full command after a relaxed one is FULL again (its fsync covers the relaxed commit too).
    expect(commandUnder(store)).toBe(2);
    expect(commandUnder(store, 'full')).toBe(2);
    expect(store.tx(() => synchronousNow(store), 'relaxed')).toBe(1);
    expect(store.tx(() => synchronousNow(store))).toBe(2);
    const types = store.events.forCase('case-1').map((event) => event.type);
    expect(types).toHaveLength(4); // every command committed, whatever its durability
  });

  it('lets a transaction nested in another keep the outer durability', () => {
    const store = openStore();
    const inner = store.tx(() => store.tx(() => synchronousNow(store), 'relaxed'), 'full');
    expect(inner).toBe(2);
    const relaxedOuter = store.tx(() => store.tx(() => synchronousNow(store), 'full'), 'relaxed');
    expect(relaxedOuter).toBe(1);
  });

  it('commits a relay group FULL when one of its writes is full, NORMAL when all are relaxed', async () => {
    const store = openStore();
    const commits = new GroupCommit(store);
    const relaxedOnly = await Promise.all([
      commits.run(() => synchronousNow(store), 'relaxed'),
      commits.run(() => synchronousNow(store), 'relaxed'),
    ]);
    expect(relaxedOnly).toEqual([1, 1]);
    const mixed = await Promise.all([
      commits.run(() => synchronousNow(store), 'relaxed'),
      commits.run(() => synchronousNow(store), 'full'),
    ]);
    expect(mixed).toEqual([2, 2]);
    // A write that does not say is full.
    expect(await commits.run(() => synchronousNow(store))).toBe(2);
    expect(commits.stats).toEqual({ commits: 3, writes: 5, fullCommits: 2 });
  });
});
