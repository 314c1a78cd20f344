/**
 * queue_scroll_fps: scrolling the whole queue of 10,000 cases in Chromium, through the real harness
 * and the built renderer. The page scrolls the list by 200 px on every animation frame (12,000 px a second at 60 fps, a fast fling)
 * (requestAnimationFrame) from the top to the last row, while pages of rows arrive from main, and
 * counts frames: fps = frames / seconds over the whole scroll (the figure), and per one-second window
 * (median, mean and 5th percentile of the windows: the tail a person sees as stutter). Side by side,
 * the same loop on a page with nothing to draw (about:blank), before and after, gives the floor with
 * the same statistics: the frame rate this browser reaches here at all. On a shared machine the fps
 * follows the load, so a last, traced pass over the loaded list also reports the renderer main
 * thread's CPU time per frame (trace `tdur`), which the load does not inflate. The detail has the p95
 * and worst frame interval and how many frames took longer than 1/55 s.
 * Needs the build (npm run build) and Debian's Chromium (CHROMIUM_PATH); prints why when missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { signInOverBridge } from '../tests/e2e/harness-fixture';
import type { CaseState } from '../src/shared/domain/flows';
import { launchHarness, stopHarness } from '../tests/helpers/harness-process';
import { seedDataDir } from '../tests/helpers/seed-cases';
import { type Benchmark, type Figure, mean, median, percentile, round } from './types';

const COUNT = 10_000;
const STEP_PX = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No case waits to send: the harness's relay would otherwise start sending during the scroll. */
const stateOf = (index: number): CaseState =>
  index % 1000 === 500 ? 'needs_attention' : index % 50 === 7 ? 'cancelled' : 'completed';

interface Scrolled {
  intervals: number[];
  elapsedMs: number;
  rows: number;
  reachedEnd: boolean;
}

/**
 * The in-page loop, as source text: tsx would wrap named functions in a helper that does not exist
 * in the page. Scrolls `selector` by `step` px per animation frame until the list is complete and
 * at its end (or, without a selector, just counts frames), for at most `maxMs`.
 */
