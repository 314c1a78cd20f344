/**
 * The five provider flows through the REAL relay: the training simulators on loopback, the flow
 * registry built from their configuration exactly as the core does, and a QueueService on a real
 * SQLite file. `driveCase` plays the person at the kiosk: it reviews what the relay pauses for and
 * captures what is missing, and returns when the case completes or needs someone for another reason.
 */
import sharp from 'sharp';
import { createLogger, memorySink } from '../../src/main/logging/logger';
import { createFlowRegistry } from '../../src/main/providers/registry';
import { startTrainingProviders, type TrainingProviders } from '../../src/main/providers/training';
import { renderNationalId, renderPassport, specimenPerson } from '../../src/main/specimens';
import type { NewImage } from '../../src/main/store/images-repo';
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { FlowRegistry, JsonValue } from '../../src/main/sync/flow-types';
import type { QueueService, QueueSettings } from '../../src/main/sync/queue-service';
import type { CaseDetail } from '../../src/shared/ipc/queue';
import type { FlowId, ImageRole } from '../../src/shared/domain/flows';
import { answerAsPerson, PASSWORD, type Person, RELAY_FOR_FLOWS } from './kiosk-person';
import { openQueue } from './queue';

export { answerAsPerson, PASSWORD, type Person, RELAY_FOR_FLOWS } from './kiosk-person';

export const OPERATOR = { id: 'op-7', name: 'Training Operator' };
export const HODA = specimenPerson('hoda').registered!;

export interface World {
  training: TrainingProviders;
  flows: FlowRegistry;
  logLines: string[];
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const sink = memorySink();
  const log = createLogger(sink, 'debug');
  const training = await startTrainingProviders({
    log,
    // The status is PROCESSED as soon as it is finalized: Jumio's poll gaps start at 40 s.
    jumio: { timing: { processingMs: 0 }, accountRatePerSecond: 100 },
  });
  const flows = createFlowRegistry(training.config, { log });
  return { training, flows, logLines: sink.lines, close: () => training.close() };
}

export function image(
  role: ImageRole,
  doc: { bytes: Buffer; mime: NewImage['mime']; width: number; height: number },
): NewImage {
  return { role, mime: doc.mime, bytes: new Uint8Array(doc.bytes), width: doc.width, height: doc.height };
}

export interface Specimens {
  card(key: string): Promise<{ front: NewImage; back: NewImage }>;
  passport(key: string): Promise<NewImage>;
  selfie(): Promise<NewImage>;
  /** A white JPEG the size of a card: a scan of nothing, no QR code for the "OCR" to read. */
  blank(role: ImageRole): Promise<NewImage>;
}

/** Specimen images, rendered once per key per test file. */
export function specimens(): Specimens {
  const cards = new Map<string, Promise<{ front: NewImage; back: NewImage }>>();
  const passports = new Map<string, Promise<NewImage>>();
  return {
    card: (key) => {
      let found = cards.get(key);
      if (!found) {
        found = renderNationalId(specimenPerson(key)).then(({ front, back }) => ({
          front: image('front', front),
          back: image('back', back),
        }));
        cards.set(key, found);
      }
      return found;
    },
    passport: (key) => {
      let found = passports.get(key);
      if (!found) {
        found = renderPassport(specimenPerson(key)).then((doc) => image('passport', doc));
        passports.set(key, found);
      }
      return found;
    },
    // Any image over 300 px will do as a selfie for Jumio.
    selfie: async () =>
      image('selfie', (await renderNationalId(specimenPerson('youssef'), { scale: 0.5 })).back),
    blank: async (role) => {
      const { data, info } = await sharp({
        create: { width: 1011, height: 638, channels: 3, background: '#ffffff' },
      })
        .jpeg({ quality: 90 })
        .toBuffer({ resolveWithObject: true });
      return {
        role,
        mime: 'image/jpeg',
        bytes: new Uint8Array(data),
        width: info.width,
        height: info.height,
      };
    },
  };
}

/** `now`: the relay's injected clock (ms since the epoch), for tests that drive time themselves. */
export function openFlowQueue(
  dataDir: string,
  flows: FlowRegistry,
  relay: QueueSettings['relay'] = {},
  now?: () => number,
): ReturnType<typeof openQueue> {
  return openQueue(dataDir, flows, {
    settings: { relay: { ...RELAY_FOR_FLOWS, ...relay } },
    ...(now ? { now } : {}),
  });
}

/** Lumin's flows, each with the capture of its specimen customer (luminCapture). */
export type LuminFlowId = 'lumin.kyc-national-id' | 'lumin.update-national-id' | 'lumin.update-passport';

/**
 * A case of each Lumin flow for its specimen customer: Amira's card for onboarding (KYC), and for
 * the updates Hoda (registered at the simulator) with her fields and password.
 */
