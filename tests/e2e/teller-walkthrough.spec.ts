// Defects a fresh teller found walking through the harness (training mode, Lumin simulator):
// a double click on Continue after an already-registered ID, the open case after a reload (and the
// count of the others left open), the inbox badge while a case is on screen, and an ARGOS case's
// name in the queue. English and Arabic.
import { expect, invokeOverBridge, test } from './harness-fixture';
import { untilDone } from './flow-steps';
import { english, luminLedger, openIn, openOnboarding, scanSide, shotsAtSizes } from './kiosk-page';

for (const language of ['en', 'ar'] as const) {
  test.describe(`${language}: what a teller meets walking through a flow`, () => {
    // Scans on a shared 2-core machine; no assertion here is timed.
    test.slow();
    test.beforeEach(async ({ page, harness }) => {
      await openIn(page, harness.url, language);
    });

    test.describe("on a branch's small monitor (1024×768)", () => {
      test.use({ viewport: { width: 1024, height: 768 } });

      // A branch's small monitor: there the attention screen's "Needs attention" button lies where
      // Continue was (at larger sizes the second click fell on empty space).
      test('a double click on Continue after 10103 stays on the case and sends nothing twice', async ({
        page,
        harness,
      }) => {
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

      test('after a reload mid-flow, Home offers the open case and it continues to done', async ({
        page,
        harness,
      }) => {
        // Before any case: nothing to continue.
        await expect(page.getByTestId('flow-lumin.kyc-national-id')).toBeVisible();
        await expect(page.getByTestId('open-case')).toHaveCount(0);
        await openOnboarding(page);
        const flowTitle = await page.getByRole('heading', { level: 2 }).textContent();
        await scanSide(page, 'front', 'specimen:amira');
        const reference = (await page.getByTestId('case-reference').locator('bdi').textContent()) ?? '';
        expect(reference).toMatch(/^[0-9A-F]{8}$/);

        await page.reload();
        // The reload lands on Home: the case is offered by its reference and service, without the
        // customer's name (Home arms no idle clearing).
        const offer = page.getByTestId('open-case');
        await expect(offer).toBeVisible({ timeout: 15_000 });
        await expect(page.getByTestId('open-case-summary')).toContainText(reference);
        await expect(page.getByTestId('open-case-summary')).toContainText(flowTitle ?? '');
        await expect(offer).not.toContainText('Amira');
        await expect(offer).not.toContainText('أميرة');
        await shotsAtSizes(page, `${language}-hux-home-open-case`);

        await page.getByTestId('open-case-continue').click();
        await expect(page.getByTestId('case-reference')).toContainText(reference);
        // The right step: the reading waits for review (the front is already saved), then the back.
        await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });
        await page.getByTestId('approve').click();
        await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 30_000 });
        await scanSide(page, 'back', 'specimen:amira');
        await page.getByTestId('continue').click();
        await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 30_000 });
        const ledger = await luminLedger(harness);
        expect(ledger.filter((entry) => entry.effect === 'customer_onboarded')).toHaveLength(1);

        // Done: Home offers nothing to continue any more.
        await page.getByRole('navigation').getByRole('button').first().click();
        await expect(page.getByTestId('flow-lumin.kyc-national-id')).toBeVisible();
        await expect(page.getByTestId('open-case')).toHaveCount(0);
      });

      test('with three cases left open, Home offers the newest and counts the two others', async ({
        page,
      }) => {
        const references: string[] = [];
        for (const specimen of ['specimen:amira', 'specimen:karim', 'specimen:youssef']) {
          await openOnboarding(page);
          await scanSide(page, 'front', specimen);
          references.push((await page.getByTestId('case-reference').locator('bdi').textContent()) ?? '');
          // A reload leaves the case open (the flow screen is gone) and lands on Home.
          await page.reload();
          await expect(page.getByTestId('open-case')).toBeVisible({ timeout: 15_000 });
        }
        await expect(page.getByTestId('open-case-summary')).toContainText(references[2]!);
        const more = page.getByTestId('open-case-more');
        await expect(more).toContainText(
          language === 'en' ? '2 more open cases of yours are in the' : 'لديك حالتان مفتوحتان أخريان في',
        );
        await shotsAtSizes(page, `${language}-home-more-open-cases`);
        await more.getByRole('button').click();
        await expect(page.getByTestId('queue-search')).toBeVisible();
      });
    });

    test('the inbox badge does not count the case the teller is reviewing on screen', async ({
      page,
      harness,
    }) => {
      const digits = (n: number) => (language === 'en' ? String(n) : '٠١٢٣٤٥٦٧٨٩'[n]!);
      // A case that really needs a person: Lumin's 10103 for an ID already registered.
      await openOnboarding(page);
      await scanSide(page, 'front', 'specimen:hoda');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('flow-attention')).toBeVisible({ timeout: 30_000 });
      // Shown on screen but waiting for a decision (update service or close): it counts.
      await expect(page.getByTestId('inbox-badge')).toHaveText(digits(1));

      await page.getByRole('navigation').getByRole('button').first().click(); // Home
      await openOnboarding(page);
      await scanSide(page, 'front', 'specimen:amira');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });
      // The store holds two cases needing a person (the 10103 one and this review) ...
      await expect
        .poll(async () => {
          const totals = (await invokeOverBridge(harness, 'queue.totals', undefined)) as {
            value: { byList: { attention: number } };
          };
          return totals.value.byList.attention;
        })
        .toBe(2);
      // ... but the review is being done right here: only the other one is waiting for someone.
      await expect(page.getByTestId('inbox-badge')).toHaveText(digits(1));
      await shotsAtSizes(page, `${language}-hux-review-badge`);
      // Left on Home, the review waits for a person too.
      await page.getByRole('navigation').getByRole('button').first().click();
      await expect(page.getByTestId('inbox-badge')).toHaveText(digits(2));
      // Arabic says two with its dual form, not a digit.
      await expect(page.getByTestId('inbox-count')).toContainText(language === 'en' ? '2 cases' : 'حالتان');
    });

    test('a completed ARGOS case is not listed as "Name not read yet"', async ({ page }) => {
      await page.getByTestId('flow-argos.put-image').click();
      await page.locator('#field-submissionId').fill('training-submission-1');
      await page.getByTestId('choice-images-front').check();
      await page.getByTestId('start-case').click();
      await scanSide(page, 'front', 'specimen:karim');
      const reference = (await page.getByTestId('case-reference').locator('bdi').textContent()) ?? '';
      await untilDone(page);
      await page.getByTestId('nav-queue').click();
      const row = page.getByTestId(`case-${reference}`);
      await expect(row.locator('.case-state')).toHaveText(language === 'en' ? 'Completed' : 'مكتملة');
      // ARGOS never reads a name (providers.md §2): the row says so, in the flow's own words.
      await expect(row.locator('.case-name')).toHaveText(
        language === 'en' ? 'No name with ARGOS' : 'بدون اسم مع ARGOS',
      );
      await expect(row).not.toContainText(language === 'en' ? 'Name not read yet' : 'لم يُقرأ الاسم بعد');
      await shotsAtSizes(page, `${language}-hux-queue-argos-done`);
    });
  });
}

test.describe('what a teller meets walking through a flow', () => {
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
