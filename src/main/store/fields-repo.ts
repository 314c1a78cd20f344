/** Personal fields of a case (typed, extracted by OCR, reviewed), each set one sealed JSON object. */
import type Database from 'better-sqlite3';
import type { JsonValue } from './records';
import { recordAad, type RecordCipher } from './record-cipher';
import type { SearchRepo } from './search-repo';

export type FieldSource = 'typed' | 'extracted' | 'reviewed';
export type Fields = Record<string, JsonValue>;

export class FieldsRepo {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly purgeStmt;

  constructor(
    db: Database.Database,
    private readonly cipher: RecordCipher,
    /** The blind index of ID and passport numbers, kept with the fields it is computed from. */
    private readonly search?: SearchRepo,
  ) {
    this.upsertStmt = db.prepare(
      `INSERT INTO case_fields (case_id, source, updated_at, data_enc) VALUES (@case_id, @source, @now, @data)
       ON CONFLICT (case_id, source) DO UPDATE SET updated_at = @now, data_enc = @data`,
    );
    this.getStmt = db.prepare(
      'SELECT source, data_enc FROM case_fields WHERE case_id = ? AND data_enc IS NOT NULL',
    );
    this.purgeStmt = db.prepare('UPDATE case_fields SET data_enc = NULL, updated_at = ? WHERE case_id = ?');
  }

  private aad(caseId: string, source: FieldSource): string {
    return recordAad('case_fields', `${caseId}/${source}`, 'data');
  }

  set(caseId: string, source: FieldSource, fields: Fields, now: number): void {
    this.upsertStmt.run({
      case_id: caseId,
      source,
      now,
      data: this.cipher.sealJson(fields, this.aad(caseId, source)),
    });
    this.search?.add(caseId, fields);
  }

  read(caseId: string): Partial<Record<FieldSource, Fields>> {
    const out: Partial<Record<FieldSource, Fields>> = {};
    for (const row of this.getStmt.all(caseId) as { source: FieldSource; data_enc: Buffer }[]) {
      out[row.source] = this.cipher.openJson(row.data_enc, this.aad(caseId, row.source)) as Fields;
    }
    return out;
  }

  /** What a step sees: typed values, overridden by what a person reviewed. */
  effective(caseId: string): Fields {
    const all = this.read(caseId);
    return { ...all.typed, ...all.reviewed };
  }

  purge(caseId: string, now: number): void {
    this.purgeStmt.run(now, caseId);
    this.search?.drop(caseId);
  }
}
