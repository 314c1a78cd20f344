// `npm run simulators` from the checkout: the script in package.json starts the three simulators,
// prints their loopback URLs and a providers section, serves the APIs, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providersConfigSchema } from '../../../src/main/providers/config';

describe('npm run simulators', () => {
  it('starts Lumin, ARGOS and Jumio on loopback and prints where', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const [command, ...args] = pkg.scripts.simulators!.split(' ');
    const child = spawn(join('node_modules', '.bin', command!), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const deadline = Date.now() + 15_000;
      while (!out.includes('kiosk.config.json') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const urls: Record<string, string | undefined> = Object.fromEntries(
        [...out.matchAll(/^(lumin|argos|jumio) (http:\/\/127\.0\.0\.1:[0-9]+)$/gm)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      expect(Object.keys(urls).sort(), out).toEqual(['argos', 'jumio', 'lumin']);
      const config = providersConfigSchema.parse(JSON.parse(/"providers": (.*)$/m.exec(out)![1]!) as unknown);
      expect(config.lumin?.baseUrl).toBe(`${urls.lumin!}/Onboarding/`);
      // Each answers its API: Lumin refuses a missing token, ARGOS a missing key, Jumio a bad client.
      expect((await fetch(`${urls.lumin!}/api/v1/update/UpdateRequest/GetCurrentRequestSteps`)).status).toBe(
        401,
      );
      expect((await fetch(`${urls.argos!}/v3/submission?submission_id=training-submission-1`)).status).toBe(
        403,
      );
      expect(
        (
          await fetch(`${urls.jumio!}/oauth2/token`, {
            method: 'POST',
            headers: { authorization: 'Basic eDp5' },
          })
        ).status,
      ).toBe(401);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
