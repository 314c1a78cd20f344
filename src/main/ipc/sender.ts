/**
 * Whether an IPC message comes from our own page: the main frame of a document served from the app's
 * own origin. Anything else (a subframe, a page the window was somehow navigated to) is refused.
 */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || !frame.isMainFrame) return false;
  try {
    // Compare scheme and host rather than URL.origin: for a custom scheme such as app:// Node's
    // URL reports the origin as "null", which would match every other custom-scheme page.
    const url = new URL(frame.url);
    return url.host !== '' && `${url.protocol}//${url.host}` === appOrigin;
  } catch {
    return false;
  }
}
