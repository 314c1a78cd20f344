// Issue 12, "must show": the five flows under a kill loop. A kiosk process (tests/helpers/
// flows-kill-child.ts: the real QueueService on a real SQLite file, the person at the kiosk answering
// reviews and typing lost passwords) works against the training simulators, which run here on
// loopback over HTTP, and is killed with SIGKILL at random instants (seeded, the seed printed),
// restarted, killed again; new cases of every flow arrive in between. Afterwards: every case
// completed, without "send again" and without a person confirming an interrupted step ("in doubt":
// counted and printed, and a failure for every flow). Lumin's approvals before the last restart
// their request; its last approvals are settled by their status query, and a lane's update cases
// (all of one customer) are worked one at a time per update step, so a moved step date is the
// case's own (status-queries.ts, relay/serialise.ts). Every image intact, every lasting effect at
// the providers exactly once per case (an approval of an abandoned request may appear again, only
// with a recorded restart), and the database passes SQLite's integrity check.
//
// Wall time: a kiosk process takes ~1–3 s to start on the loaded 2-core CI machine, so 200 kills
// one after the other would take minutes. The kills are spread over LANES independent kiosks, each
// with its own data folder and its own simulators (the ledgers and the specimen people, whom Lumin
// onboards once, stay per lane), run side by side; the child is bundled once (bundleHelper).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/store/store';
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { FlowId } from '../../src/shared/domain/flows';
import { bundleHelper, exited, lineFrom, spawnJs } from '../helpers/child-process';
import {
  capture,
  HODA,
  openFlowQueue,
  PASSWORD,
  specimens,
  startWorld,
  type World,
} from '../helpers/relay-flows';
import { useTempDirs } from '../helpers/temp-dir';
import { seedFromEnv, seeded } from '../helpers/seeded';

// Up to 200 kills (the issue's count) within a budget of killing time, so the CI run stays bounded
// on a loaded machine; the count reached is printed. KIOSK_KILL_LOOP_KILLS and
// KIOSK_KILL_LOOP_BUDGET_MS (0: no budget) for longer runs; KIOSK_KILL_LOOP_SEED replays a run.
const KILLS = Number(process.env.KIOSK_KILL_LOOP_KILLS ?? 200);
const BUDGET_MS = Number(process.env.KIOSK_KILL_LOOP_BUDGET_MS ?? 45_000);
/** Rounds between two batches of new cases in a lane: all three arrive early, then kills go on. */
const BATCH_EVERY = 3;
const SEED = seedFromEnv('KIOSK_KILL_LOOP_SEED');
/**
 * Batches of one case per flow; Lumin onboards each specimen person once (a second is 10103). Not
 * omar: his card has expired, and the onboarding stops for a person before approving it.
 */
const KYC_PEOPLE = ['amira', 'karim', 'youssef'] as const;
/** Rounds a lane runs whatever the budget: until its last batch has had its share of kills. */
const MIN_ROUNDS = BATCH_EVERY * KYC_PEOPLE.length;
/** Longest wait after "ready" before the kill (ms): long enough for several provider calls. */
const MAX_KILL_DELAY_MS = 400;
/**
 * Share of kills aimed at a non-idempotent call (AIM_AT): the kiosk says when one starts (flows-kill-child.ts)
 * and is killed 0–AIM_SPREAD_MS later, or after MAX_AIM_WAIT_MS when none starts. On a loaded
 * machine a kill at 0–400 ms after "ready" rarely lands in an approval (the kiosk is still busy
 * with uploads), and those are the instants this loop is about.
 */
const AIMED_SHARE = 0.5;
/**
 * Aimed at Lumin's approvals: Jumio's start-transaction comes first after every restart and would
 * take nearly every aimed kill; its instants are covered by the random kills and by
 * flows-kill-instants.test.ts.
 */
const AIM_AT = 'call lumin.';
const AIM_SPREAD_MS = 40;
const MAX_AIM_WAIT_MS = 1_500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Kiosks killed side by side, each with its own data folder and simulators. The simulators of all
 * lanes share this test's one process (their OCR decodes every image): more lanes than two and,
 * on a loaded 2-core machine, their answers come later than the kiosk's step timeout.
 */
