/**
 * core_start_4gb_ms: opening the queue core on a 4 GB data folder after a clean shutdown, up to what
 * the first screen needs (the store opened and migrated, the relay built, the totals and the first
 * page of the queue read): median of 7 starts, with mean and max in the detail. The folder holds
 * 10,000 seeded cases plus 4 GB of large blobs in the images table (written as zero-filled blobs
 * with the journal off, which is quick; the integrity check reads every page whatever they hold).
 * Side by side in the same run: the same start on an empty store (the floor, ratio in the detail),
 * and one start after an unclean shutdown, which runs the quick check (what every start cost before).
 * Warm page cache: the folder was just written; the machine's caches are not dropped.
 *
 * background_check_4gb_ms: the background integrity check (src/main/store/background-check.ts) on the
 * same folder, started at once after a clean start instead of two minutes later: how long the worker
 * reads, and the main thread's event-loop delay meanwhile (max and p99, perf_hooks histogram), which
 * is what the operator would feel if the check ran on the main thread.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { checkInWorker } from '../src/main/store/background-check';
import { runningMarkerOf } from '../src/main/store/database';
import { IMAGES_DIR, SEALED_SUFFIX } from '../src/main/store/image-files';
import { DATABASE_FILE } from '../src/main/store/store';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry } from '../tests/helpers/queue';
import { seedDataDir } from '../tests/helpers/seed-cases';
import { type Benchmark, type Figure, mean, median, round } from './types';

const TARGET_BYTES = 4 * 1024 ** 3;
const BLOB_BYTES = 64 * 1024 ** 2;
const STARTS = 7;
const flows = registry(recordingFlow('http://127.0.0.1:9'));

/** Adds zero-filled 64 MB blobs to the images table until the file holds about 4 GB. */
function inflate(dataDir: string, caseIds: readonly string[]): number {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const insert = db.prepare(
      `INSERT INTO images (id, case_id, role, mime, width, height, size, sha256, created_at, bytes_enc)
       VALUES (?, ?, 'document', 'image/jpeg', 4000, 3000, ?, '', 0, zeroblob(?))`,
    );
    const count = Math.ceil(TARGET_BYTES / BLOB_BYTES);
    db.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(`bench-${i}`, caseIds[i]!, BLOB_BYTES, BLOB_BYTES);
    })();
    db.pragma('journal_mode = WAL');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const size = db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  } finally {
    db.close();
  }
}

const FILES = 20_000;
const FILE_BYTES = 4096;

/**
 * Writes `count` files of FILE_BYTES into `images/`, each named by an images row (the row's sealed
 * key is a placeholder: nothing here opens them; the start and the sweep only list and look up).
 */
function addImageFiles(dataDir: string, caseIds: readonly string[], count: number): void {
  const dir = join(dataDir, IMAGES_DIR);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    const insert = db.prepare(
      `INSERT INTO images (id, case_id, role, mime, width, height, size, sha256, created_at,
                           file, file_key_enc, file_nonce, file_size)
       VALUES (?, ?, ?, 'image/jpeg', 1000, 700, ?, '', 0, ?, zeroblob(60), zeroblob(12), ?)`,
    );
    const body = Buffer.alloc(FILE_BYTES);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const file = randomBytes(16).toString('hex');
        writeFileSync(join(dir, file + SEALED_SUFFIX), body);
        insert.run(
          `bench-file-${i}`,
          caseIds[i % caseIds.length]!,
          `page-${i}`,
          FILE_BYTES,
          file,
          FILE_BYTES,
        );
      }
    })();
  } finally {
    db.close();
  }
}

/** One start of the core up to the first screen's data; returns ms. Leaves the store closed. */
async function startOnce(dataDir: string): Promise<{ ms: number; checked: boolean }> {
  const started = performance.now();
  const { queue } = openQueue(dataDir, flows);
  queue.cases.totals();
  queue.cases.list({ limit: 50 });
  const ms = performance.now() - started;
  const checked = queue.store?.integrityChecked ?? false;
  await queue.close();
  return { ms, checked };
}

/** A clean start, then the background check at once; the main thread idles on its event loop meanwhile. */
async function backgroundCheck(
  dataDir: string,
): Promise<{ ms: number; outcome: string; threadId: number; delayMaxMs: number; delayP99Ms: number }> {
  const { queue } = openQueue(dataDir, flows);
  const file = queue.store?.file ?? join(dataDir, DATABASE_FILE);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const result = await checkInWorker(file).result;
  delay.disable();
  await queue.close();
  return {
    ms: result?.ms ?? Number.NaN,
    outcome: result?.outcome ?? 'stopped',
    threadId: result?.threadId ?? -1,
    delayMaxMs: delay.max / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
  };
}

