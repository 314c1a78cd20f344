/**
 * The simulators' "OCR": the data a specimen document carries in its QR code, read from the image
 * the provider was sent. Anything else (a photo of something else, a blank page, the wrong side)
 * reads as nothing, so the answer depends on what was really captured.
 */
import { readSpecimen, type SpecimenPayload } from '../../main/specimens';

export async function ocr(bytes: Uint8Array): Promise<SpecimenPayload | undefined> {
  return readSpecimen(bytes);
}

/** Whole years from `birthIso` (YYYY-MM-DD) to `today` (UTC; the simulator's clock). */
export function ageOn(birthIso: string, today: Date): number {
  const [y, m, d] = birthIso.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1;
  return age;
}

/** "YYMMDD" from an MRZ with the century guessed the usual way (birth dates are in the past). */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today: Date): string {
  const yy = Number(yymmdd.slice(0, 2));
  const current = today.getUTCFullYear() % 100;
  const century = kind === 'birth' ? (yy > current ? 1900 : 2000) : 2000;
  return `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}
