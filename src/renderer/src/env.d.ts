/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { KioskApi } from '../../shared/ipc/kiosk-api';

declare global {
  interface Window {
    /** Provided by the Electron preload or the harness bridge; the only way to reach main. */
    readonly kiosk: KioskApi;
  }
}