const FRAME_LOOP = `({ selector, step, maxMs, bounce }) => new Promise((resolve) => {
  const el = selector ? document.querySelector(selector) : null;
  const intervals = [];
  let last = -1;
  let first = -1;
  const frame = (t) => {
    if (first < 0) first = t;
    if (last >= 0) intervals.push(t - last);
    last = t;
    const complete = el !== null && el.dataset.complete === 'true';
    const atEnd =
      el !== null && (step > 0 ? el.scrollTop + el.clientHeight >= el.scrollHeight - 1 : el.scrollTop <= 0);
    if ((complete && atEnd && !bounce) || t - first > maxMs) {
      resolve({ intervals, elapsedMs: t - first, rows: Number(el ? el.dataset.rows : 0), reachedEnd: complete && atEnd });
      return;
    }
    if (el && bounce && atEnd) step = -step;
    if (el) el.scrollTop += step;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;

/** Runs FRAME_LOOP; with `bounce` it turns at either end and stops only after `maxMs`. */
function scrollFrames(
  page: Page,
  selector: string | null,
  maxMs: number,
  step = STEP_PX,
  bounce = false,
): Promise<Scrolled> {
  const args = JSON.stringify({ selector, step, maxMs, bounce });
  return page.evaluate<Scrolled>(`(${FRAME_LOOP})(${args})`);
}

/** Frames per second in consecutive windows of at least one second (a last, shorter window is dropped). */
function windowFps(intervals: readonly number[]): number[] {
  const windows: number[] = [];
  let frames = 0;
  let ms = 0;
  for (const interval of intervals) {
    frames += 1;
    ms += interval;
    if (ms >= 1000) {
      windows.push(frames / (ms / 1000));
      frames = 0;
      ms = 0;
    }
  }
  return windows;
}

interface Summary {
  fps: number;
  windows: number[];
  p95: number;
  worst: number;
  slow: number;
}

function summary(runs: Scrolled | readonly Scrolled[]): Summary {
  const all: readonly Scrolled[] = 'intervals' in runs ? [runs] : runs;
  const intervals = all.flatMap((run) => run.intervals);
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    fps: intervals.length / (all.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000),
    windows: all.flatMap((run) => windowFps(run.intervals)),
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    worst: sorted.at(-1) ?? 0,
    slow: intervals.filter((ms) => ms > 1000 / 55).length,
  };
}

/** Median, mean and 5th percentile of the one-second windows, rounded, under a common prefix. */
function windowStats(prefix: string, run: Summary): Record<string, number> {
  if (run.windows.length === 0) return {};
  return {
    [`${prefix}FpsMedian`]: round(median(run.windows), 1),
    [`${prefix}FpsMean`]: round(mean(run.windows), 1),
    [`${prefix}FpsP5`]: round(percentile(run.windows, 0.05), 1),
  };
}

/**
 * The renderer main thread's CPU time per frame (ms) while the loop scrolls for `ms`, from a
 * Chromium trace: the sum of its tasks' thread time (`tdur`, µs) over the animation frames fired.
 */
async function mainThreadCpuPerFrame(page: Page, selector: string, ms: number): Promise<number> {
  const client = await page.context().newCDPSession(page);
  const events: {
    ph: string;
    name: string;
    pid: number;
    tid: number;
    tdur?: number;
    args?: { name?: string };
  }[] = [];
  client.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as typeof events)));
  const complete = new Promise((resolve) => client.once('Tracing.tracingComplete', resolve));
  await client.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await scrollFrames(page, selector, ms, STEP_PX, true);
  await client.send('Tracing.end');
  await complete;
  await client.detach();
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let frames = 0;
  let cpuUs = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name === 'FireAnimationFrame') frames += 1;
    if (e.name === 'RunTask') cpuUs += e.tdur ?? 0;
  }
  return frames > 0 ? cpuUs / 1000 / frames : 0;
}

export const scrollBenchmark: Benchmark = {
  name: 'scroll',
  async run(): Promise<Figure[]> {
    if (!existsSync(join(process.cwd(), 'out/renderer/index.html')) || !existsSync(CHROMIUM)) {
      process.stdout.write(`# scroll: skipped, needs "npm run build" and Chromium at ${CHROMIUM}\n`);
      return [];
    }
    const root = mkdtempSync(join(tmpdir(), 'kiosk-bench-scroll-'));
    const dataDir = join(root, 'data');
    seedDataDir(dataDir, {
      count: COUNT,
      stateOf,
      start: Date.now() - (COUNT + 60) * 30_000,
      spacingMs: 30_000,
    });
    writeFileSync(join(dataDir, 'kiosk.config.json'), JSON.stringify({ defaultLanguage: 'en' }));
    const harness = await launchHarness(dataDir);
    // The queue is for signed-in staff.
    await signInOverBridge(harness, 'training-supervisor');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const floorPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await floorPage.goto('about:blank');
      await page.goto(harness.url);
      await page.getByTestId('nav-queue').click();
      await page.getByTestId('queue-list').getByRole('listitem').first().waitFor();
      const floorBefore = await scrollFrames(floorPage, null, 5000);
      await page.bringToFront();
      const run = await scrollFrames(page, '[data-testid="queue-list"]', 240_000);
      // Back to the top with every row loaded: the same scrolling without pages arriving.
      const back = summary(await scrollFrames(page, '[data-testid="queue-list"]', 240_000, -STEP_PX));
      await floorPage.bringToFront();
      const floorAfter = await scrollFrames(floorPage, null, 5000);
      await page.bringToFront();
      const cpuPerFrame = await mainThreadCpuPerFrame(page, '[data-testid="queue-list"]', 5000);
      const result = summary(run);
      const floorRuns = summary([floorBefore, floorAfter]);
      const floor = median([summary(floorBefore).fps, summary(floorAfter).fps]);
      return [
        {
          name: 'queue_scroll_fps',
          value: round(result.fps, 1),
          unit: 'fps',
          target: '>= 55',
          detail: {
            rows: run.rows,
            reachedEnd: String(run.reachedEnd),
            frames: run.intervals.length,
            seconds: round(run.elapsedMs / 1000, 1),
            p95FrameMs: round(result.p95, 1),
            worstFrameMs: round(result.worst, 1),
            framesSlowerThan55fps: result.slow,
            ...windowStats('queue', result),
            blankPageFps: round(floor, 1),
            ...windowStats('blankPage', floorRuns),
            ratioToBlankPage: round(result.fps / floor),
            mainThreadCpuMsPerFrame: round(cpuPerFrame, 2),
            stepPx: STEP_PX,
            backToTopAllLoadedFps: round(back.fps, 1),
            backToTopP95FrameMs: round(back.p95, 1),
          },
        },
      ];
    } finally {
      await browser.close();
      await stopHarness(harness);
      rmSync(root, { recursive: true, force: true });
    }
  },
};
