// The harness fixture plus a fake camera: each worker renders its scene (a specimen card on a desk,
// the same card out of focus, or the empty desk) to a one-frame Y4M before its Chromium starts, and
// Chromium's fake capture device plays it (--use-file-for-fake-video-capture; the other fake-device
// flags are in the `camera` project of playwright.config.mts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderScene, writeY4m, type Scene, type SceneKind } from '../../helpers/camera-scenes';
import { test as harnessTest } from '../harness-fixture';

export const test = harnessTest.extend<
  Record<never, never>,
  { cameraScene: SceneKind; scene: Scene & { file: string } }
>({
  cameraScene: ['card', { scope: 'worker', option: true }],
  scene: [
    async ({ cameraScene }, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-camera-'));
      const scene = await renderScene(cameraScene);
      const file = join(dir, `${cameraScene}.y4m`);
      await writeY4m(scene, file);
      try {
        await use({ ...scene, file });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker' },
  ],
  launchOptions: [
    async ({ launchOptions, scene }, use) => {
      await use({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), `--use-file-for-fake-video-capture=${scene.file}`],
      });
    },
    { scope: 'worker' },
  ],
});

export { expect, SCREENSHOT_DIR } from '../harness-fixture';
