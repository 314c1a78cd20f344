// "Reset training data" (issue 8, point 9): training mode's simulators keep their customers in
// memory, so each unregistered specimen can be onboarded once per run; the second onboarding is
// answered 10103 (already registered). app.resetTraining puts every simulator back to its start
// through its guarded admin endpoint, and the same specimen can be onboarded again. The kiosk's
// own cases stay. A production kiosk refuses it (training_only); a teller may not (supervisor).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn } from '../helpers/core';
import { approveReading, call, startOnboarding, TEST_CALL } from '../helpers/flow-calls';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = TEST_CALL;

describe('reset training data', () => {
  it('lets a specimen that was onboarded be onboarded again; the kiosk keeps its cases', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const training = (await kiosk.providers).training!;

    const first = await startOnboarding(kiosk, 'karim');
    expect(first.waitingFor, JSON.stringify(first.steps)).toEqual({ kind: 'review', step: 'review-front' });
    const done = await approveReading(kiosk, first);
    expect(done.state, JSON.stringify(done.steps)).toBe('completed');

    // The specimen is used up: the simulator now knows him (10103).
    const again = await startOnboarding(kiosk, 'karim');
    expect(again.attentionReason).toBe('already_registered');

    expect(await call(kiosk, 'app.resetTraining', undefined)).toEqual({ reset: ['lumin', 'argos', 'jumio'] });
    expect(training.simulators.lumin.ledger.count('state_reset')).toBe(1);
    expect(training.simulators.argos.ledger.count('state_reset')).toBe(1);
    expect(training.simulators.jumio.ledger.count('state_reset')).toBe(1);
    // ARGOS's ready submissions are there again; the registered specimen (Hoda) still is.
    for (const id of training.trainingSubmissions) {
      expect(training.simulators.argos.state.submissions.get(id)?.images).toEqual({});
    }
    expect(training.simulators.lumin.state.customersByApplicant.size).toBeGreaterThan(0);

    const third = await startOnboarding(kiosk, 'karim');
    expect(third.attentionReason).not.toBe('already_registered');
    expect(third.waitingFor).toEqual({ kind: 'review', step: 'review-front' });
    expect((await approveReading(kiosk, third)).state).toBe('completed');

    // Nothing of the kiosk's own store was touched.
    expect((await call(kiosk, 'cases.get', { caseId: first.id })).state).toBe('completed');
    expect((await call(kiosk, 'cases.get', { caseId: again.id })).attentionReason).toBe('already_registered');
  });

  it('is a supervisor’s, and the simulators’ reset endpoint needs the run’s admin token', async () => {
    const kiosk = cores.start();
    await signIn(kiosk, 'training-teller');
    const training = (await kiosk.providers).training!;
    const refused = await kiosk.dispatch('app.resetTraining', undefined, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    for (const sim of Object.values(training.simulators)) {
      const bare = await fetch(`${sim.url}/__sim/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(bare.status).toBe(403);
      expect(sim.ledger.count('state_reset')).toBe(0);
    }

    // A stopped simulator (an outage rehearsal): a clear "unavailable", not an internal error.
    await signIn(kiosk, 'training-supervisor');
    await training.simulators.jumio.close();
    const down = await kiosk.dispatch('app.resetTraining', undefined, ctx);
    expect(down).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('is refused on a production kiosk with training_only', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'kiosk.config.json'),
      JSON.stringify({
        providers: { argos: { apiKey: { encrypted: 'AAAA' }, admin: 'kyc-admin@bank.example' } },
      }),
    );
    const kiosk = cores.start(dir);
    expect((await kiosk.providers).mode).toBe('production');
    // Production has no training operators: the handler itself is asked (the role gate is above).
    await expect(kiosk.handlers['app.resetTraining'](undefined, ctx)).rejects.toMatchObject({
      code: 'training_only',
    });
  });
});
