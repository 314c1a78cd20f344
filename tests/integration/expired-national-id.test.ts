// A new customer's national ID that has expired is not onboarded without a word (issue 11, point
// 6): its expiry is printed on the back, which the onboarding never reviews, so the case went on to
// approve the back and created the customer. Now it stops once Lumin has read the back, before the
// approval, in the inbox, saying why. Real core, IPC, relay and the training Lumin simulator; the
// specimen "omar" carries a card that expired on 2019-03-02 (src/main/specimens/people.ts).
import { describe, expect, it } from 'vitest';
import { signIn } from '../helpers/core';
import { approveReading, startOnboarding } from '../helpers/flow-calls';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();

describe('onboarding on an expired national ID', () => {
  it('stops before the back is approved, in the inbox, with the reason; a valid card goes through', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const training = (await kiosk.providers).training!;
    const { ledger } = training.simulators.lumin;

    const expired = await approveReading(kiosk, await startOnboarding(kiosk, 'omar'));
    expect(expired.state, JSON.stringify(expired.steps)).toBe('needs_attention');
    expect(expired.attentionReason).toBe('document_expired');
    expect(expired.lastError?.code).toBe('document_expired');
    // The date itself is personal data: the stored history keeps it redacted.
    expect(expired.lastError?.message).toBe('The national ID expired on [date].');
    expect(ledger.count('back_uploaded')).toBe(1);
    expect(ledger.count('back_approved')).toBe(0);
    expect(ledger.count('customer_onboarded')).toBe(0);

    // A card still valid (karim's expires 2028-08-31) is onboarded as before.
    const valid = await approveReading(kiosk, await startOnboarding(kiosk, 'karim'));
    expect(valid.state, JSON.stringify(valid.steps)).toBe('completed');
    expect(ledger.count('customer_onboarded')).toBe(1);
  });
});
