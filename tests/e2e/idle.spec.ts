// An unattended screen with a customer's data clears itself (the configured idle timeout), with a
// visible countdown first; input (keys, pointer, wheel, scrolling) resets it; what was captured stays
// safe in the queue. The page's clock is Playwright's fake clock: the timeout is driven by `runFor`,
// never waited for, so the test neither sleeps nor depends on the machine's speed.
import type { Page } from '@playwright/test';
import { expect, test } from './harness-fixture';
import { openOnboarding, scanSide } from './kiosk-page';

/** The configured idle timeout: the countdown shows for its last quarter (from 45 s to 60 s). */
const IDLE_MS = 60_000;
test.use({ kioskConfig: { idleTimeoutSeconds: IDLE_MS / 1000, defaultLanguage: 'en' } });

/**
 * Freezes the page's clock a few seconds ahead (it may not go back, and the page's clock runs a little
 * ahead of what it last reported), then presses Shift: from here the idle time is exactly what `runFor`
 * adds.
 */
async function freezeClock(page: Page): Promise<void> {
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 5_000);
  await page.keyboard.press('Shift');
}

test.beforeEach(async ({ page }) => {
  await page.clock.install();
});

test('the flow screen clears after the idle timeout, after a countdown; the capture stays queued', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await openOnboarding(page);
  await scanSide(page, 'front', 'specimen:karim');
  await freezeClock(page);
  // Before the last quarter: no countdown yet.
  await page.clock.runFor(IDLE_MS * 0.7);
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await page.clock.runFor(IDLE_MS * 0.1);
  await expect(page.getByTestId('idle-warning')).toContainText('12 seconds');
  // A key during the countdown resets the timer: the screen stays, the countdown goes.
  await page.keyboard.press('Shift');
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await page.clock.runFor(IDLE_MS * 0.7);
  await expect(page.getByTestId('capture-front')).toBeVisible();
  // Left alone for the whole timeout: back home, nothing of the customer on screen.
  await page.clock.runFor(IDLE_MS * 0.1);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.runFor(IDLE_MS * 0.25);
  await expect(page.getByTestId('flow-lumin.kyc-national-id')).toBeVisible();
  await expect(page.getByTestId('capture-front')).toBeHidden();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.locator('img')).toHaveCount(0);
  await page.clock.resume();
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-list').getByRole('listitem')).toHaveCount(1);
});

test('scrolled down a long screen, the countdown is in view, and scrolling counts as activity', async ({
  page,
  harness,
}) => {
  // A short window so that the capture screen scrolls.
  await page.setViewportSize({ width: 1024, height: 420 });
  await page.goto(harness.url);
  await openOnboarding(page);
  await scanSide(page, 'front', 'specimen:karim');
  const scrollable = await page.evaluate(() => document.scrollingElement!.scrollHeight > innerHeight + 100);
  expect(scrollable).toBe(true);
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  await freezeClock(page);
  await page.clock.runFor(IDLE_MS * 0.8);
  const warning = page.getByTestId('idle-warning');
  await expect(warning).toBeVisible();
  // The countdown sits inside the viewport although the page is scrolled to its end.
  await expect(warning).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
  // Scrolling alone (as dragging the scroll bar does: no key, no click, no wheel) is activity.
  await page.evaluate(() => window.scrollBy(0, -80));
  await expect(warning).toBeHidden();
  await page.clock.runFor(IDLE_MS * 0.7);
  await expect(page.getByTestId('capture-front')).toBeVisible();
  // The mouse wheel is activity too.
  await page.clock.runFor(IDLE_MS * 0.1);
  await expect(warning).toBeVisible();
  await page.mouse.move(500, 300);
  await page.mouse.wheel(0, -60);
  await expect(warning).toBeHidden();
  await page.clock.runFor(IDLE_MS * 0.7);
  await expect(page.getByTestId('capture-front')).toBeVisible();
});
