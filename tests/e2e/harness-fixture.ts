// Starts the real browser harness (`src/harness/main.mts`) for each test, with its own data folder,
// and stops it afterwards: every test begins from a fresh kiosk.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { launchHarness, type RunningHarness, stopHarness } from '../helpers/harness-process';
import { TRAINING_PIN } from '../../src/shared/ipc/auth';
import { decodeWire, encodeWire } from '../../src/shared/ipc/wire';

export { launchHarness, type RunningHarness, stopHarness };

/**
 * Calls one IPC operation through the harness's bridge, from the test (outside the page), with the
 * run's token, as the renderer would. Returns main's answer `{ ok, value } | { ok: false, error }`.
 */
export async function invokeOverBridge(
  harness: RunningHarness,
  name: string,
  input: unknown,
): Promise<unknown> {
  const url = new URL(harness.url);
  const token = /token=([\w-]+)/.exec(url.hash)?.[1] ?? '';
  const response = await fetch(`${url.origin}/__kiosk/invoke/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-token': token },
    body: encodeWire({ input }),
  });
  return decodeWire(await response.text());
}

/**
 * Signs a training operator in through the bridge (the session is the kiosk's, so the page opens
 * signed in), as a person would on the sign-in screen.
 */
export async function signInOverBridge(harness: RunningHarness, operatorId: string): Promise<void> {
  const answer = (await invokeOverBridge(harness, 'auth.signIn', { operatorId, secret: TRAINING_PIN })) as {
    ok: boolean;
  };
  if (!answer.ok) throw new Error(`sign-in of ${operatorId} failed: ${JSON.stringify(answer)}`);
}

export const test = base.extend<{
  harness: RunningHarness;
  kioskConfig: Record<string, unknown> | null;
  signedIn: string | null;
}>({
  /** A kiosk.config.json for the test's kiosk (as IT would place it); null: none, training defaults. */
  kioskConfig: [null, { option: true }],
  /**
   * The training operator signed in before the test opens the page (default the supervisor, who may
   * do everything a flow needs); null starts signed out, at the sign-in screen.
   */
  signedIn: ['training-supervisor', { option: true }],
  harness: async ({ kioskConfig, signedIn }, use, testInfo) => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    if (kioskConfig) writeFileSync(join(dataDir, 'kiosk.config.json'), JSON.stringify(kioskConfig));
    const harness = await launchHarness(dataDir);
    if (signedIn) await signInOverBridge(harness, signedIn);
    try {
      await use(harness);
    } finally {
      await stopHarness(harness);
      // A failed test keeps what main logged (redacted, as on a kiosk): the only view of main's side
      // of a failure seen in CI.
      const log = join(dataDir, 'logs', 'kiosk.log');
      if (testInfo.status !== testInfo.expectedStatus && existsSync(log)) {
        await testInfo.attach('kiosk.log', { path: log, contentType: 'text/plain' });
      }
      rmSync(root, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

/** Screenshots a person can look at after the run (uploaded as CI artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts/screenshots');
