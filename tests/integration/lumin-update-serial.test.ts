// Issue 12, relay 7 ("every case final without a person"), for Lumin's update flows: two update
// cases of ONE customer, the first (A) stopped during its last approval, the second (B) queued
// behind it. Lumin's only status query for an update compares GetCurrentRequestSteps'
// lastUpdatedDate with a baseline read earlier in A's request; any update of the same customer's
// step moves that date. So B must not send its update while A is in flight or in doubt: B waits
// (serial claim, relay/serialise.ts), A settles by its status query without a person (its update
// counted once), then B sends and completes, and the simulator's ledger holds exactly two updates.
// Without the claim B's update moves the date first: A, stopped before its approval left, is read
// as done and its update silently lost (one update in the ledger); on the code before it, a moved
// date went to a person.
//
// Real relay, case service, SQLite file and the Lumin simulator on loopback. The stop is the relay's
// abort on quit (tests/helpers/stop-at.ts); the second process's clock is injected and moved by
// the test for B's re-checks, never past B's last wait; no sleeps.
//
// The wait itself (relay/serialise.ts): B's re-checks that only find A still holding write nothing
// to its history (one wait event per episode, no queued/syncing flips: it used to be three rows
// every 2 s); B goes on as soon as A's last approval is done, without its wait running out; and a
// store from before migration 8 (A past the claim step with no claim row) still makes B wait.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/store/store';
import type { QueueService } from '../../src/main/sync/queue-service';
import { caseReference } from '../../src/shared/domain/case-reference';
import { type CaseDetail, caseDetailSchema, casePageSchema } from '../../src/shared/ipc/queue';
import {
  answerAsPerson,
  describe as describeCase,
  driveCase,
  HODA,
  PASSWORD,
  type World,
  luminCapture,
  type LuminFlowId,
} from '../helpers/relay-flows';
import { useRelayWorld } from '../helpers/relay-world';
import { type Instant, stopAt } from '../helpers/stop-at';
import { waitFor } from '../helpers/queue';

const { tempDir, images, open, ownWorld } = useRelayWorld({ shared: false });

/** The event a case records each time it waits for another case of its subject (relay/serialise.ts). */
const WAITING = 'waiting_for_same_subject';
/** B's wait before asking again (ms): long, so only the test's clock move lets it go on. */
const WAIT_MS = 10 * 60_000;

const FLOWS: { flow: LuminFlowId; last: string; effect: string }[] = [
  { flow: 'lumin.update-national-id', last: 'approve-back', effect: 'national_id_updated' },
  { flow: 'lumin.update-passport', last: 'approve-passport', effect: 'passport_updated' },
];

/** Where A stopped, and whether its claim row is removed before the second process opens the store. */
const CASES: { instant: Instant; upgraded: boolean }[] = [
  { instant: 'applied by the provider, answer lost', upgraded: false },
  { instant: 'in flight, not sent', upgraded: false },
  // A store upgraded to migration 8 with A already past `allowed-steps`: A holds no claim row. The
  // relay's start gives it one (serialise.ts adoptClaims), so B still waits.
  { instant: 'in flight, not sent', upgraded: true },
];

/** Removes every serial claim row, as a store that passed the claim step before migration 8 has none. */
function removeClaims(dir: string): number {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    return db.prepare('DELETE FROM serial_claims').run().changes;
  } finally {
    db.close();
  }
}

function history(detail: CaseDetail): string[] {
  return detail.history.map((h) => `${h.type}${h.stepKey ? `@${h.stepKey}` : ''}`);
}

/**
 * Plays the person for case `id` (reviews) until it waits for another case, completes, or stops
 * for something a person cannot answer; returns its detail then.
 */
async function untilWaitingOrSettled(queue: QueueService, world: World, id: string): Promise<CaseDetail> {
  let detail = queue.cases.get(id);
  await waitFor(() => {
    detail = queue.cases.get(id);
    if (detail.history.some((h) => h.type === WAITING)) return true;
    if (detail.state === 'completed' || detail.state === 'expired' || detail.state === 'cancelled') {
      return true;
    }
    if (detail.state === 'needs_attention') return !answerAsPerson(queue, world.flows, detail);
    return false;
  }, `case ${id} waiting for the other case or settled`);
  return detail;
}

