/**
 * The capture journal (issue 12, "capture commit ≤ 1.5× a preallocated write + fsync"): a new
 * capture's rows, written into the tail of the last pooled image file it claims, so that the ONE
 * `fdatasync` of that file makes the capture durable, and SQLite's transaction that names the files
 * can commit with `synchronous=NORMAL` (its WAL synced by a later FULL commit or checkpoint).
 *
 * Why that is safe at every instant (image-files.ts has the file side, store.ts the replay):
 *   - before the journal is written: no row, no journal; the files go back to the pool (as before);
 *   - journal written, files not all durable: after a process kill the page cache survives and
 *     every file opens: the capture is replayed at the next open (it was about to be acknowledged);
 *     after a power cut a file whose bytes never reached the disk fails its GCM check, and the
 *     capture, never acknowledged, is not replayed: its files go back to the pool, zeroed;
 *   - journal and files durable, row not committed (or its NORMAL commit lost with the WAL in a
 *     power cut): replayed at the next open through the same transaction (store.ts `insertCapture`);
 *   - row committed: the journal is ignored (a case row with that id exists; cases are never deleted).
 * The relay's first non-idempotent call is preceded by a FULL commit (its in-flight mark), which
 * syncs the WAL and with it this capture's rows: a replay never repeats a lasting provider call.
 *
 * Layout of the region (the last JOURNAL_BYTES of a pooled file; zeros when no journal):
 *   magic "KJNL" | version (1 byte) | 3 zero bytes | length (u32 BE) | SHA-256 of the payload (32)
 *   | payload (`length` bytes: the capture as JSON, sealed with the store key, record-cipher.ts)
 * The checksum tells a torn or partly zeroed region from a journal without the store key; the
 * seal keeps the personal fields it carries as secret as the database's own.
 */
import { createHash } from 'node:crypto';
import type { ImagesRepo, NewImage, StagedImage } from './images-repo';
import type { RecordCipher } from './record-cipher';
import type { NewCapture } from './store';

/** Bytes at the end of a pooled file reserved for the journal (an image must leave them free). */
export const JOURNAL_BYTES = 64 * 1024;
const MAGIC = Buffer.from('KJNL', 'ascii');
const VERSION = 1;
/** magic (4) + version (1) + padding (3) + length (4) + SHA-256 (32). */
const HEADER_BYTES = 44;
/** The largest payload the region holds (bytes). */
export const JOURNAL_PAYLOAD_MAX = JOURNAL_BYTES - HEADER_BYTES;
/** The associated data of the sealed payload (record-cipher.ts): a journal cannot pass for a row. */
export const JOURNAL_AAD = 'capture_journal\u0000file\u0000payload';

/**
 * The bytes to write at `capacity - JOURNAL_BYTES` of a pooled file for `payload` (the sealed
 * capture): header and payload only, the rest of the region being the pooled file's zeros (a
 * claimed file was zeroed whole before it joined the pool). Undefined when the payload is longer than
 * JOURNAL_PAYLOAD_MAX (the capture then commits the old way, synchronous=FULL).
 */
export function encodeJournal(payload: Uint8Array): Buffer | undefined {
  if (payload.byteLength > JOURNAL_PAYLOAD_MAX) return undefined;
  const region = Buffer.alloc(HEADER_BYTES + payload.byteLength);
  MAGIC.copy(region, 0);
  region[4] = VERSION;
  region.writeUInt32BE(payload.byteLength, 8);
  createHash('sha256').update(payload).digest().copy(region, 12);
  region.set(payload, HEADER_BYTES);
  return region;
}

/**
 * The payload of a journal region read back, or undefined when the region holds none: zeros (a
 * pooled file), another version, a length out of range, or a checksum that does not match (a torn
 * write, or a power cut before the file's sync).
 */
export function decodeJournal(region: Uint8Array): Buffer | undefined {
  if (region.byteLength < HEADER_BYTES) return undefined;
  const data = Buffer.from(region.buffer, region.byteOffset, region.byteLength);
  if (!data.subarray(0, 4).equals(MAGIC) || data[4] !== VERSION) return undefined;
  const length = data.readUInt32BE(8);
  if (length === 0 || length > JOURNAL_PAYLOAD_MAX || HEADER_BYTES + length > data.byteLength) {
    return undefined;
  }
  const payload = data.subarray(HEADER_BYTES, HEADER_BYTES + length);
  const sum = createHash('sha256').update(payload).digest();
  return sum.equals(data.subarray(12, HEADER_BYTES)) ? Buffer.from(payload) : undefined;
}

/** One image of a journalled capture: its row's metadata and its file (the file key in clear). */
interface JournalImage {
  id: string;
  sha256: string;
  role: NewImage['role'];
  mime: NewImage['mime'];
  width: number;
  height: number;
  pages: number | null;
  quality: Record<string, number> | null;
  file: string;
  /** The file's own key and nonce (hex): the payload is sealed with the store key. */
  key: string;
  nonce: string;
  size: number;
}

