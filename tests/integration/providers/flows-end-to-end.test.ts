// The five flows, each run start to finish through the real case service and relay (a QueueService
// on a real SQLite file) against the simulators (real loopback HTTP, real sharp images).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNationalId, specimenPerson } from '../../../src/main/specimens';
import type { StoredImage } from '../../../src/main/sync/flow-types';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { registry } from '../../helpers/queue';
import { capture, runThroughRelay, type Person } from '../../helpers/relay-flows';
import { idCardImages, passportImage, stored } from '../../helpers/specimen-images';
import { karimReview } from '../../helpers/kiosk-person';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

let providers: ProviderHarness;
let karim: { front: StoredImage; back: StoredImage };
let hoda: { front: StoredImage; back: StoredImage };
let hodaPassport: StoredImage;
let selfie: StoredImage;

const hodaCustomer = specimenPerson('hoda').registered!;
const updateFields = { applicantId: hodaCustomer.applicantId, customerId: hodaCustomer.customerId };

beforeAll(async () => {
  providers = await startProviders({ jumio: { timing: { processingMs: 0 }, accountRatePerSecond: 100 } });
  [karim, hoda, hodaPassport] = await Promise.all([
    idCardImages('karim'),
    idCardImages('hoda'),
    passportImage('hoda'),
  ]);
  // Any image over 300 px will do as a selfie for Jumio: the back of a card is one.
  selfie = stored('selfie', (await renderNationalId(specimenPerson('youssef'), { scale: 0.5 })).back);
});
afterAll(() => providers.close());

/** One case of `flowId` through the relay, with the person reviewing and capturing as asked. */
function run(
  flowId: Parameters<ProviderHarness['flow']>[0],
  images: StoredImage[],
  fields: Parameters<typeof capture>[2] = {},
  secrets?: Record<string, string>,
  review?: Person['review'],
  language: 'en' | 'ar' = 'en',
) {
  const flow = providers.flow(flowId);
  return runThroughRelay(
    tempDir(),
    registry(flow),
    { ...capture(flowId, images, fields, secrets), language },
    {
      ...(review ? { review } : {}),
    },
  );
}

describe('the five flows end to end through the relay', () => {
  it('flow 1 in Arabic: the operator reviews the OCR data, corrects the English name, and the approval carries it', async () => {
    // The back is captured up front here (offline-style): the case finds it present.
    const result = await run(
      'lumin.kyc-national-id',
      [karim.front, karim.back],
      {},
      undefined,
      karimReview,
      'ar',
    );
    expect(result.detail.state).toBe('completed');
    const approved = providers.simulators.lumin.ledger.entries('front_approved').at(-1)!;
    expect(approved.details.fields).toEqual(
      expect.arrayContaining(['fullNameEn', 'documentNumber', 'birthdate']),
    );
    const token = providers.simulators.lumin.ledger.entries('token_issued').at(-1)!;
    expect(token.details.userId).toBe('op-7');
  });

  it("flow 2: updates an existing customer's national ID with the password held in memory", async () => {
    const result = await run('lumin.update-national-id', [hoda.front, hoda.back], updateFields, {
      password: 'Specimen#2024',
    });
    expect(result.detail.state).toBe('completed');
    expect(Object.keys(result.answers)).toEqual([
      'allowed-steps',
      'initialize-step',
      'verification-method',
      'verify-password',
      'translation-flag',
      'upload-front',
      'upload-back',
      'approve-front',
      'approve-back',
    ]);
    expect(providers.simulators.lumin.ledger.count('national_id_updated')).toBeGreaterThanOrEqual(1);
  });

  it("flow 3: updates an existing customer's passport (MRZ read from the page, Arabic name approved)", async () => {
    const result = await run('lumin.update-passport', [hodaPassport], updateFields, {
      password: 'Specimen#2024',
    });
    expect(result.detail.state).toBe('completed');
    const upload = result.answers['upload-passport'] as {
      customerData: Record<string, unknown>;
      passportData: Record<string, unknown>;
    };
    expect(upload.customerData.documentNumber).toBe(specimenPerson('hoda').passport.number);
    expect(upload.passportData.fullNameAr).toBe('هدى مصطفى كامل');
    expect(result.reviewed['review-passport']).toEqual({ fullNameAr: 'هدى مصطفى كامل' });
    expect(providers.simulators.lumin.ledger.count('passport_updated')).toBe(1);
  });

  it('flow 4: puts the card images into an ARGOS submission and reads the approved result', async () => {
    const submission = providers.simulators.argos.createSubmission();
    const result = await run('argos.put-image', [karim.front, karim.back], { submissionId: submission.id });
    expect(result.detail.state).toBe('completed');
    expect(result.answers['put-image']).toEqual({ message: 'success', sent: ['idImage', 'idBackImage'] });
    expect((result.answers['read-result'] as { kyc: { result: string } }).kyc.result).toBe('approved');
    expect(submission.idType).toBe('government_id');
  });

  it('flow 5: a Jumio transaction with prepared data, three parts, finalize once, status polled to PROCESSED', async () => {
    const result = await run('jumio.credentials', [karim.front, karim.back, selfie], {
      preparedData: {
        firstName: 'Karim',
        lastName: 'Mahmoud Elsayed',
        sex: 'M',
        dateOfBirth: '1988-11-02',
        nationality: 'EGY',
      },
    });
    expect(result.detail.state).toBe('completed');
    const jumio = providers.simulators.jumio.ledger;
    expect(jumio.count('finalized')).toBe(1);
    expect(jumio.entries('part_added').map((e) => e.details.classifier)).toEqual(['FRONT', 'BACK', 'FACE']);
    expect(jumio.count('prepared_data_set')).toBe(1);
    expect(result.answers.result).toEqual({ status: 'PROCESSED' });
  });
});
