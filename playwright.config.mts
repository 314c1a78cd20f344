import { defineConfig } from '@playwright/test';

// End-to-end tests: the real renderer in Debian's Chromium through the browser harness, and (where
// the Electron binary exists) the real Electron app. No browser is downloaded by Playwright.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.playwright-results.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-gpu',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Everything as before.
    { name: 'kiosk', testIgnore: ['e2e/camera/**'] },
    // The document camera: Chromium's fake capture device, granted without a prompt, playing a Y4M
    // each spec writes before its browser starts (tests/e2e/camera/camera-fixture.ts adds
    // --use-file-for-fake-video-capture=FILE).
    {
      name: 'camera',
      testMatch: ['e2e/camera/**/*.spec.ts'],
      // Each test starts a harness and watches dozens of analysed frames before deciding.
      timeout: 120_000,
      use: {
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-gpu',
            '--disable-quic',
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
          ],
        },
      },
    },
  ],
});
