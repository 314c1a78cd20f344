/** A specimen customer and document images for store and relay tests (no real person). */
import { randomBytes } from 'node:crypto';
import type { NewImage } from '../../src/main/store/images-repo';
import type { CaptureInput } from '../../src/main/sync/case-service';

export const SPECIMEN = {
  name: 'Specimen Hassan Elwazeery',
  nameArabic: 'حسن الوزيري عينة',
  nationalId: '29001011234567',
} as const;

export const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bytes that start and end like a JPEG (or PNG), with random content between. */
export function fakeImage(
  role: NewImage['role'],
  size = 20_000,
  mime: NewImage['mime'] = 'image/jpeg',
): NewImage {
  const body = randomBytes(size);
  if (mime === 'image/jpeg') {
    JPEG_MAGIC.copy(body, 0);
    Buffer.from('JFIF').copy(body, 6);
    body[size - 2] = 0xff;
    body[size - 1] = 0xd9;
  } else {
    PNG_MAGIC.copy(body, 0);
  }
  return {
    role,
    mime,
    bytes: body,
    width: 1000,
    height: 630,
    quality: { blur: 0.1 },
  };
}

export function specimenCapture(imageBytes = 20_000): CaptureInput {
  return {
    flow: 'lumin.kyc-national-id',
    operator: { id: 'op-1', name: 'Operator One' },
    language: 'ar',
    fields: { fullName: SPECIMEN.name, fullNameArabic: SPECIMEN.nameArabic, nationalId: SPECIMEN.nationalId },
    images: [fakeImage('front', imageBytes), fakeImage('back', imageBytes, 'image/png')],
  };
}
