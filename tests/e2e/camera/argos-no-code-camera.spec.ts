// The code reader's camera watching a phone whose screen shows no QR code: however many frames the
// worker analyses (counted by the component's data-analysed, not by seconds), the submission id is
// never filled and nothing is sent; the manual shutter sends the frame to main, which answers with
// a translated "no QR code" and the field stays empty.
import { join } from 'node:path';
import { FRAMES_TO_WATCH } from './camera-steps';
import { expect, SCREENSHOT_DIR, test } from './camera-fixture';

test.use({ cameraScene: 'phone-no-code', viewport: { width: 1024, height: 768 } });

test('ARGOS code reader: a phone with no QR code never fills the submission id', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('flow-argos.put-image').click();
  await expect(page.getByTestId('identify-form')).toBeVisible();
  await page.getByTestId('read-code-camera-submissionId').click();
  const camera = page.getByTestId('camera-code-submissionId');
  await expect(camera).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
  await expect
    .poll(async () => Number(await camera.getAttribute('data-analysed')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(FRAMES_TO_WATCH);
  await expect(camera).toHaveAttribute('data-verdict', 'no_code');
  await expect(page.locator('#field-submissionId')).toHaveValue('');
  await expect(page.getByTestId('code-read')).toHaveCount(0);
  await expect(page.getByTestId('flow-error')).toHaveCount(0);
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'argos-qr-camera-en-1024-no-code.png'),
    fullPage: true,
  });
  // Staff press the shutter: main reads the frame and finds no code, in words.
  await page.getByTestId('shutter-code-submissionId').click();
  await expect(page.getByTestId('flow-error')).toContainText('No QR code could be read', { timeout: 15_000 });
  await expect(page.locator('#field-submissionId')).toHaveValue('');
  await expect(camera).toBeVisible();
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'argos-qr-camera-en-1024-no-code-shutter.png'),
    fullPage: true,
  });
});
