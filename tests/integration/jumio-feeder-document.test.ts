// Jumio's supporting document from the feeder (issue 9), through the real core and dispatcher as
// the renderer reaches them, training mode's Jumio simulator and the real relay:
// - a scan of the document role from a scanner with a feeder takes every sheet (the simulated
//   specimen scanner's feeder holds 3), joined into one PDF that takes the PDF file's path: stored
//   as application/pdf with 3 pages, sent as ONE application/pdf DOCUMENT part;
// - the race of "Capture the document now" against the relay: Jumio's start-transaction decides
//   whether the workflow has a DOCUMENT credential. A document captured after the relay took that
//   step was stored and then either failed the case (no_document_credential) or stayed unsent
//   without a word. Now it is refused with capture_too_late, nothing stored, and the case finishes.
//   The outcome does not depend on when, after the start, the capture arrives (no timing in it).
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import type { CaseView } from '../../src/shared/ipc/cases';
import type { Result } from '../../src/shared/ipc/result';
import { signIn, testCore } from '../helpers/core';
import { call, TEST_CALL, until } from '../helpers/flow-calls';
import { drawnSelfiePng } from '../helpers/selfie';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let core: KioskCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const stepState = (view: CaseView, key: string) => view.steps.find((s) => s.key === key)?.state;
const device = { kind: 'device', sourceId: 'simulated:specimen:karim' };
const PREPARED = { firstName: 'Karim', lastName: 'Mansour', dateOfBirth: '1990-04-17', nationality: 'EGY' };

/** A Jumio case with front, back and selfie captured; the review not yet submitted. */
async function capturedCase(kiosk: KioskCore): Promise<CaseView> {
  let view = await call(kiosk, 'cases.start', { flow: 'jumio.credentials', fields: { customer: 'new' } });
  const caseId = view.id;
  for (const role of ['front', 'back'])
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId, role, source: device });
  const selfie = { kind: 'file', name: 'selfie.png', bytes: new Uint8Array(await drawnSelfiePng()) };
  view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId, role: 'selfie', source: selfie });
  return until(kiosk, caseId, (v) => v.waitingFor?.kind === 'review');
}

// A hang guard, not a timed assertion: each test scans and processes 5–6 pictures (~14 s at load 12).
describe('Jumio supporting document from the feeder, over IPC and the relay', { timeout: 90_000 }, () => {
  it('a 3-sheet feeder becomes one 3-page PDF, stored and sent as one application/pdf part', async () => {
    const kiosk = (core = testCore(tempDir()));
    await signIn(kiosk);
    const jumio = (await kiosk.providers).training!.simulators.jumio;
    let view = await capturedCase(kiosk);
    const caseId = view.id;
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId, role: 'document', source: device });
    const document = view.images.find((image) => image.role === 'document');
    expect(document).toMatchObject({ mime: 'application/pdf', pages: 3 });
    expect(document!.size).toBeLessThanOrEqual(15 * 1024 * 1024);

    await call(kiosk, 'cases.submitReview', { caseId, step: 'review-prepared-data', values: PREPARED });
    view = await until(
      kiosk,
      caseId,
      (v) => stepState(v, 'finalize') === 'done' || v.state === 'needs_attention',
    );
    expect(stepState(view, 'document'), JSON.stringify(view.steps)).toBe('done');
    const sent = jumio.ledger.entries('document_added');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.details).toMatchObject({ pages: 3, files: 1, format: 'pdf', types: ['application/pdf'] });
  });

  it('a document captured after the relay started the transaction without it is refused, nothing lost', async () => {
    const kiosk = (core = testCore(tempDir()));
    await signIn(kiosk);
    const jumio = (await kiosk.providers).training!.simulators.jumio;
    let view = await capturedCase(kiosk);
    const caseId = view.id;
    // Still before the start: the document is offered.
    expect(view.lateRoles).toEqual([]);
    await call(kiosk, 'cases.submitReview', { caseId, step: 'review-prepared-data', values: PREPARED });
    // The relay has taken the start (any moment after it: in flight, done, or further on).
    view = await until(kiosk, caseId, (v) => stepState(v, 'start-transaction') !== 'pending');
    const images = view.images.map(({ role, size }) => ({ role, size }));

    const late = (await kiosk.dispatch(
      'cases.capture',
      { flow: view.flow, caseId, role: 'document', source: device },
      TEST_CALL,
    )) as Result<CaseView>;
    expect(late.ok, JSON.stringify(late)).toBe(false);
    if (!late.ok) {
      expect(late.error.code).toBe('capture_too_late');
      expect(late.error.details).toEqual({ role: 'document' });
    }

    view = await until(
      kiosk,
      caseId,
      (v) => v.state === 'completed' || v.state === 'needs_attention' || stepState(v, 'finalize') === 'done',
    );
    // Nothing stored, nothing replaced; the case went on and finalized without a document.
    expect(view.images.map(({ role, size }) => ({ role, size }))).toEqual(images);
    expect(stepState(view, 'document'), JSON.stringify(view.steps)).toBe('skipped');
    expect(stepState(view, 'finalize')).toBe('done');
    expect(view.attentionReason).toBeNull();
    expect(view.lateRoles).toEqual(['document']);
    expect(jumio.ledger.entries('document_added')).toHaveLength(0);
  });
});
