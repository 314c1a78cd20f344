// Lumin contract (seeds 000, 001, 002; providers.md §1): the seed's example requests are accepted
// and answered in the documented shape; each documented status (200, 400, 401, 404, 200 with
// isSuccess false / 10103, approve status 1 / false) comes from the request that should cause it;
// and the connector maps each to its outcome.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvidersConfig } from '../../../src/main/providers/config';
import { specimenPerson } from '../../../src/main/specimens';
import type { StoredImage } from '../../../src/main/sync/flow-types';
import { createLuminSimulator, type LuminSimulator } from '../../../src/simulators/lumin';
import { manualClock } from '../../helpers/clock';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { registry } from '../../helpers/queue';
import { capture, openFlowQueue, runThroughRelay } from '../../helpers/relay-flows';
import { idCardImages, passportImage } from '../../helpers/specimen-images';
import { session, step, stepContext } from '../../helpers/step-context';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

let providers: ProviderHarness;
let lumin: LuminSimulator;
let base: string;
let amira: { front: StoredImage; back: StoredImage };
let hodaCard: { front: StoredImage; back: StoredImage };
let blank: StoredImage;
const hoda = specimenPerson('hoda').registered!;
const CUSTOMER_DATA_KEYS = [
  'customerId',
  'idFrontScan',
  'idBackScan',
  'photo',
  'fullName',
  'fullNameEn',
  'firstName',
  'firstNameEn',
  'familyName',
  'familyNameEn',
  'address',
  'state',
  'birthdate',
  'idNumber',
  'idNumberBack',
  'documentNumber',
  'documentTypeId',
  'documentTypeCode',
  'issueDate',
  'profession',
  'maritalStatus',
  'religion',
  'gender',
  'nationality',
  'detectedAge',
  'detectedGender',
  'expirationDate',
];

