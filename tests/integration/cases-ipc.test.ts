// The flow operations through the real core and dispatcher, as the renderer reaches them, against
// training mode's Lumin simulator: the two update flows start from the applicant's identifiers,
// take the customer's password (memory only: no copy in the database, its WAL, the logs or temp
// files afterwards), capture, review and complete; main refuses a review that does not match the
// descriptor of the step it answers, and an update flow refuses to start with its provider down.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specimenPerson } from '../../src/main/specimens';
import { signIn } from '../helpers/core';
import { call, TEST_CALL, until, waitsForPerson } from '../helpers/flow-calls';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const tempDir = cores.tempDir;
const ctx = TEST_CALL;
const PASSWORD = 'Specimen#2024';
const HODA = specimenPerson('hoda').registered!;

/** Every file under `dir` (recursively), as bytes. */
function filesUnder(dir: string, since = 0): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // removed meanwhile by another process
    }
    if (stat.isDirectory()) {
      if (dir === tmpdir() && stat.mtimeMs < since) continue;
      try {
        out.push(...filesUnder(path, since));
      } catch {
        // another user's folder
      }
    } else if (stat.isFile() && stat.mtimeMs >= since && stat.size < 64 * 1024 * 1024) {
      try {
        out.push({ path, bytes: readFileSync(path) });
      } catch {
        // not ours to read
      }
    }
  }
  return out;
}

