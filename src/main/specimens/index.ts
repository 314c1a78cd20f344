/**
 * Specimen documents: synthetic, clearly marked SPECIMEN, for the simulated scanner, training mode
 * and the tests. `readSpecimen` is the simulators' "OCR": it reads the QR code a specimen carries.
 */
import { decodePayload, type SpecimenPayload } from './payload';
import { readQrCode } from './qr-code';

export { renderIdBack, renderIdFront, renderNationalId, ID_CARD_PX } from './national-id';
export { renderPassport, passportMrz, PASSPORT_PAGE_PX } from './passport';
export { SPECIMEN_PEOPLE, specimenPerson, fullNameAr, fullNameEn } from './people';
export type { SpecimenPerson, SpecimenKey } from './people';
export type { RenderedDocument, RenderOptions } from './raster';
export type { SpecimenPayload, FrontPayload, BackPayload, PassportPayload } from './payload';

/** The data a specimen image carries, or undefined when the image is not a readable specimen. */
export async function readSpecimen(image: Uint8Array): Promise<SpecimenPayload | undefined> {
  const text = await readQrCode(image);
  return text === undefined ? undefined : decodePayload(text);
}
