/**
 * The relay's cheap reachability check of a provider: a HEAD request to its base URL. Any HTTP
 * answer (even 401 or 404) means the provider is reachable; only a network failure or the timeout
 * means it is not. No credentials are sent.
 */
export function reachabilityProbe(url: string, userAgent: string): (signal: AbortSignal) => Promise<boolean> {
  return async (signal) => {
    try {
      const response = await fetch(url, { method: 'HEAD', signal, headers: { 'user-agent': userAgent } });
      await response.body?.cancel();
      return true;
    } catch {
      return false;
    }
  };
}
