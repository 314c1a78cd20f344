// Tests evaluate code in the page, where the preload or the harness bridge defined window.kiosk.
import type { KioskApi } from '../src/shared/ipc/kiosk-api';

declare global {
  interface Window {
    readonly kiosk: KioskApi;
  }
}
