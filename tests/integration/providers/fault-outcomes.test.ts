// Every fault the simulators can inject, against one step of each vendor, becomes the outcome the
// relay needs: all of them are retryable (the request may or may not have landed; idempotent steps
// repeat, others are reconciled by the relay), with 429's Retry-After carried along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../../src/simulators/common/faults';
import type { ProvidersConfig } from '../../../src/main/providers/config';
import { renderNationalId, specimenPerson } from '../../../src/main/specimens';
import type { JsonValue, StepContext, StoredImage } from '../../../src/main/sync/flow-types';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { idCardImages, stored } from '../../helpers/specimen-images';
import { session, step, stepContext } from '../../helpers/step-context';

let providers: ProviderHarness;
let card: { front: StoredImage; back: StoredImage };
type Contexts = Record<
  'lumin' | 'argos' | 'jumio',
  () => Promise<{ run: () => Promise<unknown>; prefix: string }>
>;
/**
 * The same steps with two HTTP timeouts: `short` (5 s) only where the fault is a body that takes
 * far longer than that (slow_body, 60 s), `patient` (30 s) everywhere else, so that a busy machine
 * can never turn an ordinary answer into a timeout. The simulator picks a queued fault only once it
 * has read the whole request: with 1 s, a stalled CI worker timed out during the upload, the fault
 * stayed queued and the healthy call after it waited for the slow body (test timeout, 1 run in 3).
 */
const contexts: { short: Contexts; patient: Contexts } = { short: {} as never, patient: {} as never };

const EXPECTED: Record<FaultKind, { code: string | RegExp; retryAfterMs?: number }> = {
  http_500: { code: 'http_500' },
  http_502: { code: 'http_502' },
  http_503: { code: 'http_503' },
  http_429: { code: 'rate_limited', retryAfterMs: 1_000 },
  html_error: { code: 'http_502' },
  reset: { code: /.+/ },
  reset_after_effect: { code: /.+/ },
  truncated: { code: 'unreadable_answer' },
  slow_body: { code: 'timeout' },
  empty_body: { code: 'unreadable_answer' },
  huge_body: { code: 'unreadable_answer' },
};

beforeAll(async () => {
  providers = await startProviders({ jumio: { accountRatePerSecond: 100 } });
  card = await idCardImages('karim');
  const selfie = stored('selfie', (await renderNationalId(specimenPerson('amira'), { scale: 0.5 })).front);
  for (const sim of Object.values(providers.simulators)) sim.faults.configure({ slowBodyMs: 60_000 });
  const submission = providers.simulators.argos.createSubmission();
  let jumioAnswers: Record<string, JsonValue> | undefined;
  const run = (s: { run: (c: StepContext) => Promise<unknown> }, c: StepContext) => () => s.run(c);
  for (const [name, timeoutMs] of [
    ['short', 5_000],
    ['patient', 30_000],
  ] as const) {
    const base = providers.config;
    const config: ProvidersConfig = {
      lumin: { ...base.lumin!, timeoutMs },
      argos: { ...base.argos!, timeoutMs },
      jumio: { ...base.jumio!, timeoutMs },
    };
    const lumin = providers.flow('lumin.kyc-national-id', config);
    const argos = providers.flow('argos.put-image', config);
    const jumio = providers.flow('jumio.credentials', config);
    if (!jumioAnswers) {
      const jumioSession = await session(jumio);
      const started = await step(jumio, 'start-transaction').run(
        stepContext({ flow: jumio, session: jumioSession, images: { ...card, selfie } }),
      );
      if (started.kind !== 'success') throw new Error(JSON.stringify(started));
      jumioAnswers = { 'start-transaction': started.answer! };
    }
    const answers = jumioAnswers;
    contexts[name] = {
      lumin: async () => ({
        prefix: '/Onboarding/api/v1/onboarding',
        run: run(
          step(lumin, 'upload-front'),
          stepContext({ flow: lumin, session: await session(lumin), images: card }),
        ),
      }),
      argos: () =>
        Promise.resolve({
          prefix: '/v3/submission/image',
          run: run(
            step(argos, 'put-image'),
            stepContext({ flow: argos, images: card, fields: { submissionId: submission.id } }),
          ),
        }),
      jumio: () =>
        Promise.resolve({
          prefix: '/api/v1/accounts/',
          run: run(
            step(jumio, 'part-front'),
            stepContext({ flow: jumio, images: card, answers, attempt: 2 }),
          ),
        }),
    };
  }
});
afterAll(() => providers.close());

/**
 * `call`, or a failure naming it when it has not settled within 40 s (both HTTP timeouts are at
 * most 30 s, so an answer, a timeout or an error must have come by then). "argos: slow_body" once
 * hit the test's own timeout in full runs: a garbage collection while the slow body was read lost
 * the timeout's abort (http-call.ts readLimited, http-call-gc.test.ts). Should a call hang again,
 * this says which one.
 */
async function within<T>(call: Promise<T>, what: string): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} had not returned after ${Math.round(performance.now() - started)} ms`)),
      40_000,
    );
  });
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe('injected faults → outcomes', () => {
  for (const vendor of ['lumin', 'argos', 'jumio'] as const) {
    for (const [fault, expected] of Object.entries(EXPECTED) as [FaultKind, (typeof EXPECTED)[FaultKind]][]) {
      it(`${vendor}: ${fault} → retryable ${String(expected.code)}`, async () => {
        const faulty = await contexts[fault === 'slow_body' ? 'short' : 'patient'][vendor]();
        providers.simulators[vendor].faults.enqueue(fault, { pathPrefix: faulty.prefix });
        const outcome = (await within(faulty.run(), 'the call meeting the fault')) as {
          kind: string;
          code: string;
          retryAfterMs?: number;
        };
        // The fault met this request, not the healthy one below.
        expect(providers.simulators[vendor].faults.current.queued).toEqual([]);
        expect(outcome.kind).toBe('retryable');
        expect(outcome.code).toMatch(expected.code);
        if (expected.retryAfterMs !== undefined) expect(outcome.retryAfterMs).toBe(expected.retryAfterMs);
        // The same step succeeds once the fault is gone.
        const healthy = await contexts.patient[vendor]();
        const after = (await within(healthy.run(), 'the healthy call after it')) as { kind: string };
        expect(after.kind).toBe('success');
      }, 90_000);
    }
  }

  it('random fault rates from the admin endpoint are applied and reproducible', async () => {
    const { lumin } = providers.simulators;
    const admin = { 'x-sim-admin-token': lumin.server.adminToken, 'content-type': 'application/json' };
    const put = await fetch(`${lumin.url}/__sim/faults`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ rates: { http_503: 0.5 }, seed: 7, pathPrefix: '/api/v1/update' }),
    });
    expect(put.status).toBe(200);
    const statuses = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < 20; i += 1)
        out.push((await fetch(`${lumin.url}/api/v1/update/UpdateRequest/GetCurrentRequestSteps`)).status);
      return out;
    };
    const first = await statuses();
    await fetch(`${lumin.url}/__sim/faults`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ rates: { http_503: 0.5 }, seed: 7, pathPrefix: '/api/v1/update' }),
    });
    expect(await statuses()).toEqual(first);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(3);
    expect(first.filter((s) => s === 401).length).toBeGreaterThan(3);
    await fetch(`${lumin.url}/__sim/faults`, { method: 'PUT', headers: admin, body: '{}' });
  });
});
