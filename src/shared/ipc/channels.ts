/** Electron channel names: `kiosk:<operation>` for calls, `kiosk-event:<event>` for pushes. */
export const INVOKE_PREFIX = 'kiosk:';
export const EVENT_PREFIX = 'kiosk-event:';
