/**
 * Captured images: metadata in clear (for the queue screen and audits), the bytes sealed. Since
 * schema 7 a new image's bytes are a sealed file beside the database (image-files.ts), written and
 * fsynced by `stage` BEFORE the transaction that `put`s its row; rows written before keep their
 * sealed blob in `bytes_enc`. `read` is the one way to an image's bytes and reads either.
 */
import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ImageRole } from '../../shared/domain/flows';
import { FILE_ID as FILE_ID_PATTERN, type ImageFiles, type WrittenFile } from './image-files';
import {
  type ImageBytesRow,
  type ImageMeta,
  type ImageRow,
  META_COLUMNS,
  type NewImage,
  type PutResult,
  type StagedImage,
  toMeta,
} from './image-rows';
import { sealedImagePieces, type StreamedImage, wholePieces } from './image-stream';
import type { StoredImage } from './records';
import { recordAad, type RecordCipher } from './record-cipher';

export type { ImageMeta, NewImage, PutResult, StagedImage } from './image-rows';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * An image row `i` held for a retake: the quality check said to retake it (its stored verdict,
 * quality-codec.ts: 2 = 'retake') and staff have not decided to keep it (a `quality_override`
 * event for that role, at or after the image was stored: staff-cases.ts `keepImage`). Nothing of
 * such a case is sent until staff retake the image or keep it (step-machine.ts puts the case in
 * the inbox as `retake_required`; steps-repo.ts never hands its steps to the relay): the provider
 * must never hold an image the kiosk told staff to retake.
 */
export const HELD_FOR_RETAKE = `i.purged_at IS NULL AND json_extract(i.quality, '$.verdict') = 2
  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = i.case_id AND e.type = 'quality_override'
    AND e.code = i.role AND e.at >= i.created_at)`;

export class ImagesRepo {
  private readonly deleteRoleStmt;
  private readonly roleFileStmt;
  private readonly insertStmt;
  private readonly metaStmt;
  private readonly bytesStmt;
  private readonly purgeStmt;
  private readonly caseFilesStmt;
  private readonly currentIdStmt;
  private readonly allFilesStmt;
  private readonly fileRowsStmt;
  private readonly heldStmt;

  constructor(
    db: Database.Database,
    private readonly cipher: RecordCipher,
    /** The sealed image files beside the database. */
    readonly files: ImageFiles,
  ) {
    this.deleteRoleStmt = db.prepare('DELETE FROM images WHERE case_id = ? AND role = ?');
    this.roleFileStmt = db.prepare(
      'SELECT file FROM images WHERE case_id = ? AND role = ? AND file IS NOT NULL',
    );
    this.insertStmt = db.prepare(
      `INSERT INTO images (id, case_id, role, mime, width, height, size, pages, sha256, quality, created_at,
         file, file_key_enc, file_nonce, file_size)
       VALUES (@id, @case_id, @role, @mime, @width, @height, @size, @pages, @sha256, @quality, @created_at,
         @file, @file_key_enc, @file_nonce, @file_size)`,
    );
    this.metaStmt = db.prepare(
      `SELECT ${META_COLUMNS} FROM images WHERE case_id = ? ORDER BY created_at, role`,
    );
    this.bytesStmt = db.prepare(
      `SELECT ${META_COLUMNS}, bytes_enc, file, file_key_enc, file_nonce, file_size FROM images
       WHERE case_id = ? AND role = ? AND (bytes_enc IS NOT NULL OR file IS NOT NULL)`,
    );
    this.currentIdStmt = db.prepare(
      'SELECT id FROM images WHERE case_id = ? AND role = ? AND (bytes_enc IS NOT NULL OR file IS NOT NULL)',
    );
    this.caseFilesStmt = db.prepare('SELECT file FROM images WHERE case_id = ? AND file IS NOT NULL');
    this.purgeStmt = db.prepare(
      `UPDATE images SET bytes_enc = NULL, file = NULL, file_key_enc = NULL, file_nonce = NULL,
         file_size = NULL, purged_at = @now WHERE case_id = @case_id`,
    );
    this.allFilesStmt = db.prepare('SELECT file FROM images WHERE file IS NOT NULL').pluck();
    this.fileRowsStmt = db.prepare('SELECT file, file_size AS size FROM images WHERE file IS NOT NULL');
    this.heldStmt = db
      .prepare(
        `SELECT i.role FROM images i WHERE i.case_id = ? AND ${HELD_FOR_RETAKE} ORDER BY i.created_at, i.role`,
      )
      .pluck();
  }

