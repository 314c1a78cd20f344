// A kiosk holding 10,000 cases (seeded straight into a real store in the data folder, then opened
// by the real harness): the inbox lists exactly the cases that need a person, including the oldest,
// Home's counts agree with the lists, and the oldest case is found through the search box by its
// reference and by its ID number.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseReference } from '../../src/shared/domain/case-reference';
import type { CaseState } from '../../src/shared/domain/flows';
import { seedDataDir, type SeededCase } from '../helpers/seed-cases';
import type { Locator } from '@playwright/test';
import {
  expect,
  launchHarness,
  type RunningHarness,
  SCREENSHOT_DIR,
  signInOverBridge,
  stopHarness,
  test,
} from './harness-fixture';

const COUNT = 10_000;
const SPACING_MS = 30_000;

/**
 * The five oldest cases and every 1,000th need a person; no case waits to send (the harness's relay
 * would start sending them and change the lists under the test); most are completed, recently
 * enough that retention keeps their data.
 */
function stateOf(index: number): CaseState {
  if (index < 5 || index % 1000 === 500) return 'needs_attention';
  if (index % 50 === 7) return 'cancelled';
  return 'completed';
}

/** Each cell of a queue row (name, reference, state, age, service, reason) ends inside the row's box. */
async function cellsInsideRow(item: Locator): Promise<void> {
  const row = await item.locator('.case-open').boundingBox();
  expect(row, 'the row is laid out').not.toBeNull();
  const cells = item.locator('.case-open > span, .case-open > bdi');
  expect(await cells.count()).toBeGreaterThanOrEqual(5);
  for (const cell of await cells.all()) {
    const box = await cell.boundingBox();
    const label = (await cell.getAttribute('class')) ?? 'cell';
    expect(box, label).not.toBeNull();
    expect(box!.y + box!.height, `${label}: bottom inside the row`).toBeLessThanOrEqual(row!.y + row!.height);
    expect(box!.y, `${label}: top inside the row`).toBeGreaterThanOrEqual(row!.y);
  }
}

let root: string;
let harness: RunningHarness;
let seeded: SeededCase[];

