/**
 * An eSCL client: capabilities, status, and a scan job (POST ScanJobs → 201 + Location, then
 * NextDocument until 404; 503 means "not ready yet, ask again"; DELETE on cancel or failure).
 * Every request has a timeout and honours the caller's AbortSignal.
 */
import { AppError } from '../../ipc/errors';
import { abortError, sleep } from '../abort';
import {
  parseCapabilities,
  parseStatus,
  scanSettingsXml,
  type EsclCapabilities,
  type EsclStatus,
  type JobSettings,
} from './escl-xml';

export interface EsclClientOptions {
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  /** Pause between NextDocument polls answered 503. */
  retryDelayMs?: number;
  /** Largest page accepted (a card scan is a few MB at most). */
  maxPageBytes?: number;
}

export class EsclClient {
  readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly options: EsclClientOptions = {},
  ) {
    this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  private async request(path: string | URL, signal: AbortSignal, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    try {
      return await fetch(url, { ...init, signal: AbortSignal.any([signal, timeout]), redirect: 'error' });
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      if (timeout.aborted) throw new AppError('scanner_io_error', `eSCL ${url.pathname}: no answer in time`);
      throw new AppError(
        'scanner_not_found',
        `eSCL ${url.href} is not reachable: ${(error as Error).message}`,
      );
    }
  }

  private async text(response: Response, what: string): Promise<string> {
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError(
        response.status === 503 ? 'scanner_busy' : 'scanner_failed',
        `${what}: HTTP ${response.status}`,
      );
    }
    return response.text();
  }

  async capabilities(signal: AbortSignal): Promise<EsclCapabilities> {
    const response = await this.request('ScannerCapabilities', signal);
    try {
      return parseCapabilities(await this.text(response, 'ScannerCapabilities'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('scanner_failed', `Unreadable ScannerCapabilities: ${(error as Error).message}`);
    }
  }

  async status(signal: AbortSignal): Promise<EsclStatus> {
    const response = await this.request('ScannerStatus', signal);
    try {
      return parseStatus(await this.text(response, 'ScannerStatus'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('scanner_failed', `Unreadable ScannerStatus: ${(error as Error).message}`);
    }
  }

  /** Runs one job and answers its pages (at most `maxPages`). */
  async scan(settings: JobSettings, maxPages: number, signal: AbortSignal): Promise<Buffer[]> {
    const created = await this.request('ScanJobs', signal, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: scanSettingsXml(settings),
    });
    await created.body?.cancel();
    if (created.status === 503) throw new AppError('scanner_busy', 'The eSCL scanner is busy');
    if (created.status === 409)
      throw new AppError('scanner_no_docs', 'The eSCL scanner has no document to scan');
    const location = created.headers.get('location');
    if (created.status !== 201 || !location) {
      throw new AppError('scanner_failed', `ScanJobs answered ${created.status} without a job location`);
    }
    const job = new URL(location, this.base);
    if (job.origin !== this.base.origin)
      throw new AppError('scanner_failed', 'The job location points elsewhere');
    const jobPath = job.pathname.endsWith('/') ? job.pathname : `${job.pathname}/`;
    const pages: Buffer[] = [];
    try {
      while (pages.length < maxPages) {
        const response = await this.request(new URL(`${jobPath}NextDocument`, job), signal);
        if (response.status === 200) {
          pages.push(await this.readPage(response));
        } else if (response.status === 404) {
          await response.body?.cancel();
          break;
        } else if (response.status === 503) {
          await response.body?.cancel();
          await sleep(this.options.retryDelayMs ?? 250, signal);
        } else {
          await response.body?.cancel();
          throw new AppError('scanner_failed', `NextDocument answered ${response.status}`);
        }
      }
    } catch (error) {
      await this.deleteJob(job).catch(() => undefined);
      throw error;
    }
    if (pages.length === 0) throw new AppError('scanner_no_docs', 'The eSCL job produced no page');
    return pages;
  }

  private async readPage(response: Response): Promise<Buffer> {
    const limit = this.options.maxPageBytes ?? 60 * 1024 * 1024;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > limit) {
      await response.body?.cancel();
      throw new AppError('image_too_large', `The scanner sent a page of ${declared} bytes`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > limit)
      throw new AppError('image_too_large', `The scanner sent a page of ${bytes.length} bytes`);
    return bytes;
  }

  /** Best effort: the scanner frees the job; a fresh signal so it also runs after a cancel. */
  async deleteJob(job: URL): Promise<void> {
    const response = await this.request(job, AbortSignal.timeout(5000), { method: 'DELETE' });
    await response.body?.cancel();
  }
}
