/**
 * An eSCL (AirScan) scanner on loopback: product code for training mode, and the network scanner
 * the tests scan from with real clients (sane-airscan and libsane's escl backend through scanimage,
 * and the kiosk's own client). It implements the eSCL spec itself and imports nothing from the
 * kiosk's devices code. Pages come from `imageFor` (default: the synthetic card).
 *
 * Protocol: GET ScannerCapabilities / ScannerStatus; POST ScanJobs → 201 + Location; GET
 * {job}/NextDocument → 200 per page, then 404; DELETE {job} → 200. Behaviours of devices met in the
 * field, each switched on by an option: "not ready" answers (503, or 404) before each page, 503 on
 * ScanJobs while busy, a Location naming another host (IPP-over-USB), 404 when the next feeder page
 * is asked for too soon, `Processing` in ScannerStatus for a while after start, feeder-only and
 * minimum-size feeders, SupportedResolutions repeated per colour mode.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { renderSyntheticCard } from '../../main/imaging/synthetic-card';
import { capabilitiesXml, statusXml, type JobStatus, type SimulatedScannerModel } from './documents';
import { readScanSettings, type RequestedJob } from './scan-settings';

export interface PageRequest {
  /** 0-based page of the job (0 = front, 1 = back of a card in a duplex feeder). */
  page: number;
  settings: RequestedJob;
}

export interface EsclSimulatorOptions {
  port?: number;
  /** The picture of each page, any format sharp reads; converted to what the client asked for. */
  imageFor?: (request: PageRequest) => Promise<Buffer>;
  /** Sheets in the feeder for each feeder job (0 = empty feeder); a duplex sheet gives two pages. */
  feederPages?: number;
  /** NextDocument answers "not ready" this many times before each page, like a scanner still moving. */
  notReadyPolls?: number;
  /** How "not ready" is said: 503 (most devices) or 404 (some, before the first page). */
  notReadyStatus?: 503 | 404;
  /** POST ScanJobs answers 503 this many times first (a device finishing another job). */
  busyPosts?: number;
  /** Host (and port) the Location header names instead of the simulator's own, e.g. "localhost". */
  locationHost?: string;
  /** After each feeder page, the next page is not there for this many polls (404, job still Processing). */
  pageGapPolls?: number;
  /** ScannerStatus says Processing for the first this many requests, with no job running. */
  processingStatusAnswers?: number;
  model?: Partial<SimulatedScannerModel>;
}

interface Job {
  id: string;
  uri: string;
  settings: RequestedJob;
  pages: number;
  served: number;
  pendingPolls: number;
  gapPolls: number;
  state: JobStatus['state'];
}

export interface EsclSimulator {
  /** Base URL of the eSCL resource, ending in /eSCL/. */
  url: string;
  /** Requests seen, e.g. "POST /eSCL/ScanJobs 201": what tests assert the clients did. */
  log: string[];
  /** The settings of every job created, in order. */
  jobs: RequestedJob[];
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
  const mm = (units: number | null, fallback: number): number => (units ? (units / 300) * 25.4 : fallback);
  return renderSyntheticCard({
    dpi,
    side: page % 2 === 0 ? 'front' : 'back',
    areaMm: { width: mm(settings.width, 100), height: mm(settings.height, 70) },
  });
}