test.describe('a kiosk with 10,000 cases', () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    root = mkdtempSync(join(tmpdir(), 'kiosk-e2e-many-'));
    const dataDir = join(root, 'data');
    seeded = seedDataDir(dataDir, {
      count: COUNT,
      stateOf,
      start: Date.now() - (COUNT + 60) * SPACING_MS,
      spacingMs: SPACING_MS,
    });
    writeFileSync(join(dataDir, 'kiosk.config.json'), JSON.stringify({ defaultLanguage: 'en' }));
    harness = await launchHarness(dataDir);
    // A supervisor, as at the branch: the queue and the inbox are for signed-in staff.
    await signInOverBridge(harness, 'training-supervisor');
  });

  test.afterAll(async () => {
    if (harness) await stopHarness(harness);
    rmSync(root, { recursive: true, force: true });
  });

  test('the inbox lists exactly the cases that need a person, the oldest first', async ({ page }) => {
    const needing = seeded.filter((c) => c.state === 'needs_attention');
    await page.goto(harness.url);
    await expect(page.getByTestId('inbox-badge')).toHaveText(String(needing.length));
    await expect(page.getByTestId('inbox-count')).toContainText(`${needing.length} cases need a person`);
    await page.getByTestId('nav-inbox').click();
    const inbox = page.getByTestId('inbox-list');
    // The oldest case (captured 3.5 days ago) is at the top, with its customer's name.
    await expect(inbox.getByRole('listitem').first()).toContainText(caseReference(needing[0]!.id));
    await expect(inbox.getByRole('listitem').first()).toContainText(needing[0]!.name);
    // Scrolled to the end, the virtual list has shown every one of them, and nothing else.
    const shown = new Set<string>();
    for (let guard = 0; guard < 50; guard += 1) {
      for (const id of await inbox
        .locator('[data-testid^="case-"]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid') ?? ''))) {
        shown.add(id.replace(/^case-/, ''));
      }
      const atEnd = await inbox.evaluate((el) => {
        el.scrollTop += el.clientHeight;
        return el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      });
      if (atEnd && shown.size >= needing.length) break;
    }
    expect([...shown].sort()).toEqual(needing.map((c) => caseReference(c.id)).sort());
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'inbox-10k.png') });
  });

  test('finds the oldest case by reference and by ID number through the search box', async ({ page }) => {
    const oldest = seeded[0]!;
    const reference = caseReference(oldest.id);
    await page.goto(harness.url);
    await page.getByTestId('nav-queue').click();
    const list = page.getByTestId('queue-list');
    await expect(list.getByRole('listitem').first()).toBeVisible();
    // The newest change is on top; the oldest case is 10,000 rows down.
    await expect(list.getByTestId(`case-${reference}`)).toHaveCount(0);
    await expect(page.getByTestId('tab-all')).toContainText('10,000');

    const search = page.locator('input[type="search"]');
    await search.fill(reference);
    await search.press('Enter');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByTestId(`case-${reference}`)).toContainText(oldest.name);

    await search.fill(oldest.nationalId);
    await search.press('Enter');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByTestId(`case-${reference}`)).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'queue-search-10k.png') });

    await search.fill('29912319999999');
    await search.press('Enter');
    await expect(page.getByTestId('queue-empty')).toHaveText('No case has this reference or number.');
  });

  test('the lists agree with the counts, and paging reaches the end of the queue', async ({ page }) => {
    await page.goto(harness.url);
    await page.getByTestId('nav-queue').click();
    const cancelled = seeded.filter((c) => c.state === 'cancelled').length;
    await expect(page.getByTestId('tab-closed')).toContainText(String(cancelled));
    await page.getByTestId('tab-closed').click();
    const list = page.getByTestId('queue-list');
    await expect(list.getByRole('listitem').first()).toContainText('Cancelled');
    // Oldest first, the last page of the list ends with the oldest cancelled case's neighbour list.
    await page.getByTestId('filter-order').selectOption('oldest');
    const firstCancelled = seeded.find((c) => c.state === 'cancelled')!;
    await expect(list.getByRole('listitem').first()).toContainText(caseReference(firstCancelled.id));
    const lastCancelled = seeded.findLast((c) => c.state === 'cancelled')!;
    await expect(async () => {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect(list.getByTestId(`case-${caseReference(lastCancelled.id)}`)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
  });

  test('the captured-day filters: day first, a range with nothing in it, From after To said', async ({
    page,
  }) => {
    await page.goto(harness.url);
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('tab-all').click();
    const list = page.getByTestId('queue-list');
    await expect(list.getByRole('listitem').first()).toBeVisible();
    const setDay = async (field: string, day: string, month: string, year: string) => {
      await page.getByTestId(`${field}-day`).fill(day);
      await page.getByTestId(`${field}-month`).selectOption({ label: month });
      await page.getByTestId(`${field}-year`).fill(year);
    };
    // January 2020: before every seeded case.
    await setDay('filter-from', '1', 'January', '2020');
    await setDay('filter-to', '31', 'January', '2020');
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    await expect(page.getByTestId('queue-backwards')).toHaveCount(0);
    await setDay('filter-from', '1', 'February', '2020');
    await expect(page.getByTestId('queue-backwards')).toHaveText(
      'The “From” day is after the “To” day: nothing can be in between.',
    );
    // Every field cleared: no filter, the whole list again.
    for (const field of ['filter-from', 'filter-to']) {
      await page.getByTestId(`${field}-day`).fill('');
      await page.getByTestId(`${field}-month`).selectOption('');
      await page.getByTestId(`${field}-year`).fill('');
    }
    await expect(page.getByTestId('queue-backwards')).toHaveCount(0);
    await expect(list.getByRole('listitem').first()).toBeVisible();
  });

  test('at 1024×768 every cell of a row stays inside the row (a wrapped age pushed a line out)', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(harness.url);
    await page.getByTestId('nav-queue').click();
    // The newest seeded case is half an hour old: "30 minutes ago" wrapped in its column.
    await page.getByTestId('tab-all').click();
    await cellsInsideRow(page.getByTestId('queue-list').getByRole('listitem').first());
  });

  test("a row's labels follow the language switch (the per-language labels of i18n.label)", async ({
    page,
  }) => {
    await page.goto(harness.url);
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('tab-closed').click();
    const first = page.getByTestId('queue-list').getByRole('listitem').first();
    await expect(first).toContainText('Cancelled');
    // A seeded cancelled case has done its first of four steps.
    await expect(first.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '1 of 4 steps');
    await page.locator('.lang-button[lang="ar"]').click();
    try {
      await expect(first).toContainText('ملغاة');
      await expect(first.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '١ من ٤ خطوات');
      // Both lines stay inside the row's box in Arabic too (its font's taller lines pushed the service
      // name out under the border).
      await cellsInsideRow(first);
    } finally {
      await page.locator('.lang-button[lang="en"]').click();
    }
    await expect(first).toContainText('Cancelled');
  });

  test('the inbox in Arabic at 1024×768: every cell of a row inside it', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(harness.url);
    await page.locator('.lang-button[lang="ar"]').click();
    try {
      await page.getByTestId('nav-inbox').click();
      const row = page.getByTestId('inbox-list').getByRole('listitem').first();
      await expect(row).toContainText('يحتاج إلى متابعة');
      await cellsInsideRow(row);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'inbox-10k-ar-1024.png') });
    } finally {
      await page.locator('.lang-button[lang="en"]').click();
    }
  });
});
