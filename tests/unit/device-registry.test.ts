// Registry logic with in-memory sources: refresh coalescing and debounce (the USB hot-plug path,
// driven by an honest fake emitter because no USB bus exists here), busy, timeout, cancel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SourceCapabilities } from '../../src/shared/ipc/devices';
import { DeviceRegistry } from '../../src/main/devices/registry';
import { FakeWindowsScanning, WindowsScannerProvider } from '../../src/main/devices/twain/windows-scanning';
import type { CaptureSource, ScanRequest, SourceProvider } from '../../src/main/devices/types';
import { scanRequest } from '../helpers/scan-request';
import { FakeUsbEvents } from '../../src/main/devices/usb/usb-hotplug';
import { errorCode } from '../helpers/images';
import { quietLogger } from '../helpers/sane';

const caps: SourceCapabilities = {
  flatbed: true,
  adf: false,
  duplex: false,
  resolutions: [300],
  colourModes: ['color'],
  maxWidthMm: null,
  maxHeightMm: null,
};
const request: ScanRequest = scanRequest();

function fakeSource(id: string, scan: CaptureSource['scan'] = () => Promise.resolve([])): CaptureSource {
  return { id, kind: 'sane', label: id, simulated: true, capabilities: caps, status: 'ready', scan };
}

function fakeProvider(name: string, ids: () => string[] | Promise<string[]>, scan?: CaptureSource['scan']) {
  const list = vi.fn(async () => (await ids()).map((id) => fakeSource(id, scan)));
  return { provider: { name, list } satisfies SourceProvider, list };
}

const registries: DeviceRegistry[] = [];
function registry(
  providers: SourceProvider[],
  extra: Partial<ConstructorParameters<typeof DeviceRegistry>[1]> = {},
) {
  const r = new DeviceRegistry(providers, { log: quietLogger().log, ...extra });
  registries.push(r);
  return r;
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

describe('device registry', () => {
  it('lists every provider and reports changes only when something changed', async () => {
    let ids = ['a'];
    const { provider } = fakeProvider('one', () => ids);
    const onChange = vi.fn();
    const r = registry([provider, fakeProvider('two', () => ['b']).provider], { onChange });
    expect((await r.refresh()).map((s) => s.id)).toEqual(['a', 'b']);
    // Each provider's answer is published as it arrives (a fast one need not wait for SANE).
    const afterFirst = onChange.mock.calls.length;
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect(onChange.mock.lastCall?.[0]).toHaveLength(2);
    await r.refresh();
    expect(onChange).toHaveBeenCalledTimes(afterFirst);
    ids = ['a', 'c'];
    await r.refresh();
    expect(onChange).toHaveBeenCalledTimes(afterFirst + 1);
    expect(onChange.mock.lastCall?.[0]).toHaveLength(3);
  });

  it('shares one run between concurrent refreshes and runs once more for calls made meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { provider, list } = fakeProvider('slow', async () => {
      await gate;
      return ['a'];
    });
    const r = registry([provider]);
    const first = r.refresh();
    const second = r.refresh();
    expect(second).toBe(first);
    release();
    await first;
    await vi.waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });

  it('keeps a failing provider’s sources, shown offline', async () => {
    let fail = false;
    const { provider } = fakeProvider('net', () => {
      if (fail) throw new Error('network down');
      return ['n'];
    });
    const r = registry([provider]);
    await r.refresh();
    fail = true;
    expect(await r.refresh()).toMatchObject([{ id: 'n', status: 'offline' }]);
  });

  it('debounces USB hot-plug bursts into one re-list', async () => {
    vi.useFakeTimers();
    const { provider, list } = fakeProvider('sane', () => ['s']);
    const r = registry([provider], { debounceMs: 500 });
    const usb = new FakeUsbEvents();
    usb.on(() => r.requestRefresh());
    for (const kind of ['attach', 'attach', 'detach', 'attach'] as const) {
      usb.emit(kind);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(list).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(list).toHaveBeenCalledTimes(1);
    usb.emit('detach');
    await vi.advanceTimersByTimeAsync(600);
    expect(list).toHaveBeenCalledTimes(2);
    usb.close();
  });

  it('refuses a second scan on a busy source and an unknown source', async () => {
    let finish!: () => void;
    const { provider } = fakeProvider(
      'p',
      () => ['a'],
      () => new Promise((resolve) => (finish = () => resolve([]))),
    );
    const r = registry([provider]);
    await r.refresh();
    const first = r.scan('a', request);
    expect(r.list()[0]?.status).toBe('busy');
    expect(await errorCode(r.scan('a', request))).toBe('scanner_busy');
    expect(await errorCode(r.scan('zzz', request))).toBe('scanner_not_found');
    finish();
    await first;
    expect(r.list()[0]?.status).toBe('ready');
    expect(await errorCode(r.scan('a', { ...request, paperSource: 'adf' }))).toBe('invalid_input');
  });

  it('stops waiting for a source that ignores its signal: timeout and cancel', async () => {
    const { provider } = fakeProvider(
      'p',
      () => ['a'],
      () => new Promise(() => undefined),
    );
    const r = registry([provider], { scanTimeoutMs: 100 });
    await r.refresh();
    expect(await errorCode(r.scan('a', request))).toBe('scan_timeout');
    const r2 = registry([provider]);
    await r2.refresh();
    const controller = new AbortController();
    const scanning = r2.scan('a', request, controller.signal);
    controller.abort();
    expect(await errorCode(scanning)).toBe('scan_cancelled');
  });

  it('lists fake TWAIN/WIA scanners as simulated, never as real hardware', async () => {
    const fake = new FakeWindowsScanning(
      [{ id: 'wia-1', name: 'Desk scanner', api: 'wia', capabilities: caps }],
      () => Promise.resolve(Buffer.from('page')),
    );
    const r = registry([new WindowsScannerProvider(fake, true)]);
    const [source] = await r.refresh();
    expect(source).toMatchObject({
      id: 'twain:wia-1',
      kind: 'twain',
      simulated: true,
      label: 'Desk scanner (fake WIA)',
    });
    const pages = await r.scan('twain:wia-1', request);
    expect(pages[0]?.bytes.toString()).toBe('page');
  });
});