beforeAll(async () => {
  providers = await startProviders({
    lumin: {
      tenants: [
        { tenantId: 'training-bank', tenantSecret: 'training-secret', translation: true },
        { tenantId: 'no-translation', tenantSecret: 's2', translation: false },
      ],
    },
  });
  lumin = providers.simulators.lumin;
  base = lumin.url;
  [amira, hodaCard] = await Promise.all([idCardImages('amira'), idCardImages('hoda')]);
  const grey = await sharp({ create: { width: 1011, height: 638, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  blank = { role: 'front', mime: 'image/jpeg', bytes: new Uint8Array(grey), width: 1011, height: 638 };
});
afterAll(() => providers.close());

async function post(
  path: string,
  body: unknown,
  token?: string,
  language = 'en',
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': language,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function kycToken(
  tenant = { tenantId: 'training-bank', tenantSecret: 'training-secret' },
): Promise<string> {
  const answer = await post('/Onboarding/api/v1/Auth/GenerateKycOnboardingSessionToken', {
    ...tenant,
    kycRequestTypeId: 1,
    userId: 'op-1',
    userName: 'Operator One',
  });
  expect(answer.status).toBe(200);
  const { token, expirationDate } = answer.body as { token: string; expirationDate: string };
  expect(Date.parse(expirationDate)).toBeGreaterThan(Date.now());
  return token;
}

const b64 = (image: StoredImage): string => Buffer.from(image.bytes).toString('base64');
const KYC = '/Onboarding/api/v1/onboarding/NationalIdKyc';

describe('seed 002 (KYC API) over raw HTTP', () => {
  it('accepts the seed example requests and answers in the documented shapes', async () => {
    const token = await kycToken();
    const front = await post(`${KYC}/UploadFrontImage`, { image: b64(amira.front) }, token);
    expect(front.status).toBe(200);
    const frontBody = front.body as {
      isSuccess: boolean;
      message: string;
      errorCode: unknown;
      customerData: Record<string, unknown>;
    };
    expect(frontBody.isSuccess).toBe(true);
    expect(Object.keys(frontBody.customerData).sort()).toEqual([...CUSTOMER_DATA_KEYS].sort());
    // The seed's own example body (its id number is 14 digits, though not a real one).
    const approve = await post(
      `${KYC}/ApproveFrontImage`,
      {
        fullNameEn: 'Ahmed Mohamed Ali',
        firstNameEn: 'Ahmed',
        familyNameEn: 'Mohamed Ali',
        fullName: 'Ahmed Mohamed Ali',
        idNumber: '29874532145698',
        documentNumber: 'Gm2134524',
        address: '15 st elgnainy',
        state: 'hadaek el koba - Cairo',
        birthdate: '19/09/1998',
      },
      token,
    );
    expect(approve).toEqual({ status: 200, body: true });
    const back = await post(`${KYC}/UploadBackImage`, { image: b64(amira.back) }, token);
    expect((back.body as { customerData: Record<string, unknown> }).customerData.idNumberBack).toBe(
      specimenPerson('amira').nationalId,
    );
    expect(await post(`${KYC}/ApproveBackImage`, undefined, token)).toEqual({ status: 200, body: true });
    // Amira is now registered: onboarding her again is 10103 with her applicant id at the end.
    const again = await post(`${KYC}/UploadFrontImage`, { image: b64(amira.front) }, await kycToken());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isSuccess: false, errorCode: '10103' });
    expect((again.body as { message: string }).message).toMatch(/[0-9]+$/);
  });

  it('400 for order violations, bad images and invalid reviewed fields; 401 without a token', async () => {
    const token = await kycToken();
    expect(
      (await post(`${KYC}/ApproveFrontImage`, { fullName: 'x', idNumber: '29503140121488' }, token)).status,
    ).toBe(400);
    expect((await post(`${KYC}/UploadBackImage`, { image: b64(amira.back) }, token)).status).toBe(400);
    expect((await post(`${KYC}/ApproveBackImage`, undefined, token)).status).toBe(400);
    expect((await post(`${KYC}/UploadFrontImage`, { image: 'bm90IGFuIGltYWdl' }, token)).status).toBe(400);
    expect((await post(`${KYC}/UploadFrontImage`, {}, token)).status).toBe(400);
    await post(`${KYC}/UploadFrontImage`, { image: b64(hodaCard.back) }, token); // wrong side: isSuccess false
    const karim = await idCardImages('karim');
    await post(`${KYC}/UploadFrontImage`, { image: b64(karim.front) }, token);
    const badId = await post(
      `${KYC}/ApproveFrontImage`,
      { fullName: 'x', fullNameEn: 'a', firstNameEn: 'a', familyNameEn: 'a', idNumber: '1234' },
      token,
    );
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ errorCode: 'InvalidIdNumber' });
    const noEnglish = await post(
      `${KYC}/ApproveFrontImage`,
      { fullName: 'x', idNumber: '29503140121488' },
      token,
      'ar',
    );
    expect(noEnglish.status).toBe(400);
    expect((noEnglish.body as { message: string }).message).toMatch(/[\u0600-\u06FF]/); // Accept-Language: ar
    expect((await post(`${KYC}/UploadFrontImage`, { image: b64(karim.front) })).status).toBe(401);
    expect((await post(`${KYC}/UploadFrontImage`, { image: b64(karim.front) }, 'not-a-token')).status).toBe(
      401,
    );
  });

  it('401 once the token has expired', async () => {
    const clock = manualClock();
    const short = createLuminSimulator({ tokenTtlMs: 200, clock: clock.now });
    await short.listen();
    try {
      const answer = await fetch(`${short.url}/Onboarding/api/v1/Auth/GenerateKycOnboardingSessionToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          tenantId: 'training-bank',
          tenantSecret: 'training-secret',
          kycRequestTypeId: 1,
          userId: 'u',
          userName: 'n',
        }),
      });
      const { token } = (await answer.json()) as { token: string };
      const upload = () =>
        fetch(`${short.url}${KYC}/UploadFrontImage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ image: b64(amira.front) }),
        });
      // The simulator's clock moves only here: 1 ms before the end the token still works, at the end not.
      clock.advance(199);
      expect((await upload()).status).toBe(200);
      clock.advance(1);
      expect((await upload()).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('a tenant without translation gets no English names, and its approval needs none', async () => {
    const token = await kycToken({ tenantId: 'no-translation', tenantSecret: 's2' });
    const youssef = await idCardImages('youssef');
    const front = await post(`${KYC}/UploadFrontImage`, { image: b64(youssef.front) }, token);
    expect((front.body as { customerData: Record<string, unknown> }).customerData.fullNameEn).toBeNull();
    expect(
      (
        await post(
          `${KYC}/ApproveFrontImage`,
          { fullName: 'يوسف أحمد فتحي', idNumber: specimenPerson('youssef').nationalId },
          token,
        )
      ).body,
    ).toBe(true);
  });
});

