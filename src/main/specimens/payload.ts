/**
 * What a specimen document's QR code carries: the data printed on that side, so that the
 * simulators' "OCR" reads exactly what was captured (a wrong side, a cropped code or a blank page
 * reads as nothing). The English spelling on the front stands in for the provider's machine
 * translation, which the simulators return only when the tenant has translation on.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

export const frontPayloadSchema = z.object({
  t: z.literal('eg-id-front'),
  v: z.literal(1),
  id: z.string().regex(/^[0-9]{14}$/),
  first: z.string(),
  family: z.string(),
  firstEn: z.string(),
  familyEn: z.string(),
  address: z.tuple([z.string(), z.string()]),
  birth: isoDate,
  /** The card's factory number, printed at the front's lower corner (Lumin's approve-front needs it). */
  factory: z.string().optional(),
});

export const backPayloadSchema = z.object({
  t: z.literal('eg-id-back'),
  v: z.literal(1),
  id: z.string().regex(/^[0-9]{14}$/),
  factory: z.string(),
  profession: z.string(),
  religion: z.string(),
  marital: z.string(),
  sex: z.enum(['M', 'F']),
  issued: isoDate,
  expires: isoDate,
});

export const passportPayloadSchema = z.object({
  t: z.literal('passport'),
  v: z.literal(1),
  mrz: z.tuple([z.string().length(44), z.string().length(44)]),
  firstAr: z.string(),
  familyAr: z.string(),
  issued: isoDate,
  expires: isoDate,
  birth: isoDate,
  placeOfBirth: z.string(),
});

export const specimenPayloadSchema = z.discriminatedUnion('t', [
  frontPayloadSchema,
  backPayloadSchema,
  passportPayloadSchema,
]);

export type FrontPayload = z.infer<typeof frontPayloadSchema>;
export type BackPayload = z.infer<typeof backPayloadSchema>;
export type PassportPayload = z.infer<typeof passportPayloadSchema>;
export type SpecimenPayload = z.infer<typeof specimenPayloadSchema>;

export function encodePayload(payload: SpecimenPayload): string {
  return JSON.stringify(payload);
}

/** Undefined for anything that is not a specimen payload (another QR code, garbage). */
export function decodePayload(text: string): SpecimenPayload | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = specimenPayloadSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