  /**
   * The roles of the case's images held for a retake (HELD_FOR_RETAKE), oldest first; empty when
   * none is. Read by step-machine.ts on every change of the case.
   */
  heldForRetake(caseId: string): ImageRole[] {
    return this.heldStmt.all(caseId) as ImageRole[];
  }

  /**
   * Outside any transaction: checks each image's hash (the pipeline's, or computes it), then seals
   * and writes each one's file and fsyncs it, then the directory once. Throws (the file system's
   * ENOSPC on a full disk, or a malformed hash) with no file left behind; the caller then `put`s
   * the rows in one transaction, or `discard`s what it staged if that transaction fails.
   */
  stage(images: readonly NewImage[]): StagedImage[] {
    const checked = this.check(images);
    const staged: StagedImage[] = [];
    try {
      for (const { image, sha256, id } of checked) {
        const written = this.files.write(image.bytes, recordAad('images', id, 'file'));
        staged.push({ image, sha256, id, written });
      }
      this.syncNames(staged);
    } catch (error) {
      this.discard(staged);
      throw error;
    }
    return staged;
  }

  /**
   * `stage` with the files' syncs off the JS thread and overlapped (image-files.ts `writeMany`):
   * the capture's path. Resolves once every file (and, for new files, the directory) is durable.
   * `journal` (a new capture): builds the journal region from the staged images (image-journal.ts);
   * `journalled` says whether it went into the last file and was synced with it. `whileSyncing`
   * (a new capture): runs while the syncs are in flight, with the staged images (capture-commit.ts
   * commits a journalled capture's rows there); its return undoes that if a sync fails.
   */
  async stageAsync(
    images: readonly NewImage[],
    journal?: (staged: readonly StagedImage[]) => Buffer | undefined,
    whileSyncing?: (staged: StagedImage[], journalled: boolean) => (() => void) | undefined,
  ): Promise<{ staged: StagedImage[]; journalled: boolean }> {
    const checked = this.check(images);
    const withFiles = (files: readonly WrittenFile[]): StagedImage[] =>
      checked.map((item, index) => ({ ...item, written: files[index]! }));
    const batch = await this.files.writeMany(
      checked.map(({ image, id }) => ({ bytes: image.bytes, aad: recordAad('images', id, 'file') })),
      journal && ((files) => journal(withFiles(files))),
      whileSyncing && ((written) => whileSyncing(withFiles(written.files), written.journalled)),
    );
    const staged = withFiles(batch.files);
    try {
      this.syncNames(staged);
    } catch (error) {
      this.discard(staged);
      throw error;
    }
    return { staged, journalled: batch.journalled };
  }

  /**
   * The journal payloads (image-journal.ts) found in files no row names: after a crash only (the
   * caller checks), since it lists the folder. Each with the file that holds it.
   */
  unnamedJournals(): { file: string; payload: Buffer }[] {
    const named = new Set(this.allFilesStmt.all() as string[]);
    const found: { file: string; payload: Buffer }[] = [];
    for (const file of this.files.list()) {
      if (named.has(file) || !FILE_ID_PATTERN.test(file)) continue;
      const payload = this.files.readJournal(file);
      if (payload) found.push({ file, payload });
    }
    return found;
  }

