/**
 * Serial claims: at most one case at a time works a given subject (e.g. one Lumin customer's
 * national-ID update), so that what the provider shows about that subject between the claim and
 * the case's last step can only be that case's doing (issue 12, relay 7: the update status query,
 * providers/lumin/status-queries.ts). The subject (a customer id) is personal data: it is stored
 * only as HMAC-SHA-256 under the blind index's key (search-index.ts), with a label of its own so a
 * claim digest never equals a search digest of the same text.
 *
 * A claim is held while its case is not final (completed, expired, cancelled) and its `through`
 * step is not done or skipped; after that it is free, and the next case that asks takes it over.
 * Nothing has to release it, so a crash at any instant cannot leave it held by a dead case:
 * the holder's own rows say whether it still holds. A purged case's claim digests are removed with
 * its answers (store.ts purgeCompleted).
 * Every method runs inside the caller's write transaction (the store's one writer).
 */
import type Database from 'better-sqlite3';
import type { BlindIndex } from './search-index';

/** HMAC input label: keeps claim digests apart from search digests of the same text. */
const CLAIM_LABEL = 'serial-claim\u0000';

/** Case states in which a case holds nothing any more. */
const FINAL_STATES = new Set(['completed', 'expired', 'cancelled']);
/** Step states after which the `through` step no longer needs the claim. */
const FINISHED_STEPS = new Set(['done', 'skipped']);

export class ClaimsRepo {
  private readonly holderStmt;
  private readonly upsertStmt;
  private readonly dropStmt;
  private readonly unclaimedStmt;

  constructor(
    db: Database.Database,
    private readonly index: BlindIndex,
  ) {
    this.holderStmt = db.prepare(
      `SELECT sc.case_id AS case_id, c.state AS case_state,
         (SELECT s.state FROM steps s WHERE s.case_id = sc.case_id AND s.key = sc.through_step
          ORDER BY s.seq DESC LIMIT 1) AS step_state
       FROM serial_claims sc LEFT JOIN cases c ON c.id = sc.case_id WHERE sc.claim = ?`,
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO serial_claims (claim, case_id, through_step, taken_at)
       VALUES (@claim, @case_id, @through, @now)
       ON CONFLICT (claim) DO UPDATE SET case_id = @case_id, through_step = @through, taken_at = @now`,
    );
    this.dropStmt = db.prepare('DELETE FROM serial_claims WHERE case_id = ?');
    // The rules come as one JSON array, so the statement is prepared once whatever their number.
    this.unclaimedStmt = db.prepare(
      `WITH rules AS (
         SELECT json_extract(value, '$.flow') AS flow, json_extract(value, '$.step') AS step,
                json_extract(value, '$.through') AS through
         FROM json_each(?))
       SELECT c.id AS caseId, c.flow AS flow, r.step AS step FROM cases c JOIN rules r ON r.flow = c.flow
       WHERE c.state IN ('queued', 'syncing', 'needs_attention')
         AND (SELECT s.state FROM steps s WHERE s.case_id = c.id AND s.key = r.step
              ORDER BY s.seq DESC LIMIT 1) = 'done'
         AND COALESCE((SELECT s.state FROM steps s WHERE s.case_id = c.id AND s.key = r.through
              ORDER BY s.seq DESC LIMIT 1), '') NOT IN ('done', 'skipped')
         AND NOT EXISTS (SELECT 1 FROM serial_claims sc
                         WHERE sc.case_id = c.id AND sc.through_step = r.through)
       ORDER BY c.created_at, c.id`,
    );
  }

  /** The 32-byte digest a subject is stored under. */
  private digest(subject: string): Buffer {
    return this.index.digest(CLAIM_LABEL + subject);
  }

  /** The case holding `subject` now, or undefined when nobody (or only a finished case) does. */
  holder(subject: string): string | undefined {
    const row = this.holderStmt.get(this.digest(subject)) as
      { case_id: string; case_state: string | null; step_state: string | null } | undefined;
    if (!row || row.case_state === null || FINAL_STATES.has(row.case_state)) return undefined;
    if (row.step_state !== null && FINISHED_STEPS.has(row.step_state)) return undefined;
    return row.case_id;
  }

  /**
   * Takes `subject` for `caseId` until its step `through` is done (or the case is final), unless
   * another case holds it. Returns the holder after the call: `caseId` when taken (or already
   * held), else the other case's id. `now` in ms since the epoch. Inside a write transaction.
   */
  take(subject: string, caseId: string, through: string, now: number): string {
    const held = this.holder(subject);
    if (held !== undefined && held !== caseId) return held;
    if (held === undefined) {
      this.upsertStmt.run({ claim: this.digest(subject), case_id: caseId, through, now });
    }
    return caseId;
  }

  /**
   * The open cases (queued, syncing, needs attention) that are past a serialised step and should
   * hold its claim but have no claim row for it (rows: the case, its flow and the serialised step): for each rule (a flow, its serialised step and
   * the `through` step that ends the claim), cases whose latest `step` row is done, whose latest
   * `through` row is not done or skipped, and that hold no claim row ending at `through`. Oldest
   * first (created_at, then id). One query, no decryption: the relay's start asks this every time
   * (relay/serialise.ts adoptClaims), and after the first start it is almost always empty.
   */
  unclaimed(
    rules: readonly { flow: string; step: string; through: string }[],
  ): { caseId: string; flow: string; step: string }[] {
    if (rules.length === 0) return [];
    return this.unclaimedStmt.all(JSON.stringify(rules)) as { caseId: string; flow: string; step: string }[];
  }

  /** Removes every claim digest of a case (retention purge). Inside a write transaction. */
  drop(caseId: string): void {
    this.dropStmt.run(caseId);
  }
}
