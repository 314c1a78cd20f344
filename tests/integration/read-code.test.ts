// The ARGOS submission id read from a QR code the customer shows (cases.readCode), through the real
// core and dispatcher: from training mode's simulated scanner (a phone on the glass, the code
// generated with uqr) and from image files (light and dark screens, a bare id, another site's
// link, no code at all, bytes that are no image) and from document-camera frames (checked as
// hostile pictures first: src/main/imaging/camera-frame.ts). A field the descriptor does not read from codes
// is refused. Nothing is stored.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { KioskCore } from '../../src/main/core';
import { renderPhoneQrPage } from '../../src/main/specimens/phone-qr';
import type { Result } from '../../src/shared/ipc/result';
import { CAMERA_PHONE_SUBMISSION, renderScene } from '../helpers/camera-scenes';
import { signIn } from '../helpers/core';
import { useTestCore } from '../helpers/test-core';

const cores = useTestCore();
const ctx = { transport: 'test' as const };

async function readCode(kiosk: KioskCore, input: unknown): Promise<Result<{ value: string }>> {
  return (await kiosk.dispatch('cases.readCode', input, ctx)) as Result<{ value: string }>;
}

const file = (bytes: Buffer) => ({ kind: 'file', name: 'phone.jpg', bytes: new Uint8Array(bytes) });
const argos = (source: unknown) => ({ flow: 'argos.put-image', field: 'submissionId', source });

describe('cases.readCode: the submission id from the customer’s QR code', () => {
  it('reads it through the simulated scanner and from image files, light or dark screen', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const scanned = await readCode(kiosk, argos({ kind: 'device', sourceId: 'simulated:phone-qr' }));
    expect(scanned).toEqual({ ok: true, value: { value: 'training-submission-1' } });

    const dark = await renderPhoneQrPage(200, {
      text: 'https://apply.argos.example/continue?x=1&submission_id=training-submission-2',
      dark: true,
    });
    expect(await readCode(kiosk, argos(file(dark)))).toEqual({
      ok: true,
      value: { value: 'training-submission-2' },
    });
    const bare = await renderPhoneQrPage(300, { text: 'training-submission-3' });
    expect(await readCode(kiosk, argos(file(bare)))).toEqual({
      ok: true,
      value: { value: 'training-submission-3' },
    });
  });

  it('says what is wrong: no code, a code holding something else, bytes that are no image', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const code = async (input: unknown) => {
      const result = await readCode(kiosk, input);
      return result.ok ? `ok:${result.value.value}` : result.error.code;
    };
    const blank = await sharp({ create: { width: 800, height: 1100, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await code(argos(file(blank)))).toBe('code_unreadable');
    expect(await code(argos(file(Buffer.from('not an image at all'))))).toBe('code_unreadable');
    // The simulated card carries no code.
    expect(await code(argos({ kind: 'device', sourceId: 'simulated:unreadable' }))).toBe('code_unreadable');
    for (const text of [
      'https://shop.example/promo?ref=kiosk', // a link without the id
      'https://apply.argos.example/continue?submissionId=not%20an%20id!', // fails the field's rule
      'not an id!',
    ]) {
      expect(await code(argos(file(await renderPhoneQrPage(200, { text })))), text).toBe('code_not_valid');
    }
    // Only fields whose descriptor says `fromCode`.
    const page = await renderPhoneQrPage(200);
    expect(await code({ flow: 'argos.put-image', field: 'idType', source: file(page) })).toBe(
      'invalid_input',
    );
    expect(await code({ flow: 'lumin.update-national-id', field: 'applicantId', source: file(page) })).toBe(
      'invalid_input',
    );
  });

  it('reads a document-camera frame with the same reader, and refuses bad frames in words', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const code = async (bytes: Uint8Array) => {
      const result = await readCode(kiosk, argos({ kind: 'camera', bytes }));
      return result.ok ? `ok:${result.value.value}` : result.error.code;
    };
    // The frames the e2e tests' fake camera plays (a phone held over a desk), as the renderer sends them.
    const jpeg = async (kind: 'phone-qr' | 'phone-no-code' | 'desk') => {
      const scene = await renderScene(kind);
      const raw = { width: scene.width, height: scene.height, channels: 4 as const };
      return new Uint8Array(await sharp(Buffer.from(scene.rgba), { raw }).jpeg({ quality: 92 }).toBuffer());
    };
    expect(await code(await jpeg('phone-qr'))).toBe(`ok:${CAMERA_PHONE_SUBMISSION}`);
    expect(await code(await jpeg('phone-no-code'))).toBe('code_unreadable');
    expect(await code(await jpeg('desk'))).toBe('code_unreadable');
    // A phone showing some other site's code.
    const foreign = await renderPhoneQrPage(100, { text: 'https://shop.example/promo?ref=kiosk' });
    expect(await code(new Uint8Array(foreign))).toBe('code_not_valid');
    // Not a picture, a damaged one, an oversized one: refused before any code is looked for.
    expect(await code(new Uint8Array(Buffer.from('not an image at all')))).toBe('image_format');
    expect(await code((await jpeg('phone-qr')).subarray(0, 5000))).toBe('image_unreadable');
    const huge = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await code(new Uint8Array(huge))).toBe('image_too_large');
  });
});
