/**
 * The diagnostics bundle for support (issue 13): one JSON file in `<data folder>/exports/` with the
 * versions, the configuration with every secret replaced, the capture sources, the queue totals and
 * relay status, the audit verification, the store's last integrity check, and the last days of logs (already redacted when written,
 * src/main/logging/redact.ts). Holds no customer data.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DiagnosticsSources {
  dataDir: string;
  versions: Record<string, string>;
  config: unknown;
  devices: () => unknown;
  queue: () => unknown;
  audit: () => unknown;
  /** The store's last integrity check (src/main/store/integrity-service.ts). */
  storeCheck?: () => unknown;
  now: () => number;
}

const SECRET_KEYS = /secret|apikey|password|token|passphrase/i;

/** The configuration with every secret-looking value (and every `{ encrypted }`) replaced. */
export function withoutSecrets(value: unknown, key = ''): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined) return '(secret)';
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item));
  if (value !== null && typeof value === 'object') {
    if ('encrypted' in value) return '(secret)';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v, k)]));
  }
  return value;
}

function recentLogs(dataDir: string, days: number, now: number): Record<string, string> {
  const dir = join(dataDir, 'logs');
  const out: Record<string, string> = {};
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const file = join(dir, name);
    const stat = statSync(file);
    if (stat.isFile() && now - stat.mtimeMs <= days * 86_400_000) out[name] = readFileSync(file, 'utf8');
  }
  return out;
}

/** Writes the bundle; answers its path and size (bytes). */
export function writeDiagnostics(sources: DiagnosticsSources, days: number): { file: string; bytes: number } {
  const now = sources.now();
  const bundle = {
    createdAt: new Date(now).toISOString(),
    versions: sources.versions,
    config: withoutSecrets(sources.config),
    devices: sources.devices(),
    queue: sources.queue(),
    audit: sources.audit(),
    storeCheck: sources.storeCheck?.() ?? null,
    logs: recentLogs(sources.dataDir, days, now),
  };
  const dir = join(sources.dataDir, 'exports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `diagnostics-${now}.json`);
  const text = JSON.stringify(bundle, null, 2);
  writeFileSync(file, text, { mode: 0o600 });
  return { file, bytes: Buffer.byteLength(text) };
}
