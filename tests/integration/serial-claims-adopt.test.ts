// Issue 12 (relay: the serial wait, cases past the claim step at upgrade): a store whose update
// cases passed `allowed-steps` before migration 8 holds no claim rows for them. At start the relay
// gives each such case (past the serialised step, before its `through` step, not final) its claim,
// oldest first (relay/serialise.ts adoptClaims), so a new case of the same customer waits. Real
// SQLite file, the real Lumin flow descriptors (their `serialise` data and subject function).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordCipher } from '../../src/main/store/record-cipher';
import { KioskStore } from '../../src/main/store/store';
import { adoptClaims } from '../../src/main/sync/relay/serialise';
import { startWorld, type World } from '../helpers/relay-flows';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const keys = { description: 'test key', loadKey: () => Buffer.alloc(32, 7) };
const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** Made-up customer ids (not real people's). */
const CUSTOMER = 'APPLICANT-SPECIMEN-0000777001';
const OTHER = 'APPLICANT-SPECIMEN-0000777002';
const SUBJECT = `lumin.update:1:${CUSTOMER}`;

/**
 * A national-ID update case created at `createdAt` (ms) in `state`, with `allowed-steps` and the
 * last approval `approve-back` in the given step states.
 */
function addCase(
  store: KioskStore,
  id: string,
  applicantId: string,
  createdAt: number,
  state: string,
  allowed: string,
  approve: string,
  flow = 'lumin.update-national-id',
): void {
  store.db
    .prepare(
      `INSERT INTO cases (id, flow, provider, state, operator_id, operator_name, language, created_at, updated_at, completed_at)
       VALUES (?, ?, 'lumin', ?, 'o', 'n', 'en', ?, ?, ?)`,
    )
    .run(id, flow, state, createdAt, createdAt, state === 'completed' ? createdAt : null);
  const step = store.db.prepare(
    `INSERT INTO steps (case_id, seq, key, kind, idempotent, state, updated_at) VALUES (?, ?, ?, 'remote', ?, ?, 1)`,
  );
  step.run(id, 1, 'allowed-steps', 1, allowed);
  step.run(id, 2, 'approve-back', 0, approve);
  store.fields.set(id, 'typed', { applicantId }, createdAt);
}

describe('cases past the claim step without a claim row (a store upgraded to migration 8)', () => {
  it('take their claim at start, oldest first; a younger one of the same customer is a conflict; idempotent', async () => {
    const world = await startWorld();
    worlds.push(world);
    const dir = tempDir();
    const store = KioskStore.open({ dataDir: dir, keys, imageFiles: { poolFiles: 0 } });
    try {
      // Listed youngest first: the order of the rows must not decide who holds.
      addCase(store, 'younger', CUSTOMER, 300, 'needs_attention', 'done', 'in_flight');
      addCase(store, 'older', CUSTOMER, 100, 'queued', 'done', 'pending');
      addCase(store, 'other-customer', OTHER, 200, 'queued', 'done', 'pending');
      addCase(store, 'not-yet-claimed', CUSTOMER, 50, 'queued', 'pending', 'pending');
      addCase(store, 'through-done', CUSTOMER, 10, 'syncing', 'done', 'done');
      addCase(store, 'final', CUSTOMER, 20, 'cancelled', 'done', 'in_flight');
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM serial_claims').get()).toEqual({ n: 0 });

      const adopted = store.tx(() => adoptClaims(store, world.flows, 1_000));
      expect(adopted).toEqual({ taken: 2, conflicts: 1 });
      const holders = store.db
        .prepare('SELECT case_id, through_step FROM serial_claims ORDER BY case_id')
        .all();
      expect(holders).toEqual([
        { case_id: 'older', through_step: 'approve-back' },
        { case_id: 'other-customer', through_step: 'approve-back' },
      ]);
      // A new case of the customer now finds it held (it waits); once the older case's last
      // approval is done, it is free again.
      expect(store.tx(() => store.claims.take(SUBJECT, 'not-yet-claimed', 'approve-back', 2_000))).toBe(
        'older',
      );

      // Idempotent: a second start takes nothing more.
      expect(store.tx(() => adoptClaims(store, world.flows, 3_000))).toEqual({ taken: 0, conflicts: 1 });
      store.db
        .prepare("UPDATE steps SET state = 'done' WHERE case_id = 'older' AND key = 'approve-back'")
        .run();
      // The younger case, still before its last approval, holds it from the next start on.
      expect(store.tx(() => adoptClaims(store, world.flows, 4_000))).toEqual({ taken: 1, conflicts: 0 });
      expect(store.claims.holder(SUBJECT)).toBe('younger');
    } finally {
      store.close();
    }
  });

  it('a start with open cases and nothing to adopt reads no case fields (the real cipher opens nothing); a case without its claim row is still found', async () => {
    const world = await startWorld();
    worlds.push(world);
    const store = KioskStore.open({ dataDir: tempDir(), keys, imageFiles: { poolFiles: 0 } });
    const open = vi.spyOn(RecordCipher.prototype, 'openJson');
    try {
      const N = 30;
      for (let i = 0; i < N; i += 1) {
        const customer = `APPLICANT-SPECIMEN-0000778${String(i).padStart(3, '0')}`;
        // A third each: past the claim step holding its claim (as every case is after the first
        // start), before the claim step, and a flow with no serial rule (the KYC onboarding).
        if (i % 3 === 0) {
          addCase(store, `holding-${i}`, customer, i, 'queued', 'done', 'pending');
          store.tx(() => store.claims.take(`lumin.update:1:${customer}`, `holding-${i}`, 'approve-back', i));
        } else if (i % 3 === 1) {
          addCase(store, `before-${i}`, customer, i, 'syncing', 'pending', 'pending');
        } else {
          addCase(
            store,
            `kyc-${i}`,
            customer,
            i,
            'needs_attention',
            'done',
            'pending',
            'lumin.kyc-national-id',
          );
        }
      }
      open.mockClear();
      expect(store.tx(() => adoptClaims(store, world.flows, 1_000))).toEqual({ taken: 0, conflicts: 0 });
      expect(open, 'field decryptions at a start with nothing to adopt').not.toHaveBeenCalled();

      // One case past the claim step without its row (an upgraded store): found, one decryption.
      addCase(store, 'upgraded', CUSTOMER, 5_000, 'queued', 'done', 'in_flight');
      open.mockClear();
      expect(store.tx(() => adoptClaims(store, world.flows, 6_000))).toEqual({ taken: 1, conflicts: 0 });
      expect(store.claims.holder(SUBJECT)).toBe('upgraded');
      expect(open.mock.calls.length, 'decryptions: the one candidate').toBeGreaterThan(0);
      expect(
        open.mock.calls.every(([, aad]) => aad.includes('upgraded')),
        'only its fields',
      ).toBe(true);
    } finally {
      open.mockRestore();
      store.close();
    }
  });
});
