// Steps of the one flow screen the ARGOS and Jumio specs share.
import type { Page } from '@playwright/test';
import { expect } from './harness-fixture';

/**
 * Online, the provider may answer before staff press Continue (the done screen then replaces the saved
 * image); otherwise Continue leads there. Either way the case ends on the done screen.
 */
export async function untilDone(page: Page, timeoutMs = 60_000): Promise<void> {
  const next = page.getByTestId('continue');
  const done = page.getByTestId('flow-done');
  await expect(async () => {
    if (await next.isVisible()) await next.click({ timeout: 1_000 });
    await expect(done).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: timeoutMs });
}
