/**
 * Sealed image files beside the database (issue 12, "capture commit ≤ 1.5× a write + fsync"): each
 * captured image (or supporting PDF) is one file `<data>/images/<file id>.sealed`, mode 0600, named
 * by 128 random bits (no personal data, nothing about the case in the name), encrypted with a key
 * of its own (AES-256-GCM, 96-bit random nonce). The database row holds that key (sealed with the
 * store key), the nonce, the file's size and the image's SHA-256 (images-repo.ts), so:
 *   - an image's bytes no longer go through SQLite's pages and WAL (copied twice, checkpointed);
 *   - a file without its row (a crash between the file's fsync and the row's commit, or between a
 *     purge's commit and the unlink) cannot be opened by anyone (its key never reached, or has left,
 *     the database, which overwrites freed pages: secure_delete) and is removed at the next start
 *     (`sweep`).
 *
 * Order, for crash safety (the same as a messenger's attachments): the file is written and fsynced,
 * then its directory is fsynced (the new name must survive a power cut before a row names it), and
 * only then does the row commit. A file is removed only after the commit that stopped naming it.
 *
 * Layout of a file: ciphertext (as long as the image) | GCM tag (16 bytes). The associated data is
 * the row's identity (record-cipher.ts `recordAad('images', id, 'file')`), so a file renamed to
 * another row's name fails to open.
 *
 * Why sealing is streamed in 256 KB pieces straight into the file: a fresh 1 MB output buffer costs
 * 256 page faults (on the virtual machines the kiosk is tested on, ~18 µs each: 5 ms per image, more
 * than the write and fsync); pieces of 256 KB are reused by the allocator.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';

/** The directory under the data folder that holds the sealed image files. */
export const IMAGES_DIR = 'images';
/** Suffix of every sealed image file. */
export const SEALED_SUFFIX = '.sealed';
export const FILE_KEY_BYTES = 32;
export const FILE_NONCE_BYTES = 12;
export const FILE_TAG_BYTES = 16;
const PIECE_BYTES = 256 * 1024;
/** A file id: 32 lower-case hex digits (128 random bits). */
export const FILE_ID = /^[0-9a-f]{32}$/;

/** The file-system calls this module makes; tests inject failures (ENOSPC) through it. */
export type ImageFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'readFileSync'
  | 'unlinkSync'
  | 'mkdirSync'
  | 'readdirSync'
  | 'statSync'
  | 'existsSync'
>;

/**
 * The instants of a sealed file's life at which a test may stop the process ("crash here"):
 * written (not yet fsynced), synced (file fsynced, directory not), dir_synced (the name is durable,
 * the row not committed), committed (the row committed, a replaced or purged file not yet removed).
 */
export type ImageFileInstant = 'written' | 'synced' | 'dir_synced' | 'committed';
export const IMAGE_FILE_INSTANTS: readonly ImageFileInstant[] = [
  'written',
  'synced',
  'dir_synced',
  'committed',
];

export interface ImageFilesOptions {
  /** Default: node:fs. */
  fs?: ImageFs;
  /** Tests only: called at each instant (a test SIGKILLs its own process there). */
  instant?: (instant: ImageFileInstant) => void;
}

/** What the row records about a written file (images-repo.ts stores it). */
export interface WrittenFile {
  /** The file id (the name without `.sealed`). */
  file: string;
  /** The file's own key, in clear: the caller seals it into the row and forgets it. */
  key: Buffer;
  nonce: Buffer;
  /** Bytes of the file: the image's size + 16 (the tag). */
  size: number;
}

export class ImageFiles {
  readonly dir: string;
  private readonly fs: ImageFs;
  private readonly instant: (instant: ImageFileInstant) => void;
  private dirReady = false;

  constructor(
    private readonly dataDir: string,
    options: ImageFilesOptions = {},
  ) {
    this.dir = join(dataDir, IMAGES_DIR);
    this.fs = options.fs ?? nodeFs;
    this.instant = options.instant ?? (() => undefined);
  }

  /** Path of a file id; refuses anything that is not a file id (no path can be smuggled in). */
  pathOf(file: string): string {
    if (!FILE_ID.test(file)) throw new Error('Not an image file id');
    return join(this.dir, `${file}${SEALED_SUFFIX}`);
  }

