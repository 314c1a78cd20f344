/**
 * Where eSCL scanners come from. On a branch network they announce themselves over mDNS/DNS-SD as
 * `_uscan._tcp` (and `_uscans._tcp` for HTTPS), with the resource path in the TXT record `rs`
 * (usually "eSCL"). No multicast or mDNS daemon exists on the machines this project is built and
 * tested on, so the only implementation here reads the scanners from configuration; it does not
 * pretend to discover anything.
 *
 * A real implementation would use `bonjour-service` (`new Bonjour().find({ type: 'uscan' })`),
 * build `http://{addresses[0]}:{port}/{txt.rs}/` from each service, and re-emit on `up`/`down`.
 * To check discovery on real hardware: `avahi-browse -rt _uscan._tcp` must list the scanner, and
 * `curl http://ADDRESS:PORT/eSCL/ScannerCapabilities` must answer XML.
 */
export interface EsclEndpoint {
  /** Stable id for the kiosk (configuration name or the mDNS instance name). */
  name: string;
  /** Base URL of the eSCL resource, e.g. http://192.0.2.10/eSCL/ */
  url: string;
}

export interface EsclDiscovery {
  endpoints(signal: AbortSignal): Promise<EsclEndpoint[]>;
}

export class StaticEsclDiscovery implements EsclDiscovery {
  constructor(private readonly configured: readonly EsclEndpoint[]) {}

  endpoints(): Promise<EsclEndpoint[]> {
    return Promise.resolve([...this.configured]);
  }
}
