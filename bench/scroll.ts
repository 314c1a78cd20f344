/**
 * queue_scroll_fps: scrolling the whole queue of 10,000 cases in Chromium, through the real harness
 * and the built renderer. The page scrolls the list by 200 px on every animation frame (12,000 px a second at 60 fps, a fast fling)
 * (requestAnimationFrame) from the top to the last row, while pages of rows arrive from main, and
 * counts frames: fps = frames / seconds. Side by side, the same loop on a page with nothing to draw
 * (about:blank) gives the floor: the frame rate this browser reaches here at all. The detail has the
 * p95 and worst frame interval and how many frames took longer than 1/55 s.
 * Needs the build (npm run build) and Debian's Chromium (CHROMIUM_PATH); prints why when missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { CaseState } from '../src/shared/domain/flows';
import { launchHarness, stopHarness } from '../tests/helpers/harness-process';
import { seedDataDir } from '../tests/helpers/seed-cases';
import { type Benchmark, type Figure, median, round } from './types';

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
const FRAME_LOOP = `({ selector, step, maxMs }) => new Promise((resolve) => {
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
    if ((complete && atEnd) || t - first > maxMs) {
      resolve({ intervals, elapsedMs: t - first, rows: Number(el ? el.dataset.rows : 0), reachedEnd: complete && atEnd });
      return;
    }
    if (el) el.scrollTop += step;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;

function scrollFrames(page: Page, selector: string | null, maxMs: number, step = STEP_PX): Promise<Scrolled> {
  const args = JSON.stringify({ selector, step, maxMs });
  return page.evaluate<Scrolled>(`(${FRAME_LOOP})(${args})`);
}

function summary(run: Scrolled): { fps: number; p95: number; worst: number; slow: number } {
  const sorted = [...run.intervals].sort((a, b) => a - b);
  return {
    fps: run.intervals.length / (run.elapsedMs / 1000),
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    worst: sorted.at(-1) ?? 0,
    slow: run.intervals.filter((ms) => ms > 1000 / 55).length,
  };
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
      const floorBefore = summary(await scrollFrames(floorPage, null, 3000));
      await page.bringToFront();
      const run = await scrollFrames(page, '[data-testid="queue-list"]', 240_000);
      // Back to the top with every row loaded: the same scrolling without pages arriving.
      const back = summary(await scrollFrames(page, '[data-testid="queue-list"]', 240_000, -STEP_PX));
      await floorPage.bringToFront();
      const floorAfter = summary(await scrollFrames(floorPage, null, 3000));
      const result = summary(run);
      const floor = median([floorBefore.fps, floorAfter.fps]);
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
            blankPageFps: round(floor, 1),
            ratioToBlankPage: round(result.fps / floor),
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
