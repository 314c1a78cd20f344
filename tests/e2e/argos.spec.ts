// ARGOS (seed 003) from the operator's chair on the one flow screen, through the browser harness
// against training mode's ARGOS simulator: the submission id typed, the ID type left to the kiosk's
// default, the front scanned, the image put into the submission and the KYC result read; offline
// the capture waits in the outbox and goes once ARGOS is back. English at 1024×768, Arabic at
// 1920×1080, screenshots of every phase.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test, type RunningHarness } from './harness-fixture';
import { untilDone } from './flow-steps';
import { scanSide, simulatorLedger, startSimulators, stopSimulators } from './kiosk-page';

const argosLedger = (harness: RunningHarness) => simulatorLedger(harness, 'argos');

async function run(
  page: Page,
  harness: RunningHarness,
  language: 'en' | 'ar',
  size: string,
  offline: boolean,
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
  await page.locator('#field-submissionId').fill('training-submission-1');
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
  expect(puts.map((e) => e.details.field)).toEqual(['idImage']);
}

test.describe('ARGOS: add images to an online application', () => {
  test('online, English, 1024×768', async ({ page, harness }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await run(page, harness, 'en', '1024', false);
  });

  test('offline then online, Arabic, 1920×1080', async ({ page, harness }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await run(page, harness, 'ar', '1920', true);
  });
});
