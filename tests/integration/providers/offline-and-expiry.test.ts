// The "offline period" variant of each flow: the provider's simulator stops mid-flow, the next step
// answers retryable, the simulator starts again on the same port, and the flow completes. Plus the
// Lumin session that expires mid-flow (401 → new session → replay, restartOnNewSession).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNationalId, specimenPerson } from '../../../src/main/specimens';
import type { FlowId } from '../../../src/shared/domain/flows';
import type { JsonValue, StoredImage } from '../../../src/main/sync/flow-types';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { runFlowSequentially, type SequentialRun } from '../../helpers/run-flow-sequentially';
import { idCardImages, passportImage, stored } from '../../helpers/specimen-images';

let providers: ProviderHarness;
const images: Record<string, Partial<Record<string, StoredImage>>> = {};
const hoda = specimenPerson('hoda').registered!;
const password = { password: 'Specimen#2024' };

beforeAll(async () => {
  providers = await startProviders({
    lumin: { tokenTtlMs: 1_500 },
    jumio: { timing: { processingMs: 0 }, accountRatePerSecond: 100 },
  });
  const [youssef, hodaCard, hodaPassport, karim] = await Promise.all([
    idCardImages('youssef'),
    idCardImages('hoda'),
    passportImage('hoda'),
    idCardImages('karim'),
  ]);
  const selfie = stored('selfie', (await renderNationalId(specimenPerson('amira'), { scale: 0.5 })).front);
  Object.assign(images, {
    youssef,
    hodaCard,
    hodaPassport: { passport: hodaPassport },
    karim,
    jumio: { ...karim, selfie },
  });
});
afterAll(() => providers.close());

const cases: {
  flow: FlowId;
  vendor: 'lumin' | 'argos' | 'jumio';
  images: string;
  after: string;
  fields?: () => Record<string, JsonValue>;
  secrets?: Record<string, string>;
}[] = [
  { flow: 'lumin.kyc-national-id', vendor: 'lumin', images: 'youssef', after: 'approve-front' },
  {
    flow: 'lumin.update-national-id',
    vendor: 'lumin',
    images: 'hodaCard',
    after: 'upload-front',
    fields: () => ({ ...hoda }),
    secrets: password,
  },
  {
    flow: 'lumin.update-passport',
    vendor: 'lumin',
    images: 'hodaPassport',
    after: 'verify-password',
    fields: () => ({ ...hoda }),
    secrets: password,
  },
  {
    flow: 'argos.put-image',
    vendor: 'argos',
    images: 'karim',
    after: 'put-image',
    fields: () => ({ submissionId: providers.simulators.argos.createSubmission().id }),
  },
  { flow: 'jumio.credentials', vendor: 'jumio', images: 'jumio', after: 'part-back' },
];

describe('an offline period in the middle of each flow', () => {
  for (const c of cases) {
    it(`${c.flow}: provider gone after ${c.after} → retryable → back on the same port → completes`, async () => {
      const simulator = providers.simulators[c.vendor];
      const port = simulator.server.port;
      let stopped = false;
      const run: SequentialRun = {
        flow: providers.flow(c.flow),
        images: images[c.images] as SequentialRun['images'],
        fields: c.fields?.() ?? {},
        ...(c.secrets ? { secrets: c.secrets } : {}),
        retries: 5,
        afterStep: async (step, outcome) => {
          if (step === c.after && outcome.kind === 'success' && !stopped) {
            stopped = true;
            await simulator.close();
          }
        },
        beforeRetry: async () => {
          if (!simulator.server.listening) await simulator.listen(port);
        },
      };
      const result = await runFlowSequentially(run);
      expect(result.stoppedAt).toBeUndefined();
      expect(result.completed).toBe(true);
      const offline = result.trace.find((t) => t.outcome.kind === 'retryable');
      expect(offline, 'the step after the stop answered retryable').toBeDefined();
      expect(simulator.server.port).toBe(port);
    });
  }
});

describe('a Lumin session that expires mid-flow', () => {
  it('answers 401, the flow re-authenticates and replays its remote steps in the new session', async () => {
    const flow = providers.flow('lumin.update-national-id');
    let slept = false;
    const result = await runFlowSequentially({
      flow,
      images: images.hodaCard as SequentialRun['images'],
      fields: { ...hoda },
      secrets: password,
      afterStep: async (step) => {
        if (step === 'upload-back' && !slept) {
          slept = true;
          await sleep(1_600); // past the simulator's 1.5 s token lifetime
        }
      },
    });
    expect(result.completed).toBe(true);
    expect(result.sessions).toBe(2);
    expect(result.trace.some((t) => t.outcome.kind === 'reauthenticate')).toBe(true);
    // Replayed in the new session: the front was uploaded once per session.
    expect(
      result.trace.filter((t) => t.step === 'upload-front' && t.outcome.kind === 'success'),
    ).toHaveLength(2);
  });
});
