// The eSCL simulator checked by both clients nobody here wrote, through the real scanimage:
// sane-airscan (package sane-airscan) and libsane's own `escl` backend (libsane1), each on a
// flatbed-and-feeder device and on a feeder-only (sheet-fed) one. sane-airscan is also driven
// through "not ready" answers (503 before each page); libsane's escl backend 1.2.1 is not, because
// it reports an empty feeder on a 503 (test-rig.md), so its simulator answers at once.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePrivateSaneConfig } from '../../src/main/devices/sane/sane-config-dir';
import { startEsclSimulator, type EsclSimulator } from '../../src/simulators/escl/server';
import { requireAirscan } from '../helpers/sane';

const run = promisify(execFile);
let root: string;
const sims: EsclSimulator[] = [];

interface Client {
  name: 'airscan' | 'escl';
  configDir: string;
  device: string;
}

/** One private SANE configuration per client and simulator. */
async function client(
  name: Client['name'],
  options: Parameters<typeof startEsclSimulator>[0],
): Promise<Client> {
  const sim = await startEsclSimulator(options);
  sims.push(sim);
  const dir = join(root, `${name}-${sims.length}`);
  if (name === 'airscan') {
    writePrivateSaneConfig(dir, { backends: ['airscan'], airscanDevices: [{ name: 'Sim', url: sim.url }] });
    return { name, configDir: dir, device: 'airscan:e0:Sim' };
  }
  // libsane's escl backend takes a device line with the scanner's root URL (sane-escl(5), escl.conf).
  const origin = new URL(sim.url).origin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dll.conf'), 'escl\n');
  writeFileSync(join(dir, 'escl.conf'), `device ${origin} Sim\n`);
  return { name, configDir: dir, device: `escl:${origin}` };
}

const scanimage = (c: Client, args: string[]) =>
  run('scanimage', ['-d', c.device, ...args], {
    env: { ...process.env, SANE_CONFIG_DIR: c.configDir },
    encoding: 'buffer',
    timeout: 60_000,
  });

async function pages(dir: string): Promise<{ width: number; format: string }[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const meta = await sharp(await readFile(join(dir, f))).metadata();
      return { width: meta.width ?? 0, format: meta.format ?? '' };
    }),
  );
}

const clients: Record<string, Client> = {};

beforeAll(async () => {
  requireAirscan();
  root = mkdtempSync(join(tmpdir(), 'kiosk-escl-clients-'));
  clients['airscan'] = await client('airscan', { notReadyPolls: 1, feederPages: 2 });
  clients['airscan-sheetfed'] = await client('airscan', {
    notReadyPolls: 1,
    feederPages: 1,
    model: { platen: false, duplex: true },
  });
  clients['escl'] = await client('escl', { feederPages: 2 });
  clients['escl-sheetfed'] = await client('escl', { feederPages: 1, model: { platen: false, duplex: true } });
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.each(['airscan', 'escl'])('%s against the eSCL simulator', (name) => {
  it('flatbed: one colour page of the ID-1 area at 300 dpi', async () => {
    const c = clients[name]!;
    const out = join(root, `${name}-flatbed`);
    mkdirSync(out);
    const args = ['--source', 'Flatbed', '--resolution', '300', '--mode', 'Color', '-x', '90', '-y', '60'];
    await scanimage(c, [...args, '--format=png', '-o', join(out, 'p.png')]);
    expect(await pages(out)).toEqual([{ width: 1063, format: 'png' }]);
  });

  it('feeder: two pages in one batch', async () => {
    const c = clients[name]!;
    const out = join(root, `${name}-feeder`);
    mkdirSync(out);
    const args = ['--source', 'ADF', '--resolution', '200', '--mode', 'Gray', '-x', '90', '-y', '60'];
    await scanimage(c, [...args, '--format=png', `--batch=${join(out, 'p%d.png')}`, '--batch-count=2']);
    expect(await pages(out)).toEqual([
      { width: 709, format: 'png' },
      { width: 709, format: 'png' },
    ]);
  });

  it('feeder only (sheet-fed): no flatbed offered; the card comes from the feeder', async () => {
    const c = clients[`${name}-sheetfed`]!;
    const { stdout } = await scanimage(c, ['-A']);
    const source = /--source (.*?) \[/.exec(stdout.toString())?.[1] ?? '';
    expect(source.split('|')).not.toContain('Flatbed');
    const out = join(root, `${name}-sheetfed`);
    mkdirSync(out);
    const common = ['--resolution', '300', '--mode', 'Color', '-x', '90', '-y', '60', '--format=png'];
    if (name === 'airscan') {
      expect(source.split('|')).toEqual(['ADF', 'ADF Duplex']);
      // Front and back of one card from one sheet.
      await scanimage(c, [
        '--source',
        'ADF Duplex',
        ...common,
        `--batch=${join(out, 'p%d.png')}`,
        '--batch-count=2',
      ]);
      expect(await pages(out)).toEqual([
        { width: 1063, format: 'png' },
        { width: 1063, format: 'png' },
      ]);
    } else {
      // libsane 1.2.1's escl backend builds no source list without a platen ("{no_stringlist}")
      // and crashes when --source is set; its default source is the feeder, simplex.
      expect(source).toBe('{no_stringlist}');
      await scanimage(c, [...common, `--batch=${join(out, 'p%d.png')}`, '--batch-count=1']);
      expect(await pages(out)).toEqual([{ width: 1063, format: 'png' }]);
    }
  });
});
