import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullNameAr, specimenPerson } from '../../../src/main/specimens';
import type { StoredImage } from '../../../src/main/sync/flow-types';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { runFlowSequentially } from '../../helpers/run-flow-sequentially';
import { idCardImages } from '../../helpers/specimen-images';

let providers: ProviderHarness;
let amira: { front: StoredImage; back: StoredImage };

beforeAll(async () => {
  providers = await startProviders();
  amira = await idCardImages('amira');
});
afterAll(() => providers.close());

describe('flow 1: Lumin KYC national ID by OCR, end to end against the simulator', () => {
  it('onboards a new customer with the data read from the captured card', async () => {
    const result = await runFlowSequentially({
      flow: providers.flow('lumin.kyc-national-id'),
      images: amira,
    });
    expect(result.stoppedAt).toBeUndefined();
    expect(result.completed).toBe(true);
    const person = specimenPerson('amira');
    const front = result.answers['upload-front'] as { customerData: Record<string, unknown> };
    expect(front.customerData.idNumber).toBe(person.nationalId);
    expect(front.customerData.fullName).toBe(fullNameAr(person));
    expect(front.customerData.firstNameEn).toBe('Amira');
    const effects = providers.simulators.lumin.ledger.entries().map((e) => e.effect);
    expect(effects).toEqual(
      expect.arrayContaining([
        'token_issued',
        'front_uploaded',
        'front_approved',
        'back_uploaded',
        'back_approved',
        'customer_onboarded',
      ]),
    );
  });
});
