import { join } from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './harness-fixture';

test.describe('home screen through the browser harness', () => {
  test('shows the app, its status from main, and switches to Arabic right-to-left', async ({
    page,
    harness,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(harness.url);
    // The configured default language is Arabic; the status line comes from main over the bridge.
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByTestId('status-line')).toContainText('0.1.0');
    await expect(page.getByTestId('training-banner')).toBeVisible();

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Branch KYC Kiosk');
    await expect(page.getByTestId('status-line')).toHaveText(
      'Version 0.1.0 · Training mode · Browser harness',
    );
    await expect(page.getByTestId('training-banner')).toContainText('Training mode');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-en.png'), fullPage: true });

    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('كشك اعرف عميلك بالفرع');
    await expect(page.getByTestId('status-line')).toContainText('وضع التدريب');
    // Right-to-left really mirrors the layout: the title sits to the right of the language switch.
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    const switcher = await page.getByRole('group').boundingBox();
    expect(title && switcher && title.x > switcher.x).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-ar.png'), fullPage: true });

    expect(errors).toEqual([]);
  });

  test('keeps the chosen language after a reload (persisted by main)', async ({ page, harness }) => {
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByTestId('status-line')).toContainText('Version 0.1.0');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('window.kiosk is frozen and exposes only contract functions', async ({ page, harness }) => {
    await page.goto(harness.url);
    await expect(page.getByTestId('status-line')).toContainText('0.1.0');
    const shape = await page.evaluate(() => {
      const api = window.kiosk as unknown as Record<string, Record<string, unknown>>;
      const original = api.app?.getStatus;
      try {
        (api.app as Record<string, unknown>).getStatus = () => null;
      } catch {
        // strict-mode assignment to a frozen object throws; either way it must not stick
      }
      return {
        frozen: Object.isFrozen(api) && Object.isFrozen(api.app),
        namespaces: Object.keys(api),
        replaced: api.app?.getStatus !== original,
      };
    });
    expect(shape.frozen).toBe(true);
    expect(shape.namespaces).toContain('app');
    expect(shape.replaced).toBe(false);
  });

  test('the API refuses a page that lacks the token', async ({ page, harness }) => {
    const origin = new URL(harness.url).origin;
    await page.goto(`${origin}/`);
    const status = await page.evaluate(async () => {
      const response = await fetch('/__kiosk/invoke/app.getStatus', { method: 'POST', body: '{}' });
      return response.status;
    });
    expect(status).toBe(403);
  });

  test('a page without the token, or with another run\'s, says so plainly instead of "please wait"', async ({
    page,
    harness,
  }) => {
    const origin = new URL(harness.url).origin;
    await page.goto(`${origin}/`);
    await expect(page.getByTestId('harness-token-refused')).toContainText('no harness token');
    // The Arabic sentence reads right to left (it sat in a left-to-right paragraph, its full stop on the wrong side).
    await expect(page.getByTestId('harness-token-refused').locator('p[lang="ar"]')).toHaveAttribute(
      'dir',
      'rtl',
    );
    await page.goto(`${origin}/#token=not-this-runs-token`);
    await page.reload(); // the token is taken from the fragment when the page loads
    await expect(page.getByTestId('harness-token-refused')).toContainText('refused this page');
  });
});

// A case left in "needs attention" is a customer whose request is not at the provider: Home says how
// long the oldest has waited and turns the card overdue past `attentionOverdueMinutes`. The page runs
// on Playwright's clock, so "an hour later" is a jump, not a wait.
test.describe('cases left waiting for a person', () => {
  test.use({ kioskConfig: { attentionOverdueMinutes: 45, defaultLanguage: 'en' } });

  test('Home shows the oldest one and marks the inbox overdue after the configured time', async ({
    page,
    harness,
  }) => {
    await page.clock.install();
    await page.goto(harness.url);
    const card = page.getByTestId('inbox-count');
    await expect(card).toHaveAttribute('data-overdue', 'false');
    await expect(page.getByTestId('attention-oldest')).toHaveCount(0);
    // Hoda is already registered at Lumin (10103): her onboarding stops for a person.
    await page.getByTestId('flow-lumin.kyc-national-id').click();
    await page.locator('#source-front').selectOption('simulated:specimen:hoda');
    await page.getByTestId('scan-front').click();
    await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('continue').click();
    await expect(page.getByTestId('flow-attention')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('navigation').getByRole('button').first().click(); // Home
    await expect(card).toContainText('1 case needs a person');
    await expect(page.getByTestId('attention-oldest')).toContainText('Oldest: last changed');
    await expect(card).toHaveAttribute('data-overdue', 'false');
    await page.clock.fastForward('46:00');
    // Nobody touched the kiosk for 46 minutes: it locked itself first; the teller unlocks it.
    await page.locator('#unlock-secret').fill('246810');
    await page.getByTestId('unlock').click();
    await expect(card).toHaveAttribute('data-overdue', 'true');
    await expect(page.getByTestId('attention-oldest')).toContainText(
      'Overdue: the oldest last changed 46 minutes ago',
    );
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-en-attention-overdue.png') });
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.getByTestId('attention-oldest')).toContainText('متأخرة');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-ar-attention-overdue.png') });
  });
});
