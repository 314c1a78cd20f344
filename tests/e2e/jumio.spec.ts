// Jumio (seed 004) from the operator's chair on the one flow screen, through the browser harness
// against training mode's Jumio simulator: a new customer, ID front and back scanned, the selfie
// from an image file (this project's Chromium has no camera: the panel says so and the file
// button remains; the camera itself is tested in tests/e2e/camera), then the transaction is
// started, the parts uploaded, finalized once and its status read until PROCESSED. Offline, the
// captures wait in the outbox, and a 3-page PDF is added as the supporting document. English at 1024×768, Arabic at 1920×1080, screenshots of every phase.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { blankPdf } from '../helpers/pdf-files';
import { drawnSelfiePng } from '../helpers/selfie';
import { untilDone } from './flow-steps';
import { expect, SCREENSHOT_DIR, test, type RunningHarness } from './harness-fixture';
import { scanSide, simulatorLedger, startSimulators, stopSimulators } from './kiosk-page';

const jumioLedger = (harness: RunningHarness) => simulatorLedger(harness, 'jumio');

/** Continue after a saved capture (the next role's panel follows). */
async function next(page: Page, role: string): Promise<void> {
  await page.getByTestId('continue').click();
  await expect(page.getByTestId(`capture-${role}`)).toBeVisible({ timeout: 20_000 });
}

/**
 * The customer's prepared data (seed 004): the form comes after the captures, offline too; a
 * future birth date and a malformed country code are refused in the customer's language, then the
 * corrected values (the birth date typed with Arabic-Indic digits) are confirmed.
 */
