// Steps the document-camera specs share: open the national-ID flow with the camera as the front's
// source, and read what main stored (through the same window.kiosk API the screens use).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openOnboarding } from '../kiosk-page';
import { expect, SCREENSHOT_DIR } from './camera-fixture';

/** More analysed frames than the steadiness window needs (600 ms at one frame per 120 ms or more). */
export const FRAMES_TO_WATCH = 25;

export async function openCamera(page: Page, url: string, language: 'English' | 'العربية' = 'English') {
  await page.goto(url);
  await page.getByRole('button', { name: language }).click();
  await openOnboarding(page);
  await page.locator('#source-front').selectOption('camera');
  const camera = page.getByTestId('camera-front');
  await expect(camera).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
  return camera;
}

/** What main stored for the newest case's front image (through the same window.kiosk API). */
export async function storedFront(page: Page) {
  return page.evaluate(async () => {
    // Calls answer { ok, value } | { ok: false, error } (src/shared/ipc/result.ts).
    const list = await window.kiosk.queue.list({});
    if (!list.ok) throw new Error(list.error.message);
    const newest = list.value.cases[0];
    if (!newest) return null;
    const view = await window.kiosk.cases.get({ caseId: newest.id });
    if (!view.ok) throw new Error(view.error.message);
    return { count: list.value.cases.length, quality: view.value.quality.front ?? null };
  });
}

/**
 * A scene that must never be taken automatically: the camera analyses FRAMES_TO_WATCH frames (counted
 * by the component's data-analysed, not by seconds), judges them `verdict`, takes nothing; then the
 * manual shutter takes it (staff decide). The screenshot goes to artifacts/screenshots/`<shotName>`.png.
 */
export async function neverAutoCaptured(
  page: Page,
  url: string,
  verdict: string,
  shotName: string,
  /** How staff take it: the shutter button, or F2 (the capture screen's key, the shutter with the camera chosen). */
  take: 'click' | 'F2' = 'click',
) {
  const camera = await openCamera(page, url);
  await expect
    .poll(async () => Number(await camera.getAttribute('data-analysed')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(FRAMES_TO_WATCH);
  await expect(camera).toHaveAttribute('data-verdict', verdict);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${shotName}.png`), fullPage: true });
  await expect(page.getByTestId('saved-front')).toHaveCount(0);
  expect(await storedFront(page)).toBeNull();
  if (take === 'F2') await page.keyboard.press('F2');
  else await page.getByTestId('shutter-front').click();
  await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 30_000 });
}
