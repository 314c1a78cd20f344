/**
 * The optional `devices` section of kiosk.config.json. Everything has a default: with no section
 * at all the kiosk lists SANE scanners with the system configuration, watches USB hot-plug, and in
 * training mode adds the simulated scanner.
 */
import { z } from 'zod';

const nameSchema = z.string().regex(/^[\w .-]{1,60}$/, 'letters, digits, space, dot, dash');

export const devicesConfigSchema = z
  .object({
    sane: z
      .object({
        enabled: z.boolean().default(true),
        /** Path of scanimage (sane-utils). */
        binary: z.string().min(1).default('scanimage'),
        /** An existing SANE configuration folder to use instead of the system's (SANE_CONFIG_DIR). */
        configDir: z.string().min(1).optional(),
        /**
         * Load only these backends (e.g. ["fujitsu"]): the kiosk writes a private configuration in
         * its data folder, and listing takes milliseconds instead of seconds of probing.
         */
        backends: z
          .array(z.string().regex(/^[a-z0-9_]+$/))
          .min(1)
          .optional(),
        /** Extra scanimage arguments for devices whose name starts with the key. */
        extraArgs: z.record(z.string(), z.array(z.string().max(200)).max(20)).default({}),
      })
      .strict()
      .prefault({}),
    escl: z
      .object({
        /** Network scanners by URL of their eSCL resource. */
        scanners: z
          .array(z.object({ name: nameSchema, url: z.url({ protocol: /^https?$/ }) }).strict())
          .default([]),
        /**
         * Find scanners announcing `_uscan._tcp`/`_uscans._tcp` over mDNS, besides the configured
         * ones: 'auto' = in production mode only (training mode uses its own simulators).
         */
        discovery: z.enum(['auto', 'on', 'off']).default('auto'),
      })
      .strict()
      .prefault({}),
    /** Windows only: WIA 2.0 scanners through PowerShell (devices/twain/wia-helper.ts). */
    wia: z
      .object({
        enabled: z.boolean().default(true),
        /** Path of PowerShell; default powershell.exe (Windows PowerShell 5.1). */
        powershell: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** A folder whose dropped image files become captures. */
    watchedFolder: z
      .object({ path: z.string().min(1) })
      .strict()
      .optional(),
    /** The simulated scanner: 'auto' = only in training mode. */
    simulatedScanner: z.enum(['auto', 'always', 'never']).default('auto'),
    usbHotplug: z.boolean().default(true),
    /** Scan resolution per document kind, dpi (defaults: cards and passport pages 300, A4 200). */
    resolutionDpi: z
      .object({
        id1_card: z.number().int().min(150).max(1200).optional(),
        passport_page: z.number().int().min(150).max(1200).optional(),
        a4_page: z.number().int().min(100).max(600).optional(),
      })
      .strict()
      .default({}),
    /**
     * On a scanner with a flatbed and a duplex feeder, take ID cards from the feeder: front and back
     * in one feed. Scanners without a flatbed always use their feeder.
     */
    cardsFromFeeder: z.boolean().default(false),
    scanTimeoutMs: z.number().int().min(5_000).max(600_000).default(120_000),
  })
  .strict();

export type DevicesConfig = z.infer<typeof devicesConfigSchema>;