describe('the Lumin connector turns each answer into its outcome', () => {
  const flowWith = (patch: Partial<NonNullable<ProvidersConfig['lumin']>> = {}) =>
    providers.flow('lumin.kyc-national-id', { lumin: { ...providers.config.lumin!, ...patch } });

  it('10103 → needs_operator already_registered, with the provider message', async () => {
    const flow = flowWith();
    const outcome = await step(flow, 'upload-front').run(
      stepContext({ flow, session: await session(flow), images: hodaCard }),
    );
    expect(outcome).toMatchObject({ kind: 'needs_operator', reason: 'already_registered', code: '10103' });
    expect((outcome as { message: string }).message).toMatch(/1001$/);
  });

  it('an unreadable image → needs_recapture of that side; the wrong side too', async () => {
    const flow = flowWith();
    const s = await session(flow);
    expect(
      await step(flow, 'upload-front').run(stepContext({ flow, session: s, images: { front: blank } })),
    ).toMatchObject({
      kind: 'needs_recapture',
      role: 'front',
      code: 'DocumentNotReadable',
    });
    expect(
      await step(flow, 'upload-front').run(
        stepContext({ flow, session: s, images: { front: { ...amira.back, role: 'front' } } }),
      ),
    ).toMatchObject({
      kind: 'needs_recapture',
      role: 'front',
      code: 'WrongDocumentSide',
    });
  });

  it('400 → needs_operator with the provider code and message; 401 → reauthenticate; no session → reauthenticate', async () => {
    const flow = flowWith();
    const s = await session(flow);
    const approve = await step(flow, 'approve-back').run(stepContext({ flow, session: s }));
    expect(approve).toMatchObject({ kind: 'needs_operator', reason: 'provider_rejected', code: 'StepOrder' });
    expect(
      await step(flow, 'upload-front').run(
        stepContext({ flow, session: { ...s, token: 'expired' }, images: amira }),
      ),
    ).toMatchObject({ kind: 'reauthenticate' });
    expect(await step(flow, 'upload-front').run(stepContext({ flow, images: amira }))).toMatchObject({
      kind: 'reauthenticate',
    });
  });

  it('a bare 404 (wrong base URL) → fatal; wrong tenant credentials → fatal; a missing image → needs_recapture', async () => {
    const wrongBase = flowWith({ baseUrl: `${base}/OnBoardingWrong/` });
    expect(await wrongBase.authenticate!(stepContext({ flow: wrongBase }))).toMatchObject({
      kind: 'fatal',
      code: 'not_found',
    });
    const wrongSecret = flowWith({ tenantSecret: 'nope' });
    expect(await wrongSecret.authenticate!(stepContext({ flow: wrongSecret }))).toMatchObject({
      kind: 'fatal',
      code: 'InvalidTenant',
    });
    const encrypted = flowWith({ tenantSecret: { encrypted: 'AAAA' } });
    expect(await encrypted.authenticate!(stepContext({ flow: encrypted }))).toMatchObject({
      kind: 'fatal',
      code: 'secret_unavailable',
    });
    const flow = flowWith();
    expect(
      await step(flow, 'upload-front').run(stepContext({ flow, session: await session(flow) })),
    ).toMatchObject({ kind: 'needs_recapture', role: 'front' });
  });

  it('approve answering false → needs_operator approve_refused; an invalid reviewed ID number never leaves the kiosk', async () => {
    const flow = flowWith();
    const youssef = await idCardImages('youssef');
    const s = await session(flow);
    const upload = await step(flow, 'upload-front').run(stepContext({ flow, session: s, images: youssef }));
    if (upload.kind !== 'success') throw new Error(JSON.stringify(upload));
    const answers = { 'upload-front': upload.answer ?? null };
    const invalid = await step(flow, 'approve-front').run(
      stepContext({ flow, session: s, answers, fields: { 'review-front': { idNumber: '29913450112345' } } }),
    );
    expect(invalid).toMatchObject({
      kind: 'needs_operator',
      reason: 'review_required',
      code: 'invalid_id_number',
    });
    lumin.state.refuseNextApprovals = 1;
    expect(await step(flow, 'approve-front').run(stepContext({ flow, session: s, answers }))).toMatchObject({
      kind: 'needs_operator',
      code: 'approve_refused',
    });
  });

  it('the update flows: 404 unknown applicant, wrong password (status 1), unsupported verification, customerId mismatch, missing password', async () => {
    const flow = providers.flow('lumin.update-national-id');
    expect(await flow.authenticate!(stepContext({ flow, fields: { applicantId: '999999' } }))).toMatchObject({
      kind: 'needs_operator',
      code: 'ApplicantNotFound',
    });
    const base = { applicantId: hoda.applicantId, customerId: hoda.customerId };
    // Through the real case service and relay: where each case stops, and why.
    const viaRelay = (fields: typeof base, password: string) =>
      runThroughRelay(
        tempDir(),
        registry(flow),
        capture(flow.id, [hodaCard.front, hodaCard.back], fields, { password }),
      );
    const wrong = await viaRelay(base, 'wrong');
    expect(wrong.detail.state).toBe('needs_attention');
    expect(wrong.waiting).toMatchObject({ key: 'verify-password', lastError: { code: 'wrong_password' } });
    // The customer types it again (the flow screen asks for the secret), not a dead end.
    expect(wrong.detail.attentionReason).toBe('secret_required');
    // Without the password the case is not even taken: the flow runs online only.
    const { queue } = openFlowQueue(tempDir(), registry(flow));
    expect(() => queue.cases.capture(capture(flow.id, [hodaCard.front, hodaCard.back], base))).toThrow(
      /needs the customer's secret/,
    );
    await queue.close();
    const mismatch = await viaRelay({ ...base, customerId: 'someone-else' }, 'Specimen#2024');
    expect(mismatch.waiting).toMatchObject({ key: 'upload-front', lastError: { code: 'CustomerMismatch' } });
    const otp = lumin.state.addCustomer({
      nationalId: specimenPerson('karim').nationalId,
      verificationMethod: 5,
    });
    const unsupported = await viaRelay({ applicantId: otp.applicantId, customerId: otp.customerId }, 'x');
    expect(unsupported.waiting?.key).toBe('verification-method');
    expect(unsupported.detail.attentionReason).toBe('unsupported_verification');
  });

  it('the SDK VerifyPassword path works when configured; update approve status 1 → needs_operator', async () => {
    const config = {
      lumin: {
        ...providers.config.lumin!,
        verifyPasswordPath: 'api/v1/update/PasswordUpdateAuthentication/VerifyPassword',
      },
    };
    const flow = providers.flow('lumin.update-passport', config);
    lumin.state.refuseNextApprovals = 1;
    const result = await runThroughRelay(
      tempDir(),
      registry(flow),
      capture(
        flow.id,
        [await passportImage('hoda')],
        { applicantId: hoda.applicantId, customerId: hoda.customerId },
        { password: 'Specimen#2024' },
      ),
    );
    expect(result.answers['verify-password']).toEqual({ status: 0 });
    expect(result.waiting).toMatchObject({ key: 'approve-passport', lastError: { code: 'approve_refused' } });
  });

  it('sends the kiosk language as Accept-Language and never logs tokens, secrets or personal data', async () => {
    const flow = providers.flow('lumin.kyc-national-id');
    const s = await session(flow);
    const outcome = await step(flow, 'approve-back').run(stepContext({ flow, session: s, language: 'ar' }));
    expect((outcome as { message: string }).message).toMatch(/[\u0600-\u06FF]/);
    const log = providers.logLines.join('');
    expect(log).toContain('provider.call');
    for (const secret of [s.token, 'training-secret', specimenPerson('amira').nationalId, 'أميرة'])
      expect(log).not.toContain(secret);
  });
});
