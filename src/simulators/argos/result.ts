/**
 * The KYC result ARGOS reports for a submission (providers.md 2.2), derived from what was put:
 * nothing yet → incomplete; within the review delay → pending; an ID image the "OCR" cannot read →
 * rejected (id_image_invalidImage); a document past its expiry date → rejected (expired_id);
 * otherwise approved.
 */
import type { Submission } from './state';

export interface KycResult {
  result: 'approved' | 'rejected' | 'pending' | 'incomplete';
  comment: string;
  commentCode: string;
}

export function kycResult(submission: Submission, resultDelayMs: number, now: number): KycResult {
  if (submission.forced) return submission.forced as KycResult;
  const front = submission.images.idImage;
  if (!front)
    return { result: 'incomplete', comment: 'The ID image has not been submitted.', commentCode: '' };
  const last = Math.max(...Object.values(submission.images).map((image) => image.at));
  if (now - last < resultDelayMs) return { result: 'pending', comment: 'Under review.', commentCode: '' };
  const payloads = [front.payload, submission.images.idBackImage?.payload];
  if (!front.payload) {
    return {
      result: 'rejected',
      comment: 'The ID image could not be read.',
      commentCode: 'id_image_invalidImage',
    };
  }
  const today = new Date(now).toISOString().slice(0, 10);
  const expired = payloads.some((p) => (p?.t === 'eg-id-back' || p?.t === 'passport') && p.expires < today);
  if (expired)
    return { result: 'rejected', comment: 'The ID document has expired.', commentCode: 'expired_id' };
  return { result: 'approved', comment: '', commentCode: '' };
}
