/**
 * The values an approve call sends: what the operator reviewed (stored by the review step under its
 * own key), falling back to the OCR value for anything not edited, as the docs ask ("send the OCR
 * translation unchanged if the operator did not edit it").
 */
import type { JsonValue, StepContext, StepOutcome } from '../../sync/flow-types';
import { fieldObject, stringOf } from '../connector';
import { ocrData } from './lumin-steps';
import {
  ENGLISH_NAME_FIELDS,
  toDayMonthYear as isoToDayMonthYear,
} from '../../../shared/validation/kyc-review';

export { ENGLISH_NAME_FIELDS };

export function reviewedValues(
  context: Pick<StepContext, 'fields' | 'answers'>,
  reviewKey: string,
  uploadKey: string,
): (name: string) => string | undefined {
  const reviewed: Record<string, JsonValue> = fieldObject(context, reviewKey) ?? {};
  const ocr = ocrData(context, uploadKey);
  return (name) => {
    const value = stringOf(reviewed[name]) ?? stringOf(ocr[name]);
    return value?.trim() === '' ? undefined : value?.trim();
  };
}

/** Lumin's approve wants dd/MM/yyyy; OCR answers carry ISO-8601. */
export function toDayMonthYear(value: string | undefined): string | undefined {
  return value === undefined ? undefined : isoToDayMonthYear(value);
}

/**
 * Adds the reviewed English names to an approve body (translation on): all three are mandatory,
 * so a missing one sends the case back to a person instead of to the provider.
 */
export function addEnglishNames(
  value: (name: string) => string | undefined,
  body: Record<string, string>,
): Extract<StepOutcome, { kind: 'needs_operator' }> | null {
  for (const name of ENGLISH_NAME_FIELDS) {
    const v = value(name);
    if (v === undefined) {
      return {
        kind: 'needs_operator',
        reason: 'review_required',
        code: 'english_names_required',
        message: 'Translation is on for this tenant: the English names must be filled in.',
      };
    }
    body[name] = v;
  }
  return null;
}
