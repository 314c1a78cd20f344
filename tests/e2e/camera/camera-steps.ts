// Steps the document-camera specs share: open the national-ID flow with the camera as the front's
// source, and read what main stored (through the same window.kiosk API the screens use).
import type { Page } from '@playwright/test';
import { openOnboarding } from '../kiosk-page';
import { expect } from './camera-fixture';

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
