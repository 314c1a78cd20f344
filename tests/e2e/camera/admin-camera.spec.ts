// The administrator's camera test with Chromium's fake capture device (the `camera` project): the
// live picture opens in the Devices section of the settings screen and frames are counted as they arrive; closing it
// stops the camera.
import { join } from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './camera-fixture';

test.use({
  signedIn: 'training-admin',
  viewport: { width: 1024, height: 768 },
  kioskConfig: { defaultLanguage: 'en' },
});

test('camera test: frames arrive from the document camera, in English and Arabic', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  // The camera test is in the administration screen's "Devices" section.
  await page.getByTestId('admin-tab-devices').click();
  await page.getByTestId('camera-test').click();
  const status = page.getByTestId('camera-test-status');
  await expect(status).toContainText(/The camera works: [\d,]+ frames received \(\d+ × \d+ px\)/, {
    timeout: 30_000,
  });
  // Frames keep arriving: the count grows.
  const count = async () =>
    Number(/([\d,]+) frames/.exec((await status.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  const first = await count();
  await expect.poll(count, { timeout: 15_000 }).toBeGreaterThan(first);
  await page.getByTestId('camera-test-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'camera-test-en-1024.png') });

  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(status).toContainText('الكاميرا تعمل');
  await page.getByTestId('camera-test-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'camera-test-ar-1024.png') });
  await page.getByTestId('camera-test-close').click();
  await expect(page.getByTestId('camera-test-panel')).toHaveCount(0);
  expect(
    await page.evaluate(
      () => [...document.querySelectorAll('video')].filter((v) => v.srcObject !== null).length,
    ),
  ).toBe(0);
});
