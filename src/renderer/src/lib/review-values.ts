import type { CaseView } from '../../../shared/ipc/cases';
import {
  KYC_REVIEW_FIELDS,
  toDayMonthYear,
  type KycReviewValues,
} from '../../../shared/validation/kyc-review';

/** The review form starts from what was already reviewed, else from what the provider read. */
export function reviewValuesFrom(review: NonNullable<CaseView['review']>): KycReviewValues {
  const source = review.reviewed ?? review.extracted;
  const values = {} as KycReviewValues;
  for (const field of KYC_REVIEW_FIELDS) values[field] = source[field] ?? '';
  values.birthdate = toDayMonthYear(values.birthdate);
  return values;
}