async function encodePage(source: Buffer, settings: RequestedJob): Promise<{ body: Buffer; type: string }> {
  let image = sharp(source).removeAlpha();
  if (settings.resolution && settings.width && settings.height) {
    // Deliver exactly the requested region at the requested resolution, as a scanner does; the
    // document keeps its proportions on the scanner's light-grey background.
    const width = Math.max(1, Math.round((settings.width / 300) * settings.resolution));
    const height = Math.max(1, Math.round((settings.height / 300) * settings.resolution));
    image = image.resize(width, height, { fit: 'contain', background: { r: 236, g: 236, b: 232 } });
  }
  if (settings.colourMode === 'Grayscale8') image = image.greyscale();
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
    platen: true,
    adf: true,
    duplex: true,
    feederCapacity: 10,
    feederMin: { width: 16, height: 16 },
    resolutionsPerColourMode: false,
    ...options.model,
  };
  const imageFor = options.imageFor ?? defaultImage;
  const jobs = new Map<string, Job>();
  const log: string[] = [];
  const created: RequestedJob[] = [];
  let feederPages = options.feederPages ?? 2;
  let busyPosts = options.busyPosts ?? 0;
  let processingAnswers = options.processingStatusAnswers ?? 0;
  let baseUrl = '';
  let port = 0;

  const send = (res: ServerResponse, status: number, body: string | Buffer = '', type = 'text/xml'): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const active = (): Job[] => [...jobs.values()].filter((j) => j.state === 'Processing');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') {
      send(res, 200, capabilitiesXml(model, baseUrl));
      return 200;
    }
    if (req.method === 'GET' && path === '/eSCL/ScannerStatus') {
      const lingering = processingAnswers > 0;
      if (lingering) processingAnswers--;
      const state = active().length > 0 || lingering ? 'Processing' : 'Idle';
      const infos = [...jobs.values()].map((j) => ({
        uri: j.uri,
        state: j.state,
        imagesCompleted: j.served,
        imagesToTransfer: j.pages - j.served,
      }));
      send(res, 200, statusXml(state, feederPages > 0, infos));
      return 200;
    }
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
      let settings: RequestedJob;
      try {
        settings = readScanSettings(await readBody(req));
      } catch {
        send(res, 400);
        return 400;
      }
      if (busyPosts > 0 || active().length > 0) {
        if (busyPosts > 0) busyPosts--;
        send(res, 503);
        return 503;
      }
      const feeder = settings.inputSource === 'Feeder' || (settings.inputSource === null && !model.platen);
      if ((feeder && !model.adf) || (!feeder && !model.platen)) {
        send(res, 409);
        return 409;
      }
      const tooSmall =
        feeder &&
        ((settings.width ?? Infinity) < model.feederMin.width ||
          (settings.height ?? Infinity) < model.feederMin.height);
      if (tooSmall || (feeder && feederPages === 0)) {
        // What such devices answer: 409 Conflict, whatever the reason.
        send(res, 409);
        return 409;
      }
      const id = randomUUID();
      const sides = feeder && settings.duplex && model.duplex ? 2 : 1;
      const pages = feeder ? Math.min(feederPages, model.feederCapacity) * sides : 1;
      const uri = `/eSCL/ScanJobs/${id}`;
      jobs.set(id, {
        id,
        uri,
        settings,
        pages,
        served: 0,
        pendingPolls: options.notReadyPolls ?? 0,
        gapPolls: 0,
        state: 'Processing',
      });
      created.push(settings);
      const host = options.locationHost ?? `127.0.0.1:${port}`;
      res.writeHead(201, { Location: `http://${host}${uri}`, 'Content-Length': 0 });
      res.end();
      return 201;
    }
    const match = /^\/eSCL\/ScanJobs\/([0-9a-f-]{36})(\/NextDocument)?\/?$/.exec(path);
    const job = match ? jobs.get(match[1]!) : undefined;
    if (match && job && req.method === 'GET' && match[2]) {
      if (job.served >= job.pages || job.state !== 'Processing') {
        if (job.state === 'Processing') job.state = 'Completed';
        send(res, 404);
        return 404;
      }
      if (job.gapPolls > 0) {
        job.gapPolls--;
        send(res, 404);
        return 404;
      }
      if (job.pendingPolls > 0) {
        job.pendingPolls--;
        const status = options.notReadyStatus ?? 503;
        send(res, status);
        return status;
      }
      const page = job.served++;
      job.pendingPolls = options.notReadyPolls ?? 0;
      job.gapPolls = options.pageGapPolls ?? 0;
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
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}/eSCL/`;
  return {
    url: baseUrl,
    log,
    jobs: created,
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
