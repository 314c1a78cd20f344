/**
 * A capture source fed by files dropped into a folder (a scanner's "scan to folder" button, a
 * document camera's software). Files are taken only once their size has stopped changing
 * (chokidar's awaitWriteFinish), checked by the imaging intake, then moved out of the way.
 * Anything odd (symlinks, devices, huge or half-written files) is refused, never followed.
 *
 * The originals are a customer's document in clear, outside the sealed store and its retention,
 * and their names often hold a name or an ID number. So: an accepted file waits in `pending/`
 * under a random name until it is handed to a capture (a crash before that finds it there again),
 * and is then overwritten and deleted; a refused one waits in `rejected/` under a random name with
 * a `.reason.txt`, for an operator to see why, and is overwritten and deleted after
 * `rejectedKeepMs`. No file name the kiosk writes carries anything from the original name.
 */
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { SourceCapabilities, SourceStatus } from '../../../shared/ipc/devices';
import { intakeImage, DEFAULT_INTAKE_LIMITS } from '../../imaging/intake';
import { AppError } from '../../ipc/errors';
import type { Logger } from '../../logging/logger';
import type { CaptureSource, ScannedPage, SourceProvider } from '../types';

export interface WatchedFolderOptions {
  path: string;
  /** Called for every file taken in or refused, for the devices.imageArrived event. */
  onFile?: (event: { file: string; accepted: boolean; code?: string; waiting: number }) => void;
  /** How long a file's size must stay unchanged before it is read. */
  stableMs?: number;
  /** How long a refused file is kept for an operator to look at (ms). Default 24 hours. */
  rejectedKeepMs?: number;
  /** Clock for the refused files' age (ms since the epoch). */
  now?: () => number;
  log: Logger;
}

const DEFAULT_REJECTED_KEEP_MS = 24 * 3_600_000;

/**
 * Overwrites a file with zeros (flushed to disk) and deletes it. On a copy-on-write or
 * log-structured file system or an SSD the old blocks may survive the overwrite; deleting is
 * what is guaranteed everywhere.
 */
