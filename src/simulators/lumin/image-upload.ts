/** The part every Lumin upload shares: a base64 image, checked, then "read". */
import type { SpecimenPayload } from '../../main/specimens';
import { decodeBase64Image, digest } from '../common/images';
import { ocr } from '../common/ocr';
import { json, type SimRequest, type SimResponse } from '../common/router';
import { luminError, message } from './messages';

export type ReadImage = { payload: SpecimenPayload; digest: string } | SimResponse;

/** 400 for a missing or undecodable image; 200 with isSuccess false for an unreadable document. */
export async function readUploadedImage(request: SimRequest, image: unknown): Promise<ReadImage> {
  if (image === undefined || image === null || image === '') {
    return luminError(request, 400, 'RequiredField', 'required', 'image');
  }
  const decoded = decodeBase64Image(image);
  if (!decoded) return luminError(request, 400, 'InvalidImage', 'invalidImage');
  const payload = await ocr(decoded.bytes);
  if (!payload) return notSuccessful(request, 'DocumentNotReadable', message(request, 'notReadable'));
  return { payload, digest: digest(decoded.bytes) };
}

/** Lumin's "HTTP 200, isSuccess false" answer. */
export function notSuccessful(_request: SimRequest, errorCode: string, text: string): SimResponse {
  return json(200, { isSuccess: false, message: text, errorCode, customerData: null });
}

export const successful = (customerData: unknown, extra: Record<string, unknown> = {}): SimResponse =>
  json(200, { isSuccess: true, message: 'Success', errorCode: null, customerData, ...extra });
