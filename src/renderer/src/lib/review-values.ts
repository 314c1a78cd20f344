import type { CaseView } from '../../../shared/ipc/cases';
import { KYC_REVIEW_FIELDS, type KycReviewValues } from '../../../shared/validation/kyc-review';

/** ISO date (as the provider's OCR answers) to the dd/MM/yyyy the approve call wants. */
function toDayMonthYear(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** The review form starts from what was already reviewed, else from what the provider read. */
export function reviewValuesFrom(review: NonNullable<CaseView['review']>): KycReviewValues {
  const source = review.reviewed ?? review.extracted;
  const values = {} as KycReviewValues;
  for (const field of KYC_REVIEW_FIELDS) values[field] = source[field] ?? '';
  values.birthdate = toDayMonthYear(values.birthdate);
  return values;
}