describe('Lumin: two update cases of one customer, the first stopped during its last approval', () => {
  for (const { flow: flowId, last, effect } of FLOWS) {
    for (const { instant, upgraded } of CASES) {
      it(
        `${flowId}: A stopped ${instant}${upgraded ? ', claim rows removed (upgraded store)' : ''} → B waits (one history row); A settles by itself (${effect} once), then B completes at once; two updates`,
        { timeout: 120_000 },
        async () => {
          const world = await ownWorld();
          const ledger = world.training.simulators.lumin.ledger;
          const updates = () =>
            ledger.entries(effect).filter((e) => e.details.applicantId === HODA.applicantId);
          const dir = tempDir();
          const aId = await stopAt(world, dir, flowId, await luminCapture(images, flowId), last, instant);
          const applied = instant === 'applied by the provider, answer lost' ? 1 : 0;
          expect(updates().length, 'A applied at the provider before the stop').toBe(applied);
          if (upgraded) expect(removeClaims(dir), "A's claim row").toBe(1);

          let offsetMs = 0;
          const second = open({
            dir,
            flows: world.flows,
            relay: { serialWaitMs: WAIT_MS },
            now: () => Date.now() + offsetMs,
            start: false,
          });
          expect(second.cases.get(aId).steps.find((s) => s.key === last)?.state).toBe('in_flight');
          // B of the same customer, with its password; A's password is not given yet (secrets are
          // memory only), so A stays in flight and in doubt while B is worked.
          const { id: bId } = await second.cases.capture(await luminCapture(images, flowId));
          second.start();
          const waiting = await untilWaitingOrSettled(second, world, bId);
          // Soft: without the wait the test goes on, to show what becomes of A and the updates.
          expect.soft(history(waiting), describeCase(waiting)).toContain(`${WAITING}@allowed-steps`);
          expect.soft(waiting.state, describeCase(waiting)).toBe('queued');
          expect.soft(updates().length, 'B sent no update while A is in doubt').toBe(applied);

          // Re-checks on the injected clock that find A still holding: B's next try moves, its
          // history does not grow (one wait event for the whole wait, no state flips).
          await second.relay!.idle();
          const atWait = second.cases.get(bId);
          const claimStep = () => second.store!.steps.forCase(bId).find((s) => s.key === 'allowed-steps')!;
          for (let recheck = 0; recheck < 3; recheck += 1) {
            const due = claimStep().next_attempt_at;
            offsetMs += WAIT_MS;
            await second.relay!.idle();
            expect(claimStep().next_attempt_at, `re-check ${recheck + 1} ran`).toBeGreaterThan(due);
          }
          const rechecked = second.cases.get(bId);
          expect(
            history(rechecked).filter((h) => h.startsWith(WAITING)),
            describeCase(rechecked),
          ).toEqual([`${WAITING}@allowed-steps`]);
          expect(history(rechecked), 'no history row for a re-check').toEqual(history(atWait));
          expect(rechecked.state).toBe('queued');
          const bDue = claimStep().next_attempt_at;

          // A's customer types the password again: A settles by its status query, nobody asked.
          second.cases.holdSecret(aId, 'password', PASSWORD);
          const a = (await driveCase(second, world.flows, aId)).detail;
          expect(a.state, describeCase(a)).toBe('completed');
          expect(history(a)).toContain(`${applied ? 'reconciled_done' : 'reconciled_not_done'}@${last}`);
          expect(history(a).filter((h) => h.startsWith('operator:'))).toEqual([]);

          // A's last approval done frees the customer: B is woken at once (its wait has not run
          // out on the injected clock), claims the customer and completes.
          const b = (await driveCase(second, world.flows, bId)).detail;
          expect(Date.now() + offsetMs, "B's wait had not run out").toBeLessThan(bDue);
          expect(b.state, describeCase(b)).toBe('completed');
          expect(history(b).filter((h) => h.startsWith('operator:'))).toEqual([]);
          expect(history(b).filter((h) => h.startsWith(WAITING))).toHaveLength(1);
          expect(updates().length, 'A and B: exactly two updates').toBe(2);
        },
      );
    }
  }

  it(
    "B's summary names the case it waits for (A's reference), in the list and the detail, also after a restart before any re-check; none once A is cancelled",
    { timeout: 120_000 },
    async () => {
      const { flow: flowId } = FLOWS[0]!;
      const world = await ownWorld();
      const dir = tempDir();
      const aId = await stopAt(
        world,
        dir,
        flowId,
        await luminCapture(images, flowId),
        FLOWS[0]!.last,
        'in flight, not sent',
      );
      const second = open({ dir, flows: world.flows, relay: { serialWaitMs: WAIT_MS }, start: false });
      let bId: string;
      try {
        bId = (await second.cases.capture(await luminCapture(images, flowId))).id;
        // Before B ever tried: A holds the customer, so B's summary already says it will wait.
        expect(second.cases.get(bId).waitingBehind).toBe(caseReference(aId));
        second.start();
        const waiting = await untilWaitingOrSettled(second, world, bId);
        expect(history(waiting), describeCase(waiting)).toContain(`${WAITING}@allowed-steps`);
        await second.relay!.idle();
        // The contract's own schemas: the field passes the IPC validation as the renderer gets it.
        const detail = caseDetailSchema.parse(second.cases.get(bId));
        expect(detail.waitingBehind).toBe(caseReference(aId));
        expect(second.cases.get(aId).waitingBehind, 'A, the holder, waits for nobody').toBeNull();
        const page = casePageSchema.parse(second.cases.list({}));
        expect(page.cases.find((c) => c.id === bId)?.waitingBehind).toBe(caseReference(aId));
        expect(page.cases.find((c) => c.id === aId)?.waitingBehind).toBeNull();
      } finally {
        await second.close(2_000);
      }
      // A restart: this process's relay is never started (no re-check, no adoptClaims), so its
      // in-memory SerialWaits is empty; the summary reads the claims table and still says it.
      const third = open({ dir, flows: world.flows, relay: { serialWaitMs: WAIT_MS }, start: false });
      try {
        expect(third.cases.get(bId).waitingBehind).toBe(caseReference(aId));
        // A cancelled (Lumin has no withdrawal): its claim frees, B waits for nobody.
        third.cases.cancel(aId);
        expect(third.cases.get(bId).waitingBehind).toBeNull();
      } finally {
        await third.close(2_000);
      }
    },
  );

  it(
    'A cancelled by staff while B waits → the cancel itself wakes the relay: B claims at once (no idle poll, no re-check, no kick from the test) and completes; one update',
    {
      timeout: 120_000,
    },
    async () => {
      const { flow: flowId, effect } = FLOWS[0]!;
      const world = await ownWorld();
      const updates = () =>
        world.training.simulators.lumin.ledger
          .entries(effect)
          .filter((e) => e.details.applicantId === HODA.applicantId);
      const dir = tempDir();
      const aId = await stopAt(
        world,
        dir,
        flowId,
        await luminCapture(images, flowId),
        FLOWS[0]!.last,
        'in flight, not sent',
      );
      // Nothing but a wake-up makes this relay look for work: its idle poll (100 ms in the tests'
      // settings) is an hour and B's re-check ten minutes. So B goes on only if the cancel wakes
      // the relay (CaseService.cancel's hooks.queued); the cancel's change event only feeds the
      // screen's queue events. Without that call B would sit until its re-check (2 s in production).
      const second = open({
        dir,
        flows: world.flows,
        relay: { serialWaitMs: WAIT_MS, idlePollMs: 3_600_000 },
        start: false,
      });
      const { id: bId } = await second.cases.capture(await luminCapture(images, flowId));
      second.start();
      const waiting = await untilWaitingOrSettled(second, world, bId);
      expect(history(waiting), describeCase(waiting)).toContain(`${WAITING}@allowed-steps`);
      await second.relay!.idle();
      const claimStep = second.store!.steps.forCase(bId).find((s) => s.key === 'allowed-steps')!;
      // Staff close A (no withdrawal: Lumin has none): a final case holds nothing.
      second.cases.cancel(aId);
      // No idle() here: it would wake the relay itself. The bound only limits a failing run.
      await waitFor(
        () => second.store!.steps.forCase(bId).find((s) => s.key === 'allowed-steps')?.state === 'done',
        "B's claim step done after A's cancel, with nothing else waking the relay",
      );
      const b = (await driveCase(second, world.flows, bId)).detail;
      expect(Date.now(), "B's wait had not run out").toBeLessThan(claimStep.next_attempt_at);
      expect(b.state, describeCase(b)).toBe('completed');
      expect(updates().length, "B's update only").toBe(1);
    },
  );
});
