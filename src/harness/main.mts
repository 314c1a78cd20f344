/**
 * `npm run harness`: runs the kiosk's main-process services in plain Node and serves the renderer
 * to a browser on 127.0.0.1. Prints the URL (with this run's token) on one line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCore } from '../main/core';
import { startHarness } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KIOSK_HARNESS_PORT ?? '5199' },
    'data-dir': { type: 'string', default: process.env.KIOSK_DATA_DIR ?? '.kiosk-data' },
    quiet: { type: 'boolean', default: false },
    // End-to-end tests: retry within a second instead of the fleet-friendly production timing.
    'fast-retry': { type: 'boolean', default: false },
  },
});

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'out/renderer');
const bridgeFile = join(root, 'out/harness/bridge.js');
for (const required of [join(rendererDir, 'index.html'), bridgeFile]) {
  if (!existsSync(required)) {
    console.error(`Missing ${required}: run "npm run build" first.`);
    process.exit(2);
  }
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  productName: string;
  version: string;
};

const core = startCore({
  dataDir: resolve(values['data-dir']),
  host: 'harness',
  name: pkg.productName,
  version: pkg.version,
  echoLogs: !values.quiet,
  ...(values['fast-retry']
    ? {
        queue: {
          relay: { startJitterMs: 0, idlePollMs: 500, backoff: { baseMs: 250, capMs: 1_000 } },
          connectivity: { probeTimeoutMs: 1_000, reprobeBaseMs: 250, reprobeCapMs: 1_000 },
        },
      }
    : {}),
});
const harness = await startHarness({
  core,
  rendererDir,
  bridgeFile,
  token: randomBytes(24).toString('base64url'),
  port: Number(values.port),
});
// Training mode starts the provider simulators on loopback: announce the URL once they listen.
await core.providers.catch(() => undefined);
await core.security.ready;
process.stdout.write(`Kiosk harness (training mode unless configured): ${harness.url}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void harness
    .close()
    .then(() => core.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
