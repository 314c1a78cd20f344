/**
 * The history of a case: what happened, when, with codes only. Messages come from connectors and
 * pass the log redaction first, so no personal data lands here in clear.
 */
import type Database from 'better-sqlite3';
import type { CaseEventType } from '../../shared/domain/audit-actions';
import { redactText } from '../logging/redact';

export interface CaseEventRow {
  id: number;
  case_id: string;
  at: number;
  type: string;
  step_key: string | null;
  code: string | null;
  message: string | null;
}

export interface NewCaseEvent {
  caseId: string;
  at: number;
  /** One of the closed set the audit screen words (src/shared/domain/audit-actions.ts). */
  type: CaseEventType;
  stepKey?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
}

const MAX_MESSAGE = 500;

export function cleanMessage(message: string | undefined): string | null {
  return message === undefined ? null : redactText(message).slice(0, MAX_MESSAGE);
}

export class EventsRepo {
  private readonly insertStmt;
  private readonly forCaseStmt;

  /**
   * `recorded` runs in the same transaction as each event (the store appends the audit row there).
   */
  constructor(
    db: Database.Database,
    private readonly recorded?: (event: NewCaseEvent) => void,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO case_events (case_id, at, type, step_key, code, message)
       VALUES (@case_id, @at, @type, @step_key, @code, @message)`,
    );
    this.forCaseStmt = db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT ?');
  }

  add(event: NewCaseEvent): void {
    this.insertStmt.run({
      case_id: event.caseId,
      at: event.at,
      type: event.type,
      step_key: event.stepKey ?? null,
      code: event.code ?? null,
      message: cleanMessage(event.message),
    });
    this.recorded?.(event);
  }

  /** Newest first. */
  forCase(caseId: string, limit = 200): CaseEventRow[] {
    return this.forCaseStmt.all(caseId, limit) as CaseEventRow[];
  }
}
