/**
 * What the window may do, as pure decisions the Electron shell applies and tests check directly.
 */
import { APP_ORIGIN } from './asset-path';

/** Navigation (link, redirect, location change) stays on the app's own pages. */
export function isAllowedNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** Only the camera (document camera, selfie) may be granted, and only to our own pages. */
export function isAllowedPermission(
  permission: string,
  requestingUrl: string,
  details: { mediaTypes?: readonly string[] } = {},
  appOrigin: string = APP_ORIGIN,
): boolean {
  if (!isAllowedNavigation(requestingUrl, appOrigin)) return false;
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}
