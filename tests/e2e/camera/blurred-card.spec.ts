// The document camera with Chromium's fake capture device playing the specimen card out of focus: never taken
// automatically, however many frames the camera analyses (the wait counts analysed frames, the
// component's data-analysed, not seconds); the manual shutter still takes it.
import { join } from 'node:path';
import { FRAMES_TO_WATCH, openCamera, storedFront } from './camera-steps';
import { expect, SCREENSHOT_DIR, test } from './camera-fixture';

test.use({ cameraScene: 'blurred-card', viewport: { width: 1024, height: 768 } });

test('document camera: the specimen card out of focus is never auto-captured (verdict blurred)', async ({
  page,
  harness,
}) => {
  const camera = await openCamera(page, harness.url);
  await expect
    .poll(async () => Number(await camera.getAttribute('data-analysed')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(FRAMES_TO_WATCH);
  await expect(camera).toHaveAttribute('data-verdict', 'blurred');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'camera-en-1024-blurred-card.png'), fullPage: true });
  await expect(page.getByTestId('saved-front')).toHaveCount(0);
  expect(await storedFront(page)).toBeNull();
  // The manual shutter still works: staff decide.
  await page.getByTestId('shutter-front').click();
  await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 30_000 });
});
