// The national-ID onboarding flow (seed 002) from the operator's chair, through the browser
// harness in Chromium, against training mode's Lumin simulator: online, offline, provider errors,
// in Arabic, and with the keyboard alone. Screenshots of every screen go to artifacts/screenshots.
import { expect, test } from './harness-fixture';
import { specimenPerson } from '../../src/main/specimens/people';
import {
  english,
  giveSecret,
  luminLedger,
  openOnboarding,
  PASSWORD,
  scanSide,
  shot,
  shotsAtSizes,
  startSimulators,
  stopSimulators,
} from './kiosk-page';

const HODA = specimenPerson('hoda').registered!;

test.describe('new customer from a national ID', () => {
  test('online: capture, review, correct, approve, back, done; the provider got the typed values', async ({
    page,
    harness,
  }) => {
    // Many screens and screenshots (two sizes at review and done): a larger budget, no timed assertion.
    test.slow();
    await english(page, harness.url);
    await shot(page, 'en-01-home');
    await openOnboarding(page);
    await shot(page, 'en-02-capture-front');
    await scanSide(page, 'front', 'specimen:amira');
    await expect(page.getByTestId('case-reference')).toContainText(/[0-9A-F]{8}/);
    await shot(page, 'en-03-front-saved');
    await page.getByTestId('continue').click();

    const form = page.getByTestId('review-form');
    await expect(form).toBeVisible({ timeout: 20_000 });
    // What the simulator read from the specimen's card.
    await expect(page.locator('#field-idNumber')).toHaveValue('29503140121488');
    await expect(page.locator('#field-birthdate')).toHaveValue('14/03/1995');
    await expect(page.locator('#field-fullNameEn')).toHaveValue('Amira Hassan Abdallah');
    await shot(page, 'en-04-review');
    await shotsAtSizes(page, 'phase-en-review');

    // Validation explains itself, then the operator corrects the reading.
    await page.locator('#field-idNumber').fill('2950314012148');
    await page.getByTestId('approve').click();
    await expect(page.locator('#error-idNumber')).toHaveText('The national ID number has exactly 14 digits.');
    await shot(page, 'en-05-review-invalid');
    await page.locator('#field-idNumber').fill('29503140121488');
    await page.locator('#field-address').fill('15 El Genainy Street');
    await page.locator('#field-firstNameEn').fill('Amirah');
    await page.getByTestId('approve').click();

    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 20_000 });
    await shot(page, 'en-06-capture-back');
    await scanSide(page, 'back', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 20_000 });
    await shot(page, 'en-07-done');
    await shotsAtSizes(page, 'phase-en-done');

    const ledger = await luminLedger(harness);
    const approved = ledger.filter((entry) => entry.effect === 'front_approved');
    expect(approved).toHaveLength(1);
    expect(approved[0]?.details.values).toMatchObject({
      idNumber: '29503140121488',
      address: '15 El Genainy Street',
      firstNameEn: 'Amirah',
      familyNameEn: 'Hassan Abdallah',
      birthdate: '14/03/1995',
      documentNumber: 'GM2134524',
    });
    expect(ledger.filter((entry) => entry.effect === 'customer_onboarded')).toHaveLength(1);

    await page.getByTestId('nav-queue').click();
    await expect(page.getByTestId('queue-list')).toContainText('Completed');
    await shot(page, 'en-08-queue');
    await page.getByTestId('queue-list').getByRole('button').first().click();
    await expect(page.getByTestId('case-state')).toHaveText('Completed');
    await shot(page, 'en-09-case-detail');
  });

  test('offline: both sides captured and queued; when the provider is back the case waits in the inbox, then completes', async ({
    page,
    harness,
  }) => {
    await stopSimulators(harness);
    await english(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:karim');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-waiting')).toBeVisible();
    await page.getByTestId('capture-back-now').click();
    await scanSide(page, 'back', 'specimen:karim');
    await page.getByTestId('continue').click();
    await page.getByTestId('leave-queued').click();

    await expect(page.getByTestId('queue-count')).toContainText('1 case waiting to send');
    await expect(page.getByTestId('network-state')).toContainText('Offline', { timeout: 15_000 });
    await shot(page, 'en-10-home-offline');
    expect((await luminLedger(harness).catch(() => [])).length).toBe(0);

    await startSimulators(harness);
    await expect(page.getByTestId('inbox-badge')).toHaveText('1', { timeout: 30_000 });
    await page.getByTestId('nav-inbox').click();
    await shot(page, 'en-11-inbox');
    await page.getByTestId('inbox-list').getByRole('button').first().click();
    await expect(page.getByTestId('review-form')).toBeVisible();
    await page.getByTestId('approve').click();
    // The back was captured offline: no capture screen, straight to done.
    await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 30_000 });
    const ledger = await luminLedger(harness);
    expect(ledger.filter((entry) => entry.effect === 'customer_onboarded')).toHaveLength(1);
  });

  test('an expired national ID stops once its back is read: the flow screen says so, no customer is created', async ({
    page,
    harness,
  }) => {
    await english(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:omar');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 20_000 });
    await scanSide(page, 'back', 'specimen:omar');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-attention')).toContainText('national ID has expired', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('provider-message')).toHaveText(
      'The expiry date read from the back of the card has passed.',
    );
    await shot(page, 'en-12b-expired-card');
    const ledger = await luminLedger(harness);
    expect(ledger.filter((entry) => entry.effect === 'customer_onboarded')).toHaveLength(0);
  });

  test('an ID already registered (10103) leads in one click to the national-ID update for that applicant', async ({
    page,
    harness,
  }) => {
    // Many screens and screenshots on a shared 2-core machine: a larger budget, no timed assertion.
    test.slow();
    await english(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'specimen:hoda');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-attention')).toContainText('already registered', { timeout: 20_000 });
    // The provider's own words, verbatim (not the log's redacted form), and no dead end.
    await expect(page.getByTestId('provider-message')).toHaveText(
      `This national ID is already registered, applicant id ${HODA.applicantId}`,
    );
    // A supervisor may cancel from the case's details: the button says so.
    await expect(page.getByTestId('open-case')).toHaveText('Case details: retry or cancel');
    await shot(page, 'en-12-already-registered');
    await page.getByTestId('follow-up').click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Update national ID');
    await expect(page.locator('#field-applicantId')).toHaveValue(HODA.applicantId);
    await page.locator('#field-customerId').fill(HODA.customerId);
    await page.getByTestId('start-case').click();
    await giveSecret(page, PASSWORD);
    await scanSide(page, 'front', 'specimen:hoda');
    await page.getByTestId('continue').click();
    await scanSide(page, 'back', 'specimen:hoda');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('read-idNumber')).toContainText(specimenPerson('hoda').nationalId);
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 30_000 });
    const ledger = await luminLedger(harness);
    expect(ledger.filter((entry) => entry.effect === 'national_id_updated')).toHaveLength(1);
    // The onboarding case is still open in the inbox: staff close it with a reason.
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox-list').getByRole('button').first().click();
    await expect(page.getByTestId('case-attention')).toContainText('already registered');
    await expect(page.getByTestId('retry')).toHaveCount(0); // a business refusal: retrying cannot help
    await page.getByTestId('close-case').click();
    await expect(page.getByTestId('close-confirm')).toBeDisabled();
    await page.getByTestId('close-reason-duplicate').check();
    await shotsAtSizes(page, 'phase-en-close-dialog');
    await page.getByTestId('close-confirm').click();
    await expect(page.getByTestId('case-state')).toHaveText('Cancelled');
    await shotsAtSizes(page, 'phase-en-closed');
    await expect(page.getByTestId('step-upload-front')).toContainText('stopped');
    await page.getByTestId('nav-inbox').click();
    await expect(page.getByTestId('queue-empty')).toBeVisible();
  });

  test('an unreadable image asks for the side again, and the retake goes through', async ({
    page,
    harness,
  }) => {
    await english(page, harness.url);
    await openOnboarding(page);
    await scanSide(page, 'front', 'unreadable');
    await page.getByTestId('continue').click();
    // The provider could not read it: the kiosk asks for the front again.
    await expect(page.getByTestId('flow-recapture')).toContainText('could not use an image', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('scan-front')).toContainText('Retake');
    await shot(page, 'en-13-recapture');
    await scanSide(page, 'front', 'specimen:youssef');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('#field-fullNameEn')).toHaveValue(/Youssef/);
  });

  test('in Arabic, right to left, with Arabic-Indic digits accepted', async ({ page, harness }) => {
    // Many screens and screenshots on a shared 2-core machine: a larger budget, no timed assertion.
    test.slow();
    await page.goto(harness.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await shot(page, 'ar-01-home');
    await page.getByTestId('flow-lumin.kyc-national-id').click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('عميل جديد – بطاقة الرقم القومي');
    await shot(page, 'ar-02-capture-front');
    await scanSide(page, 'front', 'specimen:amira');
    await shot(page, 'ar-03-front-saved');
    // "المرجع:" in the UI font (a monospace font breaks the Arabic letters apart); only the code is monospace.
    await expect(page.getByTestId('case-reference')).not.toHaveCSS('font-family', /monospace/);
    await expect(page.getByTestId('case-reference').locator('bdi')).toHaveCSS('font-family', /monospace/);
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('راجع البيانات المقروءة من البطاقة')).toBeVisible();
    // The image sits on the right, the form on the left: the layout is mirrored.
    const image = await page.locator('.review-image').boundingBox();
    const form = await page.getByTestId('review-form').boundingBox();
    expect(image && form && image.x > form.x).toBe(true);
    await shot(page, 'ar-04-review');
    await page.locator('#field-idNumber').fill('٢٩٥٠٣١٤٠١٢١٤٨٨');
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 20_000 });
    await shot(page, 'ar-05-capture-back');
    await scanSide(page, 'back', 'specimen:amira');
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-done')).toContainText('تم', { timeout: 20_000 });
    await shot(page, 'ar-06-done');
    const approved = (await luminLedger(harness)).find((entry) => entry.effect === 'front_approved');
    expect(approved?.details.values).toMatchObject({ idNumber: '29503140121488' });
    await page.getByTestId('nav-queue').click();
    await expect(page.getByTestId('queue-list')).toContainText('مكتملة');
    await shot(page, 'ar-07-queue');
    await page.getByTestId('nav-inbox').click();
    await shot(page, 'ar-08-inbox');
  });

  test('the whole flow works with the keyboard alone', async ({ page, harness }) => {
    await english(page, harness.url);
    // Focus the first flow tile (as Tab would) and open it with Enter.
    await page.getByTestId('flow-lumin.kyc-national-id').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('capture-front')).toBeVisible();
    await page.keyboard.press('F2'); // scan hotkey, first ready scanner (Amira's specimen)
    await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('continue')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('#field-fullName')).toBeFocused();
    await page.keyboard.press('Enter'); // approve from any field
    await expect(page.getByTestId('capture-back')).toBeVisible({ timeout: 20_000 });
    await page.keyboard.press('F2');
    await expect(page.getByTestId('saved-back')).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('flow-done')).toBeVisible({ timeout: 20_000 });
  });
});
