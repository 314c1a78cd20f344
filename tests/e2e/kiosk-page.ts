// Helpers for driving the national-ID onboarding flow the way an operator does, and for reading
// what the training simulators recorded (their ledger) through the harness.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, type RunningHarness, SCREENSHOT_DIR } from './harness-fixture';

export type Side = 'front' | 'back' | 'passport';

/** Harness calls carry the run's token, as the bridge does. */
export async function harnessCall(harness: RunningHarness, path: string, method = 'GET'): Promise<unknown> {
  const url = new URL(harness.url);
  const token = /token=([\w-]+)/.exec(url.hash)?.[1] ?? '';
  const response = await fetch(`${url.origin}${path}`, { method, headers: { 'x-kiosk-token': token } });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response.json() as Promise<unknown>;
}

/** Every effect a training simulator recorded (its admin ledger, read with the run's admin token). */
export async function simulatorLedger(
  harness: RunningHarness,
  vendor: 'lumin' | 'argos' | 'jumio',
): Promise<{ effect: string; details: Record<string, unknown> }[]> {
  const { urls, adminTokens } = (await harnessCall(harness, '/__kiosk/simulators/')) as {
    urls: Record<string, string>;
    adminTokens: Record<string, string>;
  };
  const response = await fetch(`${urls[vendor]}/__sim/ledger`, {
    headers: { 'x-sim-admin-token': adminTokens[vendor] ?? '' },
  });
  if (!response.ok) throw new Error(`${vendor} ledger: HTTP ${response.status}`);
  return response.json() as Promise<{ effect: string; details: Record<string, unknown> }[]>;
}

export const luminLedger = (harness: RunningHarness) => simulatorLedger(harness, 'lumin');

export const stopSimulators = (harness: RunningHarness) =>
  harnessCall(harness, '/__kiosk/simulators/stop', 'POST');
export const startSimulators = (harness: RunningHarness) =>
  harnessCall(harness, '/__kiosk/simulators/start', 'POST');

/** Picks a specimen scanner and scans one side; resolves once the kiosk says it is saved. */
export async function scanSide(page: Page, side: Side, specimen: string): Promise<void> {
  await page.locator(`#source-${side}`).selectOption(`simulated:${specimen}`);
  await page.getByTestId(`scan-${side}`).click();
  // A wait for completion, not a speed check (speed is measured by `npm run bench`): rendering the
  // specimen, the imaging pipeline and the sealed commit took over 15 s on a 2-core machine shared
  // with other builds, so the bound is generous.
  await expect(page.getByTestId(`saved-${side}`)).toBeVisible({ timeout: 45_000 });
}

export async function openOnboarding(page: Page): Promise<void> {
  await page.getByTestId('flow-lumin.kyc-national-id').click();
  await expect(page.getByTestId('capture-front')).toBeVisible();
}

/** The update flows' customer (specimen Hoda) types her password on the masked step. */
export const PASSWORD = 'Specimen#2024';

export async function giveSecret(page: Page, password: string): Promise<void> {
  await expect(page.getByTestId('secret-form')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('secret-input')).toHaveAttribute('type', 'password');
  await page.getByTestId('secret-input').fill(password);
  await page.getByTestId('secret-submit').click();
  await expect(page.getByTestId('secret-form')).toBeHidden({ timeout: 15_000 });
}

/** The two screen sizes every phase is looked at in: a branch's small monitor and a full-HD one. */
export const SCREEN_SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/**
 * One screenshot of the viewport per screen size, as `<name>-<w>x<h>.png` in artifacts/screenshots
 * (what the teller sees, sticky bars where they are); the viewport is put back to 1024×768 afterwards.
 */
export async function shotsAtSizes(page: Page, name: string): Promise<void> {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
}

/** Opens the kiosk and switches it to a language (the harness's default is Arabic). */
export async function openIn(page: Page, url: string, language: 'en' | 'ar'): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: language === 'en' ? 'English' : 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Opens the kiosk in English. */
export const english = (page: Page, url: string): Promise<void> => openIn(page, url, 'en');

/** A full-page screenshot `<name>.png` in artifacts/screenshots. */
export const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
