/**
 * Fleet configuration: a JSON file an administrator or device management places on the kiosk
 * (`kiosk.config.json` in the data folder, or the path in KIOSK_CONFIG). Everything has a default;
 * with no provider configured the kiosk runs in training mode against its own simulators.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { languageSchema } from '../../shared/ipc/app';
import { devicesConfigSchema } from '../devices/devices-config';
import { providersConfigSchema } from '../providers/config';
import { AppError } from '../ipc/errors';
import { readJsonFile } from './json-file';

export const kioskConfigSchema = z
  .object({
    /** Shown on every screen in training mode; production needs at least one provider configured. */
    defaultLanguage: languageSchema.default('ar'),
    /**
     * Who the provider is told operated the kiosk (Lumin's userId/userName) until staff sign-in
     * exists: one identity per kiosk, set by IT.
     */
    operator: z
      .object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) })
      .strict()
      .default({ id: 'kiosk-operator', name: 'Branch operator' }),
    /** Screens showing a customer's data return home after this long without input. */
    idleTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
    /**
     * At review, warn when the document read expires within this many days (0: only when it has
     * already expired). Banks usually refuse an expired ID; a near expiry is for staff to mention.
     */
    expiryWarningDays: z.number().int().min(0).max(3650).default(30),
    /** Full-screen kiosk window (Electron only). */
    kioskMode: z.boolean().default(false),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Provider connections (src/main/providers/config.ts); none configured means training mode. */
    providers: providersConfigSchema.default({}),
    /** Capture sources: SANE, eSCL scanners, watched folder, simulated scanner (devices-config.ts). */
    devices: devicesConfigSchema.prefault({}),
    /** The offline queue (src/main/sync/queue-service.ts); every key optional. */
    queue: z
      .object({
        retentionDays: z.number().min(0).max(365).optional(),
        freeSpaceFloorMb: z.number().int().min(0).optional(),
        concurrency: z.number().int().min(1).max(64).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;

export function configPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.KIOSK_CONFIG || join(dataDir, 'kiosk.config.json'); // an empty variable counts as unset
}

export function loadKioskConfig(path: string): KioskConfig {
  let raw: unknown;
  try {
    raw = readJsonFile(path);
  } catch (error) {
    throw new AppError('invalid_input', `Configuration file ${path} is not valid JSON`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  const parsed = kioskConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AppError('invalid_input', `Configuration file ${path} is invalid`, parsed.error.issues);
  }
  return parsed.data;
}

export function modeOf(config: KioskConfig): 'training' | 'production' {
  return Object.keys(config.providers).length === 0 ? 'training' : 'production';
}
