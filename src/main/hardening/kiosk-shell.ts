/**
 * Pure policies of the kiosk shell (issue 13), applied by src/main/electron: what reaches the page
 * from the keyboard, whether developer tools may exist, which requests the renderer may make, and
 * whether Electron's safeStorage backend protects anything. Kept free of Electron so they are
 * unit-tested here; the Electron end-to-end suite checks the wiring where the binary exists.
 */

/** The fields of Electron's `before-input-event` Input that the policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const FUNCTION_KEYS_BLOCKED = new Set(['F5', 'F11', 'F12']);
/** With Ctrl (Cmd on macOS): reload, dev tools, view source, zoom, print, new window, quit, close... */
const CTRL_KEYS_BLOCKED = new Set(['r', 'w', 'q', 'n', 't', 'p', 'u', 'o', 's', '+', '=', '-', '0', 'j']);
const CTRL_SHIFT_KEYS_BLOCKED = new Set(['i', 'j', 'c', 'r', 'delete']);

/**
 * Whether a key press must be swallowed before the page (or Electron's default shortcuts) sees it
 * in kiosk mode: reload (F5, Ctrl+R, Ctrl+Shift+R), dev tools (F12, Ctrl+Shift+I/J/C), full screen
 * toggle (F11), zoom, print, view source, new/close window, quit. Alt+F4 and Alt+Tab belong to
 * the OS's kiosk configuration (Windows Assigned Access / the Linux session), not to the app.
 * Ordinary typing, F1–F4 and F6–F10 (the flow screens' hotkeys) pass.
 */
export function isBlockedAccelerator(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (FUNCTION_KEYS_BLOCKED.has(input.key)) return true;
  const key = input.key.toLowerCase();
  const ctrl = input.control || input.meta;
  if (ctrl && input.shift && CTRL_SHIFT_KEYS_BLOCKED.has(key)) return true;
  if (ctrl && !input.shift && CTRL_KEYS_BLOCKED.has(key)) return true;
  if (input.alt && (key === 'arrowleft' || key === 'arrowright' || key === 'home')) return true; // history
  return false;
}

/** Developer tools exist only in an unpackaged (development) build. */
export function devToolsAllowed(packaged: boolean): boolean {
  return !packaged;
}

/**
 * The renderer's requests: only the app's own scheme. `devtools://` is refused too (it used to be let
 * through, which with Electron's default shortcuts handed the keyboard the whole window.kiosk API).
 */
export function isAllowedRendererRequest(url: string, appOrigin: string): boolean {
  return url.startsWith(`${appOrigin}/`);
}

/** What the shell does about the safeStorage backend Electron selected. */
export type KeyStorageVerdict =
  { ok: true } | { ok: false; reason: 'unprotected_backend' | 'unavailable'; message: string };

/**
 * On Linux without a secret service, safeStorage's `basic_text` backend encrypts with a fixed,
 * public password: the store key would be protected by nothing. Refuse it (service needed) unless
 * the administrator's configuration says `security.acceptUnprotectedKeyStorage: true`. Other
 * platforms (DPAPI, Keychain) answer no backend name; `unknown` means no backend could be chosen.
 * Source: Electron's safeStorage docs, getSelectedStorageBackend() (Linux only).
 */
export function judgeKeyStorage(options: {
  platform: string;
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; undefined elsewhere. */
  backend: string | undefined;
  acceptUnprotected: boolean;
}): KeyStorageVerdict {
  if (!options.encryptionAvailable) {
    return {
      ok: false,
      reason: 'unavailable',
      message: 'The operating system offers no key protection (safeStorage unavailable).',
    };
  }
  if (options.platform !== 'linux') return { ok: true };
  if (options.backend === 'basic_text' || options.backend === 'unknown') {
    if (options.acceptUnprotected) return { ok: true };
    return {
      ok: false,
      reason: 'unprotected_backend',
      message:
        `Electron selected the "${options.backend}" key storage: the store key would be protected by ` +
        'a fixed password. Install and start a secret service for the kiosk user (gnome-keyring with ' +
        'libsecret, or KWallet), or set security.acceptUnprotectedKeyStorage to true in kiosk.config.json ' +
        'to accept the risk.',
    };
  }
  return { ok: true };
}
