/**
 * The providers part of the settings screen: which providers are in use (never their secrets), a
 * connectivity test per provider, and replaced secrets laid over the configuration.
 *
 * The connectivity test is one GET to the provider's base URL (Jumio: its API host, the one the
 * relay's reachability probe asks) with the provider's configured timeout, without credentials or
 * customer data. Any HTTP answer, even 401 or 404, means the provider is reachable; only a
 * transport failure means it is not, told apart as the operator can act on it: DNS (the name does
 * not resolve: IT's DNS or the URL), refused (nothing listens: the URL's port, a firewall that
 * rejects), timeout (a firewall that drops, a proxy), TLS (certificate or protocol: an intercepting
 * proxy, the clock), else network.
 */
import type { ProviderId } from '../../shared/domain/flows';
import type { ConnectivityFailure, ConnectivityResult, ProviderEntry } from '../../shared/ipc/admin-settings';
import { jumioUrls, type ProvidersConfig } from '../providers/config';
import { httpCall } from '../providers/http/http-call';

const USER_AGENT = 'BranchKycKiosk/0.1.0 (connectivity test)';

/** The secret fields of a provider's configuration, by the name the settings screen uses. */
function secretNames(config: ProvidersConfig, provider: ProviderId): string[] {
  if (provider === 'lumin') return config.lumin ? ['tenantSecret'] : [];
  if (provider === 'argos') return config.argos ? ['apiKey'] : [];
  const start = config.jumio?.start;
  if (!start) return [];
  return start.mode === 'direct' ? ['start.clientSecret'] : ['start.apiKey'];
}

/** Where the connectivity test asks, and with which timeout (ms). */
export function probeTarget(
  config: ProvidersConfig,
  provider: ProviderId,
): { url: string; timeoutMs: number } | undefined {
  if (provider === 'lumin' && config.lumin)
    return { url: config.lumin.baseUrl, timeoutMs: config.lumin.timeoutMs };
  if (provider === 'argos' && config.argos)
    return { url: config.argos.baseUrl, timeoutMs: config.argos.timeoutMs };
  if (provider === 'jumio' && config.jumio)
    return { url: jumioUrls(config.jumio).api, timeoutMs: config.jumio.timeoutMs };
  return undefined;
}

/** The providers in use, as the settings screen lists them. */
export function providerEntries(
  config: ProvidersConfig,
  replaced: Partial<Record<ProviderId, Record<string, string>>>,
): ProviderEntry[] {
  const ids: ProviderId[] = ['lumin', 'argos', 'jumio'];
  return ids.flatMap((provider) => {
    const target = probeTarget(config, provider);
    if (!target) return [];
    const secrets = secretNames(config, provider);
    return [
      {
        provider,
        url: target.url,
        timeoutMs: target.timeoutMs,
        secrets,
        replaced: secrets.filter((name) => replaced[provider]?.[name] !== undefined),
      },
    ];
  });
}

/** Whether `name` is one of this provider's secret fields (replacing anything else is refused). */
export function isSecretName(config: ProvidersConfig, provider: ProviderId, name: string): boolean {
  return secretNames(config, provider).includes(name);
}

/**
 * The configuration with replaced secrets laid over it as `{ encrypted }` values (decrypted per
 * call by the connectors, like the file's own). Fields a provider does not have are ignored.
 */
export function withReplacedSecrets(
  config: ProvidersConfig,
  replaced: Partial<Record<ProviderId, Record<string, string>>>,
): ProvidersConfig {
  const sealed = (provider: ProviderId, name: string): { encrypted: string } | undefined => {
    const value = replaced[provider]?.[name];
    return value === undefined ? undefined : { encrypted: value };
  };
  const next: ProvidersConfig = { ...config };
  const lumin = sealed('lumin', 'tenantSecret');
  if (next.lumin && lumin) next.lumin = { ...next.lumin, tenantSecret: lumin };
  const argos = sealed('argos', 'apiKey');
  if (next.argos && argos) next.argos = { ...next.argos, apiKey: argos };
  if (next.jumio) {
    const start = next.jumio.start;
    const key = sealed('jumio', start.mode === 'direct' ? 'start.clientSecret' : 'start.apiKey');
    if (key) {
      next.jumio = {
        ...next.jumio,
        start: start.mode === 'direct' ? { ...start, clientSecret: key } : { ...start, apiKey: key },
      };
    }
  }
  return next;
}

/** A transport error code (undici, Node's net/tls/dns) as the operator is told it. */
export function failureOf(code: string): ConnectivityFailure {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')
    return 'timeout';
  if (/CERT|TLS|SSL|EPROTO/.test(code)) return 'tls';
  return 'network';
}

/**
 * One connectivity test. Never throws: an unreachable provider is a result, not an error.
 * @param clock monotonic ms (performance.now) for the latency figure.
 */
export async function testConnectivity(
  provider: ProviderId,
  target: { url: string; timeoutMs: number },
  clock: () => number = () => performance.now(),
): Promise<ConnectivityResult> {
  const started = clock();
  const result = await httpCall({
    method: 'GET',
    url: target.url,
    timeoutMs: target.timeoutMs,
    headers: { accept: '*/*', 'user-agent': USER_AGENT },
    maxResponseBytes: 64 * 1024,
  });
  const ms = Math.max(0, Math.round(clock() - started));
  switch (result.kind) {
    case 'response':
      return { provider, reachable: true, ms, status: result.status, failure: null };
    case 'timeout':
      return { provider, reachable: false, ms, status: null, failure: 'timeout' };
    case 'network_error':
      return { provider, reachable: false, ms, status: null, failure: failureOf(result.code) };
    case 'aborted':
      return { provider, reachable: false, ms, status: null, failure: 'network' };
  }
}
