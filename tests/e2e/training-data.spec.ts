// Issue 8's training banner and duplicate warning from the operator's chair, through the browser
// harness in Chromium: a supervisor resets the training data from the banner (after confirming),
// a teller is not offered it; a second onboarding of the same national ID while the first case is
// still open shows a warning with the first case's reference and a link that opens it.
import type { Page } from '@playwright/test';
import { expect, test } from './harness-fixture';
import { english, openOnboarding, scanSide, shot, simulatorLedger } from './kiosk-page';

/** Onboarding: scan the front of a specimen and go on until the review form shows the reading. */
async function toReview(page: Page, specimen: string): Promise<string> {
  await openOnboarding(page);
  await scanSide(page, 'front', `specimen:${specimen}`);
  const reference = (await page.getByTestId('case-reference').locator('bdi').textContent()) ?? '';
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
  return reference;
}

test.describe('training data and duplicate cases', () => {
  test('a supervisor resets the training data from the banner, after confirming', async ({
    page,
    harness,
  }) => {
    await english(page, harness.url);
    const banner = page.getByTestId('training-banner');
    await banner.getByTestId('training-reset').click();
    await expect(banner).toContainText('Cases on this kiosk stay as they are.');
    await shot(page, 'en-training-reset-confirm');
    await banner.getByTestId('training-reset-yes').click();
    await expect(banner.getByTestId('training-reset-outcome')).toHaveText(
      'Training data reset: the specimens can be onboarded again.',
    );
    // Said once, to the supervisor who asked: gone from the banner on the next screen.
    await page.getByTestId('nav-queue').click();
    await expect(page.getByTestId('training-reset-outcome')).toHaveCount(0);
    await expect(banner.getByTestId('training-reset')).toBeVisible();
    for (const vendor of ['lumin', 'argos', 'jumio'] as const) {
      const ledger = await simulatorLedger(harness, vendor);
      expect(
        ledger.filter((entry) => entry.effect === 'state_reset'),
        vendor,
      ).toHaveLength(1);
    }
  });

  test('a second onboarding of the same ID warns, naming the open case, and links to it', async ({
    page,
    harness,
  }) => {
    test.slow();
    await english(page, harness.url);
    const first = await toReview(page, 'karim');
    await expect(page.getByTestId('flow-duplicates')).toHaveCount(0);

    // The same customer again, from Home (the first case stays open, at its review).
    await page.getByRole('button', { name: 'Home', exact: true }).click();
    await toReview(page, 'karim');
    const warning = page.getByTestId('flow-duplicates');
    await expect(warning).toContainText('This number already has an open case');
    await expect(warning).toContainText(`Open case ${first}`);
    await shot(page, 'en-flow-duplicate-warning');
    await warning.getByTestId('flow-duplicate-open').click();
    await expect(page.getByTestId('case-state')).toHaveText('Needs attention');
    await expect(page.getByText(first).first()).toBeVisible();
  });
});

test.describe('as a teller', () => {
  test.use({ signedIn: 'training-teller' });
  test('the banner offers no reset', async ({ page, harness }) => {
    await english(page, harness.url);
    await expect(page.getByTestId('training-banner')).toBeVisible();
    await expect(page.getByTestId('training-reset')).toHaveCount(0);
  });
});
