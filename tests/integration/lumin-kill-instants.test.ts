// Issue 12, relay defect 7 and "must show", for Lumin: no case "in doubt" after a stop during an
// approval. Lumin's approvals are not idempotent and Lumin has no query for them, so until now a
// stop during one sent the case to a person (uncertain_after_crash), and a stop during a LAST
// approval whose session then expired was replayed blindly in a new session (a second onboarding or
// update). For each Lumin flow and each of its non-idempotent steps, the kiosk stops at each
// instant of the step — marked in flight but not sent; applied by the provider, answer lost; answer
// stored — with the session still valid afterwards or expired meanwhile (the new process's injected
// clock two days on). A new relay on the same data folder must complete the case without a person,
// and the provider's ledger must hold the flow's lasting effect exactly once.
//
// The stop is the relay's own abort on quit (what a SIGKILL leaves, once the lease is taken back);
// flows-kill-loop.test.ts does the same with real SIGKILLs. Real relay, real SQLite file, the Lumin
// simulator on loopback; each run has simulators of its own, so the ledger holds its calls only.
import { describe, expect, it } from 'vitest';
import {
  describe as describeCase,
  driveCase,
  luminCapture,
  type LuminFlowId,
  PASSWORD,
} from '../helpers/relay-flows';
import { useRelayWorld } from '../helpers/relay-world';
import { INSTANTS, stopAt } from '../helpers/stop-at';

const { tempDir, images, open, ownWorld } = useRelayWorld({ shared: false });

/** Each Lumin flow: how a case is captured, and its lasting effect in the simulator's ledger. */
const FLOWS: { flow: LuminFlowId; effect: string }[] = [
  { flow: 'lumin.kyc-national-id', effect: 'customer_onboarded' },
  { flow: 'lumin.update-national-id', effect: 'national_id_updated' },
  { flow: 'lumin.update-passport', effect: 'passport_updated' },
];

const SESSIONS = ['session still valid', 'session expired meanwhile'] as const;
/** The second process's clock offset when the session expired meanwhile (ms): two days. */
const LATER_MS = 2 * 24 * 3_600_000;

describe('Lumin: a stop at every instant of every approval, then the case completes by itself', () => {
  for (const { flow: flowId, effect } of FLOWS) {
    for (const instant of INSTANTS) {
      for (const sessionState of SESSIONS) {
        it(
          `${flowId}: stopped ${instant}, ${sessionState}: completed, nobody asked; ${effect} once`,
          { timeout: 120_000 },
          async () => {
            const probe = await ownWorld();
            const keys = probe.flows
              .get(flowId)!
              .steps.filter((step) => step.kind === 'remote' && !step.idempotent)
              .map((step) => step.key);
            expect(keys.length, 'non-idempotent steps').toBeGreaterThan(0);
            for (const key of keys) {
              // Fresh simulators per step: the ledger holds this run's calls only, and Lumin
              // onboards each person once.
              const world = key === keys[0] ? probe : await ownWorld();
              const def = world.flows.get(flowId)!.steps.find((step) => step.key === key)!;
              const dir = tempDir();
              const id = await stopAt(world, dir, flowId, await luminCapture(images, flowId), key, instant);

              const later = sessionState === 'session expired meanwhile';
              const second = open({
                dir,
                flows: world.flows,
                start: false,
                ...(later ? { now: () => Date.now() + LATER_MS } : {}),
              });
              // One process at a time on the data folder: closed before the next step's run.
              try {
                const interrupted = second.cases.get(id).steps.find((s) => s.key === key)?.state;
                expect(interrupted, key).toBe(instant === 'answer stored' ? 'done' : 'in_flight');
                // Secrets are memory only: the customer types the password again after the restart.
                if (world.flows.get(flowId)!.needsSecret) second.cases.holdSecret(id, 'password', PASSWORD);
                second.start();
                const driven = await driveCase(second, world.flows, id);
                const detail = driven.detail;
                expect(detail.state, `${key}: ${describeCase(detail)}`).toBe('completed');
                const history = detail.history.map((h) => `${h.type}${h.stepKey ? `@${h.stepKey}` : ''}`);
                expect(
                  history.filter((h) => h.startsWith('operator:')),
                  key,
                ).toEqual([]);
                expect(world.training.simulators.lumin.ledger.count(effect), `${key}: ${effect}`).toBe(1);
                if (instant !== 'answer stored') {
                  const expected = def.restartAfterInterruption
                    ? 'restarted_after_interruption'
                    : instant === 'in flight, not sent'
                      ? 'reconciled_not_done'
                      : 'reconciled_done';
                  expect(history, key).toContain(`${expected}@${key}`);
                }
              } finally {
                await second.close(2_000);
              }
            }
          },
        );
      }
    }
  }
});
