/**
 * What an administrator changed on this kiosk (issue 13, the settings screen): one JSON document in
 * the `meta` table, so a change and its audit row commit in one transaction (the audit trail is in
 * the same database). The administrator's configuration file stays as IT placed it; these values
 * win over it. Provider secrets are kept only sealed (`{ "encrypted": … }`'s text, the host's
 * protection), never in clear.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { languageSchema } from '../../shared/ipc/app';

const SETTINGS_KEY = 'admin-settings';

const storedSchema = z.object({
  defaultLanguage: languageSchema.optional(),
  /** Whole minutes. */
  idleTimeoutMinutes: z.number().int().positive().optional(),
  /** Whole minutes. */
  lockAfterMinutes: z.number().int().positive().optional(),
  /** Whole days. */
  retentionDays: z.number().int().positive().optional(),
  /** provider id → secret field name → sealed value (the text of `{ "encrypted": … }`). */
  providerSecrets: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});
export type StoredSettings = z.infer<typeof storedSchema>;

export class SettingsRepo {
  private readonly readStmt;
  private readonly writeStmt;

  constructor(db: Database.Database) {
    this.readStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.writeStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /** The stored values; an unreadable document (edited by hand) counts as none set. */
  read(): StoredSettings {
    const row = this.readStmt.get(SETTINGS_KEY) as { value: Buffer } | undefined;
    if (!row) return {};
    try {
      const parsed = storedSchema.safeParse(JSON.parse(Buffer.from(row.value).toString('utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /** Replaces the document; call inside the transaction that also writes the audit row. */
  write(settings: StoredSettings): void {
    this.writeStmt.run(SETTINGS_KEY, Buffer.from(JSON.stringify(storedSchema.parse(settings)), 'utf8'));
  }
}
