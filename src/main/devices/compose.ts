/**
 * Builds the capture sources from configuration for a host: SANE (with an optional private
 * configuration folder), eSCL scanners from configuration, a watched folder, the simulated scanner
 * in training mode, and USB hot-plug → debounced SANE re-list.
 */
import { join } from 'node:path';
import type { EventBus } from '../ipc/event-bus';
import type { Logger } from '../logging/logger';
import type { DevicesConfig } from './devices-config';
import { StaticEsclDiscovery } from './escl/discovery';
import { EsclProvider } from './escl/escl-provider';
import { WatchedFolderSource } from './folder/watched-folder';
import { DeviceRegistry } from './registry';
import { writePrivateSaneConfig } from './sane/sane-config-dir';
import { SaneProvider } from './sane/sane-provider';
import { createMrzReader } from '../imaging/mrz-reader';
import { DevicesService } from './service';
import { SimulatedScanner, type SimulatedScannerOptions } from './simulated/simulated-source';
import type { SourceProvider } from './types';
import { realUsbEvents, type UsbEvents } from './usb/usb-hotplug';

export interface DevicesHost {
  config: DevicesConfig;
  mode: 'training' | 'production';
  dataDir: string;
  log: Logger;
  events?: EventBus;
  /** Training mode's simulated scanners (specimen documents); default: one synthetic-card scanner. */
  simulatedScanners?: readonly SimulatedScannerOptions[];
  /** Tests pass a fake; default: libusb through `usb@2`, when enabled in the configuration. */
  usb?: UsbEvents | null;
}

export interface Devices {
  service: DevicesService;
  registry: DeviceRegistry;
  /** Resolves once the watched folder is watching and the first listing is done. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createDevices(host: DevicesHost): Devices {
  const { config, log, events } = host;
  const providers: SourceProvider[] = [];
  if (
    config.simulatedScanner === 'always' ||
    (config.simulatedScanner === 'auto' && host.mode === 'training')
  ) {
    for (const options of host.simulatedScanners ?? [{}]) providers.push(new SimulatedScanner(options));
  }
  if (config.sane.enabled) {
    const configDir = config.sane.backends
      ? writePrivateSaneConfig(join(host.dataDir, 'sane'), { backends: config.sane.backends })
      : config.sane.configDir;
    providers.push(
      new SaneProvider({ binary: config.sane.binary, configDir, extraArgs: config.sane.extraArgs, log }),
    );
  }
  if (config.escl.scanners.length > 0) {
    providers.push(new EsclProvider(new StaticEsclDiscovery(config.escl.scanners)));
  }
  let folder: WatchedFolderSource | null = null;
  if (config.watchedFolder) {
    const source: WatchedFolderSource = new WatchedFolderSource({
      path: config.watchedFolder.path,
      log,
      onFile: (event) => events?.emit('devices.imageArrived', { sourceId: source.id, ...event }),
    });
    folder = source;
    providers.push(folder);
  }
  const registry = new DeviceRegistry(providers, {
    log,
    scanTimeoutMs: config.scanTimeoutMs,
    onChange: (sources) => events?.emit('devices.changed', { sources }),
  });
  let usb: UsbEvents | null = null;
  const ready = (async () => {
    if (folder)
      await folder
        .start()
        .catch((error: unknown) => log.warn('devices.folder_unavailable', { error: String(error) }));
    usb = host.usb !== undefined ? host.usb : config.usbHotplug ? await realUsbEvents(log) : null;
    usb?.on((kind) => {
      log.debug('devices.usb_event', { kind });
      registry.requestRefresh();
    });
    await registry.refresh();
  })();
  // Passport pages' MRZ, read on the kiosk; the OCR worker starts on the first passport only.
  const mrzReader = createMrzReader();
  return {
    service: new DevicesService(registry, log, mrzReader.read),
    registry,
    ready,
    close: async () => {
      usb?.close();
      await mrzReader.close();
      await registry.close();
      await ready.catch(() => undefined);
    },
  };
}
