// Issue 14: the store's background integrity check, configured to run at once after start-up,
// reaches the administrator's page through the pushed app status (the worker's result, not a stub),
// in English and in Arabic.
import { expect, test } from './harness-fixture';

test.use({
  signedIn: 'training-admin',
  kioskConfig: { defaultLanguage: 'en', store: { backgroundCheck: true, backgroundCheckDelaySeconds: 0 } },
});

test('the administration page shows the background integrity check passed', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByTestId('admin-tab-support').click();
  const check = page.getByTestId('store-check');
  await expect(check).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(check).toContainText('Database check passed');
  await expect(page.getByTestId('store-check-failed')).toHaveCount(0);
  await page.locator('.lang-button[lang="ar"]').click();
  await expect(check).toContainText('نجح فحص قاعدة البيانات');
});
