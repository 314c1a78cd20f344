// The administrator's settings screen through the real core and dispatcher: bounds checked by the
// contract's zod schema, only the administrator role admitted, each change audited in the same
// transaction (a failing audit write leaves the setting unchanged), and applied at once: the status
// the renderer's idle timer reads, the language, and the retention sweep.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type KioskCore } from '../../src/main/core';
import type { AdminSettings } from '../../src/shared/ipc/admin-settings';
import { signIn } from '../helpers/core';
import { seedDataDir } from '../helpers/seed-cases';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = { transport: 'test' as const };

async function adminCore(dir = tempDir()): Promise<KioskCore> {
  const core = cores.start(dir);
  await signIn(core, 'training-admin');
  return core;
}

const DAY = 86_400_000;

describe('administrator settings over IPC', () => {
  it('refuses values out of bounds, of the wrong type, unknown keys and an empty change', async () => {
    const kiosk = await adminCore();
    const bad: unknown[] = [
      { idleTimeoutMinutes: 0 },
      { idleTimeoutMinutes: 31 },
      { idleTimeoutMinutes: 2.5 },
      { idleTimeoutMinutes: '5' },
      { lockAfterMinutes: 0 },
      { lockAfterMinutes: 61 },
      { lockAfterMinutes: 1.5 },
      { lockAfterMinutes: null },
      { retentionDays: 0 },
      { retentionDays: 366 },
      { retentionDays: -1 },
      { defaultLanguage: 'fr' },
      { lockAfterSeconds: 60 },
      {},
      undefined,
    ];
    for (const input of bad) {
      const answer = await kiosk.dispatch('admin.updateSettings', input, ctx);
      expect(answer, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const paths = await kiosk.dispatch('admin.updateSettings', { idleTimeoutMinutes: 31 }, ctx);
    expect(paths.ok ? null : paths.error.details).toEqual([{ path: 'idleTimeoutMinutes', code: 'too_big' }]);
    expect(kiosk.audit.list({}).filter((e) => e.action === 'admin.settings_changed')).toHaveLength(0);
  });

  it('admits only the administrator: tellers and supervisors are forbidden, nobody signed in is not admitted', async () => {
    const kiosk = await adminCore();
    const calls: [string, unknown][] = [
      ['admin.getSettings', undefined],
      ['admin.updateSettings', { idleTimeoutMinutes: 5 }],
      ['admin.testScan', { sourceId: 'simulated:specimen:amira' }],
      ['admin.listProviders', undefined],
      ['admin.testProvider', { provider: 'lumin' }],
      ['admin.replaceProviderSecret', { provider: 'lumin', name: 'tenantSecret', secret: 'x' }],
    ];
    for (const operator of ['training-teller', 'training-supervisor']) {
      await signIn(kiosk, operator);
      for (const [name, input] of calls) {
        expect(await kiosk.dispatch(name, input, ctx), `${operator} ${name}`).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
    }
    await kiosk.dispatch('auth.signOut', undefined, ctx);
    for (const [name, input] of calls) {
      expect(await kiosk.dispatch(name, input, ctx)).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' },
      });
    }
    expect(kiosk.audit.list({}).filter((e) => e.action === 'auth.forbidden')).toHaveLength(12);
    expect(kiosk.queue.store?.settings.read()).toEqual({});
  });

  it('applies the idle timeout and language at once, audits each change with who and from → to', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'kiosk.config.json'),
      JSON.stringify({ idleTimeoutSeconds: 90, defaultLanguage: 'ar' }),
    );
    const kiosk = await adminCore(dir);
    const pushed: unknown[] = [];
    kiosk.events.subscribe((name, payload) => name === 'app.statusChanged' && pushed.push(payload));

    const before = await kiosk.dispatch('admin.getSettings', undefined, ctx);
    expect(before).toEqual({
      ok: true,
      value: {
        defaultLanguage: 'ar',
        idleTimeoutMinutes: 1.5,
        lockAfterMinutes: 5,
        retentionDays: 7,
        changed: [],
      },
    });
    // The operator had picked English; a new default language replaces that choice.
    await kiosk.dispatch('app.setLanguage', { language: 'en' }, ctx);
    await kiosk.dispatch('admin.updateSettings', { defaultLanguage: 'en' }, ctx);
    const changed = await kiosk.dispatch(
      'admin.updateSettings',
      { idleTimeoutMinutes: 5, defaultLanguage: 'ar' },
      ctx,
    );
    expect(changed).toEqual({
      ok: true,
      value: {
        defaultLanguage: 'ar',
        idleTimeoutMinutes: 5,
        lockAfterMinutes: 5,
        retentionDays: 7,
        changed: ['defaultLanguage', 'idleTimeoutMinutes'],
      } satisfies AdminSettings,
    });
    const status = await kiosk.dispatch('app.getStatus', undefined, ctx);
    expect(status).toMatchObject({ ok: true, value: { idleTimeoutSeconds: 300, language: 'ar' } });
    expect(pushed.at(-1)).toMatchObject({ idleTimeoutSeconds: 300, language: 'ar' });

    // audit.list answers the newest first.
    const rows = kiosk.audit
      .list({})
      .filter((e) => e.action === 'admin.settings_changed')
      .reverse();
    expect(rows.map((row) => [row.actorId, row.detail])).toEqual([
      ['training-admin', { defaultLanguage: { from: 'ar', to: 'en' } }],
      [
        'training-admin',
        { defaultLanguage: { from: 'en', to: 'ar' }, idleTimeoutMinutes: { from: 1.5, to: 5 } },
      ],
    ]);
    // The same value again is no change: no row.
    await kiosk.dispatch('admin.updateSettings', { idleTimeoutMinutes: 5 }, ctx);
    expect(kiosk.audit.list({}).filter((e) => e.action === 'admin.settings_changed')).toHaveLength(2);
    expect(kiosk.audit.verify()).toMatchObject({ ok: true });

    // Kept in the store: a restarted kiosk has them.
    await cores.close();
    const restarted = cores.start(dir);
    expect(
      (await restarted.dispatch('app.getStatus', undefined, ctx)).ok &&
        restarted.queue.store?.settings.read(),
    ).toEqual({
      defaultLanguage: 'ar',
      idleTimeoutMinutes: 5,
    });
  });

  it('a new lock time applies to the open session at once (main’s own lock, the session pushed), audited, kept', async () => {
    const dir = tempDir();
    // security.lockAfterSeconds in the configuration; the settings screen wins over it.
    writeFileSync(join(dir, 'kiosk.config.json'), JSON.stringify({ security: { lockAfterSeconds: 600 } }));
    const clock = { now: 1_800_000_000_000 };
    const start = (): KioskCore => cores.startWith({ dataDir: dir, name: 'Test', now: () => clock.now });
    const kiosk = start();
    await signIn(kiosk, 'training-admin');
    const sessions: unknown[] = [];
    kiosk.events.subscribe((name, payload) => name === 'auth.sessionChanged' && sessions.push(payload));
    expect(await kiosk.dispatch('admin.getSettings', undefined, ctx)).toMatchObject({
      ok: true,
      value: { lockAfterMinutes: 10, changed: [] },
    });

    const changed = await kiosk.dispatch('admin.updateSettings', { lockAfterMinutes: 2 }, ctx);
    expect(changed).toMatchObject({
      ok: true,
      value: { lockAfterMinutes: 2, changed: ['lockAfterMinutes'] },
    });
    // The renderer's lock timer reads the pushed session's lock time.
    expect(sessions.at(-1)).toMatchObject({ lockAfterSeconds: 120, locked: false });
    // Main's own check uses it from the next call, without a restart: 2 min 1 s idle locks.
    clock.now += 119_000;
    expect((await kiosk.dispatch('admin.getSettings', undefined, ctx)).ok).toBe(true);
    clock.now += 120_001;
    expect(await kiosk.dispatch('admin.getSettings', undefined, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(sessions.at(-1)).toMatchObject({ locked: true });
    const row = kiosk.audit.list({}).find((e) => e.action === 'admin.settings_changed');
    expect([row?.actorId, row?.detail]).toEqual([
      'training-admin',
      { lockAfterMinutes: { from: 10, to: 2 } },
    ]);

    // Kept: a restarted kiosk locks after two minutes too.
    await cores.close();
    const restarted = start();
    await signIn(restarted, 'training-teller');
    expect(await restarted.dispatch('auth.session', undefined, ctx)).toMatchObject({
      ok: true,
      value: { lockAfterSeconds: 120 },
    });
    clock.now += 120_001;
    expect(await restarted.dispatch('queue.totals', undefined, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('writes a setting and its audit row in one transaction: when the audit row cannot be written, nothing changes', async () => {
    const kiosk = await adminCore();
    const db = kiosk.queue.store!.db;
    db.exec(`CREATE TEMP TRIGGER refuse_settings_audit BEFORE INSERT ON audit
             WHEN NEW.action = 'admin.settings_changed' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const answer = await kiosk.dispatch('admin.updateSettings', { retentionDays: 30 }, ctx);
    expect(answer).toMatchObject({ ok: false, error: { code: 'storage_failure' } });
    expect(kiosk.queue.store?.settings.read()).toEqual({});
    expect(await kiosk.dispatch('admin.getSettings', undefined, ctx)).toMatchObject({
      ok: true,
      value: { retentionDays: 7, changed: [] },
    });
  });

  it('a shorter retention purges completed cases that are now past it, at once', async () => {
    const dir = tempDir();
    const [seeded] = seedDataDir(dir, { count: 1, start: Date.now() - 3 * DAY, stateOf: () => 'completed' });
    const kiosk = await adminCore(dir);
    const store = kiosk.queue.store!;
    expect(store.cases.completedBefore(Date.now())).toEqual([seeded!.id]);
    expect(kiosk.queue.retentionMs).toBe(7 * DAY);

    await kiosk.dispatch('admin.updateSettings', { retentionDays: 2 }, ctx);
    expect(kiosk.queue.retentionMs).toBe(2 * DAY);
    expect(store.cases.completedBefore(Date.now())).toEqual([]);
    expect(store.fields.read(seeded!.id)).toEqual({});
    const audited = kiosk.audit.list({}).map((e) => e.action);
    expect(audited).toEqual(expect.arrayContaining(['admin.settings_changed', 'purged']));
  });
});