async function reviewPreparedData(page: Page, shot: (phase: string) => Promise<unknown>): Promise<void> {
  const form = page.getByTestId('review-form');
  await expect(async () => {
    const next = page.getByTestId('continue');
    if (await next.isVisible()) await next.click({ timeout: 1_000 });
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('#field-sex')).toBeVisible();
  // Dates and codes are typed left to right whatever the page's direction.
  await expect(page.locator('#field-dateOfBirth')).toHaveAttribute('dir', 'ltr');
  await page.locator('#field-firstName').fill('Karim');
  await page.locator('#field-lastName').fill('Mansour');
  await page.locator('#field-dateOfBirth').fill('2999-01-01');
  await page.locator('#field-nationality').fill('Egypt');
  await page.getByTestId('approve').click();
  await expect(page.locator('#error-dateOfBirth')).toBeVisible();
  await expect(page.locator('#error-nationality')).toBeVisible();
  await shot('07-prepared-data-invalid');
  await page.locator('#field-dateOfBirth').fill('١٩٩٠-٠٤-١٧');
  // Left, the field shows the date as it is sent: Arabic-Indic digits would read reversed in it.
  await page.locator('#field-dateOfBirth').blur();
  await expect(page.locator('#field-dateOfBirth')).toHaveValue('1990-04-17');
  // A wide run looks at the form on the smallest kiosk screen too (1024×768), then goes back.
  const size = page.viewportSize();
  if (size && size.width > 1024) {
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot('07-prepared-data-1024');
    await page.setViewportSize(size);
  }
  await page.locator('#field-nationality').fill('egy');
  await page.locator('#field-idExpiryDate').fill('2031-05-01');
  await expect(page.locator('#error-dateOfBirth')).toHaveCount(0);
  await shot('07-prepared-data');
  await page.getByTestId('approve').click();
  await expect(form).toHaveCount(0, { timeout: 20_000 });
}

async function run(
  page: Page,
  harness: RunningHarness,
  language: 'en' | 'ar',
  size: string,
  offline: boolean,
) {
  const shot = (phase: string) =>
    page.screenshot({
      path: join(SCREENSHOT_DIR, `jumio-${language}-${size}${offline ? '-offline' : ''}-${phase}.png`),
      fullPage: true,
    });
  await page.goto(harness.url);
  await page.getByRole('button', { name: language === 'en' ? 'English' : 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expect(page.getByTestId('flow-jumio.credentials')).not.toContainText(/later version|إصدار قادم/);
  await page.getByTestId('flow-jumio.credentials').click();
  await expect(page.getByTestId('identify-form')).toBeVisible();
  // An existing customer needs the Jumio account id; a malformed one is refused, translated.
  await page.locator('#field-customer').selectOption('existing');
  await page.locator('#field-jumioAccountId').fill('not an id!');
  await page.getByTestId('start-case').click();
  await expect(page.locator('#error-jumioAccountId')).toBeVisible();
  await shot('01-identify-invalid');
  await page.locator('#field-customer').selectOption('new');
  await expect(page.locator('#field-jumioAccountId')).toHaveCount(0);
  await shot('02-identify');
  if (offline) await stopSimulators(harness);
  await page.getByTestId('start-case').click();
  await expect(page.getByTestId('capture-front')).toBeVisible();
  await shot('03-capture-front');
  await scanSide(page, 'front', 'specimen:karim');
  await next(page, 'back');
  await scanSide(page, 'back', 'specimen:karim');
  await shot('04-back-saved');
  await next(page, 'selfie');
  await shot('05-capture-selfie');
  await page.getByTestId('file-selfie').setInputFiles({
    name: 'selfie.png',
    mimeType: 'image/png',
    buffer: await drawnSelfiePng(),
  });
  await expect(page.getByTestId('verdict-selfie')).toHaveAttribute('data-verdict', 'ok', { timeout: 20_000 });
  await shot('06-selfie-saved');
  await reviewPreparedData(page, shot);
  if (offline) {
    await expect(page.getByTestId('flow-offline')).toBeVisible({ timeout: 20_000 });
    await shot('08-offline-queued');
    // The optional supporting document, captured while the case waits: one PDF file of 3 pages
    // (written here with pdf-lib); the panel shows its pages and size instead of a picture.
    await page.getByTestId('capture-document-now').click();
    await expect(page.getByTestId('capture-document')).toBeVisible();
    await expect(page.getByTestId('file-document')).toHaveAttribute('accept', /application\/pdf/);
    await page.getByTestId('file-document').setInputFiles({
      name: 'supporting.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await blankPdf(3)),
    });
    await expect(page.getByTestId('pdf-pages-document')).toContainText(/[3٣]/, { timeout: 20_000 });
    await expect(page.getByTestId('pdf-size-document')).toBeVisible();
    await shot('08-document-pdf-saved');
    await page.getByTestId('continue').click();
    await startSimulators(harness);
  }
  // The status reads follow the configured gaps (tests/e2e: training, seconds apart).
  await untilDone(page, 30_000);
  await shot('09-done');
  // PROCESSED is the end of Jumio's processing, not its decision (providers.md §3.3): the receipt
  // says so, and names the reference as Jumio's account.
  const headline = page.getByTestId('done-headline');
  await expect(headline).toContainText(language === 'en' ? 'finished processing' : 'أنهت المعالجة');
  await expect(headline).not.toContainText(language === 'en' ? 'approved' : 'مقبول');
  await expect(page.getByTestId('done-reference-label')).toHaveText(
    language === 'en' ? 'Jumio account' : 'حساب Jumio',
  );
  const ledger = await jumioLedger(harness);
  expect(ledger.filter((e) => e.effect === 'account_created')).toHaveLength(1);
  expect(ledger.filter((e) => e.effect === 'finalized')).toHaveLength(1);
  expect(
    ledger
      .filter((e) => e.effect === 'part_added')
      .map((e) => e.details.classifier)
      .sort(),
  ).toEqual(['BACK', 'FACE', 'FRONT']);
  // What staff confirmed, normalised (Arabic-Indic digits as ASCII, the country code in capitals)
  // and nested as seed 004 shows it; the simulator refused nothing.
  const prepared = ledger.filter((e) => e.effect === 'prepared_data_set');
  expect(prepared).toHaveLength(1);
  expect(prepared[0]!.details.data).toEqual({
    firstName: 'Karim',
    lastName: 'Mansour',
    dateOfBirth: '1990-04-17',
    nationality: 'EGY',
    id: { expiryDate: '2031-05-01' },
  });
  expect(ledger.filter((e) => e.effect === 'prepared_data_refused')).toHaveLength(0);
  // Offline, the supporting document was added: it went as one application/pdf part of 3 pages.
  expect(ledger.filter((e) => e.effect === 'document_added').map((e) => e.details)).toEqual(
    offline
      ? [expect.objectContaining({ pages: 3, files: 1, format: 'pdf', types: ['application/pdf'] })]
      : [],
  );
}

test.describe('Jumio: identity verification', () => {
  // Training configuration: the status is read 0.5 s after finalize, then 1 s, 2 s… later instead
  // of Jumio's 40 s, 60 s…; the simulator takes 1 s to process, so the first read still finds the
  // transaction ACQUIRED and the screen waits for a later one (the same path as in production).
  test.use({ kioskConfig: { training: { jumioStatusPollGapsSeconds: [0.5, 1, 2, 4, 8] } } });

  test('online, new customer, English, 1024×768', async ({ page, harness }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    await run(page, harness, 'en', '1024', false);
  });

  test('offline then online, Arabic, 1920×1080', async ({ page, harness }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await run(page, harness, 'ar', '1920', true);
  });
});
