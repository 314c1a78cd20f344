// Administration through the dispatcher as the training administrator: operators created, renamed,
// disabled (the last administrator cannot be), a secret sealed in the kiosk's own way and opened
// again by the host's decryptor, the diagnostics bundle without secrets, and the store's background
// integrity check as the administrator sees it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../src/main/security/diagnostics';
import { fileSecretSealer } from '../../src/main/security/file-secrets';
import type { AppStatus } from '../../src/shared/ipc/app';
import { TRAINING_PIN } from '../../src/shared/ipc/auth';
import { signIn } from '../helpers/core';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = { transport: 'test' as const };

describe('administration over IPC', () => {
  it('manages operators; a new teller signs in with the PIN given; the last administrator stays', async () => {
    const dir = tempDir();
    const kiosk = cores.start(dir);
    await signIn(kiosk, 'training-admin');
    const created = await kiosk.dispatch(
      'admin.createOperator',
      { id: 'teller-2', name: 'Teller Two', role: 'teller', secret: '13579135' },
      ctx,
    );
    expect(created).toMatchObject({ ok: true, value: { id: 'teller-2', role: 'teller', training: true } });
    const weak = await kiosk.dispatch(
      'admin.createOperator',
      { id: 'teller-3', name: 'Teller Three', role: 'teller', secret: '1234' },
      ctx,
    );
    expect(weak).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(
      await kiosk.dispatch('admin.updateOperator', { id: 'training-admin', role: 'teller' }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // An administrator reads no customer data.
    expect(await kiosk.dispatch('queue.list', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect(
      await kiosk.dispatch('auth.signIn', { operatorId: 'teller-2', secret: '13579135' }, ctx),
    ).toMatchObject({
      ok: true,
      value: { operator: { id: 'teller-2', role: 'teller' } },
    });
    await signIn(kiosk, 'training-admin');
    expect(
      await kiosk.dispatch('admin.updateOperator', { id: 'teller-2', disabled: true }, ctx),
    ).toMatchObject({
      ok: true,
      value: { disabled: true },
    });
    expect(
      await kiosk.dispatch('auth.signIn', { operatorId: 'teller-2', secret: '13579135' }, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: 'sign_in_failed' },
    });
    expect(kiosk.audit.list({}).map((e) => e.action)).toEqual(
      expect.arrayContaining(['admin.operator_created', 'admin.operator_updated']),
    );
  });

  it('seals a provider secret the host can open, and writes a diagnostics bundle without secrets', async () => {
    const dir = tempDir();
    const kiosk = cores.start(dir);
    await signIn(kiosk, 'training-admin');
    const sealed = await kiosk.dispatch('admin.encryptSecret', { secret: 'tenant-secret-value' }, ctx);
    expect(sealed.ok).toBe(true);
    const encrypted = sealed.ok ? (sealed.value as { encrypted: string }).encrypted : '';
    expect(encrypted).not.toContain('tenant-secret-value');
    expect(fileSecretSealer(dir).decrypt(encrypted)).toBe('tenant-secret-value');

    const bundle = await kiosk.dispatch('admin.diagnostics', { days: 2 }, ctx);
    expect(bundle.ok).toBe(true);
    const file = bundle.ok ? (bundle.value as { file: string }).file : '';
    const content = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(content)).toEqual([
      'createdAt',
      'versions',
      'config',
      'devices',
      'queue',
      'audit',
      'storeCheck',
      'logs',
    ]);
    expect(content.audit).toMatchObject({ ok: true });
    expect(Object.keys(content.logs as object)).toContain('kiosk.log');
    expect(readFileSync(file, 'utf8')).not.toContain(TRAINING_PIN);

    expect(
      withoutSecrets({
        providers: { lumin: { tenantId: 't', tenantSecret: { encrypted: 'abc' } }, argos: { apiKey: 'k' } },
      }),
    ).toEqual({
      providers: { lumin: { tenantId: 't', tenantSecret: '(secret)' }, argos: { apiKey: '(secret)' } },
    });
  });

  it("runs the store's integrity check in the background after start-up and shows its result", async () => {
    const dir = tempDir();
    const kiosk = cores.start(dir);
    await signIn(kiosk, 'training-admin');
    const pushed: string[] = [];
    kiosk.events.subscribe((name, payload) => {
      if (name === 'app.statusChanged') pushed.push((payload as AppStatus).storeCheck.state);
    });
    const before = await kiosk.dispatch('app.getStatus', undefined, ctx);
    expect(before).toMatchObject({ ok: true, value: { storeCheck: { state: 'scheduled' } } });
    // Due two minutes after start by default: run it now instead of waiting.
    const result = await kiosk.integrity.runNow();
    expect(result).toMatchObject({ outcome: 'ok' });
    expect(pushed).toEqual(['running', 'ok']);
    const after = await kiosk.dispatch('app.getStatus', undefined, ctx);
    expect(after).toMatchObject({ ok: true, value: { storeCheck: { state: 'ok', at: 'background' } } });
    const bundle = await kiosk.dispatch('admin.diagnostics', { days: 1 }, ctx);
    const file = bundle.ok ? (bundle.value as { file: string }).file : '';
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      storeCheck: { state: 'ok', problems: [] },
    });
  });

  it('turns the background check off by configuration', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.config.json'), JSON.stringify({ store: { backgroundCheck: false } }));
    const kiosk = cores.start(dir);
    const status = await kiosk.dispatch('app.getStatus', undefined, ctx);
    expect(status).toMatchObject({ ok: true, value: { storeCheck: { state: 'off' } } });
    await expect(kiosk.integrity.runNow()).resolves.toBeNull();
  });
});
