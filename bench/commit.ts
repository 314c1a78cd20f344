/**
 * commit_ratio: committing one capture (two ~1 MB images, sealed, plus its steps) in one
 * transaction, divided by the time to write the same image bytes to a plain file
 * and fsync it. What the outbox's durability costs over the floor. Two floors, measured side by
 * side in the same run: a file created (truncated and allocated) each time, and a file allocated
 * once and overwritten in place (the cheapest honest write + fsync of those bytes). Median, mean
 * and p99 of each are reported: the median alone hides WAL checkpoints.
 *
 * The product writes each image into a pooled, preallocated file (src/main/store/image-files.ts)
 * and the capture's rows into the tail of the last one (the journal, image-journal.ts), so the
 * files' sync is the capture's only fsync and its transaction commits synchronous=NORMAL
 * (`split_journalled`: the share of captures that took that path; the others commit FULL), while
 * that sync runs (the case marked files_pending until it returns: capture-commit.ts); `split_rows`
 * and `split_sqliteCommit` are then hidden behind `split_syncFiles`, which is what the sync cost
 * beyond them:
 * the pool is refilled in the background after each commit; here the refill is awaited between
 * captures, outside the timed part, and its time per capture is reported (poolFillMeanMs) so it is
 * not hidden. The commit's time is split (mean ms per capture) into seal + write, the files'
 * fdatasync/fsync, the directory's fsync, and the rest (SQLite's transaction with its WAL fsync,
 * the key sealing, the rows): `split`.
 *
 * The images arrive as the imaging pipeline delivers them: with the SHA-256 it computed while
 * encoding (src/main/imaging/encode.ts), so the store does not hash them again. The same capture
 * without that hash (the store hashes 2 MB itself) is measured too, in a second pass, and reported
 * in the detail (withoutPipelineHash...).
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureCommits } from '../src/main/store/capture-commit';
import type { ImageFiles } from '../src/main/store/image-files';
import type { CaptureInput } from '../src/main/sync/case-service';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry } from '../tests/helpers/queue';
import { specimenCapture } from '../tests/helpers/specimen';
import { type Benchmark, type Figure, mean, median, percentile, round } from './types';

const RUNS = 60;
/** `COMMIT_POOL_FILES=0` measures the product without its pool (every image a new file). */
const POOL_FILES =
  process.env.COMMIT_POOL_FILES === undefined ? undefined : Number(process.env.COMMIT_POOL_FILES);
const WARM_UP = 5;
const IMAGE_BYTES = 1024 * 1024;

/** A capture as the imaging pipeline hands it over: each image with its hash. */
function pipelineCapture(): CaptureInput {
  const capture = specimenCapture(IMAGE_BYTES);
  return {
    ...capture,
    images: capture.images.map((image) => ({
      ...image,
      sha256: createHash('sha256').update(image.bytes).digest('hex'),
    })),
  };
}

function writePlain(file: string, capture: CaptureInput): number {
  const started = performance.now();
  const fd = openSync(file, 'w');
  for (const image of capture.images) writeSync(fd, image.bytes);
  fsyncSync(fd);
  closeSync(fd);
  return performance.now() - started;
}

/** The same bytes written in place into a file allocated beforehand, then fsynced. */
function writePreallocated(file: string, capture: CaptureInput): number {
  const started = performance.now();
  const fd = openSync(file, 'r+');
  let offset = 0;
  for (const image of capture.images) {
    writeSync(fd, image.bytes, 0, image.bytes.byteLength, offset);
    offset += image.bytes.byteLength;
  }
  fsyncSync(fd);
  closeSync(fd);
  return performance.now() - started;
}

interface Series {
  median: number;
  mean: number;
  p99: number;
  /** Mean CPU time (user + system, ms) of this process per run: what load on the machine cannot inflate. */
  cpuMean: number;
}

function series(values: readonly number[], cpu: readonly number[]): Series {
  return { median: median(values), mean: mean(values), p99: percentile(values, 0.99), cpuMean: mean(cpu) };
}

/** CPU ms (user + system) this process spent since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Mean ms per capture of each phase of the commit (ImageFiles' timers; the rest is SQLite). */
interface Split {
  sealAndWrite: number;
  syncFiles: number;
  syncDir: number;
  sqliteAndRest: number;
  poolFill: number;
  /** The timeline (capture-commit.ts timings): statfs check, files' stage, rows, SQLite's BEGIN/COMMIT. */
  spaceCheck: number;
  stage: number;
  journal: number;
  rows: number;
  sqliteCommit: number;
  /** Images per capture written into a pooled file / a new file. */
  claimed: number;
  created: number;
  /** Captures per capture (0 or 1) whose rows went into the journal and committed NORMAL. */
  journalled: number;
}

