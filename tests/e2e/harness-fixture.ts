// Starts the real browser harness (`src/harness/main.mts`) for each test, with its own data folder,
// and stops it afterwards: every test begins from a fresh kiosk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { launchHarness, type RunningHarness, stopHarness } from '../helpers/harness-process';

export { launchHarness, type RunningHarness, stopHarness };

export const test = base.extend<{ harness: RunningHarness; kioskConfig: Record<string, unknown> | null }>({
  /** A kiosk.config.json for the test's kiosk (as IT would place it); null: none, training defaults. */
  kioskConfig: [null, { option: true }],
  harness: async ({ kioskConfig }, use) => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    if (kioskConfig) writeFileSync(join(dataDir, 'kiosk.config.json'), JSON.stringify(kioskConfig));
    const harness = await launchHarness(dataDir);
    try {
      await use(harness);
    } finally {
      await stopHarness(harness);
      rmSync(root, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

/** Screenshots a person can look at after the run (uploaded as CI artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts/screenshots');
