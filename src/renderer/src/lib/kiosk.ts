import type { KioskApi } from '../../../shared/ipc/kiosk-api';

/** The bridge to main. Components and state classes import this instead of touching `window`. */
export const kiosk: KioskApi = window.kiosk;
