// Roles through the harness bridge (real loopback HTTP, the same dispatcher Electron's IPC uses):
// nothing about a case without sign-in, a teller may not purge or cancel, a supervisor may; wrong
// PINs lock the account with a back-off.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import { TRAINING_PIN } from '../../src/main/security/security-service';
import { startHarness, TOKEN_HEADER, type Harness } from '../../src/harness/server';
import type { Result } from '../../src/shared/ipc/result';
import { decodeWire, encodeWire } from '../../src/shared/ipc/wire';
import { testCore } from '../helpers/core';
import { specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const TOKEN = 'test-token-roles-0123456789';
const running: { harness: Harness; core: KioskCore }[] = [];

afterEach(async () => {
  for (const { harness, core } of running.splice(0)) {
    await harness.close();
    await core.close();
  }
});

async function start(): Promise<{ harness: Harness; core: KioskCore }> {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  const bridgeFile = join(dir, 'bridge.js');
  writeFileSync(bridgeFile, '/* bridge */');
  const core = testCore(join(dir, 'data'));
  await core.security.ready;
  const harness = await startHarness({ core, rendererDir, bridgeFile, token: TOKEN });
  running.push({ harness, core });
  return { harness, core };
}

async function invoke(harness: Harness, name: string, input?: unknown): Promise<Result<unknown>> {
  const response = await fetch(`http://127.0.0.1:${harness.port}/__kiosk/invoke/${name}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: TOKEN, 'content-type': 'application/json' },
    body: encodeWire({ input }),
  });
  expect(response.status).toBe(200);
  return decodeWire(await response.text()) as Result<unknown>;
}

const code = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('roles through the harness bridge', () => {
  it('answers unauthenticated to every case operation without sign-in', async () => {
    const { harness } = await start();
    const calls: [string, unknown][] = [
      ['cases.get', { caseId: 'c1' }],
      ['cases.image', { caseId: 'c1', role: 'front' }],
      ['cases.submitReview', { caseId: 'c1', step: 's', values: {} }],
      ['queue.list', {}],
      ['queue.get', { caseId: 'c1' }],
      ['queue.retry', { caseId: 'c1' }],
      ['queue.cancel', { caseId: 'c1' }],
      ['queue.purgeCompleted', undefined],
      ['devices.scan', { sourceId: 'x', role: 'front' }],
      ['audit.list', {}],
      ['admin.listOperators', undefined],
    ];
    for (const [name, input] of calls)
      expect(code(await invoke(harness, name, input)), name).toBe('unauthenticated');
    // What the sign-in screen needs stays open.
    expect(code(await invoke(harness, 'app.getStatus'))).toBe('ok');
    const session = await invoke(harness, 'auth.session');
    const value = session.ok
      ? (session.value as { operator: unknown; trainingOperators: { id: string }[] })
      : null;
    expect(value?.operator).toBeNull();
    expect(value?.trainingOperators.map((op) => op.id)).toContain('training-teller');
  });

  it('forbids a teller to purge or cancel, or to answer "did it arrive?"; a supervisor can', async () => {
    const { harness, core } = await start();
    const { id } = await core.queue.cases.capture(specimenCapture());

    expect(
      code(await invoke(harness, 'auth.signIn', { operatorId: 'training-teller', secret: TRAINING_PIN })),
    ).toBe('ok');
    expect(code(await invoke(harness, 'queue.purgeCompleted'))).toBe('forbidden');
    expect(code(await invoke(harness, 'queue.cancel', { caseId: id }))).toBe('forbidden');
    expect(code(await invoke(harness, 'queue.retry', { caseId: id, uncertainStep: 'resend' }))).toBe(
      'forbidden',
    );
    expect(code(await invoke(harness, 'audit.list', {}))).toBe('forbidden');
    expect(code(await invoke(harness, 'admin.listOperators'))).toBe('forbidden');
    // What a teller does is allowed (the handler answers).
    expect(await invoke(harness, 'queue.get', { caseId: id })).toMatchObject({ ok: true, value: { id } });
    expect(core.queue.cases.get(id).state).not.toBe('cancelled');

    expect(
      code(await invoke(harness, 'auth.signIn', { operatorId: 'training-supervisor', secret: TRAINING_PIN })),
    ).toBe('ok');
    expect(await invoke(harness, 'queue.cancel', { caseId: id })).toMatchObject({
      ok: true,
      value: { state: 'cancelled' },
    });
    expect(await invoke(harness, 'queue.purgeCompleted')).toEqual({ ok: true, value: { purged: 0 } });

    // The audit trail says who did each of these.
    const audit = await invoke(harness, 'audit.list', { caseId: id });
    const caseEntries = audit.ok ? (audit.value as { entries: unknown[] }).entries : [];
    expect(caseEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'state:cancelled',
          actorId: 'training-supervisor',
          actorRole: 'supervisor',
        }),
      ]),
    );
    const all = await invoke(harness, 'audit.list', {});
    const actions = all.ok ? (all.value as { entries: { action: string; actorId: string }[] }).entries : [];
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'auth.forbidden', actorId: 'training-teller' }),
        expect.objectContaining({ action: 'auth.signed_in', actorId: 'training-supervisor' }),
      ]),
    );
    // Signed out: unauthenticated again.
    expect(code(await invoke(harness, 'auth.signOut'))).toBe('ok');
    expect(code(await invoke(harness, 'queue.get', { caseId: id }))).toBe('unauthenticated');
  });

  it('refuses wrong PINs alike for unknown and known operators, then locks out with a back-off', async () => {
    const { harness } = await start();
    expect(code(await invoke(harness, 'auth.signIn', { operatorId: 'nobody', secret: '000000' }))).toBe(
      'sign_in_failed',
    );
    for (let i = 0; i < 5; i++) {
      expect(
        code(await invoke(harness, 'auth.signIn', { operatorId: 'training-teller', secret: '999999' })),
      ).toBe('sign_in_failed');
    }
    const locked = await invoke(harness, 'auth.signIn', { operatorId: 'training-teller', secret: '999999' });
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'locked_out', details: { retryAfterMs: 30_000 } },
    });
    // Even the right PIN waits until the lockout ends.
    expect(
      code(await invoke(harness, 'auth.signIn', { operatorId: 'training-teller', secret: TRAINING_PIN })),
    ).toBe('locked_out');
  });
});
