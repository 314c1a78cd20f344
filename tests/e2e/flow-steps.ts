// Steps of the one flow screen the ARGOS and Jumio specs share.
import type { Locator, Page } from '@playwright/test';
import { drawnSelfiePng } from '../helpers/selfie';
import { expect } from './harness-fixture';
import { scanSide } from './kiosk-page';

/**
 * Online, the provider may answer before staff press Continue (the done screen then replaces the saved
 * image); otherwise Continue leads there. Either way the case ends on the done screen.
 */
export async function untilDone(page: Page, timeoutMs = 60_000): Promise<void> {
  const next = page.getByTestId('continue');
  const done = page.getByTestId('flow-done');
  await expect(async () => {
    if (await next.isVisible()) await next.click({ timeout: 1_000 });
    await expect(done).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: timeoutMs });
}

/**
 * Opens Jumio's credentials flow in English for a new customer, scans the specimen's front and back,
 * gives a drawn selfie, reaches the review and opens the optional supporting document with the
 * training specimen scanner chosen (it has both a glass and a feeder). Ends with the document panel
 * visible; the language stays English. Starts on Home with staff signed in (no reload: a test of
 * what the renderer remembers keeps its page).
 */
export async function openJumioDocumentOnSpecimenScanner(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('flow-jumio.credentials').click();
  await page.locator('#field-customer').selectOption('new');
  await page.getByTestId('start-case').click();
  await scanSide(page, 'front', 'specimen:karim');
  await page.getByTestId('continue').click();
  await scanSide(page, 'back', 'specimen:karim');
  await page.getByTestId('continue').click();
  await page.getByTestId('file-selfie').setInputFiles({
    name: 'selfie.png',
    mimeType: 'image/png',
    buffer: await drawnSelfiePng(),
  });
  await expect(page.getByTestId('verdict-selfie')).toHaveAttribute('data-verdict', 'ok', { timeout: 20_000 });
  await page.getByTestId('continue').click();
  // The review waits; the optional document is offered before it.
  await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('capture-document-now').click();
  await expect(page.getByTestId('capture-document')).toBeVisible();
  await page.locator('#source-document').selectOption('simulated:specimen:karim');
}

/**
 * `target` is wholly inside the viewport and above the sticky action bar (the bar's box and the
 * target's do not intersect), as the page stands: staff see it and can click it without scrolling.
 * Clicks its centre with the mouse (no scrolling into view, unlike `locator.click`).
 */
export async function clickAboveActionBar(page: Page, target: Locator, label: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = await target.boundingBox();
  const bar = await page.locator('.action-bar').boundingBox();
  expect(box, `${label}: laid out`).not.toBeNull();
  expect(bar, 'the action bar is shown').not.toBeNull();
  expect(box!.y, `${label}: top inside the viewport`).toBeGreaterThanOrEqual(0);
  expect(
    box!.y + box!.height,
    `${label}: bottom above the action bar (top ${bar!.y} px)`,
  ).toBeLessThanOrEqual(bar!.y);
  expect(bar!.y + bar!.height, 'the action bar ends inside the viewport').toBeLessThanOrEqual(
    viewport.height,
  );
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
}
