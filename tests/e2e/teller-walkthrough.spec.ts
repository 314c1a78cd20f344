// Defects a fresh teller found walking through the harness (training mode, Lumin simulator):
// a double click on Continue after an already-registered ID, the open case after a reload, the
// inbox badge while a case is on screen, and an ARGOS case's name in the queue. English and Arabic.
import { expect, test } from './harness-fixture';
import { english, luminLedger, openIn, openOnboarding, scanSide, shotsAtSizes } from './kiosk-page';

test.describe('what a teller meets walking through a flow', () => {
  for (const language of ['en', 'ar'] as const) {
    test(`${language}: a double click on Continue after 10103 stays on the case and sends nothing twice`, async ({
      page,
      harness,
    }) => {
      test.slow(); // scans on a shared 2-core machine; no timed assertion
      // A branch's small monitor: there the attention screen's "Needs attention" button lies where
      // Continue was (at larger sizes the second click fell on empty space).
      await page.setViewportSize({ width: 1024, height: 768 });
      await openIn(page, harness.url, language);
      await openOnboarding(page);
      await scanSide(page, 'front', 'specimen:hoda');
      // The simulator answers 10103 while the saved front is still up: wait for that answer (the
      // case joins the inbox), so the double click meets the attention screen's buttons.
      await expect(page.getByTestId('inbox-badge')).toHaveText(language === 'en' ? '1' : '١', {
        timeout: 30_000,
      });
      const before = (await luminLedger(harness)).length;
      const heading = await page.getByRole('heading', { level: 2 }).textContent();
      // A real double click (mousedown/up twice, click detail 1 then 2) where Continue is.
      await page.getByTestId('continue').dblclick();
      // The second click landed where the attention screen put its own buttons: it must not act.
      await expect(page.getByTestId('flow-attention')).toBeVisible();
      await expect(page.getByTestId('case-reference')).toBeVisible();
      await expect(page.getByTestId('inbox-list')).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(heading ?? '');
      await shotsAtSizes(page, `${language}-hux-double-click-attention`);
      // Nothing more reached the provider because of the second click.
      expect((await luminLedger(harness)).length).toBe(before);
    });
  }

  test('en: a double click on Approve sends the review once', async ({ page, harness }) => {
    test.slow();
    await english(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('approve').dblclick();
    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 30_000 });
    const approvals = (await luminLedger(harness)).filter((entry) => entry.effect === 'front_approved');
    expect(approvals).toHaveLength(1);
  });
});
