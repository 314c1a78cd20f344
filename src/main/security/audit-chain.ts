/**
 * The audit trail's keyed hash chain. Each row's MAC is HMAC-SHA256(key, canonical row), where the
 * canonical row includes its sequence number and the previous row's MAC; a head record (last seq and
 * MAC, itself MACed) closes the chain so that cutting rows off its end is seen too. The key is derived
 * from the store key (HKDF), which is held outside the database file (OS keychain / key file), so
 * someone with the file alone can change rows but cannot make their MACs right.
 *
 * Verification walks the rows in sequence order and says, for each row that does not fit, what
 * happened to it:
 * - edited: its content does not match its MAC, but the next row (or the head) points to that MAC;
 * - inserted: its MAC matches nothing the kiosk wrote (no genuine row or head points to it);
 * - reordered: the row is genuine but was written at another position (its MAC fits another seq);
 * - deleted: sequence numbers are missing (in the middle, or after the last row per the head);
 * - head: the head record itself was altered.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { AuditProblem } from '../../shared/ipc/audit';

/** The first row's `prev_mac`. */
export const GENESIS = 'genesis';

/** What the MAC covers: every column but the MAC itself. */
export interface ChainRow {
  seq: number;
  at: number;
  actor_id: string;
  actor_name: string;
  actor_role: string | null;
  action: string;
  case_id: string | null;
  detail: string | null;
  digest: string | null;
  prev_mac: string;
}

export interface StoredChainRow extends ChainRow {
  mac: string;
}

export interface ChainHead {
  seq: number;
  mac: string;
  /** HMAC over (seq, mac). */
  check: string;
}

/** Derives the audit key (32 bytes) from the store key; the store key is never used for MACs itself. */
export function deriveAuditKey(storeKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), 'branch-kyc-kiosk audit chain v1', 32));
}

function canonical(row: ChainRow, seq: number): string {
  return JSON.stringify([
    seq,
    row.prev_mac,
    row.at,
    row.actor_id,
    row.actor_name,
    row.actor_role,
    row.action,
    row.case_id,
    row.detail,
    row.digest,
  ]);
}

/** The MAC of a row as written at position `seq` (defaults to its own). */
export function rowMac(key: Buffer, row: ChainRow, seq: number = row.seq): string {
  return createHmac('sha256', key).update(canonical(row, seq)).digest('base64url');
}

export function headCheck(key: Buffer, seq: number, mac: string): string {
  return createHmac('sha256', key).update(`head\u0000${seq}\u0000${mac}`).digest('base64url');
}

/** A keyed digest of what changed (personal values never leave in clear, only their digest). */
export function changeDigest(key: Buffer, value: unknown): string {
  return createHmac('sha256', key)
    .update(`change\u0000${JSON.stringify(value)}`)
    .digest('base64url');
}

/** How far from its own position a moved row is looked for (rows are rarely moved further). */
const MOVE_WINDOW = 16;

function writtenAt(key: Buffer, row: StoredChainRow): number | undefined {
  for (let d = 1; d <= MOVE_WINDOW; d++) {
    for (const seq of [row.seq - d, row.seq + d]) {
      if (seq >= 1 && rowMac(key, row, seq) === row.mac) return seq;
    }
  }
  return undefined;
}

/**
 * Checks a whole chain. `rows` must be in ascending seq order; `head` is the stored head record (or
 * undefined when the trail is empty). Returns the problems found, in seq order; empty means intact.
 */
export function verifyChain(
  key: Buffer,
  rows: Iterable<StoredChainRow>,
  head: ChainHead | undefined,
): AuditProblem[] {
  const list = [...rows];
  const problems: AuditProblem[] = [];
  const pointedTo = new Set(list.map((row) => row.prev_mac));
  const headValid = head === undefined || headCheck(key, head.seq, head.mac) === head.check;
  if (head && headValid) pointedTo.add(head.mac);
  if (!headValid) {
    problems.push({ seq: head?.seq ?? 0, problem: 'head', message: 'The chain head record was altered' });
  }

  let expectedSeq = 1;
  // The genuine order seen so far: a run of rows all moved by the same distance to the end of the
  // trail is one block shifted by deleted or inserted rows before it, reported once.
  let shift = 0;
  let lastMoved: { seq: number; original: number } | undefined;
  for (const row of list) {
    if (row.seq > expectedSeq && shift === 0) {
      const first = expectedSeq;
      const last = row.seq - 1;
      problems.push({
        seq: first,
        problem: 'deleted',
        message: first === last ? `Row ${first} was deleted` : `Rows ${first}–${last} were deleted`,
      });
    }
    expectedSeq = row.seq + 1;
    if (rowMac(key, row) === row.mac) {
      shift = 0;
      continue;
    }
    if (shift !== 0 && rowMac(key, row, row.seq + shift) === row.mac) continue;
    const original = writtenAt(key, row);
    if (original !== undefined && lastMoved?.original === row.seq && lastMoved.seq === original) {
      // The other half of a swap with the row before it.
      problems.push({
        seq: row.seq,
        problem: 'reordered',
        message: `Row ${row.seq} was written as row ${original}: rows were reordered`,
      });
      lastMoved = undefined;
      continue;
    }
    if (original !== undefined) {
      const d = original - row.seq;
      const restAlsoShifted = list
        .filter((other) => other.seq > row.seq)
        .every((other) => rowMac(key, other, other.seq + d) === other.mac);
      if (restAlsoShifted) {
        {
          problems.push(
            d > 0
              ? {
                  seq: row.seq,
                  problem: 'deleted',
                  message: `${d} row(s) were deleted before row ${row.seq} and the rest renumbered`,
                }
              : {
                  seq: row.seq,
                  problem: 'inserted',
                  message: `${-d} row(s) were inserted before row ${row.seq} and the rest renumbered`,
                },
          );
        }
        shift = d;
        continue;
      }
      problems.push({
        seq: row.seq,
        problem: 'reordered',
        message: `Row ${row.seq} was written as row ${original}: rows were reordered`,
      });
      lastMoved = { seq: row.seq, original };
      continue;
    }
    shift = 0;
    problems.push(
      pointedTo.has(row.mac)
        ? { seq: row.seq, problem: 'edited', message: `Row ${row.seq} was changed after it was written` }
        : { seq: row.seq, problem: 'inserted', message: `Row ${row.seq} was not written by the kiosk` },
    );
  }

  // Where the last row was written (a renumbered block ends `shift` later than it now sits).
  const lastSeq = (list.at(-1)?.seq ?? 0) + shift;
  if (head && headValid && head.seq > lastSeq) {
    problems.push({
      seq: lastSeq + 1,
      problem: 'deleted',
      message:
        head.seq === lastSeq + 1
          ? `Row ${head.seq}, the last one, was deleted`
          : `Rows ${lastSeq + 1}–${head.seq}, the last ones, were deleted`,
    });
  }
  return problems;
}