  /**
   * Seals `bytes` with a new key into a new file and fsyncs it (not its directory: `syncDir` once
   * for all the files of one commit). `aad`: the row's identity. Throws the file system's error
   * (ENOSPC on a full disk) after removing the partial file.
   */
  write(bytes: Uint8Array, aad: string): WrittenFile {
    this.ensureDir();
    const file = randomBytes(16).toString('hex');
    const key = randomBytes(FILE_KEY_BYTES);
    const nonce = randomBytes(FILE_NONCE_BYTES);
    const path = this.pathOf(file);
    const fd = this.fs.openSync(path, 'wx', 0o600);
    let ok = false;
    try {
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: FILE_TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      let offset = 0;
      for (let start = 0; start < bytes.byteLength; start += PIECE_BYTES) {
        const piece = bytes.subarray(start, Math.min(start + PIECE_BYTES, bytes.byteLength));
        offset += this.writeAll(fd, cipher.update(piece), offset);
      }
      offset += this.writeAll(fd, cipher.final(), offset);
      offset += this.writeAll(fd, cipher.getAuthTag(), offset);
      this.instant('written');
      this.fs.fsyncSync(fd);
      this.instant('synced');
      ok = true;
      return { file, key, nonce, size: offset };
    } finally {
      this.fs.closeSync(fd);
      if (!ok) this.removeQuietly(file);
    }
  }

  /** Makes the names of the files written so far durable (fsync of the images directory). */
  syncDir(): void {
    this.fsyncPath(this.dir);
    this.instant('dir_synced');
  }

  /**
   * Opens a file written by `write`. Throws when the file is missing, has another size than the
   * row says, was altered, or belongs to another row (aad).
   */
  read(file: string, size: number, key: Uint8Array, nonce: Uint8Array, aad: string): Buffer {
    const data = this.fs.readFileSync(this.pathOf(file));
    if (data.byteLength !== size || size < FILE_TAG_BYTES) {
      throw new Error(`The image file is ${data.byteLength} bytes, its record says ${size}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: FILE_TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(data.subarray(size - FILE_TAG_BYTES));
    const plain = decipher.update(data.subarray(0, size - FILE_TAG_BYTES));
    // final() checks the tag (throws when the file was altered) and yields no bytes for GCM, so the
    // 1 MB from update() is returned as it is rather than copied once more by a concat.
    const rest = decipher.final();
    return rest.byteLength === 0 ? plain : Buffer.concat([plain, rest]);
  }

  /** Whether the file is there with the size the row records (the integrity check's question). */
  present(file: string, size: number): boolean {
    try {
      return this.fs.statSync(this.pathOf(file)).size === size;
    } catch {
      return false;
    }
  }

  /** Tells a test it is past the commit (the instant before a replaced or purged file is removed). */
  committed(): void {
    this.instant('committed');
  }

  /**
   * Removes files no row names any more (after the commit that dropped them). A failure is left
   * to the sweep at the next start; the file cannot be opened without its key anyway.
   */
  remove(files: readonly string[]): void {
    for (const file of files) this.removeQuietly(file);
  }

  /**
   * At start, before anything writes: removes every `.sealed` file whose id `isReferenced` does not
   * know and that is older than `startedAt` (ms since the epoch), and any other stray file there
   * (a partial write's leftovers). Returns how many were removed.
   */
  sweep(isReferenced: (file: string) => boolean, startedAt: number): number {
    if (!this.fs.existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of this.fs.readdirSync(this.dir)) {
      const file = name.endsWith(SEALED_SUFFIX) ? name.slice(0, -SEALED_SUFFIX.length) : undefined;
      if (file !== undefined && FILE_ID.test(file) && isReferenced(file)) continue;
      const path = join(this.dir, name);
      try {
        if (this.fs.statSync(path).mtimeMs >= startedAt) continue;
        this.fs.unlinkSync(path);
        removed += 1;
      } catch {
        // gone already, or not removable: the next start tries again
      }
    }
    return removed;
  }

  /** Every file id in the folder (diagnostics and tests). */
  list(): string[] {
    if (!this.fs.existsSync(this.dir)) return [];
    return this.fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith(SEALED_SUFFIX))
      .map((name) => name.slice(0, -SEALED_SUFFIX.length));
  }

  private ensureDir(): void {
    if (this.dirReady) return;
    if (!this.fs.existsSync(this.dir)) {
      this.fs.mkdirSync(this.dir, { mode: 0o700 });
      // The folder's own name must be durable before any file in it is relied on.
      this.fsyncPath(this.dataDir);
    }
    this.dirReady = true;
  }

  /**
   * fsync of a directory (POSIX: a new name is durable only once its directory is synced). Windows
   * cannot open a directory as a file (EISDIR) and needs no such step: NTFS journals the name with
   * the file's own FlushFileBuffers.
   */
  private fsyncPath(path: string): void {
    if (process.platform === 'win32') return;
    const fd = this.fs.openSync(path, 'r');
    try {
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  private writeAll(fd: number, data: Uint8Array, position: number): number {
    let written = 0;
    while (written < data.byteLength) {
      written += this.fs.writeSync(fd, data, written, data.byteLength - written, position + written);
    }
    return written;
  }

  private removeQuietly(file: string): void {
    try {
      this.fs.unlinkSync(this.pathOf(file));
    } catch {
      // already gone, or removed by the next start's sweep
    }
  }
}