const LANES = Number(process.env.KIOSK_KILL_LOOP_LANES ?? 1);

const CHILD = join(import.meta.dirname, '../helpers/flows-kill-child.ts');
const tempDir = useTempDirs();
const images = specimens();
const worlds: World[] = [];
let child = '';

beforeAll(async () => {
  child = await bundleHelper(CHILD);
  // Rendered once before the clock of the kill budget starts (sharp is slow on a loaded machine).
  for (const key of [...KYC_PEOPLE, 'hoda', 'karim']) await images.card(key);
  await images.passport('hoda');
  await images.selfie();
  for (let lane = 0; lane < LANES; lane++) worlds.push(await startWorld());
});
afterAll(async () => {
  for (const world of worlds) await world.close();
});

interface Sent {
  flow: FlowId;
  hashes: string[];
}

async function batch(world: World, index: number): Promise<CaptureInput[]> {
  const kyc = await images.card(KYC_PEOPLE[index]!);
  const hoda = await images.card('hoda');
  const karim = await images.card('karim');
  const secrets = { password: PASSWORD };
  return [
    capture('lumin.kyc-national-id', [kyc.front, kyc.back]),
    capture('lumin.update-national-id', [hoda.front, hoda.back], { ...HODA }, secrets),
    capture('lumin.update-passport', [await images.passport('hoda')], { ...HODA }, secrets),
    capture('argos.put-image', [karim.front, karim.back], {
      submissionId: world.training.simulators.argos.createSubmission().id,
    }),
    capture('jumio.credentials', [karim.front, karim.back, await images.selfie()]),
  ];
}

/** Captures one case of every flow in the data folder (no relay runs: the child is dead). */
async function addBatch(
  world: World,
  dataDir: string,
  index: number,
  sent: Map<string, Sent>,
): Promise<void> {
  const { queue } = openFlowQueue(dataDir, world.flows);
  try {
    for (const input of await batch(world, index)) {
      const { id } = await queue.cases.capture(input);
      sent.set(id, {
        flow: input.flow,
        hashes: input.images.map((i) => createHash('sha256').update(i.bytes).digest('hex')),
      });
    }
  } finally {
    await queue.close(1_000);
  }
}

/** How many of each flow, for the ledger counts. */
function perFlow(sent: Map<string, Sent>): Record<FlowId, number> {
  const counts = {} as Record<FlowId, number>;
  for (const { flow } of sent.values()) counts[flow] = (counts[flow] ?? 0) + 1;
  return counts;
}

interface LaneResult {
  kills: number;
  cases: number;
  final: Record<string, number>;
  /** Cases waiting on a person about an interrupted non-idempotent step: must be 0. */
  inDoubt: number;
  repeatedStarts: number;
  /** Lumin requests abandoned and started over (restarted_after_interruption / _on_new_session). */
  luminRestarts: number;
  /** Lumin last approvals settled by their status query after an interruption. */
  luminReconciled: number;
  /** Times a Lumin update case waited for another case of the same customer (relay/serialise.ts). */
  serialWaits: number;
  /** Kills aimed at a Lumin approval that had started. */
  aimed: number;
}