export async function luminCapture(images: Specimens, flow: LuminFlowId): Promise<CaptureInput> {
  if (flow === 'lumin.kyc-national-id') {
    const card = await images.card('amira');
    return capture(flow, [card.front, card.back]);
  }
  const pictures =
    flow === 'lumin.update-passport'
      ? [await images.passport('hoda')]
      : await images.card('hoda').then((card) => [card.front, card.back]);
  return capture(flow, pictures, { ...HODA }, { password: PASSWORD });
}

export function capture(
  flow: FlowId,
  images: readonly NewImage[],
  fields: CaptureInput['fields'] = {},
  secrets?: Record<string, string>,
): CaptureInput {
  return {
    flow,
    operator: OPERATOR,
    language: 'en',
    fields,
    images,
    ...(secrets ? { secrets } : {}),
  };
}

export type Settled = CaseDetail & { state: 'completed' | 'needs_attention' | 'expired' | 'cancelled' };

/** Waits until the case is completed, expired, cancelled or waits for a person. */
export async function settle(queue: QueueService, caseId: string, timeoutMs = 20_000): Promise<Settled> {
  const start = Date.now();
  for (;;) {
    const detail = queue.cases.get(caseId);
    if (['completed', 'needs_attention', 'expired', 'cancelled'].includes(detail.state)) {
      return detail as Settled;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`case ${caseId} still ${detail.state} after ${timeoutMs} ms: ${describe(detail)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function describe(detail: CaseDetail): string {
  return JSON.stringify({
    state: detail.state,
    reason: detail.attentionReason,
    steps: detail.steps.map((s) => `${s.key}:${s.state}:${s.attempts}:${s.lastError?.code ?? ''}`),
  });
}

export interface Driven {
  detail: Settled;
  reviewed: Record<string, Record<string, JsonValue>>;
  captured: ImageRole[];
}

/**
 * The person at the kiosk: reviews (with the flow's `reviews` declaration) and late captures until
 * the case completes or stops for anything else, which is returned for the test to judge.
 */
export async function driveCase(
  queue: QueueService,
  flows: FlowRegistry,
  caseId: string,
  person: Person = {},
  timeoutMs = 30_000,
): Promise<Driven> {
  const reviewed: Driven['reviewed'] = {};
  const captured: ImageRole[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await settle(queue, caseId, Math.max(1, deadline - Date.now()));
    if (detail.state !== 'needs_attention') return { detail, reviewed, captured };
    const done = answerAsPerson(queue, flows, detail, person);
    if (!done) return { detail, reviewed, captured };
    if ('captured' in done) captured.push(done.captured);
    else reviewed[done.reviewed] = done.values;
  }
}

export interface RelayRun {
  detail: Settled;
  /** Provider answers by step key. */
  answers: Record<string, JsonValue>;
  /** Reviewed values by review step key. */
  reviewed: Driven['reviewed'];
  /** The step a person is waiting on, when the case stopped for one. */
  waiting: CaseDetail['steps'][number] | undefined;
}

/**
 * One case of one flow through the REAL case service and relay (a QueueService on a fresh SQLite
 * file in `dataDir`), with the person of driveCase; closes the queue and returns where it ended.
 */
export async function runThroughRelay(
  dataDir: string,
  flows: FlowRegistry,
  input: CaptureInput,
  person: Person = {},
): Promise<RelayRun> {
  const { queue } = openFlowQueue(dataDir, flows);
  try {
    queue.start();
    const { id } = await queue.cases.capture(input);
    const driven = await driveCase(queue, flows, id, person);
    return {
      detail: driven.detail,
      answers: queue.cases.reviewData(id).answers,
      reviewed: driven.reviewed,
      waiting: driven.detail.steps.find((step) => step.state === 'waiting' || step.state === 'in_flight'),
    };
  } finally {
    await queue.close(2_000);
  }
}

/** What staff confirm in Jumio's prepared-data review (src/shared/flows/jumio-credentials.ts). */
export const JUMIO_PREPARED_DATA = { firstName: 'Karim', lastName: 'Mansour', dateOfBirth: '1990-04-17' };

/**
 * The person at the kiosk answers Jumio's prepared-data review, which every Jumio case stops for
 * after its captures (before anything is sent), so that the relay goes on to the provider.
 */
export async function reviewJumioPreparedData(queue: QueueService, caseId: string): Promise<void> {
  const waiting = await settle(queue, caseId);
  if (waiting.attentionReason !== 'review_required') {
    throw new Error(`case ${caseId} is not waiting for its prepared data: ${describe(waiting)}`);
  }
  queue.cases.recordReview(caseId, 'review-prepared-data', { 'review-prepared-data': JUMIO_PREPARED_DATA });
}
