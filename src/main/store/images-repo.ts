/** Captured images: metadata in clear (for the queue screen and audits), the bytes sealed. */
import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ImageRole } from '../../shared/domain/flows';
import type { StoredImage, StoredMime } from './records';
import { recordAad, type RecordCipher } from './record-cipher';

export interface NewImage {
  role: ImageRole;
  mime: StoredMime;
  bytes: Uint8Array;
  /** Pixels; 0 for a PDF. */
  width: number;
  /** Pixels; 0 for a PDF. */
  height: number;
  /** Pages of a PDF (required for `application/pdf`, schema 6's CHECK); absent for an image. */
  pages?: number | undefined;
  /** Quality figures from imaging (blur, glare, coverage...), numbers only. */
  quality?: Readonly<Record<string, number>> | undefined;
  /**
   * SHA-256 of `bytes` (hex) when the imaging pipeline already computed it (encode.ts does), so the
   * commit does not hash 1 MB again. Computed here when absent.
   */
  sha256?: string | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ImageMeta {
  id: string;
  caseId: string;
  role: ImageRole;
  mime: StoredMime;
  width: number;
  height: number;
  /** Bytes of the stored file. */
  size: number;
  /** Pages of a PDF; null for an image. */
  pages: number | null;
  sha256: string;
  quality: Record<string, number> | null;
  createdAt: number;
  purged: boolean;
}

interface ImageRow {
  id: string;
  case_id: string;
  role: ImageRole;
  mime: StoredMime;
  width: number;
  height: number;
  size: number;
  pages: number | null;
  sha256: string;
  quality: string | null;
  created_at: number;
  purged_at: number | null;
}

const META_COLUMNS =
  'id, case_id, role, mime, width, height, size, pages, sha256, quality, created_at, purged_at';

function toMeta(row: ImageRow): ImageMeta {
  return {
    id: row.id,
    caseId: row.case_id,
    role: row.role,
    mime: row.mime,
    width: row.width,
    height: row.height,
    size: row.size,
    pages: row.pages,
    sha256: row.sha256,
    quality: row.quality === null ? null : (JSON.parse(row.quality) as Record<string, number>),
    createdAt: row.created_at,
    purged: row.purged_at !== null,
  };
}

export class ImagesRepo {
  private readonly deleteRoleStmt;
  private readonly insertStmt;
  private readonly metaStmt;
  private readonly bytesStmt;
  private readonly purgeStmt;
  private readonly currentIdStmt;

  constructor(
    db: Database.Database,
    private readonly cipher: RecordCipher,
  ) {
    this.deleteRoleStmt = db.prepare('DELETE FROM images WHERE case_id = ? AND role = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO images (id, case_id, role, mime, width, height, size, pages, sha256, quality, created_at, bytes_enc)
       VALUES (@id, @case_id, @role, @mime, @width, @height, @size, @pages, @sha256, @quality, @created_at, @bytes_enc)`,
    );
    this.metaStmt = db.prepare(
      `SELECT ${META_COLUMNS} FROM images WHERE case_id = ? ORDER BY created_at, role`,
    );
    this.bytesStmt = db.prepare(
      `SELECT ${META_COLUMNS}, bytes_enc FROM images WHERE case_id = ? AND role = ? AND bytes_enc IS NOT NULL`,
    );
    this.currentIdStmt = db.prepare(
      'SELECT id FROM images WHERE case_id = ? AND role = ? AND bytes_enc IS NOT NULL',
    );
    this.purgeStmt = db.prepare(
      'UPDATE images SET bytes_enc = NULL, purged_at = @now WHERE case_id = @case_id',
    );
  }

  /**
   * Stores (or, for a recapture, replaces) the image (or supporting PDF) of one role. Call inside a
   * transaction.
   */
  put(caseId: string, image: NewImage, now: number): ImageMeta {
    const id = randomUUID();
    const sha256 = image.sha256 ?? createHash('sha256').update(image.bytes).digest('hex');
    if (!SHA256_HEX.test(sha256)) throw new Error('An image hash must be 64 lower-case hex digits');
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
      bytes_enc: this.cipher.seal(image.bytes, recordAad('images', id, 'bytes')),
    });
    return {
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
    };
  }

  list(caseId: string): ImageMeta[] {
    return (this.metaStmt.all(caseId) as ImageRow[]).map(toMeta);
  }

  /** Decrypted image, or undefined when none was captured (or it was purged). */
  read(caseId: string, role: ImageRole): StoredImage | undefined {
    const row = this.bytesStmt.get(caseId, role) as (ImageRow & { bytes_enc: Buffer }) | undefined;
    if (!row) return undefined;
    const bytes = this.cipher.open(row.bytes_enc, recordAad('images', row.id, 'bytes'));
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
   * The id of the role's current image (a retake gets a new id), or undefined. The relay notes it
   * when it sends the image and checks it again in the transaction that stores the answer.
   */
  currentId(caseId: string, role: ImageRole): string | undefined {
    return (this.currentIdStmt.get(caseId, role) as { id: string } | undefined)?.id;
  }

  purge(caseId: string, now: number): void {
    this.purgeStmt.run({ case_id: caseId, now });
  }
}