/** One kiosk's share of the kills (until `until`, ms since the epoch), then its final run and checks. */
async function lane(world: World, kills: number, random: () => number, until: number): Promise<LaneResult> {
  const { lumin, jumio } = world.training.simulators;
  const dataDir = tempDir();
  const sent = new Map<string, Sent>();
  const env = { KIOSK_TEST_DATA: dataDir, KIOSK_TEST_PROVIDERS: JSON.stringify(world.training.config) };

  let done = 0;
  let aimed = 0;
  for (let round = 0; round < kills; round++) {
    if (round % BATCH_EVERY === 0 && round / BATCH_EVERY < KYC_PEOPLE.length) {
      await addBatch(world, dataDir, round / BATCH_EVERY, sent);
    } else if (Date.now() > until && round >= MIN_ROUNDS) {
      break;
    }
    const kiosk = spawnJs(child, { ...env, KIOSK_TEST_MODE: 'run' });
    // Listening from the start, so a call line is never missed; false once the kiosk is killed.
    const call = lineFrom(kiosk, AIM_AT, 600_000).then(
      () => true,
      () => false,
    );
    await lineFrom(kiosk, 'ready', 60_000);
    if (random() < AIMED_SHARE) {
      const started = await Promise.race([call, sleep(MAX_AIM_WAIT_MS).then(() => false)]);
      if (started) {
        aimed += 1;
        await sleep(random() * AIM_SPREAD_MS);
      }
    } else {
      await sleep(random() * MAX_KILL_DELAY_MS);
    }
    kiosk.kill('SIGKILL');
    await exited(kiosk);
    done += 1;
  }

  const finisher = spawnJs(child, { ...env, KIOSK_TEST_MODE: 'finish' });
  const line = await lineFrom(finisher, 'done', 300_000);
  expect(await exited(finisher)).toBe(0);
  const { waiting } = JSON.parse(line.slice('done '.length)) as { waiting: Record<string, string> };

  const { queue } = openFlowQueue(dataDir, world.flows);
  const final: Record<string, number> = {};
  let inDoubt = 0;
  /** Jumio starts repeated after an interruption (declared safe to repeat: credentials-flow.ts). */
  let repeatedStarts = 0;
  let luminRestarts = 0;
  let luminReconciled = 0;
  /** Times a Lumin update case waited for another case of the same customer (relay/serialise.ts). */
  let serialWaits = 0;
  try {
    const { cases } = queue.cases.list({ limit: 500 });
    expect(cases).toHaveLength(sent.size);
    for (const summary of cases) {
      const detail = queue.cases.get(summary.id);
      final[detail.state] = (final[detail.state] ?? 0) + 1;
      // In doubt: a person asked whether an interrupted non-idempotent call arrived. Counted for
      // the printed summary; it fails the expectation below that the case completed.
      if (detail.state === 'needs_attention' && detail.attentionReason === 'uncertain_after_crash') {
        inDoubt += 1;
      }
      serialWaits += detail.history.filter((h) => h.type === 'waiting_for_same_subject').length;
      // On failure, say which step stopped it and what the provider answered.
      const why = detail.steps
        .filter((step) => step.lastError)
        .map(
          (step) =>
            `${step.key}:${step.state}:${step.attempts}:${step.lastError?.code}:${step.lastError?.message}`,
        )
        .join(' | ');
      const events = detail.history.map((h) => `${h.type}${h.stepKey ? `@${h.stepKey}` : ''}`).join(',');
      expect(
        detail.state,
        `${detail.flow} ${detail.id} (${inDoubt} in doubt so far): ${waiting[detail.id] ?? ''} ${why} [${events}]`,
      ).toBe('completed');
      // Nobody was asked about an interrupted step ("did it arrive?" / "send again").
      repeatedStarts += detail.history.filter(
        (h) => h.type === 'repeated_after_interruption' && h.stepKey === 'start-transaction',
      ).length;
      if (detail.flow.startsWith('lumin.')) {
        luminRestarts += detail.history.filter(
          (h) => h.type === 'restarted_after_interruption' || h.type === 'restarted_on_new_session',
        ).length;
        luminReconciled += detail.history.filter(
          (h) => h.type === 'reconciled_done' || h.type === 'reconciled_not_done',
        ).length;
      }

      const history = detail.history.map((h) => h.type);
      expect(
        history.filter((type) => type.startsWith('operator:')),
        detail.id,
      ).toEqual([]);
      const hashes = detail.images
        .filter((image) => !image.purged)
        .map((image) =>
          createHash('sha256').update(queue.cases.image(detail.id, image.role)!.bytes).digest('hex'),
        );
      expect(hashes.sort(), `images of ${detail.id}`).toEqual([...sent.get(detail.id)!.hashes].sort());
    }
  } finally {
    await queue.close(1_000);
  }

  // Non-idempotent effects at the providers (each lane has its own simulators, so their ledgers
  // hold this lane's calls only): every lasting effect exactly once per case. A front approval
  // lasts only within its request: one more per recorded restart of a Lumin request at most.
  const n = perFlow(sent);
  const kycs = n['lumin.kyc-national-id'] ?? 0;
  const ids = n['lumin.update-national-id'] ?? 0;
  const passports = n['lumin.update-passport'] ?? 0;
  const once = (what: string, actual: number, expected: number): void => {
    expect(actual, what).toBe(expected);
  };
  const fronts = lumin.ledger.count('front_approved');
  expect(fronts, 'Lumin front approvals').toBeGreaterThanOrEqual(kycs + ids);
  expect(fronts, 'Lumin front approvals').toBeLessThanOrEqual(kycs + ids + luminRestarts);
  once('Lumin back approvals', lumin.ledger.count('back_approved'), kycs + ids);
  once('Lumin onboardings', lumin.ledger.count('customer_onboarded'), kycs);
  once('Lumin ID updates', lumin.ledger.count('national_id_updated'), ids);
  once('Lumin passport approvals', lumin.ledger.count('passport_approved'), passports);
  once('Lumin passport updates', lumin.ledger.count('passport_updated'), passports);
  // A start interrupted before its answer was kept is repeated, and only then, on record: at most
  // one more (empty, unusable, lapsing) account per recorded repeat.
  const jumios = n['jumio.credentials'] ?? 0;
  expect(jumio.ledger.count('account_created'), 'Jumio accounts').toBeGreaterThanOrEqual(jumios);
  expect(jumio.ledger.count('account_created'), 'Jumio accounts').toBeLessThanOrEqual(
    jumios + repeatedStarts,
  );
  expect(jumio.ledger.count('finalized'), 'Jumio finalizations').toBe(jumios);

  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  return {
    kills: done,
    cases: sent.size,
    final,
    inDoubt,
    repeatedStarts,
    luminRestarts,
    luminReconciled,
    serialWaits,
    aimed,
  };
}

