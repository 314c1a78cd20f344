// ARGOS contract (seed 003; providers.md §2): the seed's example request (raw JSON) and the docs'
// multipart form are accepted; every code of the error table is produced by the request that
// should cause it and mapped to its outcome; gateway 403/413/429 and the KYC results too.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvidersConfig } from '../../../src/main/providers/config';
import type { StoredImage } from '../../../src/main/sync/flow-types';
import { createArgosSimulator, type ArgosSimulator } from '../../../src/simulators/argos';
import { manualClock } from '../../helpers/clock';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { idCardImages, passportImage } from '../../helpers/specimen-images';
import { step, stepContext } from '../../helpers/step-context';

let providers: ProviderHarness;
let argos: ArgosSimulator;
let card: { front: StoredImage; back: StoredImage };
let blank: StoredImage;
const KEY = 'training-argos-key';
const ADMIN = 'admin@training.invalid';

beforeAll(async () => {
  providers = await startProviders({
    argos: {
      projects: [
        { apiKey: KEY, projectId: 'p1', status: 'active', admins: [ADMIN] },
        { apiKey: 'key-of-deleted-project', projectId: 'p2', status: 'missing', admins: [ADMIN] },
        { apiKey: 'key-of-paused-project', projectId: 'p3', status: 'inactive', admins: [ADMIN] },
      ],
    },
  });
  argos = providers.simulators.argos;
  card = await idCardImages('karim');
  const grey = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#777' } })
    .png()
    .toBuffer();
  blank = { role: 'front', mime: 'image/png', bytes: new Uint8Array(grey), width: 900, height: 600 };
});
afterAll(() => providers.close());

const b64 = (image: StoredImage): string => Buffer.from(image.bytes).toString('base64');

