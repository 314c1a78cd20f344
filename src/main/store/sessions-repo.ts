/** Provider sessions cached per case, sealed: a token is as good as a password while it lives. */
import type Database from 'better-sqlite3';
import type { JsonValue, ProviderSession } from './records';
import { recordAad, type RecordCipher } from './record-cipher';

export class SessionsRepo {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly deleteStmt;

  constructor(
    db: Database.Database,
    private readonly cipher: RecordCipher,
  ) {
    this.upsertStmt = db.prepare(
      `INSERT INTO sessions (case_id, provider, expires_at, created_at, session_enc)
       VALUES (@case_id, @provider, @expires_at, @now, @data)
       ON CONFLICT (case_id) DO UPDATE SET provider = @provider, expires_at = @expires_at,
         created_at = @now, session_enc = @data`,
    );
    this.getStmt = db.prepare('SELECT session_enc FROM sessions WHERE case_id = ?');
    this.deleteStmt = db.prepare('DELETE FROM sessions WHERE case_id = ?');
  }

  save(caseId: string, provider: string, session: ProviderSession, now: number): void {
    const expires = Date.parse(session.expiresAt);
    this.upsertStmt.run({
      case_id: caseId,
      provider,
      expires_at: Number.isFinite(expires) ? expires : now,
      now,
      data: this.cipher.sealJson(session as unknown as JsonValue, recordAad('sessions', caseId, 'session')),
    });
  }

  get(caseId: string): ProviderSession | undefined {
    const row = this.getStmt.get(caseId) as { session_enc: Buffer } | undefined;
    if (!row) return undefined;
    return this.cipher.openJson(
      row.session_enc,
      recordAad('sessions', caseId, 'session'),
    ) as unknown as ProviderSession;
  }

  drop(caseId: string): void {
    this.deleteStmt.run(caseId);
  }
}
