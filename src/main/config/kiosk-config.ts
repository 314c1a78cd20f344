/**
 * Fleet configuration: a JSON file an administrator or device management places on the kiosk
 * (`kiosk.config.json` in the data folder, or the path in KIOSK_CONFIG). Everything has a default;
 * with no provider configured the kiosk runs in training mode against its own simulators.
 */
import { existsSync } from 'node:fs';
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
     * No longer used: the provider is told the signed-in operator (staff sign-in, issue 13). Still
     * accepted so configuration files written for earlier versions keep loading.
     */
    operator: z
      .object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) })
      .strict()
      .default({ id: 'kiosk-operator', name: 'Branch operator' }),
    /** Screens showing a customer's data return home after this long without input. */
    idleTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
    /** Staff sign-in (src/main/security). */
    security: z
      .object({
        /** Lock the session (PIN asked again) after this long without use. */
        lockAfterSeconds: z.number().int().min(30).max(3600).default(300),
        /** Failed sign-ins before the back-off lockout starts. */
        freeAttempts: z.number().int().min(1).max(20).default(5),
        /**
         * Linux only: accept Electron safeStorage's `basic_text` backend (a fixed password, i.e. no
         * protection of the store key). Off: the kiosk stops at "service needed" until a secret
         * store (gnome-keyring or KWallet) is installed.
         */
        acceptUnprotectedKeyStorage: z.boolean().default(false),
        /** The first administrator, for device management: a `scrypt$…` hash, never a password. */
        firstAdministrator: z
          .object({
            id: z
              .string()
              .min(2)
              .max(64)
              .regex(/^[a-z0-9][a-z0-9._-]*$/),
            name: z.string().min(1).max(200),
            secretHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * At review, warn when the document read expires within this many days (0: only when it has
     * already expired). Banks usually refuse an expired ID; a near expiry is for staff to mention.
     */
    expiryWarningDays: z.number().int().min(0).max(3650).default(30),
    /**
     * Home marks the inbox overdue when a case has waited for a person longer than this (minutes):
     * a case left in "needs attention" is a customer whose request is not at the provider.
     */
    attentionOverdueMinutes: z.number().int().min(5).max(10_080).default(60),
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
    /**
     * Training mode only (no provider configured): how its simulated providers are used. Jumio's
     * status reads after finalize, seconds apart (default Jumio's 40 s, 60 s, 100 s…, see
     * `providers.jumio.statusPollGapsSeconds`): a trainer can shorten the wait for the result.
     */
    training: z
      .object({
        jumioStatusPollGapsSeconds: z.array(z.number().positive().max(3600)).min(1).max(20).optional(),
      })
      .strict()
      .default({}),
    /**
     * The store's background integrity check (src/main/store/integrity-service.ts): `PRAGMA
     * quick_check` in a worker thread this long after start-up (seconds); `backgroundCheck: false`
     * turns it off (the check after an unclean shutdown always runs, at opening).
     */
    store: z
      .object({
        backgroundCheck: z.boolean().default(true),
        backgroundCheckDelaySeconds: z.number().int().min(0).max(86_400).default(120),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;

export const CONFIG_FILE = 'kiosk.config.json';

/**
 * The machine-wide folder device management writes the configuration to (issue 13): Windows
 * `%ProgramData%\\BranchKycKiosk`, Linux `/etc/branch-kyc-kiosk`; undefined elsewhere.
 */
export function machineConfigDir(platform: string, env: NodeJS.ProcessEnv): string | undefined {
  if (platform === 'win32') return `${env.ProgramData || 'C:\\ProgramData'}\\BranchKycKiosk`;
  if (platform === 'linux') return '/etc/branch-kyc-kiosk';
  return undefined;
}

/**
 * Which configuration file applies: KIOSK_CONFIG if set (an empty variable counts as unset), else
 * the machine-wide one if the host passes its folder and the file exists, else the data folder's.
 */
export function configPath(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  machineDir?: string,
  exists: (path: string) => boolean = existsSync,
): string {
  if (env.KIOSK_CONFIG) return env.KIOSK_CONFIG;
  if (machineDir) {
    const machine = platformJoin(machineDir, CONFIG_FILE);
    if (exists(machine)) return machine;
  }
  return join(dataDir, CONFIG_FILE);
}

function platformJoin(dir: string, file: string): string {
  return dir.includes('\\') ? `${dir}\\${file}` : join(dir, file);
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
