/**
 * Where eSCL scanners come from: the configured URLs, and the scanners that announce themselves over
 * mDNS/DNS-SD (Mopria/AirScan: `_uscan._tcp` for HTTP, `_uscans._tcp` for HTTPS, the resource path
 * in the TXT record `rs`, usually "eSCL"; the eSCL spec's "Discovery" section). Discovery uses
 * bonjour-service (over multicast-dns). Configured scanners keep their configured names; an
 * announced scanner is named by its mDNS instance name, as the device reports it.
 *
 * Tested for real in a private network namespace (tests/integration/escl-mdns.test.ts). On the
 * branch network: `avahi-browse -rt _uscan._tcp` lists what the kiosk should find.
 */
import { Bonjour, type Browser, type Service } from 'bonjour-service';

export interface EsclEndpoint {
  /** Stable id for the kiosk (configuration name or the mDNS instance name). */
  name: string;
  /** Base URL of the eSCL resource, e.g. http://192.0.2.10/eSCL/ */
  url: string;
}

export interface EsclDiscovery {
  endpoints(signal: AbortSignal): Promise<EsclEndpoint[]>;
  /** Called when announced scanners come or go (the registry then lists again). */
  onChange?(listener: () => void): void;
  close?(): Promise<void>;
}

export class StaticEsclDiscovery implements EsclDiscovery {
  constructor(private readonly configured: readonly EsclEndpoint[]) {}

  endpoints(): Promise<EsclEndpoint[]> {
    return Promise.resolve([...this.configured]);
  }
}

/**
 * The URL of an announced scanner: scheme from the service type, address from its A record (or the
 * address the answer came from, when the device announced none), port from SRV, path from `rs`.
 * Null when the announcement is unusable.
 */
export function endpointOf(
  service: Pick<Service, 'name' | 'type' | 'port' | 'addresses' | 'referer' | 'txt'>,
): EsclEndpoint | null {
  const addresses = service.addresses ?? [];
  const address =
    addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? addresses[0] ?? service.referer?.address;
  if (!address || !service.port) return null;
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  const rs = typeof txt.rs === 'string' ? txt.rs.replace(/^\/+|\/+$/g, '') : 'eSCL';
  const scheme = service.type === 'uscans' ? 'https' : 'http';
  const host = address.includes(':') ? `[${address}]` : address;
  return { name: service.name, url: `${scheme}://${host}:${service.port}/${rs ? `${rs}/` : ''}` };
}

export class MdnsEsclDiscovery implements EsclDiscovery {
  private bonjour: Bonjour | null = null;
  private browsers: Browser[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly configured: readonly EsclEndpoint[],
    /** Where socket errors go (port 5353 taken, no permission): discovery stops, the kiosk goes on. */
    private readonly onError: (error: Error) => void = () => undefined,
    /** Tests may pass their own instance (e.g. bound to one interface). */
    private readonly create: () => Bonjour = () => guardedBonjour(onError),
  ) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private start(): void {
    if (this.bonjour) return;
    this.bonjour = this.create();
    const changed = (): void => {
      for (const listener of this.listeners) listener();
    };
    for (const type of ['uscan', 'uscans']) {
      const browser = this.bonjour.find({ type, protocol: 'tcp' });
      browser.on('up', changed);
      browser.on('down', changed);
      browser.on('srv-update', changed);
      this.browsers.push(browser);
    }
  }

  /** Configured scanners first, then announced ones not already configured (same URL). */
  endpoints(): Promise<EsclEndpoint[]> {
    const first = !this.bonjour;
    this.start();
    // Every listing asks the network again, so a scanner switched on since is found.
    if (!first) for (const browser of this.browsers) browser.update();
    const seen = new Set(this.configured.map((e) => normalise(e.url)));
    const found: EsclEndpoint[] = [];
    for (const service of this.browsers.flatMap((b) => b.services)) {
      const endpoint = endpointOf(service);
      if (!endpoint || seen.has(normalise(endpoint.url))) continue;
      seen.add(normalise(endpoint.url));
      found.push(endpoint);
    }
    return Promise.resolve([...this.configured, ...found]);
  }

  close(): Promise<void> {
    for (const browser of this.browsers) browser.stop();
    this.browsers = [];
    const bonjour = this.bonjour;
    this.bonjour = null;
    return new Promise((resolve) => (bonjour ? bonjour.destroy(() => resolve()) : resolve()));
  }
}

/**
 * A Bonjour instance whose socket errors are reported instead of thrown. multicast-dns emits 'error'
 * (EADDRINUSE, EACCES) on its own emitter, which bonjour-service does not listen to: with no listener
 * Node throws, and the kiosk's main process would end because a network had no multicast.
 */
function guardedBonjour(onError: (error: Error) => void): Bonjour {
  const bonjour = new Bonjour({}, onError);
  const mdns = (bonjour as unknown as { server?: { mdns?: NodeJS.EventEmitter } }).server?.mdns;
  mdns?.on('error', onError);
  return bonjour;
}

function normalise(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/?$/, '/')}`.toLowerCase();
}
