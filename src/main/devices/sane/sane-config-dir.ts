/**
 * A private SANE configuration folder (SANE_CONFIG_DIR) that loads only the backends a kiosk needs:
 * `scanimage -L` then takes milliseconds instead of seconds of probing every backend and the
 * network (test-rig.md). Each backend's own .conf is copied from the system folder; sane-airscan
 * gets a generated airscan.conf with discovery off and the configured eSCL scanners.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PrivateSaneConfig {
  /** Backends to load, e.g. ['fujitsu', 'airscan'] or ['test'] in tests. */
  backends: string[];
  /** Where the system's backend configuration lives. */
  systemDir?: string;
  /** eSCL scanners for sane-airscan, by display name. */
  airscanDevices?: { name: string; url: string }[];
}

const BACKEND_NAME = /^[a-z0-9_]+$/;
const DEVICE_NAME = /^[\w .-]+$/;

export function writePrivateSaneConfig(dir: string, config: PrivateSaneConfig): string {
  mkdirSync(dir, { recursive: true });
  const systemDir = config.systemDir ?? '/etc/sane.d';
  for (const backend of config.backends) {
    if (!BACKEND_NAME.test(backend)) throw new Error(`Not a SANE backend name: ${backend}`);
  }
  writeFileSync(join(dir, 'dll.conf'), `${config.backends.join('\n')}\n`);
  for (const backend of config.backends) {
    if (backend === 'airscan' && config.airscanDevices) continue;
    const file = join(systemDir, `${backend}.conf`);
    if (existsSync(file)) copyFileSync(file, join(dir, `${backend}.conf`));
  }
  if (config.airscanDevices) {
    const lines = config.airscanDevices.map(({ name, url }) => {
      if (!DEVICE_NAME.test(name)) throw new Error(`Not a usable scanner name: ${name}`);
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error(`Not an eSCL URL: ${url}`);
      return `"${name}" = ${parsed.href}, eSCL`;
    });
    writeFileSync(
      join(dir, 'airscan.conf'),
      ['[devices]', ...lines, '', '[options]', 'discovery = disable', ''].join('\n'),
    );
  }
  return dir;
}
