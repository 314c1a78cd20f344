// The queue while cases change under it: a change pushed by main while the queue's first page is
// still on its way must not show the case twice. (Seen in CI: the queue opened right after a flow
// finished, the case's completion was pushed before the page arrived, the list held the same case
// twice, and the virtual list's keyed rows refused to render: an empty list with data-rows="2".)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseReference } from '../../src/shared/domain/case-reference';
import { seedDataDir } from '../helpers/seed-cases';
import {
  expect,
  invokeOverBridge,
  launchHarness,
  type RunningHarness,
  signInOverBridge,
  stopHarness,
  test,
} from './harness-fixture';

let root: string;
let harness: RunningHarness | undefined;

test.afterEach(async () => {
  if (harness) await stopHarness(harness);
  harness = undefined;
  rmSync(root, { recursive: true, force: true });
});

test('a case changed while the first page is on its way is listed once, in its new state', async ({
  page,
}) => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-e2e-live-'));
  const dataDir = join(root, 'data');
  const [waiting] = seedDataDir(dataDir, { count: 1, stateOf: () => 'needs_attention' });
  writeFileSync(join(dataDir, 'kiosk.config.json'), JSON.stringify({ defaultLanguage: 'en' }));
  harness = await launchHarness(dataDir);
  await signInOverBridge(harness, 'training-supervisor');
  const reference = caseReference(waiting!.id);

  // Main answers the queue's first page at once, but the page receives it only when the test says:
  // the answer (the case still needing attention) is older than the change pushed meanwhile.
  let pageAsked!: () => void;
  const asked = new Promise<void>((resolve) => (pageAsked = resolve));
  let deliver!: () => void;
  const delivered = new Promise<void>((resolve) => (deliver = resolve));
  await page.route('**/__kiosk/invoke/queue.list', async (route) => {
    const response = await route.fetch();
    pageAsked();
    await delivered;
    await route.fulfill({ response });
  });

  // Before the fix the page threw Svelte's each_key_duplicate here and stopped updating.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(harness.url);
  await expect(page.getByTestId('inbox-badge')).toHaveText('1');
  await page.getByTestId('nav-queue').click();
  await asked;
  const cancelled = (await invokeOverBridge(harness, 'queue.cancel', { caseId: waiting!.id })) as {
    ok: boolean;
  };
  expect(cancelled.ok).toBe(true);
  const list = page.getByTestId('queue-list');
  // The pushed change reached the open list before its first page (the only way it holds a row).
  await expect(list).toHaveAttribute('data-rows', '1');
  deliver();

  await expect(list).toHaveAttribute('data-complete', 'true');
  await expect(list).toHaveAttribute('data-rows', '1');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const row = list.getByTestId(`case-${reference}`);
  await expect(row).toContainText('Cancelled');
  // The page's copy brought the name main decrypted for it (the pushed change carries none).
  await expect(row).toContainText(waiting!.name);
  expect(errors).toEqual([]);
});
