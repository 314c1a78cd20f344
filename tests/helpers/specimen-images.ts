/** Specimen documents as the StoredImages a case would hold (rendered once per test file). */
import type { ImageRole } from '../../src/shared/domain/flows';
import type { StoredImage } from '../../src/main/sync/flow-types';
import {
  renderNationalId,
  renderPassport,
  specimenPerson,
  type RenderedDocument,
} from '../../src/main/specimens';

export function stored(role: ImageRole, doc: RenderedDocument): StoredImage {
  return { role, mime: doc.mime, bytes: new Uint8Array(doc.bytes), width: doc.width, height: doc.height };
}

export async function idCardImages(key: string): Promise<{ front: StoredImage; back: StoredImage }> {
  const { front, back } = await renderNationalId(specimenPerson(key));
  return { front: stored('front', front), back: stored('back', back) };
}

export async function passportImage(key: string): Promise<StoredImage> {
  return stored('passport', await renderPassport(specimenPerson(key)));
}
