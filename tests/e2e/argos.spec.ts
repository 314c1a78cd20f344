// ARGOS (seed 003) from the operator's chair on the one flow screen, through the browser harness
// against training mode's ARGOS simulator: the submission id read from the QR code on the
// customer's phone (simulated scanner) or typed after a foreign QR code was refused, the images to add or replace
// chosen (none chosen: a translated error; the ID type asked only once a side of the ID is chosen
// and left to the kiosk's default), each chosen image captured before anything is sent, the images
// put into the submission and the KYC result read; offline the captures wait in the outbox and go
// once ARGOS is back. English at 1024×768, Arabic at 1920×1080, screenshots of every phase.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test, type RunningHarness } from './harness-fixture';
import { untilDone } from './flow-steps';
import { renderPhoneQrPage } from '../../src/main/specimens/phone-qr';
import { scanSide, simulatorLedger, startSimulators, stopSimulators } from './kiosk-page';

const argosLedger = (harness: RunningHarness) => simulatorLedger(harness, 'argos');

/** The ARGOS image fields seed 003's PUT takes, by the role the kiosk captures. */
const FIELD_OF: Record<'front' | 'back', string> = { front: 'idImage', back: 'idBackImage' };

async function run(
  page: Page,
  harness: RunningHarness,
  language: 'en' | 'ar',
  size: string,
  offline: boolean,
  images: readonly ('front' | 'back')[],
) {
  const shot = (phase: string) =>
    page.screenshot({
      path: join(SCREENSHOT_DIR, `argos-${language}-${size}${offline ? '-offline' : ''}-${phase}.png`),
      fullPage: true,
    });
  await page.goto(harness.url);
  await page.getByRole('button', { name: language === 'en' ? 'English' : 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await shot('01-home');
  await expect(page.getByTestId('flow-argos.put-image')).not.toContainText(/later version|إصدار قادم/);
  await page.getByTestId('flow-argos.put-image').click();
  await expect(page.getByTestId('identify-form')).toBeVisible();
  // A malformed id is refused with a translated message, nothing is created.
  await page.locator('#field-submissionId').fill('not an id!');
  await page.getByTestId('start-case').click();
  await expect(page.locator('#error-submissionId')).toBeVisible();
  await shot('02-identify-invalid');
  if (offline) {
    // A QR code that holds something else (a shop's link) is refused in words, the field untouched.
    await page.getByTestId('read-code-file-submissionId').setInputFiles({
      name: 'phone.jpg',
      mimeType: 'image/jpeg',
      buffer: await renderPhoneQrPage(150, { text: 'https://shop.example/promo' }),
    });
    await expect(page.getByTestId('flow-error')).toBeVisible();
    await expect(page.getByTestId('flow-error')).not.toContainText('errors.');
    await expect(page.locator('#field-submissionId')).toHaveValue('not an id!');
    await shot('02b-code-not-valid');
    await page.locator('#field-submissionId').fill('training-submission-1');
  } else {
    // The customer's phone on the simulated scanner: the id is read from its QR code.
    await page.locator('#code-source-submissionId').selectOption('simulated:phone-qr');
    await page.getByTestId('read-code-submissionId').click();
    await expect(page.locator('#field-submissionId')).toHaveValue('training-submission-1', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('code-read')).toBeVisible();
  }
  // No image chosen: refused with its own translated message; no ID type asked for yet.
  await expect(page.locator('#error-images')).toBeVisible();
  await expect(page.locator('#error-images')).not.toHaveText(/review\.errors/);
  await expect(page.locator('#field-idType')).toHaveCount(0);
  // Chosen in reverse order on purpose: the case still asks for them in the plan's order.
  for (const role of [...images].reverse()) await page.getByTestId(`choice-images-${role}`).check();
  await expect(page.locator('#error-images')).toHaveCount(0);
  await expect(page.locator('#field-idType')).toBeVisible();
  await shot('03-identify');
  if (offline) await stopSimulators(harness);
  await page.getByTestId('start-case').click();
  await expect(page.getByTestId('capture-front')).toBeVisible();
  // The 4-hour deadline is known from the start.
  const caseId = await page.evaluate(async () => {
    const list = await window.kiosk.queue.list({});
    return list.ok ? (list.value.cases[0]?.id ?? null) : null;
  });
  const deadline = await page.evaluate(async (id) => {
    const view = await window.kiosk.cases.get({ caseId: id ?? '' });
    return view.ok ? view.value.deadlineAt : null;
  }, caseId);
  expect(deadline).not.toBeNull();
  await shot('04-capture-front');
  await scanSide(page, 'front', 'specimen:karim');
  await shot('05-front-saved');
  if (images.includes('back')) {
    // The back was chosen too: nothing goes to ARGOS until it is there.
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('capture-back')).toBeVisible();
    const early = offline ? [] : await argosLedger(harness);
    expect(early.filter((e) => e.effect === 'image_put')).toHaveLength(0);
    await shot('05b-capture-back');
    await scanSide(page, 'back', 'specimen:karim');
  }
  if (offline) {
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-offline')).toBeVisible({ timeout: 20_000 });
    await shot('06-offline-queued');
    expect((await argosLedger(harness).catch(() => [])).filter((e) => e.effect === 'image_put')).toHaveLength(
      0,
    );
    await startSimulators(harness);
  }
  await untilDone(page);
  await shot('07-done');
  const puts = (await argosLedger(harness)).filter(
    (e) => e.effect === 'image_put' && e.details.submissionId === 'training-submission-1',
  );
  expect(puts.map((e) => e.details.field)).toEqual(images.map((role) => FIELD_OF[role]));
}

test.describe('ARGOS: add images to an online application', () => {
  test('online, English, 1024×768', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await run(page, harness, 'en', '1024', false, ['front', 'back']);
  });

  test('offline then online, Arabic, 1920×1080', async ({ page, harness }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await run(page, harness, 'ar', '1920', true, ['front']);
  });
});
