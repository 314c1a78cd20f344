// Issue 13, Administration: the training administrator changes the idle timeout (a value out of
// bounds is refused with a translated message first) and the default language, runs a test scan
// on SANE's `test` backend (real scanimage), tests each provider against the running training
// simulators (reachable) and again with them stopped (refused), and replaces a secret that is
// never shown; in English, then in Arabic, with screenshots at 1024×768.
import type { Page } from '@playwright/test';
import { expect, test } from './harness-fixture';
import { shot, startSimulators, stopSimulators } from './kiosk-page';

test.use({
  signedIn: 'training-admin',
  viewport: { width: 1024, height: 768 },
  kioskConfig: {
    defaultLanguage: 'en',
    devices: {
      sane: { backends: ['test'], extraArgs: { test: ['--test-picture', 'Color pattern'] } },
      usbHotplug: false,
    },
  },
});

const SCANNER = 'sane:test:0';

/** Opens one section of the administration screen (its tabs). */
async function openSection(page: Page, section: string): Promise<void> {
  await page.getByTestId(`admin-tab-${section}`).click();
  await expect(page.getByTestId(`admin-panel-${section}`)).toBeVisible();
}

async function testScan(page: Page, scanned: RegExp): Promise<void> {
  await openSection(page, 'devices');
  await page.getByTestId(`test-scan-${SCANNER}`).click();
  const result = page.getByTestId(`test-scan-result-${SCANNER}`);
  await expect(result).toContainText(scanned, { timeout: 30_000 });
  await expect(result.locator('img')).toBeVisible();
  expect(await result.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
    0,
  );
}

test('settings, test scan and provider connectivity, in English then Arabic', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await page.goto(harness.url);
  await expect(page.getByTestId('settings')).toBeVisible();
  await expect(page.getByTestId('settings-idle')).toHaveValue('2');

  // Out of bounds: refused by main's schema, said in the operator's language, marked on the field.
  await page.getByTestId('settings-idle').fill('45');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('Some values are not allowed');
  await expect(page.getByTestId('settings-idle')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('settings-idle').fill('5');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('Settings saved');
  // Applied at once: the status the idle timer reads says five minutes.
  const status = await page.evaluate(() => window.kiosk.app.getStatus());
  expect(status).toMatchObject({ ok: true, value: { idleTimeoutSeconds: 300 } });

  await testScan(page, /Scanned in [\d,]+ ms \([\d,]+ × [\d,]+ px\)/);

  await openSection(page, 'providers');
  await page.getByTestId('test-provider-lumin').click();
  await expect(page.getByTestId('provider-result-lumin')).toContainText(/Reachable: HTTP \d{3} in \d+ ms/);
  await stopSimulators(harness);
  await page.getByTestId('test-provider-argos').click();
  await expect(page.getByTestId('provider-result-argos')).toContainText('the connection was refused');

  // A replaced secret: sealed by main, the field emptied, the value nowhere on the page.
  await page.getByTestId('secret-argos:apiKey').fill('replacement-api-key');
  await page.getByTestId('replace-argos:apiKey').click();
  await expect(page.getByTestId('provider-message')).toContainText('apiKey replaced');
  await expect(page.getByTestId('secret-argos:apiKey')).toHaveValue('');
  expect(await page.content()).not.toContain('replacement-api-key');
  await shot(page, 'settings-en-1024');

  // The default language: Arabic at once, right to left.
  await openSection(page, 'settings');
  await page.getByTestId('settings-language').selectOption('ar');
  await page.getByTestId('settings-save').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('settings-message')).toContainText('حُفظت الإعدادات');
  await page.getByTestId('settings-retention').fill('0');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('بعض القيم غير مسموح بها');
  await expect(page.getByTestId('settings-retention')).toHaveAttribute('aria-invalid', 'true');

  await testScan(page, /تم المسح في/);
  await openSection(page, 'providers');
  await page.getByTestId('test-provider-lumin').click();
  await expect(page.getByTestId('provider-result-lumin')).toContainText('غير متاح: رُفض الاتصال');
  await startSimulators(harness);
  await page.getByTestId('test-provider-jumio').click();
  await expect(page.getByTestId('provider-result-jumio')).toContainText(/متاح: HTTP \d{3}/);
  await shot(page, 'settings-ar-1024');

  // Every change and check is in the audit trail, with the administrator as the actor.
  const audit = await page.evaluate(() => window.kiosk.audit.verify());
  expect(audit).toMatchObject({ ok: true, value: { ok: true } });
});
