// Issue 12: Lumin update cases of one customer run one at a time (a serial claim per customer and
// update step, src/main/sync/relay/serialise.ts). Staff must see why the second one does not move:
// the flow screen, the queue row and the case detail say it waits for another update of the same
// customer, with that case's short reference, in English and in Arabic (right to left). Training
// mode: the harness's own Lumin simulator on loopback, the specimen scanner; screenshots of the
// wait at 1024×768 go to artifacts/screenshots.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { specimenPerson } from '../../src/main/specimens/people';
import { expect, SCREENSHOT_DIR, test } from './harness-fixture';
import { english, giveSecret, luminLedger, PASSWORD, scanSide } from './kiosk-page';

const HODA = specimenPerson('hoda').registered!;
const WAITING_EN = 'Waiting for another update of the same customer to finish: case';
const WAITING_AR = 'بانتظار انتهاء تحديث آخر للعميل نفسه: الحالة';

test.use({ viewport: { width: 1024, height: 768 } });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `serial-wait-${name}-1024x768.png`) });

/** Starts an update-passport case for Hoda from Home and sends its passport page; returns its reference. */
async function updatePassport(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Home', exact: true }).click();
  await page.getByTestId('flow-lumin.update-passport').click();
  await page.locator('#field-applicantId').fill(HODA.applicantId);
  await page.locator('#field-customerId').fill(HODA.customerId);
  await page.getByTestId('start-case').click();
  await giveSecret(page, PASSWORD);
  await scanSide(page, 'passport', 'specimen:hoda');
  const reference = (await page.getByTestId('case-reference').locator('bdi').textContent())?.trim() ?? '';
  expect(reference).toMatch(/^[0-9A-F]{8}$/);
  await page.getByTestId('continue').click();
  return reference;
}

test('two update cases of one customer: the second says it waits for the first, on the flow screen, the queue and the case, in English and Arabic', async ({
  page,
  harness,
}) => {
  // Two captures and many screens on a shared 2-core machine: a larger budget, no timed assertion.
  test.slow();
  await english(page, harness.url);
  // A: past `allowed-steps` (its claim on Hoda's passport update) and stopped at review, which a
  // person has not done yet: A holds the customer until its last approval.
  const a = await updatePassport(page);
  await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });

  // B, the same customer: sent, then it waits behind A instead of reaching its review.
  const b = await updatePassport(page);
  expect(b).not.toBe(a);
  const onFlow = page.getByTestId('flow-waiting-for');
  await expect(onFlow).toContainText(WAITING_EN, { timeout: 30_000 });
  await expect(onFlow).toContainText(a);
  await expect(page.getByTestId('review-form')).toHaveCount(0);
  await shot(page, 'en-flow');

  await page.getByTestId('nav-queue').click();
  const row = page.getByTestId(`case-${b}`);
  await expect(row.getByTestId('case-waiting-for')).toHaveText(`Waits for case ${a} of the same customer`);
  // A, the holder, waits for nobody.
  await expect(page.getByTestId(`case-${a}`).getByTestId('case-waiting-for')).toHaveCount(0);
  await shot(page, 'en-queue');
  await row.getByRole('button').click();
  const onCase = page.getByTestId('case-waiting-for');
  await expect(onCase).toContainText(WAITING_EN);
  await expect(onCase).toContainText(a);
  await expect(page.getByTestId('case-state')).toHaveText('Waiting to send');

  // The same in Arabic, right to left.
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(onCase).toContainText(WAITING_AR);
  await expect(onCase).toContainText(a);
  await shot(page, 'ar-case');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId(`case-${b}`).getByTestId('case-waiting-for')).toHaveText(
    `تنتظر الحالة ${a} للعميل نفسه`,
  );
  await shot(page, 'ar-queue');

  // No update reached the provider while A holds the customer.
  const before = await luminLedger(harness);
  expect(before.filter((entry) => entry.effect === 'passport_updated')).toHaveLength(0);

  // A reviewed and approved: its last approval frees the customer, B goes on (to its own review)
  // and no longer says it waits.
  await page.getByRole('button', { name: 'English' }).click();
  // A case waiting for its review opens on its flow screen, at the review.
  await page.getByTestId(`case-${a}`).getByRole('button').click();
  await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('approve').click();
  await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId(`case-${b}`).locator('.case-state')).toHaveText('Needs attention', {
    timeout: 30_000,
  });
  await expect(page.getByTestId(`case-${b}`).getByTestId('case-waiting-for')).toHaveCount(0);
  const after = await luminLedger(harness);
  expect(after.filter((entry) => entry.effect === 'passport_updated')).toHaveLength(1);
});