  /**
   * The image in a staged file, or undefined when the file is not there whole: it must open with its
   * key and its GCM tag must check (after a power cut, a file whose sync never finished fails
   * here). Reads the whole file. `id`: the row id its associated data names.
   */
  reopen(id: string, written: WrittenFile): Buffer | undefined {
    try {
      return this.files.read(
        written.file,
        written.size,
        written.key,
        written.nonce,
        recordAad('images', id, 'file'),
      );
    } catch {
      return undefined;
    }
  }

  /** Each image's hash: the pipeline's (checked), or computed; and the id its row will have. */
  private check(images: readonly NewImage[]): { image: NewImage; sha256: string; id: string }[] {
    return images.map((image) => {
      const sha256 = image.sha256 ?? createHash('sha256').update(image.bytes).digest('hex');
      if (!SHA256_HEX.test(sha256)) throw new Error('An image hash must be 64 lower-case hex digits');
      return { image, sha256, id: randomUUID() };
    });
  }

  /** Only a new file's name needs its directory synced; a claimed pooled file's name is durable. */
  private syncNames(staged: readonly StagedImage[]): void {
    if (staged.some((item) => item.written.fresh)) this.files.syncDir();
  }

  /** Returns to the pool (or removes) the files of staged images whose transaction did not commit. */
  discard(staged: readonly StagedImage[]): void {
    this.files.remove(staged.map((image) => image.written.file));
  }

  /**
   * After the commit that stopped naming them (a retake's replaced image, a purge): the files go
   * back to the pool, overwritten with zeros first, or are removed (image-files.ts `remove`). A
   * crash before this leaves them to the sweep at the next start.
   */
  committed(removed: readonly string[]): void {
    this.files.committed(removed);
  }

  /**
   * At start, before anything writes: the files no row names (a crash between a file's fsync and
   * its row's commit, or between a purge and its unlink) that are older than `startedAt` (wall-clock
   * ms, compared with the files' modification times) go back to the pool, zeroed, or are removed
   * past the pool's size (image-files.ts `sweepImageFiles`). Returns how many were removed.
   */
  sweep(startedAt: number): number {
    const named = new Set(this.allFilesStmt.all() as string[]);
    return this.files.sweep((file) => named.has(file), startedAt);
  }

  /**
   * The files against the rows, for the diagnostics bundle and tests (counts only, no names):
   * `named` rows with a file, `onDisk` files in the folder, `missing` rows whose file is absent or
   * shorter than recorded, `pooled` unnamed files the pool holds (preallocated or to be zeroed),
   * `unnamed` other files no row names (the next start pools or removes them).
   */
  fileReport(): { named: number; onDisk: number; missing: number; pooled: number; unnamed: number } {
    const rows = this.fileRowsStmt.all() as { file: string; size: number }[];
    const named = new Set(rows.map((row) => row.file));
    const pooled = this.files.pooled();
    const onDisk = this.files.list();
    return {
      named: rows.length,
      onDisk: onDisk.length,
      missing: rows.filter((row) => !this.files.present(row.file, row.size)).length,
      pooled: onDisk.filter((file) => pooled.has(file) && !named.has(file)).length,
      unnamed: onDisk.filter((file) => !named.has(file) && !pooled.has(file)).length,
    };
  }

