/**
 * `npm run kiosk-secret`: IT's command for the Node host (the browser harness). Reads one secret from
 * standard input (never from the command line, which shell history and `ps` would keep) and prints:
 *   default   `{ "encrypted": "…" }` for a provider secret in kiosk.config.json, sealed with the
 *             data folder's secrets.key (src/main/security/file-secrets.ts);
 *   --hash    a `scrypt$…` hash of a PIN/password for `security.firstAdministrator.secretHash`.
 * On an Electron kiosk, provider secrets are sealed with that machine's safeStorage: use
 * Administration → Provider secrets on the kiosk itself (the same operation, admin.encryptSecret).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileSecretSealer } from '../src/main/security/file-secrets';
import { hashSecret } from '../src/main/security/secret-hash';
import { operatorSecretSchema } from '../src/shared/ipc/auth';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.KIOSK_DATA_DIR ?? '.kiosk-data' },
    hash: { type: 'boolean', default: false },
  },
});

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const secret = input.replace(/\r?\n$/, '');
if (secret === '') {
  console.error('No secret on standard input.');
  process.exit(2);
}
if (values.hash) {
  if (!operatorSecretSchema.safeParse(secret).success) {
    console.error('Too short: a PIN needs at least 6 digits, a password at least 10 characters.');
    process.exit(2);
  }
  process.stdout.write(`${await hashSecret(secret)}\n`);
} else {
  const encrypted = fileSecretSealer(resolve(values['data-dir'])).encrypt(secret);
  process.stdout.write(`${JSON.stringify({ encrypted })}\n`);
}
