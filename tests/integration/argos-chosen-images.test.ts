// ARGOS (seed 003): staff choose which images to add or replace before anything is sent, through
// the real core and dispatcher against training mode's ARGOS simulator. The case asks for exactly
// the chosen images (not "any one"), sends nothing until all of them are there, then puts only
// those; a missing or unknown choice is refused at cases.start with a translated key.
import { describe, expect, it } from 'vitest';
import { renderNationalId, specimenPerson } from '../../src/main/specimens';
import type { CaseView } from '../../src/shared/ipc/cases';
import type { Result } from '../../src/shared/ipc/result';
import { signIn } from '../helpers/core';
import { call, TEST_CALL, until } from '../helpers/flow-calls';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();

/** A signed-in core, training mode's ARGOS simulator and a fresh submission there. */
async function argosSubmission() {
  const kiosk = cores.start();
  await signIn(kiosk);
  const argos = (await kiosk.providers).training!.simulators.argos;
  return { kiosk, argos, submission: argos.createSubmission() };
}

describe('ARGOS: the images to add or replace are chosen before sending', () => {
  it('asks for every chosen image, sends nothing before the last one, then puts exactly those', async () => {
    const { kiosk, argos, submission } = await argosSubmission();

    // Chosen in any order; the case keeps the plan's order.
    let view = await call(kiosk, 'cases.start', {
      flow: 'argos.put-image',
      fields: { submissionId: submission.id, images: 'selfie,front', idType: 'government_id' },
    });
    expect(view.capturePlan).toEqual(['front', 'selfie']);
    expect(view.waitingFor).toMatchObject({ kind: 'capture', role: 'front' });

    const scanner = { kind: 'device', sourceId: 'simulated:specimen:karim' };
    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId: view.id,
      role: 'front',
      source: scanner,
    });
    // One image of two: the case still waits for the selfie (before: it sent the front at once).
    expect(view.state).toBe('needs_attention');
    expect(view.attentionReason).toBe('capture_required');
    expect(view.waitingFor).toMatchObject({ kind: 'capture', role: 'selfie' });
    expect(argos.ledger.entries('image_put')).toEqual([]);

    const selfie = (await renderNationalId(specimenPerson('youssef'), { scale: 0.5 })).back.bytes;
    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId: view.id,
      role: 'selfie',
      source: { kind: 'file', name: 'selfie.jpg', bytes: new Uint8Array(selfie) },
    });
    view = await until(kiosk, view.id, (v) => v.state === 'completed' || v.state === 'needs_attention');
    expect(view.state, JSON.stringify(view.steps)).toBe('completed');
    const puts = argos.ledger.entries('image_put').map((entry) => entry.details);
    expect(puts.map((details) => details.field)).toEqual(['idImage', 'selfieImage']);
    expect(puts.every((details) => details.submissionId === submission.id)).toBe(true);
  });

  it('refuses an image that was not chosen, and sends only the chosen one', async () => {
    const { kiosk, argos, submission } = await argosSubmission();
    let view = await call(kiosk, 'cases.start', {
      flow: 'argos.put-image',
      fields: { submissionId: submission.id, images: 'front' },
    });
    expect(view.capturePlan).toEqual(['front']);
    // Only the front was chosen: the back would overwrite the customer's own at ARGOS.
    const back = (await renderNationalId(specimenPerson('karim'))).back.bytes;
    const refused = (await kiosk.dispatch(
      'cases.capture',
      {
        flow: view.flow,
        caseId: view.id,
        role: 'back',
        source: { kind: 'file', name: 'back.jpg', bytes: new Uint8Array(back) },
      },
      TEST_CALL,
    )) as Result<CaseView>;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('invalid_input');
    const scanner = { kind: 'device', sourceId: 'simulated:specimen:karim' };
    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId: view.id,
      role: 'front',
      source: scanner,
    });
    view = await until(kiosk, view.id, (v) => v.state === 'completed' || v.state === 'needs_attention');
    expect(view.state, JSON.stringify(view.steps)).toBe('completed');
    expect(view.images.map((image) => image.role)).toEqual(['front']);
    expect(argos.ledger.entries('image_put').map((entry) => entry.details.field)).toEqual(['idImage']);
  });

  it('refuses a case without a choice or with an image ARGOS does not take, creating nothing', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const before = (await kiosk.dispatch('queue.list', {}, TEST_CALL)) as Result<{ cases: unknown[] }>;
    const cases: [string, string][] = [
      ['', 'chooseImages'],
      [' , ', 'chooseImages'],
      ['front,passport', 'choiceUnknown'],
      ['document', 'choiceUnknown'],
    ];
    for (const [images, key] of cases) {
      const result = (await kiosk.dispatch(
        'cases.start',
        {
          flow: 'argos.put-image',
          fields: { submissionId: 'training-submission-1', images },
        },
        TEST_CALL,
      )) as Result<CaseView>;
      expect(result.ok, images).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input');
        // The key the renderer translates (review.errors.<key>, en and ar).
        expect(result.error.details, images).toEqual([{ field: 'images', key }]);
      }
    }
    const after = (await kiosk.dispatch('queue.list', {}, TEST_CALL)) as Result<{ cases: unknown[] }>;
    expect(after.ok && before.ok && after.value.cases.length).toBe(
      before.ok ? before.value.cases.length : -1,
    );
  });
});
