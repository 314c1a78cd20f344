import { describe, expect, it, vi } from 'vitest';
import { eventNames, operationNames } from '../../src/shared/ipc/contract';
import { createKioskApi, type KioskTransport } from '../../src/shared/ipc/kiosk-api';
import { decodeWire, encodeWire } from '../../src/shared/ipc/wire';

function transport(overrides: Partial<KioskTransport> = {}): KioskTransport {
  return {
    invoke: vi.fn(() => Promise.resolve({ ok: true as const, value: 'answer' })),
    subscribe: vi.fn(() => () => undefined),
    ...overrides,
  };
}

describe('window.kiosk generated from the contract', () => {
  it('has one function per operation and one subscription per event, and nothing else', () => {
    const api = createKioskApi(transport()) as unknown as Record<string, Record<string, unknown>>;
    const expected = [
      ...operationNames,
      ...eventNames.map((n) => {
        const [ns, ev] = n.split('.') as [string, string];
        return `${ns}.on${ev.charAt(0).toUpperCase()}${ev.slice(1)}`;
      }),
    ].sort();
    const actual = Object.entries(api)
      .flatMap(([ns, members]) => Object.keys(members).map((m) => `${ns}.${m}`))
      .sort();
    expect(actual).toEqual(expected);
    for (const members of Object.values(api)) {
      for (const member of Object.values(members)) expect(typeof member).toBe('function');
    }
  });

  it('is frozen all the way down', () => {
    const api = createKioskApi(transport());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    expect(() => {
      (api.app as unknown as Record<string, unknown>).getStatus = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('forwards calls to the transport by contract name', async () => {
    const invoke = vi.fn(() => Promise.resolve({ ok: true as const, value: 'answer' }));
    const api = createKioskApi(transport({ invoke }));
    expect(await api.app.setLanguage({ language: 'ar' })).toEqual({ ok: true, value: 'answer' });
    expect(invoke).toHaveBeenCalledWith('app.setLanguage', { language: 'ar' });
  });

  it('turns a transport failure into an unavailable result instead of throwing', async () => {
    const api = createKioskApi(transport({ invoke: () => Promise.reject(new Error('socket closed')) }));
    expect(await api.app.getStatus()).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'socket closed' },
    });
  });

  it('subscriptions return an unsubscribe function and insist on a listener', () => {
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const api = createKioskApi(transport({ subscribe }));
    const off = api.app.onStatusChanged(() => undefined);
    off();
    expect(unsubscribe).toHaveBeenCalledOnce();
    expect(subscribe).toHaveBeenCalledWith('app.statusChanged', expect.any(Function));
    expect(() => api.app.onStatusChanged('nope' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('harness wire encoding', () => {
  it('round-trips bytes, including Node Buffers', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const decoded = decodeWire(
      encodeWire({ a: bytes, b: Buffer.from([9, 8]), c: 'text', d: [1, { e: null }] }),
    );
    expect(decoded).toEqual({ a: bytes, b: new Uint8Array([9, 8]), c: 'text', d: [1, { e: null }] });
  });
});
