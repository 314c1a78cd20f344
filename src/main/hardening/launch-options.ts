/**
 * Options the installers put on the kiosk's command line (issue 13, "start at logon in kiosk mode").
 * The Windows installer's Run value and the deb's /etc/xdg/autostart entry start the kiosk with
 * `--kiosk-mode` (build/installer.nsh, build/linux/branch-kyc-kiosk-autostart.desktop).
 */

/** The switch the logon entries pass. */
export const KIOSK_MODE_SWITCH = '--kiosk-mode';

/**
 * Whether the window opens in kiosk mode: the configuration's `kioskMode`, or the logon switch.
 * The switch can only turn kiosk mode on; a start without it (e.g. IT from a shortcut) still obeys
 * the configuration.
 * @param argv the process's arguments (`process.argv`)
 * @param configured `kioskMode` from the administrator's configuration
 */
export function kioskModeRequested(argv: readonly string[], configured: boolean): boolean {
  return configured || argv.includes(KIOSK_MODE_SWITCH);
}
