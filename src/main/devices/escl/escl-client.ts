/**
 * An eSCL client: capabilities, status, and a scan job (POST ScanJobs → 201 + Location, then
 * NextDocument per page until 404, then DELETE the job). Every request has a timeout and honours
 * the caller's AbortSignal.
 *
 * What real devices do that the spec does not say, and what the client does about it (the list
 * sane-airscan's eSCL code works around):
 * - `Location` naming another host (IPP-over-USB devices answer `http://localhost/...`): only its
 *   path is used, on the device's own address.
 * - `503` on ScanJobs while the device finishes something else: retried with growing pauses for
 *   about ten seconds before "busy".
 * - `503` on NextDocument, or `404` before the first page is ready: "not ready yet", polled again for
 *   a bounded number of times.
 * - `404` when the next feeder page is asked for too soon: the client waits between pages and, on a
 *   404 while the job is still Processing in ScannerStatus, asks again (bounded).
 * - After the last page wanted, the final NextDocument (404) is read and the job DELETEd, so the
 *   device does not keep a finished job open.
 */
import { AppError } from '../../ipc/errors';
import { BodyAborted, readLimited } from '../../net/read-body';
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
  /** Per-request timeout (ms). */
  requestTimeoutMs?: number;
  /** Pause between NextDocument polls answered "not ready" (ms; default 500). */
  retryDelayMs?: number;
  /** NextDocument "not ready" answers tolerated per page (default 60: half a minute at 500 ms). */
  notReadyLimit?: number;
  /** Pauses between ScanJobs attempts answered 503 (ms); default 0.5, 1, 2, 2, 2, 2.5 s ≈ 10 s. */
  busyBackoffMs?: readonly number[];
  /** Pause before asking for the next feeder page (ms; default 300). */
  nextPageDelayMs?: number;
  /** Largest page accepted (a card scan is a few MB at most). */
  maxPageBytes?: number;
  /** How the client waits; tests pass one that records the pauses instead of taking them. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** `{job}/NextDocument`: the job URL has no trailing slash (DELETE goes to the job itself). */
const nextDocumentUrl = (job: URL): URL => new URL(`${job.pathname}/NextDocument`, job.origin);

/** Largest ScannerCapabilities / ScannerStatus document read (bytes): real ones are a few KB. */
const MAX_XML_BYTES = 1024 * 1024;

/** A request's answer (headers received) and the signals its body is read under. */
interface Answer {
  response: Response;
  url: URL;
  signal: AbortSignal;
  timeout: AbortSignal;
}

const DEFAULT_BUSY_BACKOFF_MS = [500, 1000, 2000, 2000, 2000, 2500];