async function put(
  body: string | FormData,
  key: string | null = KEY,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${argos.url}/v3/submission/image`, {
    method: 'PUT',
    headers: {
      ...(key !== null ? { 'x-api-key': key } : {}),
      ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('seed 003 PUT image over raw HTTP', () => {
  it("accepts the seed example (raw JSON) and the docs' multipart form, overwriting on repeat", async () => {
    const submission = argos.createSubmission();
    const example = {
      submissionId: submission.id,
      admin: ADMIN,
      idType: 'government_id',
      idImage: b64(card.front),
      idBackImage: b64(card.back),
    };
    expect(await put(JSON.stringify(example))).toEqual({ status: 200, body: { message: 'success' } });
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...example, selfieImage: b64(card.front) }))
      form.append(name, value);
    expect(await put(form)).toEqual({ status: 200, body: { message: 'success' } });
    const puts = argos.ledger.entries('image_put').filter((e) => e.details.submissionId === submission.id);
    expect(puts.map((e) => [e.details.field, e.details.replaced])).toEqual([
      ['idImage', false],
      ['idBackImage', false],
      ['idImage', true],
      ['idBackImage', true],
      ['selfieImage', false],
    ]);
  });

  const table: [string, () => string | FormData, string, RegExp, string?][] = [
    ['invalid_payload (unparseable)', () => '{"submissionId": ', 'invalid_payload', /parse/],
    [
      'invalid_payload (not a jpg/png)',
      () => JSON.stringify({ submissionId: 'S', admin: ADMIN, selfieImage: 'aGVsbG8gd29ybGQh' }),
      'invalid_payload',
      /parse/,
    ],
    [
      'missing_data (no admin)',
      () => JSON.stringify({ submissionId: 'S', selfieImage: 'x' }),
      'missing_data',
      /missing/,
    ],
    [
      'missing_data (idType with idImage)',
      () => JSON.stringify({ submissionId: 'S', admin: ADMIN, idImage: b64(card.front) }),
      'missing_data',
      /idType is required/,
    ],
    [
      'invalid_project (not found)',
      () => JSON.stringify({ submissionId: 'S', admin: ADMIN }),
      'invalid_project',
      /Cannot find project/,
      'key-of-deleted-project',
    ],
    [
      'invalid_project (status)',
      () => JSON.stringify({ submissionId: 'S', admin: ADMIN }),
      'invalid_project',
      /Invalid project/,
      'key-of-paused-project',
    ],
    [
      'invalid_admin',
      () => JSON.stringify({ submissionId: 'S', admin: 'stranger@else.example', selfieImage: 'x' }),
      'invalid_admin',
      /admin/,
    ],
    [
      'invalid_submission (unknown)',
      () => JSON.stringify({ submissionId: 'nope', admin: ADMIN, selfieImage: 'x' }),
      'invalid_submission',
      /submission/,
    ],
    [
      'invalid_data',
      () => JSON.stringify({ submissionId: 'S', admin: ADMIN }),
      'invalid_data',
      /At least one image/,
    ],
    [
      'invalid_idType',
      () =>
        JSON.stringify({ submissionId: 'S', admin: ADMIN, idType: 'library_card', idImage: b64(card.front) }),
      'invalid_idType',
      /IdType/,
    ],
  ];
  for (const [name, body, code, message, key] of table) {
    it(`400 ${name}`, async () => {
      const submission = argos.createSubmission({ submissionId: `S` });
      const answer = await put(body(), key);
      expect(answer.status).toBe(400);
      expect(answer.body.errorCode).toBe(code);
      expect(String(answer.body.message)).toMatch(message);
      expect(submission.images).toEqual({});
    });
  }

  it('400 invalid_submission for a submission older than 4 hours; processing_error when the provider fails', async () => {
    const old = argos.createSubmission({ createdAt: argos.state.now() - 4 * 3_600_000 - 1 });
    expect(
      (await put(JSON.stringify({ submissionId: old.id, admin: ADMIN, selfieImage: b64(card.front) }))).body
        .errorCode,
    ).toBe('invalid_submission');
    argos.state.processingErrors = 1;
    const fresh = argos.createSubmission();
    expect(
      (await put(JSON.stringify({ submissionId: fresh.id, admin: ADMIN, selfieImage: b64(card.front) })))
        .body,
    ).toEqual({
      errorCode: 'processing_error',
      message: 'Failed to put image.',
    });
  });

  it('403 without the key; 413 over the gateway limit; 429 over the rate', async () => {
    expect((await put('{}', null)).status).toBe(403);
    expect((await put('{}', 'wrong-key')).status).toBe(403);
    // The rate window moves only with this clock: all four reads fall in one second however slow the machine.
    const clock = manualClock();
    const small = createArgosSimulator({ maxBodyBytes: 10_000, ratePerSecond: 2, clock: clock.now });
    await small.listen();
    try {
      const big = await fetch(`${small.url}/v3/submission/image`, {
        method: 'PUT',
        headers: { 'x-api-key': KEY },
        body: 'x'.repeat(20_000),
      });
      expect(big.status).toBe(413);
      const read = async () =>
        (await fetch(`${small.url}/v3/submission?submission_id=x`, { headers: { 'x-api-key': KEY } })).status;
      const statuses = [];
      // Two calls a second (the 413 above is refused before it counts), the third is 429.
      for (let i = 0; i < 3; i += 1) statuses.push(await read());
      expect(statuses).toEqual([200, 200, 429]);
      clock.advance(1_000);
      expect(await read()).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('the ARGOS connector', () => {
  const flowWith = (patch: Partial<NonNullable<ProvidersConfig['argos']>>) =>
    providers.flow('argos.put-image', { argos: { ...providers.config.argos!, ...patch } });
  const runPut = (
    patch: Partial<NonNullable<ProvidersConfig['argos']>>,
    fields: Record<string, string>,
    images: Record<string, StoredImage> = card,
  ) => {
    const flow = flowWith(patch);
    return step(flow, 'put-image').run(stepContext({ flow, images, fields }));
  };

  it('maps each error code of the table to its outcome', async () => {
    const submission = argos.createSubmission();
    const expectations: [Promise<unknown>, Record<string, unknown>][] = [
      [
        runPut({ apiKey: 'key-of-deleted-project' }, { submissionId: submission.id }),
        { kind: 'fatal', code: 'invalid_project' },
      ],
      [
        runPut({ admin: 'stranger@else.example' }, { submissionId: submission.id }),
        { kind: 'fatal', code: 'invalid_admin' },
      ],
      [
        runPut({}, { submissionId: 'unknown' }),
        { kind: 'needs_operator', reason: 'session_expired', code: 'invalid_submission' },
      ],
      [
        runPut({}, { submissionId: submission.id, idType: 'library_card' }),
        { kind: 'needs_operator', code: 'invalid_idType' },
      ],
      [runPut({ apiKey: 'wrong' }, { submissionId: submission.id }), { kind: 'fatal', code: 'forbidden' }],
      [runPut({}, {}), { kind: 'needs_operator', code: 'missing_field' }],
    ];
    for (const [outcome, expected] of expectations) expect(await outcome).toMatchObject(expected);
    argos.state.processingErrors = 1;
    expect(await runPut({}, { submissionId: submission.id })).toMatchObject({
      kind: 'retryable',
      code: 'processing_error',
    });
    expect(await runPut({ bodyEncoding: 'multipart' }, { submissionId: submission.id })).toMatchObject({
      kind: 'success',
    });
  });

  it('maps the remaining codes (invalid_payload, missing_data, invalid_data) and 413 as the table says', async () => {
    const { ARGOS_ERROR_OUTCOMES } = await import('../../../src/main/providers/argos/argos-answers');
    expect(ARGOS_ERROR_OUTCOMES.invalid_payload!('x')).toMatchObject({ kind: 'fatal' });
    expect(ARGOS_ERROR_OUTCOMES.missing_data!('x')).toMatchObject({ kind: 'needs_operator' });
    expect(ARGOS_ERROR_OUTCOMES.invalid_data!('x')).toMatchObject({ kind: 'needs_operator' });
    const small = createArgosSimulator({ maxBodyBytes: 10_000 });
    await small.listen();
    try {
      const flow = providers.flow('argos.put-image', {
        argos: { ...providers.config.argos!, baseUrl: `${small.url}/v3/` },
      });
      expect(
        await step(flow, 'put-image').run(stepContext({ flow, images: card, fields: { submissionId: 's' } })),
      ).toMatchObject({
        kind: 'needs_recapture',
        code: 'too_large',
      });
    } finally {
      await small.close();
    }
  });

  it('reads each KYC result: approved, pending (poll later), incomplete, rejected for a bad image or an expired ID', async () => {
    const flow = flowWith({ resultPollMs: 5_000 });
    const read = (submissionId: string) =>
      step(flow, 'read-result').run(stepContext({ flow, fields: { submissionId } }));
    const putImages = async (submissionId: string, images: Record<string, StoredImage>) =>
      expect(
        await step(flow, 'put-image').run(stepContext({ flow, images, fields: { submissionId } })),
      ).toMatchObject({ kind: 'success' });

    const empty = argos.createSubmission();
    expect(await read(empty.id)).toMatchObject({ kind: 'needs_operator', code: 'incomplete' });
    const good = argos.createSubmission();
    await putImages(good.id, card);
    expect(await read(good.id)).toMatchObject({ kind: 'success', answer: { kyc: { result: 'approved' } } });
    const bad = argos.createSubmission();
    await putImages(bad.id, { front: blank });
    expect(await read(bad.id)).toMatchObject({
      kind: 'needs_recapture',
      role: 'front',
      code: 'id_image_invalidImage',
    });
    const omar = argos.createSubmission();
    await putImages(omar.id, { ...(await idCardImages('omar')) });
    expect(await read(omar.id)).toMatchObject({ kind: 'needs_operator', code: 'expired_id' });
    const passport = argos.createSubmission();
    await putImages(passport.id, { front: { ...(await passportImage('karim')), role: 'front' } });
    expect(await read(passport.id)).toMatchObject({ kind: 'success' });
    expect(await read('never-heard-of')).toMatchObject({
      kind: 'needs_operator',
      code: 'invalid_submission',
    });
    const slowClock = manualClock();
    const slow = createArgosSimulator({ resultDelayMs: 60_000, clock: slowClock.now });
    await slow.listen();
    try {
      const slowFlow = providers.flow('argos.put-image', {
        argos: { ...providers.config.argos!, baseUrl: `${slow.url}/v3/`, resultPollMs: 5_000 },
      });
      const s = slow.createSubmission();
      await step(slowFlow, 'put-image').run(
        stepContext({ flow: slowFlow, images: card, fields: { submissionId: s.id } }),
      );
      const readSlow = () =>
        step(slowFlow, 'read-result').run(stepContext({ flow: slowFlow, fields: { submissionId: s.id } }));
      const pending = {
        kind: 'processing',
        code: 'pending',
        message: 'ARGOS is still reviewing the submission',
        retryAfterMs: 5_000,
      };
      expect(await readSlow()).toEqual(pending);
      // The review ends exactly resultDelayMs after the last image, by the simulator's clock.
      slowClock.advance(59_999);
      expect(await readSlow()).toEqual(pending);
      slowClock.advance(1);
      expect(await readSlow()).toMatchObject({ kind: 'success' });
    } finally {
      await slow.close();
    }
    for (const [code, kind] of [
      ['duplicate_user', 'needs_operator'],
      ['too_many_retry', 'needs_operator'],
      ['id_image_badImage', 'needs_recapture'],
    ] as const) {
      const forced = argos.createSubmission();
      forced.forced = { result: 'rejected', commentCode: code, comment: code };
      expect(await read(forced.id)).toMatchObject({ kind, code });
    }
  });

  it('declares the flow truthfully: PUT is an overwrite, the deadline is 4 hours', () => {
    const flow = providers.flow('argos.put-image');
    expect(flow.deadlineMs).toBe(4 * 3_600_000);
    expect(flow.steps.filter((s) => s.kind === 'remote').every((s) => s.idempotent)).toBe(true);
    expect(flow.steps[0]).toMatchObject({
      kind: 'capture',
      capturesAnyOf: ['front', 'back', 'selfie', 'address'],
    });
  });
});
