// An unattended screen with a customer's data clears itself (the configured idle timeout), with a
// visible countdown first; input resets it; what was captured stays safe in the queue.
import { expect, test } from './harness-fixture';
import { openOnboarding, scanSide } from './kiosk-page';

test.use({ kioskConfig: { idleTimeoutSeconds: 8, defaultLanguage: 'en' } });

test('the flow screen clears after the idle timeout, after a countdown; the capture stays queued', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await openOnboarding(page);
  await scanSide(page, 'front', 'specimen:karim');
  // Activity resets the timer: press a key during the countdown and the screen stays.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('idle-warning')).toContainText('seconds');
  await page.keyboard.press('Shift');
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('capture-front')).toBeVisible();
  // Left alone: back home, nothing of the customer on screen.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('flow-lumin.kyc-national-id')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('capture-front')).toBeHidden();
  await expect(page.locator('img')).toHaveCount(0);
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-list').getByRole('listitem')).toHaveCount(1);
});
