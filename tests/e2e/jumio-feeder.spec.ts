// Jumio's supporting document from the simulated scanner's feeder (issue 9), in English at
// 1024×768 through the browser harness and training mode's Jumio simulator: offered while the case
// waits for its review (nothing is sent before it, so the relay cannot decide without it), "Scan
// all pages from the feeder" takes the 3 sheets in the specimen scanner's feeder, the panel shows
// "PDF, 3 pages, size", every page (an A4 specimen letter) passes without a warning so staff
// continue, and the simulator receives one application/pdf DOCUMENT part of 3 pages.
// The Arabic button text is checked on the same screen.
import { join } from 'node:path';
import { openJumioDocumentOnSpecimenScanner, untilDone } from './flow-steps';
import { expect, SCREENSHOT_DIR, test } from './harness-fixture';
import { simulatorLedger } from './kiosk-page';

test.use({ kioskConfig: { training: { jumioStatusPollGapsSeconds: [0.5, 1, 2, 4, 8] } } });

test('Jumio: supporting document from the feeder, 3 pages, English 1024×768', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  const shot = (phase: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `jumio-feeder-en-1024-${phase}.png`), fullPage: true });
  await page.goto(harness.url);
  await openJumioDocumentOnSpecimenScanner(page);
  const scan = page.getByTestId('scan-document');
  await expect(scan).toContainText('Scan all pages from the feeder');
  await shot('01-document-feeder');
  // The button and the feeder's placeholder in Arabic (the language switch keeps the screen).
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(scan).toContainText('مسح جميع الصفحات من وحدة التغذية');
  await expect(page.getByTestId('capture-document')).toContainText('ضع جميع صفحات المستند في وحدة التغذية');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(scan).toContainText('Scan all pages from the feeder');
  await scan.click();
  await expect(page.getByTestId('pdf-pages-document')).toHaveText('Pages: 3', { timeout: 30_000 });
  await expect(page.getByTestId('pdf-size-document')).toContainText(/Size: \d/);
  await expect(page.getByTestId('pdf-document')).toContainText('PDF');
  await shot('02-document-3-pages');

  // The specimen scanner's sheets are A4 proof-of-address pages at the requested resolution (brief
  // g11b): every page passes, nothing to retake, staff continue. (The retake-pages warning of a
  // blurred page is covered by tests/unit/feed-quality.test.ts.)
  await expect(page.getByTestId('verdict-document')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('saved-document')).toBeVisible();
  await expect(page.getByTestId('retake-pages-document')).toHaveCount(0);
  await expect(page.getByTestId('keep-anyway')).toHaveCount(0);

  // The page count in Arabic, with Arabic-Indic digits.
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByTestId('pdf-pages-document')).toHaveText('عدد الصفحات: ٣');
  await expect(page.getByTestId('verdict-document')).toHaveAttribute('data-verdict', 'ok');
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'jumio-feeder-ar-1024-02-document-3-pages.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'English' }).click();

  await page.getByTestId('continue').click();
  const form = page.getByTestId('review-form');
  await expect(form).toBeVisible({ timeout: 20_000 });
  await page.locator('#field-firstName').fill('Karim');
  await page.locator('#field-lastName').fill('Mansour');
  await page.locator('#field-dateOfBirth').fill('1990-04-17');
  await page.locator('#field-nationality').fill('EGY');
  await page.getByTestId('approve').click();
  await untilDone(page, 60_000);
  await shot('03-done');

  const ledger = await simulatorLedger(harness, 'jumio');
  expect(ledger.filter((e) => e.effect === 'document_added').map((e) => e.details)).toEqual([
    expect.objectContaining({ pages: 3, files: 1, format: 'pdf', types: ['application/pdf'] }),
  ]);
  expect(ledger.filter((e) => e.effect === 'finalized')).toHaveLength(1);
});
