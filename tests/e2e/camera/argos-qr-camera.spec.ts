// The ARGOS submission id read from the customer's phone held up to the document camera: Chromium's
// fake capture device plays a phone whose screen shows the QR code of a made-up online application
// (generated with uqr in tests/helpers/camera-scenes.ts), the code reader's worker finds the code,
// the frame goes to main (cases.readCode), and the field fills without a click; the ARGOS flow then
// goes on. English at 1024×768 through to ARGOS, Arabic at 1920×1080 to the capture step, each
// with screenshots at both sizes.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CAMERA_PHONE_SUBMISSION } from '../../helpers/camera-scenes';
import { untilDone } from '../flow-steps';
import { scanSide, simulatorLedger } from '../kiosk-page';
import { expect, SCREENSHOT_DIR, test } from './camera-fixture';

test.use({ cameraScene: 'phone-qr', viewport: { width: 1024, height: 768 } });

/** Opens ARGOS, turns the camera on in the code reader, and waits for the id to arrive by itself. */
async function readWithCamera(page: Page, url: string, language: 'en' | 'ar') {
  await page.goto(url);
  await page.getByRole('button', { name: language === 'en' ? 'English' : 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await page.getByTestId('flow-argos.put-image').click();
  await expect(page.getByTestId('identify-form')).toBeVisible();
  await expect(page.locator('#field-submissionId')).toHaveValue('');
  await page.getByTestId('read-code-camera-submissionId').click();
  // No click after this: the worker finds the code, the frame goes to main, the field fills.
  await expect(page.locator('#field-submissionId')).toHaveValue(CAMERA_PHONE_SUBMISSION, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('code-read')).toBeVisible();
  await expect(page.getByTestId('flow-error')).toHaveCount(0);
  // A read that filled the field closes the camera.
  await expect(page.getByTestId('camera-code-submissionId')).toHaveCount(0);
}

/**
 * The screen at each size with the filled field in view (a full-page shot would put the sticky
 * Continue bar over it).
 */
async function shots(page: Page, name: string, sizes: readonly (readonly [number, number])[]) {
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    await page.locator('#field-submissionId').evaluate((field) => field.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`) });
  }
}

test.describe('ARGOS: the submission id from the QR code on the customer’s phone, by camera', () => {
  test('English: read without a click, then the images go to that submission', async ({ page, harness }) => {
    await readWithCamera(page, harness.url, 'en');
    await shots(page, 'argos-qr-camera-en-read', [
      [1920, 1080],
      [1024, 768],
    ]);
    await page.getByTestId('choice-images-front').check();
    await page.getByTestId('start-case').click();
    await expect(page.getByTestId('capture-front')).toBeVisible({ timeout: 15_000 });
    await scanSide(page, 'front', 'specimen:karim');
    await untilDone(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'argos-qr-camera-en-1024-done.png'), fullPage: true });
    const puts = (await simulatorLedger(harness, 'argos')).filter((entry) => entry.effect === 'image_put');
    expect(puts.map((entry) => [entry.details.submissionId, entry.details.field])).toEqual([
      [CAMERA_PHONE_SUBMISSION, 'idImage'],
    ]);
  });

  test('Arabic, 1920×1080: read without a click, the case starts', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await readWithCamera(page, harness.url, 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await shots(page, 'argos-qr-camera-ar-read', [
      [1920, 1080],
      [1024, 768],
    ]);
    await page.getByTestId('choice-images-front').check();
    await page.getByTestId('start-case').click();
    await expect(page.getByTestId('capture-front')).toBeVisible({ timeout: 15_000 });
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'argos-qr-camera-ar-1024-capture.png'),
      fullPage: true,
    });
  });
});
