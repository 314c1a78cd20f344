/**
 * An eSCL (AirScan) scanner on loopback: product code for training mode, and the network scanner
 * the tests scan from with real clients (sane-airscan through scanimage, and the kiosk's own
 * client). Pages come from `imageFor` (default: the synthetic card; specimen documents later).
 *
 * Protocol as the clients expect it: GET ScannerCapabilities / ScannerStatus; POST ScanJobs →
 * 201 + Location; GET {job}/NextDocument → 503 while "scanning" (configurable), 200 per page, then
 * 404; DELETE {job} → 200.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { parseScanSettings, type JobSettings } from '../../main/devices/escl/escl-xml';
import { renderSyntheticCard } from '../../main/imaging/synthetic-card';
import { capabilitiesXml, statusXml, type SimulatedScannerModel } from './documents';

export interface PageRequest {
  /** 0-based page of the job (0 = front, 1 = back of a card in the feeder). */
  page: number;
  settings: Partial<JobSettings>;
}

export interface EsclSimulatorOptions {
  port?: number;
  /** The picture of each page, any format sharp reads; converted to what the client asked for. */
  imageFor?: (request: PageRequest) => Promise<Buffer>;
  /** Sheets in the feeder for each feeder job (0 = empty feeder). */
  feederPages?: number;
  /** NextDocument answers 503 this many times before each page, like a scanner still moving (default 0). */
  notReadyPolls?: number;
  model?: Partial<SimulatedScannerModel>;
}

interface Job {
  id: string;
  settings: Partial<JobSettings>;
  pages: number;
  served: number;
  pendingPolls: number;
}

export interface EsclSimulator {
  /** Base URL of the eSCL resource, ending in /eSCL/. */
  url: string;
  /** Requests seen, e.g. "POST /eSCL/ScanJobs 201": what tests assert the clients did. */
  log: string[];
  setFeederPages(pages: number): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function defaultImage({ page, settings }: PageRequest): Promise<Buffer> {
  const dpi = settings.resolution ?? 300;
  const mm = (units: number | undefined, fallback: number): number =>
    units ? (units / 300) * 25.4 : fallback;
  return renderSyntheticCard({
    dpi,
    side: page % 2 === 0 ? 'front' : 'back',
    areaMm: { width: mm(settings.width, 100), height: mm(settings.height, 70) },
  });
}

async function encodePage(
  source: Buffer,
  settings: Partial<JobSettings>,
): Promise<{ body: Buffer; type: string }> {
  let image = sharp(source).removeAlpha();
  if (settings.resolution && settings.width && settings.height) {
    // Deliver exactly the requested region at the requested resolution, as a scanner does.
    const width = Math.max(1, Math.round((settings.width / 300) * settings.resolution));
    const height = Math.max(1, Math.round((settings.height / 300) * settings.resolution));
    image = image.resize(width, height, { fit: 'fill' });
  }
  if (settings.colourMode === 'gray') image = image.greyscale();
  image = image.withMetadata({ density: settings.resolution ?? 300 });
  return settings.format === 'image/jpeg'
    ? { body: await image.jpeg({ quality: 90 }).toBuffer(), type: 'image/jpeg' }
    : { body: await image.png().toBuffer(), type: 'image/png' };
}

export async function startEsclSimulator(options: EsclSimulatorOptions = {}): Promise<EsclSimulator> {
  const model: SimulatedScannerModel = {
    makeAndModel: 'Kiosk eSCL Simulator',
    serial: 'SIM-0001',
    uuid: randomUUID(),
    resolutions: [150, 200, 300, 600],
    duplex: true,
    feederCapacity: 10,
    ...options.model,
  };
  const imageFor = options.imageFor ?? defaultImage;
  const jobs = new Map<string, Job>();
  const log: string[] = [];
  let feederPages = options.feederPages ?? 2;
  let baseUrl = '';

  const send = (res: ServerResponse, status: number, body: string | Buffer = '', type = 'text/xml'): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const busy = [...jobs.values()].some((j) => j.served < j.pages);
    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') {
      send(res, 200, capabilitiesXml(model, baseUrl));
      return 200;
    }
    if (req.method === 'GET' && path === '/eSCL/ScannerStatus') {
      send(res, 200, statusXml(busy ? 'Processing' : 'Idle', feederPages > 0));
      return 200;
    }
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
      const settings = parseScanSettings(await readBody(req));
      if (busy) {
        send(res, 503);
        return 503;
      }
      const feeder = settings.inputSource === 'Feeder';
      if (feeder && feederPages === 0) {
        send(res, 409);
        return 409;
      }
      const id = randomUUID();
      const pages = feeder ? Math.min(feederPages, model.feederCapacity) : 1;
      jobs.set(id, { id, settings, pages, served: 0, pendingPolls: options.notReadyPolls ?? 0 });
      res.writeHead(201, { Location: `${baseUrl}ScanJobs/${id}`, 'Content-Length': 0 });
      res.end();
      return 201;
    }
    const match = /^\/eSCL\/ScanJobs\/([0-9a-f-]{36})(\/NextDocument)?\/?$/.exec(path);
    const job = match ? jobs.get(match[1]!) : undefined;
    if (match && job && req.method === 'GET' && match[2]) {
      if (job.served >= job.pages) {
        send(res, 404);
        return 404;
      }
      if (job.pendingPolls > 0) {
        job.pendingPolls--;
        send(res, 503);
        return 503;
      }
      const page = job.served++;
      job.pendingPolls = options.notReadyPolls ?? 0;
      const { body, type } = await encodePage(await imageFor({ page, settings: job.settings }), job.settings);
      send(res, 200, body, type);
      return 200;
    }
    if (match && job && req.method === 'DELETE' && !match[2]) {
      jobs.delete(job.id);
      send(res, 200);
      return 200;
    }
    send(res, 404);
    return 404;
  };

  const server = createServer((req, res) => {
    handle(req, res)
      .then((status) => log.push(`${req.method} ${req.url} ${status}`))
      .catch((error: unknown) => {
        log.push(`${req.method} ${req.url} 500 ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(res, 500);
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the simulator must never be reachable from the branch network.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/eSCL/`;
  return {
    url: baseUrl,
    log,
    setFeederPages: (pages) => {
      feederPages = pages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
