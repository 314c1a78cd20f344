// Staff sign-in end to end in Chromium through the harness (issue 13): a teller signs in on the
// sign-in screen, onboards a customer, signs out; a supervisor signs in and reads the audit trail,
// which shows each action with the operator, and the case record shows who approved it and the
// provider's reference. Lumin was told the signed-in teller (userId).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { TRAINING_PIN } from '../../src/shared/ipc/auth';
import { expect, SCREENSHOT_DIR, test } from './harness-fixture';
import { luminLedger, openOnboarding, scanSide, shot } from './kiosk-page';

async function signIn(page: Page, operatorId: string, secret = TRAINING_PIN): Promise<void> {
  await page.getByTestId(`pick-${operatorId}`).click();
  await page.locator('#operator-secret').fill(secret);
  await page.getByTestId('sign-in').click();
}

/** Opens the kiosk in English with the training supervisor signed in. */
async function supervisorInEnglish(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'English' }).click();
  await signIn(page, 'training-supervisor');
}

/** On the lock screen: types `secret` and presses Unlock. */
async function unlock(page: Page, secret = TRAINING_PIN): Promise<void> {
  await page.locator('#unlock-secret').fill(secret);
  await page.getByTestId('unlock').click();
}

test.describe('staff sign-in and the audit trail', () => {
  test.use({ signedIn: null });

  test('sign in, onboard a customer, sign out; the audit shows who did what and the case record who approved', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    await expect(page.getByTestId('nav-queue')).toHaveCount(0);
    await expect(page.getByTestId('training-pin')).toContainText(TRAINING_PIN);
    // Read as a sentence, not drawn as the bordered key-cap badge of "Enter"/"F2" stretched over the row.
    await expect(page.getByTestId('training-pin')).toHaveCSS('border-top-style', 'none');
    await shot(page, 'auth-01-sign-in');

    // A wrong PIN is refused with a translated message.
    await signIn(page, 'training-teller', '111111');
    await expect(page.getByTestId('sign-in-error')).toHaveText('Unknown operator or wrong PIN/password.');
    await signIn(page, 'training-teller');
    await expect(page.getByTestId('signed-in-operator')).toContainText('Training teller (Teller)');
    // A teller has no audit trail or administration.
    await expect(page.getByTestId('nav-audit')).toHaveCount(0);
    await expect(page.getByTestId('nav-admin')).toHaveCount(0);

    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    await page.locator('#field-address').fill('15 El Genainy Street');
    await page.locator('#field-firstNameEn').fill('Amirah');
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 20_000 });
    await scanSide(page, 'back', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 20_000 });

    const ledger = await luminLedger(harness);
    expect(ledger.filter((e) => e.effect === 'token_issued').map((e) => e.details.userId)).toContain(
      'training-teller',
    );
    const customerId = ledger.find((e) => e.effect === 'customer_onboarded')?.details.customerId;
    expect(typeof customerId).toBe('string');

    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    await expect(page.getByTestId('flow-done')).toHaveCount(0);

    await signIn(page, 'training-supervisor');
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await expect(table).toBeVisible();
    const row = (action: string, who: string) =>
      page.getByTestId('audit-row').filter({ hasText: action }).filter({ hasText: who });
    await expect(row('auth.sign_in_failed', 'Training teller')).toHaveCount(1);
    await expect(row('auth.signed_in', 'Training teller')).toHaveCount(1);
    await expect(row('captured', 'Training teller').first()).toBeVisible();
    await expect(row('reviewed', 'Training teller')).toHaveCount(1);
    await expect(row('auth.signed_out', 'Training teller')).toHaveCount(1);
    await expect(row('auth.signed_in', 'Training supervisor')).toHaveCount(1);
    await expect(row('state:completed', 'Kiosk')).toHaveCount(1);
    // Each action in words for the compliance officer, its code under them for IT.
    await expect(row('auth.sign_in_failed', 'Training teller').getByTestId('audit-action')).toContainText(
      'Sign-in failed (unknown account or wrong PIN/password)',
    );
    await expect(row('state:completed', 'Kiosk').getByTestId('audit-action')).toContainText(
      'Case is now: Completed',
    );
    // The details in words too: the count, the step's name and the corrected fields' names.
    await expect(row('auth.sign_in_failed', 'Training teller').getByTestId('audit-detail')).toHaveText(
      'Failed attempts: 1',
    );
    const reviewed = row('reviewed', 'Training teller').getByTestId('audit-detail');
    await expect(reviewed).toContainText('Step: Check the data; Corrected fields: ');
    await expect(reviewed).toContainText('Address');
    await expect(reviewed).toContainText('First name (English)');

    await page.getByTestId('audit-verify').click();
    // Dated, and this check's count, not the start-up check's (0 entries on a fresh kiosk).
    await expect(page.getByTestId('audit-verification')).toContainText(
      /Checked .+: the trail is intact \([1-9][0-9,]* entries checked/,
    );
    await shot(page, 'auth-02-audit');
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(row('state:completed', 'Kiosk').getByTestId('audit-action')).toContainText(
      'الحالة الآن: مكتملة',
    );
    await expect(row('reviewed', 'Training teller').getByTestId('audit-action')).toContainText(
      'مراجعة القراءة واعتمادها',
    );
    await expect(row('reviewed', 'Training teller').getByTestId('audit-detail')).toContainText(
      'الخطوة: مراجعة البيانات؛ الحقول المصححة: ',
    );
    await expect(row('auth.sign_in_failed', 'Training teller').getByTestId('audit-detail')).toHaveText(
      'المحاولات الفاشلة: ١',
    );
    await shot(page, 'auth-02-audit-ar');
    await page.getByRole('button', { name: 'English' }).click();

    // The completed case's record: who captured, who approved, what was corrected, the reference.
    await row('reviewed', 'Training teller').getByRole('button').click();
    const record = page.getByTestId('case-record');
    await expect(record).toBeVisible();
    await expect(page.getByTestId('record-approved-by')).toHaveText('Training teller');
    await expect(page.getByTestId('record-captured-by')).toHaveText('Training teller');
    await expect(page.getByTestId('record-reference')).toHaveText(String(customerId));
    // By the review form's labels, not the fields' codes.
    await expect(page.getByTestId('record-corrected')).toContainText('First name (English)');
    await expect(page.getByTestId('record-corrected')).toContainText('Address');
    await expect(page.getByTestId('record-corrected')).not.toContainText('firstNameEn');
    await shot(page, 'auth-03-case-record');
  });

  test("an administrator's sign-in asks for nothing it may not have: no refusal in the audit trail", async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'English' }).click();
    await signIn(page, 'training-admin');
    await expect(page.getByTestId('nav-admin')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('nav-queue')).toHaveCount(0);
    await page.getByTestId('sign-out').click();
    await signIn(page, 'training-supervisor');
    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-action').filter({ hasText: 'auth.signed_out' })).toHaveCount(1);
    await expect(page.getByTestId('audit-action').filter({ hasText: 'auth.forbidden' })).toHaveCount(0);
  });

  test('the audit dates are typed day first in both languages, Arabic-Indic digits too; a day that does not exist is refused', async ({
    page,
    harness,
  }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await supervisorInEnglish(page, harness.url);
    await page.getByTestId('nav-audit').click();
    // This session's sign-in is in the default range (the last 7 days).
    await expect(page.getByTestId('audit-table')).toBeVisible();
    const filters = page.locator('form.audit-filters');
    const part = (field: string, name: string) => page.getByTestId(`${field}-${name}`);
    /** Day, month, year left to right in English, right to left in Arabic; all on one line. */
    async function dayFirst(rtl: boolean): Promise<void> {
      for (const field of ['audit-from', 'audit-to']) {
        const day = (await part(field, 'day').boundingBox())!;
        const month = (await part(field, 'month').boundingBox())!;
        const year = (await part(field, 'year').boundingBox())!;
        expect(day.y).toBe(month.y);
        expect(year.y).toBe(month.y);
        if (rtl) expect(day.x > month.x && month.x > year.x, field).toBe(true);
        else expect(day.x < month.x && month.x < year.x, field).toBe(true);
      }
      // The case filter and the buttons stand level with the date parts, or (at 1024 px) wrap onto
      // a line of their own below them, level with each other.
      const box = async (testid: string) => (await page.getByTestId(testid).boundingBox())!;
      const parts = await box('audit-from-day');
      const caseBox = await box('audit-case');
      const show = await box('audit-show');
      const exportBox = await box('audit-export');
      const bottom = (b: { y: number; height: number }) => Math.round(b.y + b.height);
      for (const other of [show, exportBox])
        expect(Math.abs(bottom(other) - bottom(caseBox))).toBeLessThanOrEqual(1);
      if (Math.abs(bottom(caseBox) - bottom(parts)) > 1) expect(caseBox.y).toBeGreaterThan(bottom(parts));
    }
    await dayFirst(false);
    await filters.screenshot({ path: join(SCREENSHOT_DIR, 'audit-date-filters-en.png') });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-date-filters-en-1024x768.png') });

    // The default range, shown again in the operator's digits when the language changes.
    const shownYear = Number(await part('audit-to', 'year').inputValue());
    const shownDay = Number(await part('audit-to', 'day').inputValue());
    // A date half typed when the language changes stays as the operator left it.
    await part('audit-from', 'day').fill('');
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(part('audit-from', 'day')).toHaveValue('');
    const arabicDigits = new Intl.NumberFormat('ar-EG', { useGrouping: false });
    await expect(part('audit-to', 'year')).toHaveValue(arabicDigits.format(shownYear));
    await expect(part('audit-to', 'day')).toHaveValue(arabicDigits.format(shownDay));
    await dayFirst(true);
    // 1 to 31 January 2020, typed as an Arabic keyboard types digits: nothing in the trail then.
    await part('audit-from', 'day').fill('١');
    await part('audit-from', 'month').selectOption({ label: 'يناير' });
    await part('audit-from', 'year').fill('٢٠٢٠');
    await part('audit-to', 'day').fill('۳۱');
    await part('audit-to', 'month').selectOption({ label: 'يناير' });
    await part('audit-to', 'year').fill('۲۰۲۰');
    await page.getByTestId('audit-show').click();
    await expect(page.getByTestId('audit-table')).toHaveCount(0);
    await expect(page.getByText('لا توجد قيود.')).toBeVisible();
    await expect(page.getByTestId('audit-from-error')).toHaveText('');
    // From after To: said, not just an empty list.
    await expect(page.getByTestId('audit-backwards')).toHaveCount(0);
    await part('audit-from', 'year').fill('٢٠٢١');
    await expect(page.getByTestId('audit-backwards')).toHaveText(
      'يوم «من» بعد يوم «إلى»: لا شيء يقع بينهما.',
    );
    await part('audit-from', 'year').fill('٢٠٢٠');
    await expect(page.getByTestId('audit-backwards')).toHaveCount(0);
    // The audit's range needs both days: a From cleared whole is said under it, not sent.
    await part('audit-from', 'day').fill('');
    await part('audit-from', 'month').selectOption('');
    await part('audit-from', 'year').fill('');
    await page.getByTestId('audit-show').click();
    await expect(page.getByTestId('audit-from-error')).toHaveText('أدخل اليوم والشهر والسنة.');
    await expect(page.getByTestId('audit-error')).toHaveCount(0);
    await part('audit-from', 'day').fill('١');
    await part('audit-from', 'month').selectOption({ label: 'يناير' });
    await part('audit-from', 'year').fill('٢٠٢٠');
    await expect(page.getByTestId('audit-from-error')).toHaveText('');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-date-filters-ar-1024x768.png') });

    // 31 April: refused under the field, the list not reloaded with a day that does not exist.
    await part('audit-to', 'month').selectOption({ label: 'أبريل' });
    await page.getByTestId('audit-show').click();
    await expect(page.getByTestId('audit-to-error')).toHaveText('هذا الشهر ليس فيه هذا اليوم.');
    await expect(part('audit-to', 'day')).toHaveAttribute('aria-invalid', 'true');
    await expect(part('audit-to', 'day')).toHaveAttribute(
      'aria-describedby',
      (await page.getByTestId('audit-to-error').getAttribute('id'))!,
    );
    await dayFirst(true);
    await filters.screenshot({ path: join(SCREENSHOT_DIR, 'audit-date-filters-ar-error.png') });
    // Corrected to today: this session's entries are back.
    const today = new Date();
    await part('audit-to', 'day').fill(String(today.getDate()));
    await part('audit-to', 'month').selectOption(String(today.getMonth() + 1));
    await part('audit-to', 'year').fill(String(today.getFullYear()));
    await expect(page.getByTestId('audit-to-error')).toHaveText('');
    await page.getByTestId('audit-show').click();
    await expect(page.getByTestId('audit-table')).toBeVisible();
  });

  test('the lock asks for the same operator’s PIN; sign-out from the lock screen works', async ({
    page,
    harness,
  }) => {
    await supervisorInEnglish(page, harness.url);
    await page.getByTestId('lock').click();
    await expect(page.getByTestId('locked-lead')).toContainText('Training supervisor');
    // Unlock and Sign out side by side, apart: a hurried press must not land on the other one.
    const unlockBox = (await page.getByTestId('unlock').boundingBox())!;
    const signOutBox = (await page.getByTestId('locked-sign-out').boundingBox())!;
    const apart =
      signOutBox.x >= unlockBox.x + unlockBox.width
        ? signOutBox.x - (unlockBox.x + unlockBox.width)
        : unlockBox.x - (signOutBox.x + signOutBox.width);
    expect(apart).toBeGreaterThanOrEqual(8);
    await shot(page, 'auth-04-locked');
    await unlock(page, '000000');
    await expect(page.getByTestId('unlock-error')).toHaveText('Unknown operator or wrong PIN/password.');
    await unlock(page);
    await expect(page.getByTestId('signed-in-operator')).toContainText('Training supervisor');
    await page.getByTestId('lock').click();
    await page.getByTestId('locked-sign-out').click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
  });

  test('a lock and unlock mid-case comes back to that case, not Home', async ({ page, harness }) => {
    await supervisorInEnglish(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:amira');
    const reference = await page.getByTestId('case-reference').locator('bdi').textContent();
    await page.getByTestId('lock').click();
    await expect(page.getByTestId('case-reference')).toHaveCount(0);
    await unlock(page);
    await expect(page.getByTestId('case-reference').locator('bdi')).toHaveText(reference ?? '-');
  });

  test('a correction typed on the review survives a lock and unlock, and leaves with the session', async ({
    page,
    harness,
  }) => {
    await supervisorInEnglish(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    const read = await page.locator('#field-address').inputValue();
    await page.locator('#field-address').fill('7 Tahrir Street');
    await page.locator('#field-address').blur();
    await page.getByTestId('lock').click();
    await expect(page.getByTestId('review-form')).toHaveCount(0);
    await unlock(page);
    // Before: the form came back with the provider's reading, the correction silently gone.
    await expect(page.locator('#field-address')).toHaveValue('7 Tahrir Street');
    // Signed out, nobody comes back to it: the same case opened again shows the reading.
    await page.getByTestId('sign-out').click();
    await signIn(page, 'training-supervisor');
    await page.getByTestId('nav-inbox').click();
    // Listed by the name Lumin read, though nobody has reviewed it yet (was "Name not read yet").
    await expect(page.getByTestId('inbox-list').locator('.case-name').first()).toHaveText(
      /أميرة حسن عبد الله|Amira Hassan Abdallah/,
    );
    await page.getByTestId('inbox-list').getByRole('button').first().click();
    await expect(page.locator('#field-address')).toHaveValue(read, { timeout: 20_000 });
  });
});
