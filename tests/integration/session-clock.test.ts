// The session against the injected clock: main locks an idle session by itself (whatever the
// renderer does), the same operator's PIN unlocks it; a lockout ends when its time has passed.
import { describe, expect, it } from 'vitest';
import { type KioskCore } from '../../src/main/core';
import { TRAINING_PIN } from '../../src/shared/ipc/auth';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const ctx = { transport: 'test' as const };

async function start(): Promise<{ kiosk: KioskCore; clock: { now: number } }> {
  const clock = { now: 1_800_000_000_000 };
  const kiosk = cores.startWith({ now: () => clock.now });
  await kiosk.security.ready;
  return { kiosk, clock };
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('session and the clock', () => {
  it('locks after lockAfterSeconds without a call; only the same operator’s PIN unlocks', async () => {
    const { kiosk, clock } = await start();
    const signIn = { operatorId: 'training-teller', secret: TRAINING_PIN };
    expect(code(await kiosk.dispatch('auth.signIn', signIn, ctx))).toBe('ok');
    clock.now += 299_000;
    expect(code(await kiosk.dispatch('queue.totals', undefined, ctx))).toBe('ok');
    clock.now += 299_000; // each call counts as activity
    expect(code(await kiosk.dispatch('queue.totals', undefined, ctx))).toBe('ok');
    clock.now += 300_001;
    expect(code(await kiosk.dispatch('queue.totals', undefined, ctx))).toBe('unauthenticated');
    const session = await kiosk.dispatch('auth.session', undefined, ctx);
    expect(session).toMatchObject({ ok: true, value: { locked: true, operator: { id: 'training-teller' } } });
    expect(code(await kiosk.dispatch('auth.unlock', { secret: '999999' }, ctx))).toBe('sign_in_failed');
    expect(code(await kiosk.dispatch('auth.unlock', { secret: TRAINING_PIN }, ctx))).toBe('ok');
    expect(code(await kiosk.dispatch('queue.totals', undefined, ctx))).toBe('ok');
    const actions = kiosk.audit.list({}).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.locked', 'auth.unlocked', 'auth.sign_in_failed']));
  });

  it('a lockout lasts its back-off, then the right PIN works again', async () => {
    const { kiosk, clock } = await start();
    for (let i = 0; i < 6; i++) {
      await kiosk.dispatch('auth.signIn', { operatorId: 'training-admin', secret: '999999' }, ctx);
    }
    const right = { operatorId: 'training-admin', secret: TRAINING_PIN };
    expect(code(await kiosk.dispatch('auth.signIn', right, ctx))).toBe('locked_out');
    clock.now += 29_000;
    expect(code(await kiosk.dispatch('auth.signIn', right, ctx))).toBe('locked_out');
    clock.now += 1_001;
    expect(code(await kiosk.dispatch('auth.signIn', right, ctx))).toBe('ok');
  });
});
