/**
 * A capture source fed by files dropped into a folder (a scanner's "scan to folder" button, a
 * document camera's software). Files are taken only once their size has stopped changing
 * (chokidar's awaitWriteFinish), checked by the imaging intake, then moved out of the way:
 * accepted ones to `processed/`, refused ones to `rejected/` with a `.reason.txt` beside them.
 * Anything odd (symlinks, devices, huge or half-written files) is refused, never followed.
 */
import { lstat, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
  log: Logger;
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
  private readonly waiting: { file: string; bytes: Buffer }[] = [];
  private work: Promise<void> = Promise.resolve();
  private readonly processedDir: string;
  private readonly rejectedDir: string;

  constructor(private readonly options: WatchedFolderOptions) {
    this.id = `folder:${options.path}`;
    this.label = `Folder ${basename(options.path)}`;
    this.processedDir = join(options.path, 'processed');
    this.rejectedDir = join(options.path, 'rejected');
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  async start(): Promise<void> {
    await mkdir(this.processedDir, { recursive: true });
    await mkdir(this.rejectedDir, { recursive: true });
    const stable = this.options.stableMs ?? 800;
    this.watcher = watch(this.options.path, {
      depth: 0,
      ignoreInitial: false,
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: stable, pollInterval: Math.max(50, Math.round(stable / 4)) },
      ignored: (path) => path.startsWith(this.processedDir) || path.startsWith(this.rejectedDir),
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

  private async take(path: string): Promise<void> {
    const file = basename(path);
    if (file.startsWith('.') || file.endsWith('.reason.txt')) return;
    if (this.waiting.length >= MAX_WAITING) return;
    try {
      const info = await lstat(path);
      if (!info.isFile()) throw new AppError('image_format', 'Not a regular file (symlink or device)');
      if (info.size > DEFAULT_INTAKE_LIMITS.maxBytes)
        throw new AppError('image_too_large', `${info.size} bytes`);
      const bytes = await readFile(path);
      await intakeImage(bytes, 'file');
      await rename(path, join(this.processedDir, `${Date.now()}-${file}`));
      this.waiting.push({ file, bytes });
      this.options.log.info('devices.folder_accepted', { waiting: this.waiting.length });
      this.options.onFile?.({ file, accepted: true, waiting: this.waiting.length });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'image_unreadable';
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.warn('devices.folder_rejected', { code, message });
      const target = join(this.rejectedDir, `${Date.now()}-${file}`);
      await rename(path, target).catch(() => undefined);
      await writeFile(`${target}.reason.txt`, `${code}: ${message}\n`).catch(() => undefined);
      this.options.onFile?.({ file, accepted: false, code, waiting: this.waiting.length });
    }
  }

  list(): Promise<CaptureSource[]> {
    return Promise.resolve([this]);
  }

  /** Hands over the oldest accepted file. */
  scan(): Promise<ScannedPage[]> {
    const next = this.waiting.shift();
    if (!next)
      return Promise.reject(new AppError('scanner_no_docs', 'No file is waiting in the watched folder'));
    return Promise.resolve([{ bytes: next.bytes, origin: 'file' }]);
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    await this.work;
    this.watcher = null;
  }
}
