// Issue 13, Administration: the screen is in sections (WAI-ARIA tabs: one tab stop, arrow keys
// that follow the reading direction, Home/End), each short enough for a 1024×768 branch monitor;
// and the PIN lock time set on it applies to the session already open. The page's clock is
// Playwright's fake clock: the lock is driven by `runFor`, never waited for.
import type { Page } from '@playwright/test';
import { expect, test } from './harness-fixture';
import { openIn, shotsAtSizes } from './kiosk-page';

test.use({
  signedIn: 'training-admin',
  viewport: { width: 1024, height: 768 },
  kioskConfig: { defaultLanguage: 'en', security: { lockAfterSeconds: 600 } },
});

const SECTIONS = ['settings', 'devices', 'providers', 'operators', 'support'] as const;

const selectedTab = (page: Page) => page.getByRole('tab', { selected: true });

/** Presses a key on the focused tab; the tab it lands on is selected, focused, and the only tab stop. */
async function press(page: Page, key: string, lands: (typeof SECTIONS)[number]): Promise<void> {
  await page.keyboard.press(key);
  const tab = page.getByTestId(`admin-tab-${lands}`);
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', `admin-tab-${lands}`);
}

test('sections as tabs: keys in English and Arabic (mirrored), each section short at 1024×768', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await openIn(page, harness.url, 'en');
  const tablist = page.getByRole('tablist', { name: 'Administration sections' });
  await expect(tablist.getByRole('tab')).toHaveText([
    'Settings',
    'Devices',
    'Providers',
    'Operators',
    'Secrets and support',
  ]);
  await expect(selectedTab(page)).toHaveText('Settings');
  await expect(page.getByTestId('settings')).toBeVisible();
  await expect(page.getByTestId('operators-table')).toHaveCount(0);

  await page.getByTestId('admin-tab-settings').focus();
  await press(page, 'ArrowRight', 'devices');
  await expect(page.getByTestId('camera-test')).toBeVisible();
  await press(page, 'End', 'support');
  await press(page, 'ArrowRight', 'settings');
  await press(page, 'ArrowLeft', 'support');
  await press(page, 'Home', 'settings');
  // Tab leaves the tablist for the panel (one tab stop for the whole row).
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel')).toBeFocused();

  // Each section is a screen or so high at 1024×768 (the one column was over 4,000 px).
  const heights: Record<string, number> = {};
  for (const section of SECTIONS) {
    await page.getByTestId(`admin-tab-${section}`).click();
    await expect(page.getByTestId(`admin-panel-${section}`)).toBeVisible();
    heights[section] = await page.evaluate(() => document.scrollingElement!.scrollHeight);
    await shotsAtSizes(page, `admin-${section}-en`);
  }
  console.log(`admin section heights at 1024×768 (px): ${JSON.stringify(heights)}`);
  for (const section of SECTIONS) expect(heights[section], section).toBeLessThanOrEqual(1_600);

  // Arabic, right to left: the arrows follow the reading direction.
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('tablist', { name: 'أقسام الإدارة' })).toBeVisible();
  await page.getByTestId('admin-tab-settings').click();
  await press(page, 'ArrowLeft', 'devices');
  await press(page, 'ArrowLeft', 'providers');
  await press(page, 'ArrowRight', 'devices');
  await press(page, 'ArrowRight', 'settings');
  await press(page, 'ArrowRight', 'support');
  for (const section of SECTIONS) {
    await page.getByTestId(`admin-tab-${section}`).click();
    await expect(page.getByTestId(`admin-panel-${section}`)).toBeVisible();
    const height = await page.evaluate(() => document.scrollingElement!.scrollHeight);
    expect(height, `${section} in Arabic`).toBeLessThanOrEqual(1_600);
    await shotsAtSizes(page, `admin-${section}-ar`);
  }
});

test('a lock time changed on the settings screen locks the open session after that long, no restart', async ({
  page,
  harness,
}) => {
  await page.clock.install();
  await openIn(page, harness.url, 'en');
  const lock = page.getByTestId('settings-lock');
  // security.lockAfterSeconds: 600 in the configuration, shown in minutes.
  await expect(lock).toHaveValue('10');

  // Out of bounds: refused by main, translated, marked on the field.
  await lock.fill('0');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('Some values are not allowed');
  await expect(lock).toHaveAttribute('aria-invalid', 'true');
  await lock.fill('1');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('Settings saved');
  await expect(lock).toHaveAttribute('aria-invalid', 'false');

  // Freeze the page's clock a little ahead (it may not go back), then one key: from here the idle
  // time is exactly what runFor adds.
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 5_000);
  await page.keyboard.press('Shift');
  await page.clock.runFor(50_000);
  await expect(page.getByTestId('locked-lead')).toHaveCount(0);
  // Past one minute (not the configured ten): the PIN is asked again.
  await page.clock.runFor(15_000);
  await expect(page.getByTestId('locked-lead')).toContainText('Training administrator');
  await expect(page.getByTestId('settings')).toHaveCount(0);
});
