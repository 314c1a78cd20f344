// Jumio's optional supporting document as one PDF file (seed 004: "images or one PDF, ≤ 15 MB in
// total, ≤ 30 pages"; issue 9) through the real core and dispatcher, as the renderer reaches them,
// against training mode's Jumio simulator and the real relay. Main decides it is a PDF from the
// bytes (the name says .jpg), checks it with pdf-lib, seals it like an image; the DOCUMENT step sends
// it as one application/pdf part. A 31-page PDF, an encrypted one, and a PDF for the ID's front are
// refused with their codes, and the case keeps every capture it had.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/shared/ipc/cases';
import type { Result } from '../../src/shared/ipc/result';
import { signIn } from '../helpers/core';
import { blankPdf, encryptedPdf } from '../helpers/pdf-files';
import { drawnSelfiePng } from '../helpers/selfie';
import { useTestCore } from '../helpers/test-core';
import { call, TEST_CALL, until } from '../helpers/flow-calls';

const cores = useTestCore();
const ctx = TEST_CALL;

const stepState = (view: CaseView, key: string) => view.steps.find((s) => s.key === key)?.state;
const stored = (view: CaseView) =>
  view.images
    .map(({ role, mime, size, pages }) => ({ role, mime, size, pages }))
    .sort((a, b) => a.role.localeCompare(b.role));

// A hang guard, not a timed assertion: the test scans and processes three pictures, ~15 s at load 12,
// and ran out of the 20 s default once beside another integration file.
describe('Jumio supporting document as a PDF, over IPC and the relay', { timeout: 90_000 }, () => {
  it('stores and sends a 3-page PDF as one part; refuses 31 pages, encryption and a PDF front, losing nothing', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const jumio = (await kiosk.providers).training!.simulators.jumio;
    let view = await call(kiosk, 'cases.start', { flow: 'jumio.credentials', fields: { customer: 'new' } });
    const caseId = view.id;
    const capture = (role: string, source: unknown) =>
      kiosk.dispatch('cases.capture', { flow: view.flow, caseId, role, source }, ctx) as Promise<
        Result<CaseView>
      >;
    const device = { kind: 'device', sourceId: 'simulated:specimen:karim' };
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId, role: 'front', source: device });
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId, role: 'back', source: device });

    // The renderer's name is not believed: the bytes say PDF.
    const pdf = await blankPdf(3);
    const added = await capture('document', { kind: 'file', name: 'scan.jpg', bytes: pdf });
    if (!added.ok) throw new Error(`${added.error.code} ${added.error.message}`);
    view = added.value;
    const document = view.images.find((image) => image.role === 'document');
    expect(document).toMatchObject({ mime: 'application/pdf', pages: 3, size: pdf.byteLength });
    const before = stored(view);
    expect(before.map((image) => image.role)).toEqual(['back', 'document', 'front']);
    // The sealed copy is the file itself, byte for byte.
    const copy = (await kiosk.dispatch('cases.image', { caseId, role: 'document' }, ctx)) as Result<{
      mime: string;
      bytes: Uint8Array;
    }>;
    expect(copy.ok && copy.value.mime).toBe('application/pdf');
    expect(copy.ok && Buffer.from(copy.value.bytes).equals(Buffer.from(pdf))).toBe(true);

    const refusals = [
      {
        role: 'document',
        bytes: await blankPdf(31),
        code: 'pdf_too_many_pages',
        details: { pages: 31, max: 30 },
      },
      { role: 'document', bytes: encryptedPdf(), code: 'pdf_encrypted' },
      { role: 'front', bytes: pdf, code: 'pdf_not_for_role', details: { role: 'front' } },
    ];
    for (const refusal of refusals) {
      const result = await capture(refusal.role, {
        kind: 'file',
        name: 'document.pdf',
        bytes: refusal.bytes,
      });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe(refusal.code);
      if (refusal.details) expect(result.error.details).toEqual(refusal.details);
      // Nothing captured was lost or replaced.
      expect(stored(await call(kiosk, 'cases.get', { caseId }))).toEqual(before);
    }

    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId,
      role: 'selfie',
      source: { kind: 'file', name: 'selfie.png', bytes: new Uint8Array(await drawnSelfiePng()) },
    });
    view = await until(kiosk, caseId, (v) => v.state === 'needs_attention' || v.state === 'completed');
    expect(view.waitingFor, JSON.stringify(view.steps)).toEqual({
      kind: 'review',
      step: 'review-prepared-data',
    });
    view = await call(kiosk, 'cases.submitReview', {
      caseId,
      step: 'review-prepared-data',
      values: { firstName: 'Karim', lastName: 'Mansour', dateOfBirth: '1990-04-17', nationality: 'EGY' },
    });
    view = await until(
      kiosk,
      caseId,
      (v) => stepState(v, 'finalize') === 'done' || v.state === 'needs_attention',
    );
    expect(stepState(view, 'document'), JSON.stringify(view.steps)).toBe('done');
    expect(stepState(view, 'finalize')).toBe('done');

    const documents = jumio.ledger.entries('document_added');
    expect(documents).toHaveLength(1);
    expect(documents[0]!.details).toMatchObject({
      pages: 3,
      files: 1,
      format: 'pdf',
      types: ['application/pdf'],
    });
  });
});