describe('the update flows over IPC', () => {
  it('update national ID: start, password, front and back, review, done; the password is never written anywhere', async () => {
    const started = Date.now();
    const dir = tempDir();
    const kiosk = cores.start(dir);
    // Captured by a teller; the reading is approved by a supervisor (the receipt names both).
    await signIn(kiosk, 'training-teller');
    await kiosk.providers;
    let view = await call(kiosk, 'cases.start', {
      flow: 'lumin.update-national-id',
      fields: { applicantId: HODA.applicantId, customerId: HODA.customerId },
    });
    expect(view.secretsNeeded).toEqual(['password']);
    expect(view.waitingFor).toMatchObject({ kind: 'capture', role: 'front' });
    view = await call(kiosk, 'cases.provideSecret', { caseId: view.id, name: 'password', value: PASSWORD });
    expect(view.secretsNeeded).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    const source = { kind: 'device', sourceId: 'simulated:specimen:hoda' };
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'front', source });
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'back', source });

    view = await until(kiosk, view.id, waitsForPerson);
    expect(view.waitingFor, JSON.stringify(view.steps)).toEqual({ kind: 'review', step: 'review-front' });
    expect(view.review?.translationEnabled).toBe(true);
    // What the provider read is shown for checking, the English names for editing.
    expect(view.review?.extracted).toMatchObject({
      idNumber: specimenPerson('hoda').nationalId,
      fullNameEn: expect.stringContaining('Hoda') as string,
    });
    await signIn(kiosk, 'training-supervisor');
    view = await call(kiosk, 'cases.submitReview', {
      caseId: view.id,
      step: 'review-front',
      values: { fullNameEn: 'Hoda Mostafa Kamel', firstNameEn: 'Hoda', familyNameEn: 'Mostafa Kamel' },
    });
    view = await until(kiosk, view.id, (v) => v.state === 'completed' || v.state === 'needs_attention');
    expect(view.state, JSON.stringify(view.steps)).toBe('completed');
    expect(view.done).toMatchObject({
      name: 'هدى مصطفى كامل',
      idNumberMasked: expect.stringMatching(/^•{10}\d{4}$/) as string,
      idNumberLabelKey: 'done.idNumber',
      providerReference: HODA.customerId,
      // The customer number staff typed, named as what it is at Lumin (not a new reference).
      providerReferenceLabelKey: 'done.luminCustomer',
      headlineKey: 'flow.done',
      operatorName: 'Training teller', // who captured it (tests/helpers/core.ts signIn)
      approverName: 'Training supervisor', // who approved the reading
    });
    const training = (await kiosk.providers).training!;
    expect(training.simulators.lumin.ledger.count('national_id_updated')).toBe(1);

    // The password was only ever in memory: no file the run touched holds it.
    const needle = Buffer.from(PASSWORD, 'utf8');
    const before = filesUnder(dir);
    expect(before.some((f) => f.path.endsWith('kiosk.db-wal'))).toBe(true);
    expect(before.some((f) => f.path.includes('logs'))).toBe(true);
    await cores.close();
    for (const file of [...before, ...filesUnder(dir), ...filesUnder(tmpdir(), started)]) {
      expect(file.bytes.indexOf(needle), file.path).toBe(-1);
    }
  });

  it('a password the provider refuses is asked for again on the flow screen; the right one resumes the case', async () => {
    const kiosk = cores.start(tempDir());
    await signIn(kiosk);
    await kiosk.providers;
    let view = await call(kiosk, 'cases.start', {
      flow: 'lumin.update-national-id',
      fields: { applicantId: HODA.applicantId, customerId: HODA.customerId },
    });
    view = await call(kiosk, 'cases.provideSecret', { caseId: view.id, name: 'password', value: 'not-it' });
    const source = { kind: 'device', sourceId: 'simulated:specimen:hoda' };
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'front', source });
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'back', source });
    view = await until(kiosk, view.id, waitsForPerson);
    // Not "refused by the provider" with nothing to do: the password is asked for again.
    expect(view.attentionReason, JSON.stringify(view.steps)).toBe('secret_required');
    expect(view.lastError?.code).toBe('wrong_password');
    expect(view.secretsNeeded).toEqual(['password']);
    view = await call(kiosk, 'cases.provideSecret', { caseId: view.id, name: 'password', value: PASSWORD });
    view = await until(kiosk, view.id, waitsForPerson);
    expect(view.waitingFor, JSON.stringify(view.steps)).toEqual({ kind: 'review', step: 'review-front' });
  });

  it('update passport: the Arabic name is reviewed, fields read are shown, approve once', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    await kiosk.providers;
    let view = await call(kiosk, 'cases.start', {
      flow: 'lumin.update-passport',
      fields: { applicantId: HODA.applicantId, customerId: HODA.customerId.toLowerCase() },
    });
    view = await call(kiosk, 'cases.provideSecret', { caseId: view.id, name: 'password', value: PASSWORD });
    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId: view.id,
      role: 'passport',
      source: { kind: 'device', sourceId: 'simulated:specimen:hoda' },
    });
    view = await until(kiosk, view.id, waitsForPerson);
    expect(view.waitingFor, JSON.stringify(view.steps)).toEqual({ kind: 'review', step: 'review-passport' });
    expect(view.review?.extracted.fullNameAr).toBe('هدى مصطفى كامل');
    expect(view.review?.extracted.documentNumber).toBe(specimenPerson('hoda').passport.number);

    // A field the passport review does not have is refused, not guessed at.
    const wrong = await kiosk.dispatch(
      'cases.submitReview',
      { caseId: view.id, step: 'review-passport', values: { fullNameEn: 'Hoda', firstNameEn: 'H' } },
      ctx,
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Its rules are main's too: the Arabic name in Arabic letters.
    const latin = await kiosk.dispatch(
      'cases.submitReview',
      { caseId: view.id, step: 'review-passport', values: { fullNameAr: 'Hoda Kamel' } },
      ctx,
    );
    expect(latin).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: [{ field: 'fullNameAr', key: 'arabicLettersOnly' }] },
    });
    view = await call(kiosk, 'cases.submitReview', {
      caseId: view.id,
      step: 'review-passport',
      values: { fullNameAr: 'هدى مصطفى كامل' },
    });
    view = await until(kiosk, view.id, (v) => v.state === 'completed' || v.state === 'needs_attention');
    expect(view.state, JSON.stringify(view.steps)).toBe('completed');
    expect(view.done?.idNumberMasked).toMatch(/\w{4}$/);
    // Labelled as the passport's number on the receipt (the flow's done.idNumberLabelKey).
    expect(view.done?.idNumberLabelKey).toBe('done.passportNumber');
    const training = (await kiosk.providers).training!;
    expect(training.simulators.lumin.ledger.count('passport_updated')).toBe(1);
  });

  it('refuses a national-ID review carrying another step’s fields (once a TypeError: internal)', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    await kiosk.providers;
    let view = await call(kiosk, 'cases.start', {
      flow: 'lumin.update-national-id',
      fields: { applicantId: HODA.applicantId, customerId: HODA.customerId },
    });
    view = await call(kiosk, 'cases.provideSecret', { caseId: view.id, name: 'password', value: PASSWORD });
    const source = { kind: 'device', sourceId: 'simulated:specimen:hoda' };
    await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'front', source });
    await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'back', source });
    view = await until(kiosk, view.id, waitsForPerson);
    expect(view.waitingFor).toEqual({ kind: 'review', step: 'review-front' });
    // The onboarding's fields on the update's review step: refused by name.
    const onboardingValues = {
      fullName: 'هدى مصطفى كامل',
      fullNameEn: 'Hoda Mostafa Kamel',
      firstNameEn: 'Hoda',
      familyNameEn: 'Mostafa Kamel',
      idNumber: specimenPerson('hoda').nationalId,
    };
    const refused = await kiosk.dispatch(
      'cases.submitReview',
      { caseId: view.id, step: 'review-front', values: onboardingValues },
      ctx,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { unknown: ['fullName', 'idNumber'] } },
    });
    // Missing English names while the tenant translates: refused with the rule's key.
    const missing = await kiosk.dispatch(
      'cases.submitReview',
      { caseId: view.id, step: 'review-front', values: { fullNameEn: 'Hoda' } },
      ctx,
    );
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: [{ field: 'firstNameEn', key: 'englishRequired' }, {}] },
    });
    expect((await call(kiosk, 'cases.get', { caseId: view.id })).state).toBe('needs_attention');
  });

  it('checks identifiers and secrets against the descriptor, and needs the provider at the start', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const training = (await kiosk.providers).training!;
    const bad = await kiosk.dispatch(
      'cases.start',
      { flow: 'lumin.update-national-id', fields: { applicantId: '10x', customerId: HODA.customerId } },
      ctx,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: [{ field: 'applicantId' }] },
    });
    // The update flows start only after a name was entered: no capture before cases.start.
    const early = await kiosk.dispatch(
      'cases.capture',
      {
        flow: 'lumin.update-passport',
        role: 'passport',
        source: { kind: 'device', sourceId: 'simulated:specimen:hoda' },
      },
      ctx,
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'flow_needs_start' } });
    const view = await call(kiosk, 'cases.start', {
      flow: 'lumin.update-passport',
      fields: { applicantId: HODA.applicantId, customerId: HODA.customerId },
    });
    const otherSecret = await kiosk.dispatch(
      'cases.provideSecret',
      { caseId: view.id, name: 'pin', value: '1234' },
      ctx,
    );
    expect(otherSecret).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const servers = Object.values(training.simulators);
    await Promise.all(servers.map((server) => server.close()));
    const offline = await kiosk.dispatch(
      'cases.start',
      {
        flow: 'lumin.update-passport',
        fields: { applicantId: HODA.applicantId, customerId: HODA.customerId },
      },
      ctx,
    );
    expect(offline).toMatchObject({ ok: false, error: { code: 'provider_offline' } });
    // The onboarding has no such need: it captures offline and sends later.
    const onboarding = await kiosk.dispatch(
      'cases.capture',
      {
        flow: 'lumin.kyc-national-id',
        role: 'front',
        source: { kind: 'device', sourceId: 'simulated:specimen:karim' },
      },
      ctx,
    );
    expect(onboarding.ok).toBe(true);
  });
});
