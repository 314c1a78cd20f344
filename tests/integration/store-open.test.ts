// Opening the store: the pragmas that make a commit durable, and every reason to stop with
// "service needed" (damaged file, missing or wrong key) instead of starting over empty.
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/main/store/errors';
import { FileKeyProvider } from '../../src/main/store/key-provider';
import { runningMarkerOf } from '../../src/main/store/database';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { KEY_FILE } from '../../src/main/sync/queue-service';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const flows = registry(recordingFlow('http://127.0.0.1:9'));

async function storeWithOneCase(): Promise<{ dir: string; caseId: string }> {
  const dir = tempDir();
  const { queue } = openQueue(dir, flows);
  const { id } = await queue.cases.capture(specimenCapture());
  await queue.close();
  return { dir, caseId: id };
}

function failureOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof StoreUnavailableError) return error.failure;
    throw error;
  }
  return undefined;
}

describe('opening the store', () => {
  it('uses WAL, synchronous=FULL and foreign keys, and keeps the key file private', () => {
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(join(dir, KEY_FILE)) });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, KEY_FILE))).toHaveLength(32);
  });

  it('stops with service needed on a damaged database, and never replaces it', async () => {
    const { dir } = await storeWithOneCase();
    const file = join(dir, DATABASE_FILE);
    const bytes = readFileSync(file);
    bytes.fill(0x41, 0, 100); // destroys the header
    writeFileSync(file, bytes);
    const { queue } = openQueue(dir, flows);
    expect(queue.serviceNeeded?.failure).toBe('corrupt');
    expect(queue.status().storage).toBe('service_needed');
    expect(() => queue.cases).toThrow(/damaged/);
    await queue.close();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('runs the integrity check only after a run that did not shut down cleanly', async () => {
    const { dir } = await storeWithOneCase();
    const keys = new FileKeyProvider(join(dir, KEY_FILE));
    const clean = KioskStore.open({ dataDir: dir, keys });
    expect(clean.integrityChecked).toBe(false);
    expect(existsSync(runningMarkerOf(clean.file))).toBe(true);
    // A crash: the store is never closed, its marker stays; the OS releases the data-folder lock
    // of a dead process, which this process does by hand.
    clean.db.close();
    (clean as unknown as { lock: { release(): void } }).lock.release();
    const afterCrash = KioskStore.open({ dataDir: dir, keys });
    expect(afterCrash.integrityChecked).toBe(true);
    afterCrash.close();
    expect(existsSync(runningMarkerOf(afterCrash.file))).toBe(false);
    const again = KioskStore.open({ dataDir: dir, keys });
    expect(again.integrityChecked).toBe(false);
    again.close();
  });

  it('detects damage inside the file with the quick check after an unclean shutdown', async () => {
    const { dir } = await storeWithOneCase();
    const file = join(dir, DATABASE_FILE);
    const bytes = readFileSync(file);
    // Scribble over the middle of the b-tree pages, keeping the header intact.
    bytes.fill(0xee, 4096 + 16, 4096 * 3);
    writeFileSync(file, bytes);
    writeFileSync(runningMarkerOf(file), ''); // the run that damaged it did not close the store
    const failure = failureOf(() =>
      KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(join(dir, KEY_FILE)) }),
    );
    expect(['corrupt', 'unreadable', 'migration_failed', 'key_mismatch']).toContain(failure);
  });

  it('refuses to start when the key is missing, and does not make a new one', async () => {
    const { dir } = await storeWithOneCase();
    rmSync(join(dir, KEY_FILE));
    const { queue } = openQueue(dir, flows);
    expect(queue.serviceNeeded?.failure).toBe('key_missing');
    expect(queue.serviceNeeded?.message).toMatch(/missing/);
    await queue.close();
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('refuses a key that does not open the database, and the data comes back with the right key', async () => {
    const { dir, caseId } = await storeWithOneCase();
    const keyFile = join(dir, KEY_FILE);
    copyFileSync(keyFile, `${keyFile}.saved`);
    rmSync(keyFile);
    writeFileSync(keyFile, Buffer.alloc(32, 9), { mode: 0o600 });
    expect(failureOf(() => KioskStore.open({ dataDir: dir, keys: new FileKeyProvider(keyFile) }))).toBe(
      'key_mismatch',
    );

    copyFileSync(`${keyFile}.saved`, keyFile);
    const { queue } = openQueue(dir, flows);
    expect(queue.cases.reviewData(caseId).fields.nationalId).toBe('29001011234567');
    await queue.close();
  });
});