/** Commit and plain-file times (wall and CPU) over RUNS captures (after WARM_UP), each followed by its file. */
async function measure(
  capture: (input: CaptureInput) => Promise<unknown>,
  make: () => CaptureInput,
  file: string,
  files: ImageFiles,
  commits: CaptureCommits,
): Promise<{ commit: Series; plain: Series; preallocated: Series; split: Split }> {
  const split: Split = {
    sealAndWrite: 0,
    syncFiles: 0,
    syncDir: 0,
    sqliteAndRest: 0,
    poolFill: 0,
    spaceCheck: 0,
    stage: 0,
    journal: 0,
    rows: 0,
    sqliteCommit: 0,
    claimed: 0,
    created: 0,
    journalled: 0,
  };
  const commit: number[] = [];
  const plain: number[] = [];
  const preallocated: number[] = [];
  const commitCpu: number[] = [];
  const plainCpu: number[] = [];
  const preallocatedCpu: number[] = [];
  const allocated = `${file}.preallocated`;
  writePlain(allocated, make());
  for (let index = 0; index < RUNS + WARM_UP; index++) {
    const input = make();
    // The pool's refill after the previous capture, awaited here: off the timed part, counted below.
    await files.fillPool();
    const fill = files.timings.fill;
    files.resetTimings();
    commits.resetTimings();
    let cpu = process.cpuUsage();
    const started = performance.now();
    await capture(input);
    const elapsed = performance.now() - started;
    const elapsedCpu = cpuMsSince(cpu);
    const phases = files.timings;
    const timeline = commits.timings;
    cpu = process.cpuUsage();
    const fileElapsed = writePlain(file, input);
    const fileCpu = cpuMsSince(cpu);
    cpu = process.cpuUsage();
    const inPlace = writePreallocated(allocated, input);
    const inPlaceCpu = cpuMsSince(cpu);
    if (index >= WARM_UP) {
      // the first few warm up caches and the JIT
      commit.push(elapsed);
      plain.push(fileElapsed);
      preallocated.push(inPlace);
      commitCpu.push(elapsedCpu);
      split.sealAndWrite += phases.sealAndWrite / RUNS;
      split.syncFiles += phases.syncFiles / RUNS;
      split.syncDir += phases.syncDir / RUNS;
      split.sqliteAndRest += (elapsed - phases.sealAndWrite - phases.syncFiles - phases.syncDir) / RUNS;
      split.poolFill += fill / RUNS;
      split.spaceCheck += timeline.spaceCheck / RUNS;
      split.stage += timeline.stage / RUNS;
      split.journal += phases.journal / RUNS;
      split.rows += timeline.rows / RUNS;
      split.sqliteCommit += timeline.sqliteCommit / RUNS;
      split.claimed += phases.claimed / RUNS;
      split.created += phases.created / RUNS;
      split.journalled += phases.journalled / RUNS;
      plainCpu.push(fileCpu);
      preallocatedCpu.push(inPlaceCpu);
    }
  }
  return {
    commit: series(commit, commitCpu),
    plain: series(plain, plainCpu),
    preallocated: series(preallocated, preallocatedCpu),
    split,
  };
}

export const commitBenchmark: Benchmark = {
  name: 'commit',
  async run() {
    // Under the OS temporary folder, which is a real disk here (check: a RAM-backed /tmp would make
    // both sides' fsync free and the ratio meaningless).
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-commit-'));
    try {
      const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')), {
        imageFiles: { manualFill: true, ...(POOL_FILES === undefined ? {} : { poolFiles: POOL_FILES }) },
      });
      const files = queue.store!.images.files;
      const commits = queue.store!.captures;
      const file = join(dir, 'plain.bin');
      const capture = (input: CaptureInput): Promise<unknown> => queue.cases.capture(input);
      const hashed = await measure(capture, pipelineCapture, file, files, commits);
      const unhashed = await measure(capture, () => specimenCapture(IMAGE_BYTES), file, files, commits);
      await queue.close();
      const { commit, plain, preallocated, split } = hashed;
      const figures: Figure[] = [
        {
          name: 'commit_ratio',
          value: round(commit.median / plain.median),
          unit: 'x',
          target: '<= 1.5',
          detail: {
            commitMedianMs: round(commit.median),
            commitMeanMs: round(commit.mean),
            commitP99Ms: round(commit.p99),
            plainMedianMs: round(plain.median),
            plainMeanMs: round(plain.mean),
            plainP99Ms: round(plain.p99),
            meanRatio: round(commit.mean / plain.mean),
            runs: RUNS,
            withoutPipelineHashRatio: round(unhashed.commit.median / unhashed.plain.median),
            withoutPipelineHashCommitMedianMs: round(unhashed.commit.median),
          },
        },
        {
          name: 'commit_ratio_preallocated',
          value: round(commit.median / preallocated.median),
          unit: 'x',
          target: '<= 1.5',
          detail: {
            preallocatedMedianMs: round(preallocated.median),
            preallocatedMeanMs: round(preallocated.mean),
            preallocatedP99Ms: round(preallocated.p99),
            meanRatio: round(commit.mean / preallocated.mean),
            p99Ratio: round(commit.p99 / preallocated.p99),
            commitCpuMeanMs: round(commit.cpuMean),
            preallocatedCpuMeanMs: round(preallocated.cpuMean),
            plainCpuMeanMs: round(plain.cpuMean),
            loadAverage1m: round(loadavg()[0]!, 2),
            poolFiles: POOL_FILES ?? 'default',
            ...Object.fromEntries(
              (Object.entries(split) as [string, number][]).map(([key, value]) => [
                `split_${key}`,
                round(value),
              ]),
            ),
          },
        },
      ];
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