/** The payload, as JSON before sealing: what store.ts `insertCapture` needs, except image bytes. */
interface JournalRecord {
  v: 1;
  /** The commit's time (ms, the store's clock): a replay commits with it. */
  at: number;
  capture: Omit<NewCapture, 'images'>;
  images: JournalImage[];
}

/** A capture read back from its journal: its rows, and its images' files (bytes not yet read). */
export interface JournalledCapture {
  at: number;
  capture: Omit<NewCapture, 'images'>;
  /** `image.bytes` is empty: the replay reads and checks each file (images-repo.ts `reopen`). */
  staged: StagedImage[];
}

/**
 * The journal region for a capture about to commit at `at` (ms): `capture` without its image bytes
 * and each staged image's row data and file key, as JSON sealed with the store key, then framed
 * (`encodeJournal`). Undefined when it does not fit (the capture commits with synchronous=FULL).
 */
export function sealCaptureJournal(
  cipher: RecordCipher,
  capture: NewCapture,
  staged: readonly StagedImage[],
  at: number,
): Buffer | undefined {
  const record: JournalRecord = {
    v: 1,
    at,
    capture: { case: capture.case, fields: capture.fields, steps: capture.steps },
    images: staged.map(({ id, sha256, image, written }) => ({
      id,
      sha256,
      role: image.role,
      mime: image.mime,
      width: image.width,
      height: image.height,
      pages: image.pages ?? null,
      quality: image.quality ? { ...image.quality } : null,
      file: written.file,
      key: written.key.toString('hex'),
      nonce: written.nonce.toString('hex'),
      size: written.size,
    })),
  };
  return encodeJournal(cipher.seal(Buffer.from(JSON.stringify(record), 'utf8'), JOURNAL_AAD));
}

/**
 * A journal payload opened with the store key (record-cipher.ts; throws when it was sealed with
 * another key or altered) and read back into a capture, or undefined for another version.
 */
export function openCaptureJournal(cipher: RecordCipher, payload: Uint8Array): JournalledCapture | undefined {
  const record = JSON.parse(cipher.open(payload, JOURNAL_AAD).toString('utf8')) as JournalRecord;
  if (record.v !== 1 || !Array.isArray(record.images)) return undefined;
  return {
    at: record.at,
    capture: record.capture,
    staged: record.images.map((image) => ({
      id: image.id,
      sha256: image.sha256,
      image: {
        role: image.role,
        mime: image.mime,
        bytes: new Uint8Array(0),
        width: image.width,
        height: image.height,
        pages: image.pages ?? undefined,
        quality: image.quality ?? undefined,
        sha256: image.sha256,
      },
      written: {
        file: image.file,
        key: Buffer.from(image.key, 'hex'),
        nonce: Buffer.from(image.nonce, 'hex'),
        size: image.size,
        fresh: false,
      },
    })),
  };
}

/**
 * The journalled captures to replay (store.ts `journalledCaptures`): each journal in a file no row
 * names that opens with the store key, whose case `hasCase` does not know, and whose files all open
 * whole (images-repo.ts `reopen`; each returned image carries its bytes, read and checked). One per
 * case. A journal that fails any of these is left: its files, unnamed, go back to the pool with the
 * orphan sweep.
 */
export function unreplayedCaptures(
  images: ImagesRepo,
  cipher: RecordCipher,
  hasCase: (id: string) => boolean,
): JournalledCapture[] {
  const found = new Map<string, JournalledCapture>();
  for (const { payload } of images.unnamedJournals()) {
    let journal: JournalledCapture | undefined;
    try {
      journal = openCaptureJournal(cipher, payload);
    } catch {
      continue; // sealed with another key, or altered: nothing to replay
    }
    const id = journal?.capture.case.id;
    if (!journal || id === undefined || found.has(id) || hasCase(id)) continue;
    const staged: StagedImage[] = [];
    for (const item of journal.staged) {
      const bytes = images.reopen(item.id, item.written);
      if (bytes) staged.push({ ...item, image: { ...item.image, bytes } });
    }
    // A file that does not open whole: a power cut before its sync; never acknowledged.
    if (staged.length === journal.staged.length) found.set(id, { ...journal, staged });
  }
  // In capture order (the files are listed in their random names' order): the replayed cases' steps
  // are inserted in this order, which is the order the relay sends them in (steps-repo.ts ready).
  return [...found.values()].sort(
    (a, b) =>
      a.at - b.at ||
      (a.capture.case.id < b.capture.case.id ? -1 : a.capture.case.id > b.capture.case.id ? 1 : 0),
  );
}
