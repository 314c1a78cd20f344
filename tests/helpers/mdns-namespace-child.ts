// Runs inside a private network namespace (`unshare -n`, loopback with multicast: see
// escl-mdns.test.ts): an eSCL simulator announced over mDNS as a real MFP would announce itself,
// and the kiosk's discovery finding it, listing it through the eSCL provider, and seeing it leave.
// Prints one JSON line for the test.
import { Bonjour } from 'bonjour-service';
import { MdnsEsclDiscovery } from '../../src/main/devices/escl/discovery';
import { EsclProvider } from '../../src/main/devices/escl/escl-provider';
import { startEsclSimulator } from '../../src/simulators/escl/server';

function changed(discovery: MdnsEsclDiscovery, until: (names: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no mDNS change within 20 s')), 20_000);
    discovery.onChange(() => {
      void discovery.endpoints().then((endpoints) => {
        const names = endpoints.map((e) => e.name);
        if (until(names)) {
          clearTimeout(timer);
          resolve(names);
        }
      });
    });
  });
}

async function main(): Promise<void> {
  const sim = await startEsclSimulator({ model: { makeAndModel: 'Branch MFP 4000' } });
  const port = Number(new URL(sim.url).port);
  const discovery = new MdnsEsclDiscovery([{ name: 'Configured', url: 'http://192.0.2.10/eSCL/' }]);
  const initial = (await discovery.endpoints()).map((e) => e.name);
  const appeared = changed(discovery, (names) => names.includes('Branch MFP [A1B2C3]'));
  const announcer = new Bonjour();
  const service = announcer.publish({
    name: 'Branch MFP [A1B2C3]',
    type: 'uscan',
    port,
    txt: { rs: 'eSCL', ty: 'Branch MFP 4000', vers: '2.63' },
  });
  const found = await appeared;
  const endpoints = await discovery.endpoints();
  const listed = await new EsclProvider(discovery).list(AbortSignal.timeout(10_000));
  const gone = changed(discovery, (names) => !names.includes('Branch MFP [A1B2C3]'));
  // Service.stop is typed as a bare CallableFunction; it takes a callback once the goodbye is sent.
  const stop = service.stop as (done: () => void) => void;
  await new Promise<void>((resolve) => stop(() => resolve()));
  const after = await gone;
  console.log(
    JSON.stringify({
      initial,
      found,
      url: endpoints.find((e) => e.name === 'Branch MFP [A1B2C3]')?.url,
      simulator: sim.url,
      listed: listed.map((s) => ({ id: s.id, label: s.label, status: s.status })),
      after,
    }),
  );
  announcer.destroy();
  await discovery.close();
  await sim.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
