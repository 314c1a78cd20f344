// Migrations 10 and 11 on a real data folder: a schema-9 database, as a kiosk of that version left
// it, opens with the steps the relay will not send parked at the end of its index (steps-repo.ts
// PARKED_AT): a cancelled or expired case's for good (but its withdrawal still to send), a case
// waiting for a person's until it is sent again; a queued case's steps are left as they were.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/main/store/migrations';
import { PARKED_AT } from '../../src/main/store/steps-repo';
import { DATABASE_FILE, KioskStore } from '../../src/main/store/store';
import { WITHDRAW_STEP } from '../../src/main/sync/flow-types';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const keys = { description: 'test key', loadKey: () => Buffer.alloc(32, 7) };

/** A schema-9 database with one case per state, each with a done step, two pending ones and (cancelled) a withdrawal. */
function schema9(dir: string): void {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 9),
    );
    const addCase = db.prepare(
      `INSERT INTO cases (id, flow, provider, state, attention_reason, operator_id, operator_name, language, created_at, updated_at)
       VALUES (?, 'lumin.update-passport', 'lumin', ?, ?, 'o', 'n', 'en', 1, 1)`,
    );
    const addStep = db.prepare(
      `INSERT INTO steps (case_id, seq, key, kind, idempotent, state, next_attempt_at, updated_at)
       VALUES (?, ?, ?, 'remote', 1, ?, ?, 1)`,
    );
    for (const [id, state, reason] of [
      ['queued', 'queued', null],
      ['waiting', 'needs_attention', 'review_required'],
      ['cancelled', 'cancelled', null],
      ['expired', 'expired', null],
    ] as const) {
      addCase.run(id, state, reason);
      addStep.run(id, 0, 'allowed-steps', 'done', 0);
      addStep.run(id, 1, 'approve-front', 'pending', 5_000);
      addStep.run(id, 2, 'approve-back', 'pending', 0);
      if (state === 'cancelled') addStep.run(id, 3, WITHDRAW_STEP, 'pending', 0);
    }
  } finally {
    db.close();
  }
}

describe('migrations 10 and 11: steps the relay will not send, parked', () => {
  it('parks a closed case’s and a waiting case’s unfinished steps, not a queued case’s nor a withdrawal', () => {
    const dir = tempDir();
    schema9(dir);
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
      const next = (id: string) =>
        Object.fromEntries(store.steps.forCase(id).map((step) => [step.key, step.next_attempt_at]));
      expect(next('queued')).toEqual({ 'allowed-steps': 0, 'approve-front': 5_000, 'approve-back': 0 });
      for (const id of ['waiting', 'expired'])
        expect(next(id)).toEqual({
          'allowed-steps': 0,
          'approve-front': PARKED_AT,
          'approve-back': PARKED_AT,
        });
      expect(next('cancelled')).toEqual({
        'allowed-steps': 0,
        'approve-front': PARKED_AT,
        'approve-back': PARKED_AT,
        [WITHDRAW_STEP]: 0,
      });
      // What the relay takes, soonest due first: the cancelled case's withdrawal, the queued case's
      // current step.
      expect(store.steps.ready(10_000, 10, [], WITHDRAW_STEP)).toEqual([
        { caseId: 'cancelled', seq: 3 },
        { caseId: 'queued', seq: 1 },
      ]);
    } finally {
      store.close();
    }
  });
});