describe('the five flows under a kill loop', () => {
  it(
    `every case ends, nothing lost or sent twice across up to ${KILLS} SIGKILLs`,
    { timeout: 900_000 },
    async () => {
      // Printed first, so a run that fails or times out can be replayed.
      console.log(
        `kill loop seed ${SEED} (KIOSK_KILL_LOOP_SEED=${SEED} KIOSK_KILL_LOOP_KILLS=${KILLS} to replay)`,
      );
      const started = Date.now();
      const until = BUDGET_MS > 0 ? started + BUDGET_MS : Infinity;
      const results = await Promise.all(
        worlds.map((world, index) =>
          lane(
            world,
            Math.floor(KILLS / LANES) + (index < KILLS % LANES ? 1 : 0),
            seeded(SEED + index * 0x9e3779b9),
            until,
          ),
        ),
      );
      const kills = results.reduce((sum, r) => sum + r.kills, 0);
      console.log(
        `kill loop: ${kills} SIGKILLs in ${LANES} lanes, ${Math.round((Date.now() - started) / 1000)} s; ` +
          results
            .map(
              (r) =>
                `${r.kills} kills (${r.aimed} aimed at a Lumin approval), ${r.cases} cases, final ${JSON.stringify(r.final)}, ${r.inDoubt} in doubt, ${r.repeatedStarts} Jumio starts repeated, ${r.luminRestarts} Lumin requests restarted, ${r.luminReconciled} Lumin approvals reconciled, ${r.serialWaits} waits for a case of the same customer`,
            )
            .join('; ') +
          `; seed ${SEED}` +
          (kills < KILLS
            ? ` (${KILLS - kills} fewer kills than asked: the ${BUDGET_MS} ms budget ran out)`
            : ''),
      );
      // Every case final without a person, in every lane (also checked per case above).
      expect(results.map((r) => r.inDoubt)).toEqual(results.map(() => 0));
      // Every batch of cases gets its share of kills, whatever the budget.
      expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, LANES * MIN_ROUNDS));
    },
  );
});
