/**
 * `npm run simulators`: starts the Lumin, ARGOS and Jumio simulators on loopback and prints their
 * URLs and a `providers` section for kiosk.config.json that points a kiosk at them.
 * Options: --lumin-port, --argos-port, --jumio-port (default: any free port).
 */
import { parseArgs } from 'node:util';
import { startTrainingProviders } from '../main/providers/training';

const { values } = parseArgs({
  options: {
    'lumin-port': { type: 'string' },
    'argos-port': { type: 'string' },
    'jumio-port': { type: 'string' },
  },
});
const port = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

const training = await startTrainingProviders({
  ports: {
    lumin: port(values['lumin-port']),
    argos: port(values['argos-port']),
    jumio: port(values['jumio-port']),
  },
});
const { lumin, argos, jumio } = training.simulators;
process.stdout.write(
  [
    `lumin ${lumin.url}`,
    `argos ${argos.url}`,
    `jumio ${jumio.url}`,
    `ARGOS submissions ready: ${training.trainingSubmissions.join(', ')}`,
    'Admin (header x-sim-admin-token, JSON bodies): GET <url>/__sim/ledger, PUT <url>/__sim/faults, POST <url>/__sim/faults/queue',
    `Admin tokens: lumin ${lumin.server.adminToken} argos ${argos.server.adminToken} jumio ${jumio.server.adminToken}`,
    `kiosk.config.json "providers": ${JSON.stringify(training.config)}`,
    '',
  ].join('\n'),
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void training.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
