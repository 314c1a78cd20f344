/**
 * The images table's rows and what the repository gives out (images-repo.ts): the record shapes
 * (pixels, bytes, hex SHA-256, ms since the epoch) and the mapping from a row to its metadata.
 */
import type { ImageRole } from '../../shared/domain/flows';
import type { WrittenFile } from './image-files';
import type { StoredMime } from './records';

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

/**
 * An image whose sealed file is written and fsynced (`ImagesRepo.stage`), waiting for the
 * transaction that `put`s its row. Not committed: `discard` removes its file.
 */
export interface StagedImage {
  image: NewImage;
  /** The row id the file's associated data names. */
  id: string;
  /** SHA-256 of the image (hex): the pipeline's, or computed by `stage`. */
  sha256: string;
  written: WrittenFile;
}

/** What `put` did: the new row, and the file of the image it replaced (to remove after the commit). */
export interface PutResult {
  meta: ImageMeta;
  replaced: string[];
}

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

export interface ImageRow {
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

export interface ImageBytesRow extends ImageRow {
  bytes_enc: Buffer | null;
  file: string | null;
  file_key_enc: Buffer | null;
  file_nonce: Buffer | null;
  file_size: number | null;
}

export const META_COLUMNS =
  'id, case_id, role, mime, width, height, size, pages, sha256, quality, created_at, purged_at';

export function toMeta(row: ImageRow): ImageMeta {
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
