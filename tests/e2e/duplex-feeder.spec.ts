// Issue 10, "must show": an ID card captured duplex from a simulated sheet-fed scanner in one click,
// front and back both in the case. The scanner is the project's eSCL simulator with a feeder and no
// platen (a real HTTP device on loopback, configured as IT configures a network scanner); the card
// is a specimen whose sides the training Lumin simulator reads back from their QR codes.
import { join } from 'node:path';
import { renderIdBack, renderIdFront } from '../../src/main/specimens';
import { fullNameAr, specimenPerson } from '../../src/main/specimens/people';
import { startEsclSimulator, type EsclSimulator } from '../../src/simulators/escl/server';
import { expect, SCREENSHOT_DIR, test as base } from './harness-fixture';
import { openOnboarding } from './kiosk-page';

const amira = specimenPerson('amira');

const test = base.extend<object, { sheetFed: EsclSimulator }>({
  sheetFed: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const sim = await startEsclSimulator({
        model: { platen: false, duplex: true, makeAndModel: 'Sheet-fed Simulator' },
        feederPages: 1,
        notReadyPolls: 1,
        imageFor: async ({ page }) =>
          (page % 2 === 0 ? await renderIdFront(amira) : await renderIdBack(amira)).bytes,
      });
      await use(sim);
      await sim.close();
    },
    { scope: 'worker' },
  ],
  kioskConfig: async ({ sheetFed }, use) => {
    await use({
      devices: {
        sane: { enabled: false },
        usbHotplug: false,
        escl: { scanners: [{ name: 'Counter 1', url: sheetFed.url }] },
      },
    });
  },
});

test('one click on a sheet-fed scanner stores the card front and back in the case', async ({
  page,
  harness,
  sheetFed,
}) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'English' }).click();
  await openOnboarding(page);
  const source = page.locator('#source-front');
  await expect(source.locator('option[value="escl:Counter 1"]')).toHaveText(/Sheet-fed Simulator/);
  await source.selectOption('escl:Counter 1');
  await page.getByTestId('scan-front').click();
  await expect(page.getByTestId('saved-front')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'en-duplex-front-saved.png'), fullPage: true });

  // One job, from the feeder, both sides.
  expect(sheetFed.jobs).toEqual([expect.objectContaining({ inputSource: 'Feeder', duplex: true })]);
  const stored = await page.evaluate(async () => {
    const list = await window.kiosk.queue.list({});
    if (!list.ok) throw new Error(list.error.message);
    const [summary] = list.value.cases;
    if (!summary) throw new Error('no case');
    const roles = await Promise.all(
      (['front', 'back'] as const).map(async (role) => {
        const image = await window.kiosk.cases.image({ caseId: summary.id, role });
        return image.ok ? `${role}:${image.value.mime}` : `${role}:${image.error.code}`;
      }),
    );
    return { count: list.value.cases.length, roles };
  });
  expect(stored).toEqual({ count: 1, roles: ['front:image/jpeg', 'back:image/jpeg'] });
});

test('scanner names: the kiosk’s own in the operator’s language, devices’ as they report themselves', async ({
  page,
  harness,
}) => {
  // Arabic is the configured default language.
  await page.goto(harness.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await openOnboarding(page);
  const source = page.locator('#source-front');
  await expect(source.locator('option[value="simulated:specimen:amira"]')).toHaveText(
    `عيّنة – ${fullNameAr(amira)} (تدريب)`,
  );
  await expect(source.locator('option[value="simulated:unreadable"]')).toHaveText(
    'عيّنة – بطاقة بلا بيانات مقروءة (تدريب)',
  );
  await expect(source.locator('option[value="escl:Counter 1"]')).toHaveText(
    'Sheet-fed Simulator (Counter 1)',
  );
  await page.getByRole('button', { name: 'English' }).click();
  await expect(source.locator('option[value="simulated:specimen:amira"]')).toHaveText(
    'Specimen – Amira Hassan Abdallah (training)',
  );
});