/** The orphan-file sweep alone on an opened store, ms (what the background check pays now). */
async function sweepOnce(dataDir: string): Promise<{ ms: number; removed: number }> {
  const { queue } = openQueue(dataDir, flows);
  const started = performance.now();
  const removed = queue.store?.sweepImageFiles() ?? 0;
  const ms = performance.now() - started;
  await queue.close();
  return { ms, removed };
}

export const startupFilesBenchmark: Benchmark = {
  name: 'startup_files',
  async run(): Promise<Figure[]> {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-bench-start-files-'));
    try {
      const withFiles = join(root, 'files');
      const empty = join(root, 'empty');
      const seeded = seedDataDir(withFiles, { count: 10_000 });
      addImageFiles(
        withFiles,
        seeded.map((c) => c.id),
        FILES,
      );
      seedDataDir(empty, { count: 0 });
      await startOnce(withFiles);
      await startOnce(empty);
      const atFiles: number[] = [];
      const atEmpty: number[] = [];
      const sweeps: number[] = [];
      let removed = 0;
      for (let i = 0; i < STARTS; i++) {
        atFiles.push((await startOnce(withFiles)).ms);
        atEmpty.push((await startOnce(empty)).ms);
        const sweep = await sweepOnce(withFiles);
        sweeps.push(sweep.ms);
        removed += sweep.removed;
      }
      const value = median(atFiles);
      return [
        {
          name: 'core_start_20k_files_ms',
          value: round(value, 1),
          unit: 'ms',
          target: '<= 300',
          detail: {
            files: FILES,
            cases: seeded.length,
            starts: STARTS,
            meanMs: round(mean(atFiles), 1),
            maxMs: round(Math.max(...atFiles), 1),
            emptyStoreMedianMs: round(median(atEmpty), 1),
            ratioToEmptyStore: round(value / median(atEmpty)),
            sweepMedianMs: round(median(sweeps), 1),
            sweepMeanMs: round(mean(sweeps), 1),
            sweepMaxMs: round(Math.max(...sweeps), 1),
            sweepRemoved: removed,
          },
        },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export const startupBenchmark: Benchmark = {
  name: 'startup',
  async run(): Promise<Figure[]> {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-bench-start-'));
    try {
      const big = join(root, 'big');
      const empty = join(root, 'empty');
      const prepared = performance.now();
      const seeded = seedDataDir(big, { count: 10_000 });
      const bytes = inflate(
        big,
        seeded.map((c) => c.id),
      );
      seedDataDir(empty, { count: 0 });
      const prepareMs = performance.now() - prepared;
      // First start after the inflation migrates nothing but settles the WAL: not measured.
      await startOnce(big);
      await startOnce(empty);

      const atBig: number[] = [];
      const atEmpty: number[] = [];
      let checkedClean = 0;
      for (let i = 0; i < STARTS; i++) {
        const start = await startOnce(big);
        atBig.push(start.ms);
        checkedClean += Number(start.checked);
        atEmpty.push((await startOnce(empty)).ms);
      }
      const check = await backgroundCheck(big);
      // An unclean shutdown leaves the marker: the next start runs the quick check.
      writeFileSync(runningMarkerOf(join(big, DATABASE_FILE)), '');
      const unclean = await startOnce(big);
      const value = median(atBig);
      return [
        {
          name: 'core_start_4gb_ms',
          value: round(value, 1),
          unit: 'ms',
          target: '<= 300',
          detail: {
            databaseBytes: bytes,
            cases: seeded.length,
            starts: STARTS,
            meanMs: round(atBig.reduce((a, b) => a + b, 0) / STARTS, 1),
            maxMs: round(Math.max(...atBig), 1),
            emptyStoreMedianMs: round(median(atEmpty), 1),
            ratioToEmptyStore: round(value / median(atEmpty)),
            cleanStartsThatRanTheCheck: checkedClean,
            afterUncleanShutdownMs: round(unclean.ms, 1),
            afterUncleanShutdownChecked: String(unclean.checked),
            prepareMs: round(prepareMs, 0),
          },
        },
        {
          name: 'background_check_4gb_ms',
          value: round(check.ms, 0),
          unit: 'ms',
          detail: {
            outcome: check.outcome,
            mainEventLoopDelayMaxMs: round(check.delayMaxMs, 1),
            mainEventLoopDelayP99Ms: round(check.delayP99Ms, 1),
            workerThreadId: check.threadId,
          },
        },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
