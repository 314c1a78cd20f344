/**
 * USB hot-plug awareness: when a device is plugged in or out, SANE must re-list (a scanner may
 * have appeared or gone). Events come in bursts (a composite device attaches several interfaces),
 * so they only request a refresh; the registry debounces.
 *
 * The real source is `usb` 2.18.0 (not 3.x, which throws without a USB bus). The machines this
 * project is tested on have no USB bus: `usb@2` loads and reports no devices, and no attach event
 * ever fires, so the tests drive the debounce with FakeUsbEvents and prove nothing about libusb.
 * To check on real hardware: start the kiosk with logLevel "debug", plug a USB scanner in and out,
 * and look for `devices.usb_event` lines followed by one `devices.changed` listing the scanner.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../logging/logger';

export type UsbEventKind = 'attach' | 'detach';

export interface UsbEvents {
  on(listener: (kind: UsbEventKind) => void): void;
  close(): void;
}

/** FAKE for tests: emits only what the test tells it to. */
export class FakeUsbEvents implements UsbEvents {
  private readonly emitter = new EventEmitter();

  on(listener: (kind: UsbEventKind) => void): void {
    this.emitter.on('event', listener);
  }

  emit(kind: UsbEventKind): void {
    this.emitter.emit('event', kind);
  }

  close(): void {
    this.emitter.removeAllListeners();
  }
}

interface UsbModule {
  usb: {
    on(event: 'attach' | 'detach', listener: () => void): void;
    removeAllListeners(event?: string): void;
    unrefHotplugEvents?(): void;
  };
}

/** libusb hot-plug through `usb@2`; null when the native module cannot load on this machine. */
export async function realUsbEvents(log: Logger): Promise<UsbEvents | null> {
  let mod: UsbModule;
  try {
    mod = await import('usb');
  } catch (error) {
    log.warn('devices.usb_unavailable', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
  const listeners: ((kind: UsbEventKind) => void)[] = [];
  const forward = (kind: UsbEventKind) => (): void => {
    for (const l of listeners) l(kind);
  };
  mod.usb.on('attach', forward('attach'));
  mod.usb.on('detach', forward('detach'));
  // Hot-plug watching must not keep the process alive on quit.
  mod.usb.unrefHotplugEvents?.();
  return {
    on: (listener) => void listeners.push(listener),
    close: () => {
      mod.usb.removeAllListeners('attach');
      mod.usb.removeAllListeners('detach');
    },
  };
}
