// The document camera with Chromium's fake capture device playing a specimen card on a desk: the
// card lying inside the outline is taken without a click and arrives in main cropped to the card.
import { join } from 'node:path';
import { openOnboarding } from '../kiosk-page';
import { openCamera, storedFront } from './camera-steps';
import { expect, SCREENSHOT_DIR, test } from './camera-fixture';

test.use({ cameraScene: 'card', viewport: { width: 1024, height: 768 } });

test.describe('document camera: a specimen card', () => {
  test('is auto-captured without a click and arrives in main cropped to the card', async ({
    page,
    harness,
    scene,
  }) => {
    const camera = await openCamera(page, harness.url);
    // No click on the shutter: the picture is taken once the card is inside, sharp and still.
    await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'camera-en-1024-card-captured.png'), fullPage: true });
    expect(await camera.count()).toBe(0); // the stored picture replaced the live preview
    const stored = await storedFront(page);
    expect(stored?.count).toBe(1);
    const figures = stored!.quality!.figures;
    // Main's own card finder found the card in the camera frame and cropped to it: an ID-1
    // rectangle no larger than the card in the scene (the frame itself is 640×480).
    expect(figures.cardFound).toBe(true);
    expect(figures.dpiSource).toBe('card');
    expect(Math.abs(figures.width / figures.height - 85.6 / 53.98)).toBeLessThan(0.06);
    const card = scene.card!;
    expect(figures.width).toBeLessThanOrEqual(Math.round(card.width * 1.04));
    expect(figures.width).toBeGreaterThanOrEqual(Math.round(card.width * 0.9));
  });

  test('in Arabic, at 1920×1080: the live preview with its outline, then the auto-captured card', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await openOnboarding(page);
    await page.locator('#source-front').selectOption('camera');
    await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'camera-ar-1920-card-captured.png'), fullPage: true });
  });
});