  /**
   * Stores (or, for a recapture, replaces) the row of a staged image (or supporting PDF) of one
   * role. Call inside a transaction; after it commits, pass `replaced` to `committed`.
   */
  put(caseId: string, staged: StagedImage, now: number): PutResult {
    const { image, id, sha256, written } = staged;
    const replaced = this.roleFileStmt.all(caseId, image.role) as { file: string }[];
    this.deleteRoleStmt.run(caseId, image.role);
    this.insertStmt.run({
      id,
      case_id: caseId,
      role: image.role,
      mime: image.mime,
      width: image.width,
      height: image.height,
      size: image.bytes.byteLength,
      pages: image.pages ?? null,
      sha256,
      quality: image.quality ? JSON.stringify(image.quality) : null,
      created_at: now,
      file: written.file,
      file_key_enc: this.cipher.seal(written.key, recordAad('images', id, 'file_key')),
      file_nonce: written.nonce,
      file_size: written.size,
    });
    written.key.fill(0); // sealed into the row: the clear copy is not needed any more
    return {
      meta: {
        id,
        caseId,
        role: image.role,
        mime: image.mime,
        width: image.width,
        height: image.height,
        size: image.bytes.byteLength,
        pages: image.pages ?? null,
        sha256,
        quality: image.quality ? { ...image.quality } : null,
        createdAt: now,
        purged: false,
      },
      replaced: replaced.map((row) => row.file),
    };
  }

  list(caseId: string): ImageMeta[] {
    return (this.metaStmt.all(caseId) as ImageRow[]).map(toMeta);
  }

  /**
   * Decrypted image, or undefined when none was captured (or it was purged): from its sealed file
   * (schema 7 on), or from the row's blob (rows written before). The one read path: the preview,
   * the relay's upload and the diagnostics all come here. Throws when the file is missing, altered
   * or not this row's.
   */
  read(caseId: string, role: ImageRole): StoredImage | undefined {
    const row = this.bytesStmt.get(caseId, role) as ImageBytesRow | undefined;
    if (!row) return undefined;
    const bytes =
      row.file !== null
        ? this.files.read(
            row.file,
            row.file_size ?? 0,
            this.cipher.open(row.file_key_enc ?? Buffer.alloc(0), recordAad('images', row.id, 'file_key')),
            row.file_nonce ?? Buffer.alloc(0),
            recordAad('images', row.id, 'file'),
          )
        : this.cipher.open(row.bytes_enc!, recordAad('images', row.id, 'bytes'));
    return {
      role: row.role,
      mime: row.mime,
      bytes,
      width: row.width,
      height: row.height,
      ...(row.pages === null ? {} : { pages: row.pages }),
    };
  }

  /**
   * The image as plain pieces for an upload (image-stream.ts), or undefined like `read`. The
   * sealed file is opened lazily by the iterator, which throws before its last piece when the file
   * is missing, altered or not this row's; a row from before sealed files yields its blob whole.
   */
  stream(caseId: string, role: ImageRole): StreamedImage | undefined {
    const row = this.bytesStmt.get(caseId, role) as ImageBytesRow | undefined;
    if (!row) return undefined;
    const pieces =
      row.file !== null
        ? sealedImagePieces({
            path: this.files.pathOf(row.file),
            size: row.file_size ?? 0,
            key: this.cipher.open(
              row.file_key_enc ?? Buffer.alloc(0),
              recordAad('images', row.id, 'file_key'),
            ),
            nonce: row.file_nonce ?? Buffer.alloc(0),
            aad: recordAad('images', row.id, 'file'),
          })
        : wholePieces(this.cipher.open(row.bytes_enc!, recordAad('images', row.id, 'bytes')));
    return { role: row.role, mime: row.mime, size: row.size, pieces };
  }

  /**
   * The id of the role's current image (a retake gets a new id), or undefined. The relay notes it
   * when it sends the image and checks it again in the transaction that stores the answer.
   */
  currentId(caseId: string, role: ImageRole): string | undefined {
    return (this.currentIdStmt.get(caseId, role) as { id: string } | undefined)?.id;
  }

  /**
   * Retention: forgets the case's image bytes (blobs and file keys; metadata stays). Call inside a
   * transaction; returns the files to pass to `committed` once it has committed.
   */
  purge(caseId: string, now: number): string[] {
    const files = (this.caseFilesStmt.all(caseId) as { file: string }[]).map((row) => row.file);
    this.purgeStmt.run({ case_id: caseId, now });
    return files;
  }
}
