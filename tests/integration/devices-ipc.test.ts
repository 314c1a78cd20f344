// The devices operations through the real core and dispatcher, as the renderer reaches them:
// training mode has the simulated scanner; scans and imported files come back processed; hostile
// files come back as translated error codes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import { renderSyntheticCard } from '../../src/main/imaging/synthetic-card';
import { processedImageSchema } from '../../src/shared/ipc/devices';
import { signIn } from '../helpers/core';
import { pseudoRandomBytes } from '../helpers/images';
import { requireScanimage } from '../helpers/sane';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = { transport: 'test' as const };

/** A core with `devices` configured, signed in; `changed` collects devices.changed from the start. */
async function start(devices: Record<string, unknown>, changed?: unknown[]): Promise<KioskCore> {
  const dir = tempDir();
  writeFileSync(join(dir, 'kiosk.config.json'), JSON.stringify({ devices }));
  const core = cores.start(dir);
  // Subscribed before anything is awaited: the first listing may be published during sign-in.
  if (changed) core.events.subscribe((name, payload) => name === 'devices.changed' && changed.push(payload));
  await signIn(core);
  return core;
}

describe('devices over IPC', () => {
  it('training mode lists the simulated scanner and SANE devices from a private configuration', async () => {
    requireScanimage();
    const changed: unknown[] = [];
    const kiosk = await start(
      {
        sane: { backends: ['test'], extraArgs: { test: ['--test-picture', 'Color pattern'] } },
        usbHotplug: false,
      },
      changed,
    );
    await kiosk.devices.ready;
    const listed = await kiosk.dispatch('devices.list', undefined, ctx);
    expect(listed.ok).toBe(true);
    const ids = listed.ok ? (listed.value as { sources: { id: string }[] }).sources.map((s) => s.id) : [];
    // Training mode: one simulated scanner per specimen person, one with an unreadable card, one
    // showing a phone with a submission's QR code (ARGOS).
    expect(ids).toEqual([
      'simulated:specimen:amira',
      'simulated:specimen:karim',
      'simulated:specimen:youssef',
      'simulated:specimen:hoda',
      'simulated:specimen:omar',
      'simulated:unreadable',
      'simulated:phone-qr',
      'sane:test:0',
      'sane:test:1',
    ]);
    expect(changed.length).toBeGreaterThanOrEqual(1);

    const scanned = await kiosk.dispatch(
      'devices.scan',
      { sourceId: 'sane:test:0', role: 'front', settings: { paperSource: 'adf', pages: 2 } },
      ctx,
    );
    expect(scanned.ok).toBe(true);
    const images = scanned.ok ? (scanned.value as { images: unknown[] }).images : [];
    expect(images).toHaveLength(2);
    for (const image of images) processedImageSchema.parse(image);
  });

  it('scans from the simulated scanner, imports a file, refuses a hostile one, cancels', async () => {
    const kiosk = await start({ sane: { enabled: false }, usbHotplug: false });
    await kiosk.devices.ready;
    const scanned = await kiosk.dispatch(
      'devices.scan',
      { sourceId: 'simulated:specimen:amira', role: 'front', provider: 'jumio' },
      ctx,
    );
    expect(scanned).toMatchObject({
      ok: true,
      value: { images: [{ mime: 'image/jpeg', quality: { verdict: 'ok' } }] },
    });

    const jpeg = await sharp(await renderSyntheticCard({ dpi: 300 }))
      .jpeg()
      .toBuffer();
    const imported = await kiosk.dispatch(
      'devices.importFile',
      { name: 'IMG_0001.JPG', bytes: new Uint8Array(jpeg), role: 'back', provider: 'argos' },
      ctx,
    );
    expect(imported).toMatchObject({ ok: true, value: { mime: 'image/jpeg', quality: { verdict: 'ok' } } });

    const hostile = await kiosk.dispatch(
      'devices.importFile',
      { name: 'card.png', bytes: new Uint8Array(pseudoRandomBytes(1000)), role: 'front' },
      ctx,
    );
    expect(hostile).toMatchObject({ ok: false, error: { code: 'image_format' } });
    const notBytes = await kiosk.dispatch(
      'devices.importFile',
      { name: 'x', bytes: 'AAAA', role: 'front' },
      ctx,
    );
    expect(notBytes).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const slow = kiosk.dispatch(
      'devices.scan',
      { sourceId: 'simulated:specimen:amira', role: 'front', scanId: 'scan-1' },
      ctx,
    );
    const cancelled = await kiosk.dispatch('devices.cancel', { scanId: 'scan-1' }, ctx);
    expect(cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(await slow).toMatchObject({ ok: false, error: { code: 'scan_cancelled' } });
    expect(await kiosk.dispatch('devices.cancel', { scanId: 'scan-1' }, ctx)).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('refuses an invalid devices section with a clear error', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'kiosk.config.json'),
      JSON.stringify({ devices: { escl: { scanners: [{ name: 'x', url: 'ftp://a' }] } } }),
    );
    expect(() => cores.start(dir)).toThrow(/invalid/);
  });
});
