/**
 * The `case_search` table: blind-index digests of the ID and passport numbers in a case's fields
 * (search-index.ts). Written in the same transaction as the sealed fields it indexes, dropped with
 * them by retention.
 */
import type Database from 'better-sqlite3';
import type { JsonValue } from './records';
import { type BlindIndex, numbersIn } from './search-index';

export class SearchRepo {
  private readonly insertStmt;
  private readonly dropStmt;
  private readonly findStmt;
  private readonly sharingStmt;

  constructor(
    db: Database.Database,
    readonly index: BlindIndex,
  ) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO case_search (case_id, digest) VALUES (?, ?)');
    this.dropStmt = db.prepare('DELETE FROM case_search WHERE case_id = ?');
    this.findStmt = db.prepare('SELECT case_id FROM case_search WHERE digest = ?');
    // Digest against digest: the numbers themselves never reach SQL.
    this.sharingStmt = db.prepare(
      `SELECT DISTINCT other.case_id FROM case_search mine
       JOIN case_search other ON other.digest = mine.digest AND other.case_id <> mine.case_id
       WHERE mine.case_id = ?`,
    );
  }

  /** Indexes every number found in `fields` (any depth) for the case; returns how many. */
  add(caseId: string, fields: JsonValue): number {
    const numbers = numbersIn(fields);
    for (const number of numbers) this.insertStmt.run(caseId, this.index.digest(number));
    return numbers.size;
  }

  drop(caseId: string): void {
    this.dropStmt.run(caseId);
  }

  /** Ids of the other cases holding one of the numbers this case holds (any source). */
  sharingNumber(caseId: string): string[] {
    return (this.sharingStmt.all(caseId) as { case_id: string }[]).map((row) => row.case_id);
  }

  /** Ids of the cases holding exactly this number (as typed: normalised here). */
  find(text: string): string[] {
    const digest = this.index.digestOfQuery(text);
    if (!digest) return [];
    return (this.findStmt.all(digest) as { case_id: string }[]).map((row) => row.case_id);
  }
}
