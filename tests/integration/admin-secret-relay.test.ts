// A provider secret replaced on the settings screen reaches the relay (issue 13, "secrets can be
// replaced"): the kiosk in training mode talks to the real Lumin simulator on loopback through the
// same connectors a bank uses. The provider rotates the tenant secret; a case sent with the old one
// is refused by the simulator (401, no token issued); after admin.replaceProviderSecret the next
// case's token request carries the new secret and the simulator issues a token. The simulator
// checks the secret itself (token-routes.ts), so its ledger is the evidence of what was sent.
import { describe, expect, it } from 'vitest';
import { call, startOnboarding, until, waitsForPerson } from '../helpers/flow-calls';
import { signIn } from '../helpers/core';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();

describe('a replaced provider secret and the relay', () => {
  it('the next provider call carries the replaced secret; the old one is refused and not used again', async () => {
    const kiosk = cores.start();
    const active = await kiosk.providers;
    const lumin = active.training!.simulators.lumin;
    const tenantId = active.config.lumin!.tenantId;
    const tokens = (): number => lumin.ledger.count('token_issued');

    // With the secret the kiosk started with, the onboarding gets its token and a reading.
    await signIn(kiosk, 'training-teller');
    const first = await startOnboarding(kiosk, 'karim');
    expect(first).toMatchObject({ attentionReason: 'review_required', lastError: null });
    expect(tokens()).toBe(1);

    // The bank rotates the tenant secret at the provider (a copy: the training tenant is shared).
    const tenant = lumin.state.tenants.get(tenantId)!;
    lumin.state.tenants.set(tenantId, { ...tenant, tenantSecret: 'rotated-tenant-secret-2026' });

    // The kiosk still sends the old secret: the simulator refuses it, no token is issued.
    const refused = await startOnboarding(kiosk, 'amira');
    expect(refused).toMatchObject({
      state: 'needs_attention',
      attentionReason: 'configuration_error',
      lastError: { code: 'InvalidTenant' },
    });
    expect(tokens()).toBe(1);

    // The administrator replaces the secret over IPC (sealed, stored, flows rebuilt).
    await signIn(kiosk, 'training-admin');
    await call(kiosk, 'admin.replaceProviderSecret', {
      provider: 'lumin',
      name: 'tenantSecret',
      secret: 'rotated-tenant-secret-2026',
    });

    // The refused case, tried again, goes through with the new secret: the simulator issues a token.
    await signIn(kiosk, 'training-teller');
    await call(kiosk, 'queue.retry', { caseId: refused.id });
    // The next settled state after the retry, whatever it is (a refusal again must fail, not hang).
    const retried = await until(
      kiosk,
      refused.id,
      (view) => waitsForPerson(view) && view.updatedAt !== refused.updatedAt,
    );
    expect(retried).toMatchObject({ attentionReason: 'review_required', lastError: null });
    expect(tokens()).toBe(2);
    // And so does the next case.
    const next = await startOnboarding(kiosk, 'karim');
    expect(next).toMatchObject({ attentionReason: 'review_required', lastError: null });
    expect(tokens()).toBe(3);
    expect(lumin.ledger.entries('token_issued').at(-1)?.details).toMatchObject({ tenantId });

    // The old secret is not used again: put the old one back at the provider alone and the
    // kiosk's next call is refused (it sends only the replaced secret).
    lumin.state.tenants.set(tenantId, tenant);
    const after = await startOnboarding(kiosk, 'amira');
    expect(after).toMatchObject({
      attentionReason: 'configuration_error',
      lastError: { code: 'InvalidTenant' },
    });
    expect(tokens()).toBe(3);
    // Four onboardings through the real simulator (captures, OCR, uploads): ~10 s on a loaded runner.
  }, 90_000);
});
