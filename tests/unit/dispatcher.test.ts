import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type AccessGate } from '../../src/main/ipc/dispatcher';
import { AppError } from '../../src/main/ipc/errors';
import type { HandlerTable } from '../../src/main/ipc/handlers';
import { createLogger, memorySink } from '../../src/main/logging/logger';
import type { AppStatus } from '../../src/shared/ipc/app';

const status: AppStatus = {
  name: 'Kiosk',
  version: '1.0.0',
  mode: 'training',
  host: 'harness',
  language: 'en',
  startedAt: new Date(0).toISOString(),
  idleTimeoutSeconds: 120,
  attentionOverdueMinutes: 60,
  storeCheck: { state: 'scheduled' },
};

/** Admits every call: these tests are about parsing and answers; the gate's own tests follow. */
const admitAll: AccessGate = {
  admit: () => ({ ok: true, operator: undefined }),
  admitInput: (_name, _input, operator) => ({ ok: true, operator }),
};

function setup(overrides: Partial<HandlerTable> = {}, gate: AccessGate = admitAll) {
  const sink = memorySink();
  // Only the app.* handlers are exercised here; the rest of the table is never reached.
  const handlers = {
    'app.getStatus': vi.fn(() => status),
    'app.setLanguage': vi.fn(({ language }: { language: 'en' | 'ar' }) => ({ ...status, language })),
    ...overrides,
  } as HandlerTable;
  return { handlers, sink, dispatch: createDispatcher(handlers, createLogger(sink, 'debug'), gate) };
}

const ctx = { transport: 'test' as const };

describe('IPC dispatcher', () => {
  it('answers the gate’s refusal without parsing or calling the handler', async () => {
    const refuse: AccessGate = {
      admit: () => ({ ok: false, code: 'unauthenticated', message: 'Nobody is signed in' }),
      admitInput: () => ({ ok: true, operator: undefined }),
    };
    const { dispatch, handlers } = setup({}, refuse);
    expect(await dispatch('app.setLanguage', { language: 'ar' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(handlers['app.setLanguage']).not.toHaveBeenCalled();
  });

  it('passes the admitted operator to the handler and checks input rules after parsing', async () => {
    const operator = { id: 't1', name: 'Teller One', role: 'teller' as const, training: true };
    const seen: unknown[] = [];
    const gate: AccessGate = {
      admit: () => ({ ok: true, operator }),
      admitInput: (_name, input) =>
        (input as { language: string }).language === 'en'
          ? { ok: false, code: 'forbidden', message: 'no' }
          : { ok: true, operator },
    };
    const { dispatch } = setup(
      {
        'app.setLanguage': vi.fn((_input: unknown, context: unknown) => {
          seen.push(context);
          return status;
        }),
      },
      gate,
    );
    expect(await dispatch('app.setLanguage', { language: 'ar' }, ctx)).toMatchObject({ ok: true });
    expect(seen).toEqual([{ ...ctx, operator }]);
    expect(await dispatch('app.setLanguage', { language: 'en' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(seen).toHaveLength(1);
  });

  it('passes valid input to the handler and wraps the answer', async () => {
    const { dispatch, handlers } = setup();
    const result = await dispatch('app.setLanguage', { language: 'ar' }, ctx);
    expect(result).toEqual({ ok: true, value: { ...status, language: 'ar' } });
    expect(handlers['app.setLanguage']).toHaveBeenCalledWith({ language: 'ar' }, ctx);
  });

  it.each([
    ['a wrong enum value', { language: 'fr' }],
    ['a wrong type', { language: 42 }],
    ['an extra property', { language: 'ar', admin: true }],
    ['a missing object', undefined],
    ['a string instead of an object', 'ar'],
    ['a prototype-pollution attempt', JSON.parse('{"language":"ar","__proto__":{"polluted":1}}') as unknown],
  ])('refuses %s without calling the handler', async (_label, input) => {
    const { dispatch, handlers } = setup();
    const result = await dispatch('app.setLanguage', input, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
    expect(handlers['app.setLanguage']).not.toHaveBeenCalled();
  });

  it('refuses input where none is expected', async () => {
    const { dispatch, handlers } = setup();
    const result = await dispatch('app.getStatus', { sneaky: true }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(handlers['app.getStatus']).not.toHaveBeenCalled();
  });

  it.each([['no.such'], [42], [null], ['__proto__'], ['constructor'], ['toString']])(
    'refuses the unknown operation %s',
    async (name) => {
      const { dispatch } = setup();
      expect(await dispatch(name, undefined, ctx)).toMatchObject({
        ok: false,
        error: { code: 'unknown_operation' },
      });
    },
  );

  it('turns an AppError into its code and message', async () => {
    const { dispatch } = setup({
      'app.getStatus': () => {
        throw new AppError('disk_full', 'Free space below 500 MB');
      },
    });
    expect(await dispatch('app.getStatus', undefined, ctx)).toEqual({
      ok: false,
      error: { code: 'disk_full', message: 'Free space below 500 MB' },
    });
  });

  it('hides the details of an unexpected failure from the renderer but logs them', async () => {
    const { dispatch, sink } = setup({
      'app.getStatus': () => {
        throw new Error('SQLITE_CORRUPT at /secret/path');
      },
    });
    const result = await dispatch('app.getStatus', undefined, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    expect(sink.lines.join('')).toContain('SQLITE_CORRUPT');
  });
});
