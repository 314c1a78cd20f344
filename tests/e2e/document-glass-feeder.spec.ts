// Brief g12e point 2: a supporting document on a scanner with both a glass and a feeder (the
// training specimen scanner, an MFP like the SANE test backend and the eSCL simulator). Staff say
// where the document is; on the glass one page is scanned (before, the document was always fed from
// the feeder, so a single sheet on the glass was answered "the feeder is empty"). The choice and
// the button follow each other, in English and Arabic at 1024×768 (screenshots of both).
import { join } from 'node:path';
import { TRAINING_PIN } from '../../src/shared/ipc/auth';
import { clickAboveActionBar, openJumioDocumentOnSpecimenScanner } from './flow-steps';
import { expect, SCREENSHOT_DIR, test } from './harness-fixture';

test('Supporting document: glass or feeder on a device with both, English and Arabic 1024×768', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `document-glass-feeder-1024-${name}.png`), fullPage: true });
  await page.goto(harness.url);
  await openJumioDocumentOnSpecimenScanner(page);

  // The device has both: the choice is offered, the feeder first (as before).
  const choice = page.getByTestId('paper-source-document');
  const glass = page.getByTestId('paper-source-document-flatbed');
  const feeder = page.getByTestId('paper-source-document-adf');
  const scan = page.getByTestId('scan-document');
  await expect(choice).toContainText('Where is the document?');
  await expect(feeder).toBeChecked();
  await expect(scan).toContainText('Scan all pages from the feeder');
  await glass.check();
  await expect(scan).not.toContainText('feeder');
  await expect(page.getByTestId('capture-document')).toContainText(
    'Place the document face down on the glass.',
  );
  await shot('en-glass');

  // Arabic: the same choice, kept, with its own words.
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(choice).toContainText('أين المستند؟');
  await expect(choice).toContainText('على الزجاج (صفحة واحدة)');
  await expect(choice).toContainText('في وحدة التغذية (جميع الصفحات)');
  await expect(glass).toBeChecked();
  await shot('ar-glass');
  await feeder.check();
  await expect(scan).toContainText('مسح جميع الصفحات من وحدة التغذية');
  await glass.check();
  await page.getByRole('button', { name: 'English' }).click();

  // One page from the glass: saved as an image, no "feeder is empty".
  await scan.click();
  await expect(page.getByTestId('saved-document')).toBeVisible({ timeout: 30_000 });
  // The specimen page (an A4 letter at the requested resolution) passes: no warning, Continue.
  await expect(page.getByTestId('verdict-document')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('keep-anyway')).toHaveCount(0);
  await expect(page.getByTestId('continue')).toBeVisible();
  await expect(page.getByText('The feeder is empty')).toHaveCount(0);
  await expect(page.getByTestId('pdf-document')).toHaveCount(0);
  // The choice stays with the device for the rest of the session.
  await expect(glass).toBeChecked();
  await shot('en-glass-saved');

  // With the sticky Continue bar shown, both options stay above it at 1024×768, in both languages:
  // staff see and click them where the page stands (before, the feeder option lay under the bar).
  for (const language of ['English', 'العربية']) {
    await page.getByRole('button', { name: language }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await clickAboveActionBar(page, feeder.locator('xpath=..'), `${language}: the feeder option`);
    await expect(feeder).toBeChecked();
    await clickAboveActionBar(page, glass.locator('xpath=..'), `${language}: the glass option`);
    await expect(glass).toBeChecked();
    await page.screenshot({
      path: join(
        SCREENSHOT_DIR,
        `document-glass-feeder-1024-${language === 'English' ? 'en' : 'ar'}-viewport.png`,
      ),
    });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot('ar-glass-saved-1920');
  await page.getByRole('button', { name: 'English' }).click();
  await shot('en-glass-saved-1920');
  await page.setViewportSize({ width: 1024, height: 768 });

  // The choice is the session's: after sign-out, the next sign-in (the same person, the page not
  // reloaded) starts from the feeder again.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('pick-training-supervisor').click();
  await page.locator('#operator-secret').fill(TRAINING_PIN);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('signed-in-operator')).toContainText('Training supervisor');
  await openJumioDocumentOnSpecimenScanner(page);
  await expect(feeder).toBeChecked();
  await expect(glass).not.toBeChecked();
  await expect(scan).toContainText('Scan all pages from the feeder');
});
