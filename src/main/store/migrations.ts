/**
 * Numbered schema migrations. The version lives in SQLite's `user_version`; every pending migration
 * runs in one transaction together with the version bump, so a failure leaves the database exactly
 * as it was. Append new migrations; never edit one that has shipped.
 *
 * Conventions: times are integer milliseconds since the epoch; columns ending in `_enc` hold
 * AES-GCM sealed blobs (record-cipher.ts); everything else holds no personal data.
 */
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from './errors';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

const CASE_STATES = `'draft','queued','syncing','needs_attention','completed','expired','cancelled'`;
const STEP_STATES = `'pending','in_flight','waiting','done','skipped'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cases, images, fields, steps, events',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;

        CREATE TABLE cases (
          id TEXT PRIMARY KEY,
          flow TEXT NOT NULL,
          provider TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN (${CASE_STATES})),
          attention_reason TEXT,
          operator_id TEXT NOT NULL,
          operator_name TEXT NOT NULL,
          language TEXT NOT NULL CHECK (language IN ('en','ar')),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          first_remote_at INTEGER,
          deadline_at INTEGER,
          completed_at INTEGER,
          purged_at INTEGER
        ) STRICT;
        CREATE INDEX cases_by_state ON cases (state, updated_at);

        -- typed at the kiosk, extracted (OCR), reviewed by a person: one sealed JSON object each
        CREATE TABLE case_fields (
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          source TEXT NOT NULL CHECK (source IN ('typed','extracted','reviewed')),
          updated_at INTEGER NOT NULL,
          data_enc BLOB,
          PRIMARY KEY (case_id, source)
        ) STRICT;

        CREATE TABLE images (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          role TEXT NOT NULL,
          classifier TEXT,
          mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png')),
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          quality TEXT,
          created_at INTEGER NOT NULL,
          bytes_enc BLOB,
          purged_at INTEGER,
          UNIQUE (case_id, role)
        ) STRICT;

        CREATE TABLE steps (
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          key TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('capture','remote','review')),
          idempotent INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN (${STEP_STATES})),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          lease_owner TEXT,
          lease_until INTEGER,
          last_error_code TEXT,
          last_error_message TEXT,
          answer_enc BLOB,
          started_at INTEGER,
          finished_at INTEGER,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (case_id, seq),
          UNIQUE (case_id, key)
        ) STRICT;
        CREATE INDEX steps_open ON steps (state, next_attempt_at) WHERE state IN ('pending','in_flight');

        CREATE TABLE case_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          at INTEGER NOT NULL,
          type TEXT NOT NULL,
          step_key TEXT,
          code TEXT,
          message TEXT
        ) STRICT;
        CREATE INDEX case_events_by_case ON case_events (case_id, id);
      `);
    },
  },
  {
    version: 2,
    name: 'provider sessions per case',
    up(db) {
      db.exec(`
        CREATE TABLE sessions (
          case_id TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
          provider TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          session_enc BLOB NOT NULL
        ) STRICT;
        -- counts sessions opened for the case, so a replacement session is told from the first one
        ALTER TABLE cases ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  {
    version: 3,
    name: 'consecutive failures per step; dead columns dropped',
    up(db) {
      // failures: failed attempts in a row (reset by an answer), for the back-off and the retry
      // ceiling; `attempts` keeps counting every call. session_generation and images.classifier
      // were written or read by nothing.
      db.exec(`
        ALTER TABLE steps ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases DROP COLUMN session_generation;
        ALTER TABLE images DROP COLUMN classifier;
        CREATE INDEX steps_leased ON steps (lease_owner) WHERE lease_owner IS NOT NULL;
      `);
    },
  },
  {
    version: 4,
    name: 'listing: indexes per list, maintained totals, blind index of ID numbers',
    up(db) {
      db.exec(`
        -- Which list (tab) a case belongs to, derived from its state (listing.ts names the tabs).
        ALTER TABLE cases ADD COLUMN list TEXT GENERATED ALWAYS AS (
          CASE state
            WHEN 'queued' THEN 'waiting'
            WHEN 'needs_attention' THEN 'attention'
            WHEN 'completed' THEN 'completed'
            WHEN 'cancelled' THEN 'closed'
            WHEN 'expired' THEN 'closed'
            ELSE 'in_progress'
          END) VIRTUAL;
        -- Keyset pagination: one index per sort key, alone and within a list, the id breaking ties.
        CREATE INDEX cases_by_updated ON cases (updated_at, id);
        CREATE INDEX cases_by_created ON cases (created_at, id);
        CREATE INDEX cases_by_list_updated ON cases (list, updated_at, id);
        CREATE INDEX cases_by_list_created ON cases (list, created_at, id);
        CREATE INDEX cases_by_operator ON cases (operator_id, created_at, id);
        CREATE INDEX cases_by_flow ON cases (flow, created_at, id);

        -- Counts per state, kept by triggers in the same transaction as the change they count.
        CREATE TABLE case_totals (state TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;
        INSERT INTO case_totals (state, n) SELECT state, COUNT(*) FROM cases GROUP BY state;
        CREATE TRIGGER case_totals_insert AFTER INSERT ON cases BEGIN
          INSERT INTO case_totals (state, n) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER case_totals_delete AFTER DELETE ON cases BEGIN
          UPDATE case_totals SET n = n - 1 WHERE state = OLD.state;
        END;
        CREATE TRIGGER case_totals_state AFTER UPDATE OF state ON cases WHEN OLD.state <> NEW.state BEGIN
          UPDATE case_totals SET n = n - 1 WHERE state = OLD.state;
          INSERT INTO case_totals (state, n) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END;

        -- Blind index: HMAC-SHA-256 of a normalised ID or passport number under a key derived from
        -- the store key (search-index.ts). The number itself is only ever in the sealed fields.
        CREATE TABLE case_search (
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          digest BLOB NOT NULL,
          PRIMARY KEY (digest, case_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX case_search_by_case ON case_search (case_id);
      `);
    },
  },
  {
    // Issue 13. Numbered 5 by the lead's plan (3 and 4 are other branches' migrations).
    version: 5,
    name: 'operators and the audit trail',
    up(db) {
      db.exec(`
        -- staff accounts: no customer data; secret_hash is scrypt (src/main/security/secret-hash.ts)
        CREATE TABLE operators (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('teller','supervisor','administrator')),
          training INTEGER NOT NULL DEFAULT 0,
          secret_hash TEXT NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        -- append-only, keyed hash chain (src/main/security/audit-chain.ts); no personal data
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor_id TEXT NOT NULL,
          actor_name TEXT NOT NULL,
          actor_role TEXT,
          action TEXT NOT NULL,
          case_id TEXT,
          detail TEXT,
          digest TEXT,
          prev_mac TEXT NOT NULL,
          mac TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_at ON audit (at);
        CREATE INDEX audit_by_case ON audit (case_id, seq) WHERE case_id IS NOT NULL;
        -- The kiosk itself never updates or deletes a row; the chain catches anyone who does so
        -- with the file, these refuse it through the kiosk's own connection.
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
          BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
          BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      `);
    },
  },
  {
    // Issue 9 (Jumio's optional supporting documents, seed 004: "images or one PDF"). A CHECK
    // constraint cannot be altered in SQLite, so the table is rebuilt (sqlite.org/lang_altertable,
    // "other kinds of table schema changes"): new table, copy every row and sealed blob unchanged
    // (the AAD binds each blob to its row id, which is copied), drop, rename. No table references
    // `images` and it has no index or trigger of its own beyond its UNIQUE constraint, so dropping
    // it with foreign keys on deletes nothing else; its own reference to `cases` is checked below.
    version: 6,
    name: 'images: a PDF supporting document (application/pdf, with its page count)',
    up(db) {
      db.exec(`
        CREATE TABLE images_v6 (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          role TEXT NOT NULL,
          mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','application/pdf')),
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          quality TEXT,
          created_at INTEGER NOT NULL,
          bytes_enc BLOB,
          purged_at INTEGER,
          -- pages of a PDF (pdf-document.ts checked them), NULL for an image
          pages INTEGER,
          -- only the supporting document may be a PDF, and only a PDF has pages
          CHECK (mime <> 'application/pdf' OR (role = 'document' AND coalesce(pages, 0) >= 1)),
          CHECK (mime = 'application/pdf' OR pages IS NULL),
          UNIQUE (case_id, role)
        ) STRICT;
        INSERT INTO images_v6 (id, case_id, role, mime, width, height, size, sha256, quality, created_at, bytes_enc, purged_at)
          SELECT id, case_id, role, mime, width, height, size, sha256, quality, created_at, bytes_enc, purged_at FROM images;
        DROP TABLE images;
        ALTER TABLE images_v6 RENAME TO images;
      `);
      const broken = db.pragma('foreign_key_check(images)') as unknown[];
      if (broken.length > 0) throw new Error(`${broken.length} images refer to no case`);
    },
  },
  {
    // Issue 12 (capture commit ≤ 1.5× a write + fsync): a new image is a sealed file beside the
    // database (image-files.ts); its row keeps the file's id, its own key (sealed with the store
    // key, so a purge that deletes the row leaves any leftover file unreadable), the GCM nonce and
    // the file's size; `sha256` stays the image's. Rows written before keep their blob in
    // `bytes_enc` and are read from there (images-repo.ts reads both). Added columns only: no row
    // is touched, so nothing can be lost here.
    version: 7,
    name: 'images: sealed image files beside the database',
    up(db) {
      db.exec(`
        ALTER TABLE images ADD COLUMN file TEXT CHECK (file IS NULL OR (length(file) = 32 AND file NOT GLOB '*[^0-9a-f]*'));
        ALTER TABLE images ADD COLUMN file_key_enc BLOB;
        ALTER TABLE images ADD COLUMN file_nonce BLOB CHECK (file_nonce IS NULL OR length(file_nonce) = 12);
        ALTER TABLE images ADD COLUMN file_size INTEGER CHECK (file_size IS NULL OR file_size >= 16);
        CREATE UNIQUE INDEX images_file ON images (file) WHERE file IS NOT NULL;
      `);
    },
  },
  {
    // Issue 12 (relay 7, every case final without a person): one case at a time per Lumin customer
    // and update step (claims-repo.ts), so that a moved lastUpdatedDate after a crash can only be
    // the claiming case's own update. The customer id is stored only as a keyed digest (32 bytes).
    // A new table only: no row is touched.
    version: 8,
    name: 'serial claims: one case at a time per subject',
    up(db) {
      db.exec(`
        CREATE TABLE serial_claims (
          claim BLOB PRIMARY KEY CHECK (length(claim) = 32),
          case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
          through_step TEXT NOT NULL,
          taken_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX serial_claims_case ON serial_claims (case_id);
      `);
    },
  },
  {
    // Issue 12 (capture commit ≤ 1.5× a preallocated write + fsync): a journalled capture's rows
    // commit while its files' fdatasync is still running (capture-commit.ts says why that is safe),
    // so until that sync returns the case carries `files_pending = 1`: the relay does not run it
    // (steps-repo.ts `runnable`), and at the next open a case still marked has its files checked
    // (store.ts `settlePendingFiles`). An added column with a default: no row is touched. The
    // partial index keeps the open-time check a read of the marked rows only.
    version: 9,
    name: "cases: files_pending while a capture's files are being synced",
    up(db) {
      db.exec(`
        ALTER TABLE cases ADD COLUMN files_pending INTEGER NOT NULL DEFAULT 0 CHECK (files_pending IN (0, 1));
        CREATE INDEX cases_files_pending ON cases (id) WHERE files_pending = 1;
      `);
    },
  },
  {
    // The relay's "what is ready" query (steps-repo.ts `readyStmt`), asked each time a worker is
    // free, sorted every open case's steps before taking the first few: with a branch's backlog
    // after an outage (the drain benchmark's 2,000 cases) that is O(open cases) per call and
    // O(cases²) per drain. Its remote steps, in the order it takes them (next attempt, then the
    // rowid: insertion order, which is the cases' capture order), let it stop after `limit` rows.
    // The steps of closed cases, which never run, are parked at its end (steps-repo.ts PARKED_AT);
    // a needs-attention case's later steps stayed, and were walked past until migration 11.
    version: 10,
    name: 'steps: the runnable remote steps in the order the relay takes them',
    up(db) {
      db.exec(`
        CREATE INDEX steps_runnable ON steps (next_attempt_at)
          WHERE state IN ('pending','in_flight') AND kind = 'remote';
        -- The steps of cases already cancelled or expired will never run: parked at the index's
        -- end (steps-repo.ts PARKED_AT, park), all but a withdrawal still to send.
        UPDATE steps SET next_attempt_at = 8640000000000000
          WHERE state IN ('pending','in_flight') AND key != 'withdraw'
            AND case_id IN (SELECT id FROM cases WHERE state IN ('cancelled','expired'));
      `);
    },
  },
  {
    // A case waiting for a person (needs_attention) is not sent, but its steps stayed in the
    // relay's index where each "what is ready" call walked past them: 1,990 such cases made the
    // query 4.5 ms instead of 0.06. setCaseState now parks them until the case is sent again
    // (steps-repo.ts park, unpark); this parks the ones already waiting.
    version: 11,
    name: "steps: a case waiting for a person parked out of the relay's way",
    up(db) {
      db.exec(`
        UPDATE steps SET next_attempt_at = 8640000000000000
          WHERE state IN ('pending','in_flight') AND key != 'withdraw'
            AND case_id IN (SELECT id FROM cases WHERE state = 'needs_attention');
      `);
    },
  },
];

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database to the newest version; refuses one written by a newer kiosk. */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new StoreUnavailableError(
      'newer_schema',
      `The database was written by a newer version of the kiosk (schema ${from}, this version knows ${latest}). ` +
        'Install the newer version; the data was not touched.',
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  try {
    db.transaction(() => {
      for (const migration of pending) {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
  } catch (error) {
    throw new StoreUnavailableError(
      'migration_failed',
      `Database migration from schema ${from} failed; the database was left at schema ${from}.`,
      error,
    );
  }
  return { from, to: latest };
}