export class EsclClient {
  readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly options: EsclClientOptions = {},
  ) {
    this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  /**
   * One request: the answer's headers, with the signals its body must be read under (the caller's
   * and this request's timeout, which covers the body too). Errors: `scanner_io_error` (no answer
   * in time), `scanner_not_found` (unreachable), the caller's abort.
   */
  private async request(path: string | URL, signal: AbortSignal, init: RequestInit = {}): Promise<Answer> {
    const url = new URL(path, this.base);
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
    try {
      const response = await fetch(url, {
        ...init,
        signal: AbortSignal.any([signal, timeout]),
        redirect: 'error',
      });
      return { response, url, signal, timeout };
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      if (timeout.aborted) throw new AppError('scanner_io_error', `eSCL ${url.pathname}: no answer in time`);
      throw new AppError(
        'scanner_not_found',
        `eSCL ${url.href} is not reachable: ${(error as Error).message}`,
      );
    }
  }

  /**
   * The answer's body, at most `limit` bytes. The request's timeout and the caller's signal cancel
   * the read themselves (net/read-body.ts: after fetch has resolved, undici's own abort can be lost
   * to a garbage collection, and a page that stops half-way was waited for without end).
   */
  private async body(answer: Answer, limit: number): Promise<Uint8Array> {
    const { response, url, signal, timeout } = answer;
    let bytes: Uint8Array | 'too_large';
    try {
      bytes = await readLimited(response, limit, [signal, timeout]);
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      if (timeout.aborted || error instanceof BodyAborted)
        throw new AppError('scanner_io_error', `eSCL ${url.pathname}: the answer stopped arriving in time`);
      throw new AppError('scanner_io_error', `eSCL ${url.pathname}: the connection closed mid-answer`);
    }
    if (bytes === 'too_large')
      throw new AppError('image_too_large', `eSCL ${url.pathname}: over ${limit} bytes`);
    return bytes;
  }

  private async text(answer: Answer, what: string): Promise<string> {
    if (!answer.response.ok) {
      await answer.response.body?.cancel();
      throw new AppError(
        answer.response.status === 503 ? 'scanner_busy' : 'scanner_failed',
        `${what}: HTTP ${answer.response.status}`,
      );
    }
    return new TextDecoder().decode(await this.body(answer, MAX_XML_BYTES));
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

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return (this.options.sleep ?? sleep)(ms, signal);
  }

  /** POST ScanJobs, retried with back-off while the device answers 503; the job's URL on this device. */
  private async createJob(settings: JobSettings, signal: AbortSignal): Promise<URL> {
    const backoff = this.options.busyBackoffMs ?? DEFAULT_BUSY_BACKOFF_MS;
    for (let attempt = 0; ; attempt++) {
      const { response: created } = await this.request('ScanJobs', signal, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: scanSettingsXml(settings),
      });
      await created.body?.cancel();
      if (created.status === 503) {
        const pause = backoff[attempt];
        if (pause === undefined) throw new AppError('scanner_busy', 'The eSCL scanner stayed busy');
        await this.wait(pause, signal);
        continue;
      }
      if (created.status === 409)
        throw new AppError('scanner_no_docs', 'The eSCL scanner has no document to scan');
      const location = created.headers.get('location');
      if (created.status !== 201 || !location) {
        throw new AppError('scanner_failed', `ScanJobs answered ${created.status} without a job location`);
      }
      // IPP-over-USB devices name "localhost" or another host: the path is what identifies the job.
      const named = new URL(location, this.base);
      return new URL(named.pathname.replace(/\/+$/, ''), this.base.origin);
    }
  }

  /**
   * Runs one job and answers its pages (at most `maxPages`; fewer when the feeder runs out).
   * @throws AppError scanner_busy (503 for ~10 s), scanner_no_docs (409, or no page at all),
   *   scanner_failed, scanner_io_error, image_too_large; the job is DELETEd whatever happens.
   */
  async scan(
    settings: JobSettings,
    maxPages: number,
    signal: AbortSignal,
    /** Told each page's number (1-based) as it arrives. */
    onPage?: (page: number) => void,
  ): Promise<Buffer[]> {
    const job = await this.createJob(settings, signal);
    const pages: Buffer[] = [];
    try {
      while (pages.length < maxPages) {
        if (pages.length > 0) await this.wait(this.options.nextPageDelayMs ?? 300, signal);
        const page = await this.nextDocument(job, pages.length, signal);
        if (!page) break;
        pages.push(page);
        onPage?.(pages.length);
      }
      // Read the job's end (404) so the device closes it; an extra sheet is not ours to keep.
      if (pages.length === maxPages) await this.drain(job, signal);
    } finally {
      await this.deleteJob(job).catch(() => undefined);
    }
    if (pages.length === 0) throw new AppError('scanner_no_docs', 'The eSCL job produced no page');
    return pages;
  }

  /** One page, or null when the job has no more. */
  private async nextDocument(job: URL, received: number, signal: AbortSignal): Promise<Buffer | null> {
    const limit = this.options.notReadyLimit ?? 60;
    for (let notReady = 0; ; notReady++) {
      const answer = await this.request(nextDocumentUrl(job), signal);
      const response = answer.response;
      if (response.status === 200) return this.readPage(answer);
      await response.body?.cancel();
      if (response.status !== 404 && response.status !== 503) {
        throw new AppError('scanner_failed', `NextDocument answered ${response.status}`);
      }
      // 404 after a page: the end, unless the device says the job is still running (asked too soon).
      if (response.status === 404 && received > 0 && !(await this.jobRunning(job, signal))) return null;
      if (notReady >= limit) {
        if (response.status === 404 && received === 0) return null;
        throw new AppError('scanner_io_error', 'The eSCL scanner never delivered the page');
      }
      await this.wait(this.options.retryDelayMs ?? 500, signal);
    }
  }

  /** Whether ScannerStatus still shows this job (or the device) processing. */
  private async jobRunning(job: URL, signal: AbortSignal): Promise<boolean> {
    try {
      const status = await this.status(signal);
      const mine = status.jobs.find((j) => j.uri.replace(/\/+$/, '') === job.pathname);
      return mine ? mine.state === 'Processing' || mine.state === 'Pending' : status.state === 'Processing';
    } catch (error) {
      if (signal.aborted) throw error;
      return false;
    }
  }

  /** After the last page wanted: NextDocument until the job's 404 (a few extra sheets at most). */
  private async drain(job: URL, signal: AbortSignal): Promise<void> {
    for (let extra = 0; extra < 4; extra++) {
      const { response } = await this.request(nextDocumentUrl(job), signal);
      await response.body?.cancel();
      if (response.status !== 200) return;
    }
  }

  /** A page's bytes, refused past maxPageBytes whether or not the scanner declared its length. */
  private async readPage(answer: Answer): Promise<Buffer> {
    const bytes = await this.body(answer, this.options.maxPageBytes ?? 60 * 1024 * 1024);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Best effort: the scanner frees the job; a fresh signal so it also runs after a cancel. */
  async deleteJob(job: URL): Promise<void> {
    const { response } = await this.request(job, AbortSignal.timeout(5000), { method: 'DELETE' });
    await response.body?.cancel();
  }
}