export async function shred(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r+');
    try {
      const { size } = await handle.stat();
      const zeros = Buffer.alloc(Math.min(size, 1 << 20));
      for (let offset = 0; offset < size; offset += zeros.length) {
        await handle.write(zeros, 0, Math.min(zeros.length, size - offset), offset);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not a regular file we can write: deleting is still possible
  }
  await unlink(path).catch(() => undefined);
}

/** A neutral name: a random id and the original's extension only if it is an image's. */
function neutralName(original: string): string {
  const ext = extname(original).toLowerCase();
  return `${randomUUID()}${/^\.(jpe?g|png)$/.test(ext) ? ext : ''}`;
}

const CAPABILITIES: SourceCapabilities = {
  flatbed: false,
  adf: false,
  duplex: false,
  resolutions: [],
  colourModes: [],
  maxWidthMm: null,
  maxHeightMm: null,
};

/** Files waiting beyond this are left in the folder until the queue drains. */
const MAX_WAITING = 20;

export class WatchedFolderSource implements CaptureSource, SourceProvider {
  readonly kind = 'folder' as const;
  readonly name = 'folder';
  readonly simulated = false;
  readonly capabilities = CAPABILITIES;
  readonly id: string;
  readonly label: string;
  status: SourceStatus = 'offline';
  private watcher: FSWatcher | null = null;
  private readonly waiting: { path: string; bytes: Buffer }[] = [];
  private work: Promise<void> = Promise.resolve();
  private readonly pendingDir: string;
  private readonly rejectedDir: string;
  /** Where an earlier version kept accepted originals forever: emptied at start. */
  private readonly legacyDir: string;
  private readonly now: () => number;

  constructor(private readonly options: WatchedFolderOptions) {
    this.id = `folder:${options.path}`;
    this.label = `Folder ${basename(options.path)}`;
    this.pendingDir = join(options.path, 'pending');
    this.rejectedDir = join(options.path, 'rejected');
    this.legacyDir = join(options.path, 'processed');
    this.now = options.now ?? Date.now;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  async start(): Promise<void> {
    await mkdir(this.pendingDir, { recursive: true, mode: 0o700 });
    await mkdir(this.rejectedDir, { recursive: true, mode: 0o700 });
    await this.clearLegacy();
    await this.expireRejected();
    // Accepted before a crash and never handed over: they wait again, oldest first.
    for (const name of (await readdir(this.pendingDir)).sort()) {
      const path = join(this.pendingDir, name);
      if (this.waiting.length >= MAX_WAITING) break;
      this.waiting.push({ path, bytes: await readFile(path) });
    }
    const stable = this.options.stableMs ?? 800;
    this.watcher = watch(this.options.path, {
      depth: 0,
      ignoreInitial: false,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: stable, pollInterval: Math.max(50, Math.round(stable / 4)) },
      ignored: (path) =>
        path.startsWith(this.pendingDir) ||
        path.startsWith(this.rejectedDir) ||
        path.startsWith(this.legacyDir),
    });
    this.watcher.on('add', (path) => {
      // One file at a time, in arrival order: keeps memory bounded and moves predictable.
      this.work = this.work.then(() => this.take(path));
    });
    this.watcher.on('error', (error) => {
      this.status = 'error';
      this.options.log.warn('devices.folder_error', {
        error: error instanceof Error ? error.message : String(error),
      });
    });
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
    this.status = 'ready';
  }

  /** Resolves when every file seen so far has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.work;
  }

  private async clearLegacy(): Promise<void> {
    const names = await readdir(this.legacyDir).catch(() => [] as string[]);
    for (const name of names) await shred(join(this.legacyDir, name));
    await rm(this.legacyDir, { recursive: true, force: true });
  }

  /** Removes refused files (and their reasons) older than rejectedKeepMs. */
  async expireRejected(): Promise<void> {
    const keepMs = this.options.rejectedKeepMs ?? DEFAULT_REJECTED_KEEP_MS;
    for (const name of await readdir(this.rejectedDir).catch(() => [] as string[])) {
      const path = join(this.rejectedDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && this.now() - info.mtimeMs >= keepMs) await shred(path);
    }
  }

  private async take(path: string): Promise<void> {
    const file = basename(path);
    if (file.startsWith('.') || file.endsWith('.reason.txt')) return;
    if (this.waiting.length >= MAX_WAITING) return;
    await this.expireRejected();
    try {
      const info = await lstat(path);
      if (!info.isFile()) throw new AppError('image_format', 'Not a regular file (symlink or device)');
      if (info.size > DEFAULT_INTAKE_LIMITS.maxBytes)
        throw new AppError('image_too_large', `${info.size} bytes`);
      const bytes = await readFile(path);
      await intakeImage(bytes, 'file');
      // Sorted names keep arrival order across a restart: a time prefix, then a random id.
      const kept = join(this.pendingDir, `${String(this.now()).padStart(15, '0')}-${neutralName(file)}`);
      await rename(path, kept);
      this.waiting.push({ path: kept, bytes });
      this.options.log.info('devices.folder_accepted', { waiting: this.waiting.length });
      this.options.onFile?.({ file, accepted: true, waiting: this.waiting.length });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'image_unreadable';
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.warn('devices.folder_rejected', { code, message });
      const target = join(this.rejectedDir, neutralName(file));
      await rename(path, target).catch(() => undefined);
      await writeFile(`${target}.reason.txt`, `${code}: ${message}\n`, { mode: 0o600 }).catch(
        () => undefined,
      );
      this.options.onFile?.({ file, accepted: false, code, waiting: this.waiting.length });
    }
  }

  list(): Promise<CaptureSource[]> {
    return Promise.resolve([this]);
  }

  /**
   * Hands over the oldest accepted file; its original is overwritten and deleted, since from here
   * the capture pipeline holds the bytes (and seals them when the case is committed).
   */
  async scan(): Promise<ScannedPage[]> {
    const next = this.waiting.shift();
    if (!next) throw new AppError('scanner_no_docs', 'No file is waiting in the watched folder');
    await shred(next.path);
    return [{ bytes: next.bytes, origin: 'file' }];
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    await this.work;
    this.watcher = null;
  }
}
