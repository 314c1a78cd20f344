/**
 * Jumio's prepared data (seed 004, `POST …/credentials/{DATA credential}/parts/PREPARED_DATA`;
 * providers.md §3.2) from what staff reviewed in the flow's data form (src/shared/flows/
 * jumio-credentials.ts), which main has already checked against the descriptor's rules.
 */
import type { JsonValue, StepContext } from '../../sync/flow-types';
import { fieldObject, stringOf } from '../connector';

/** The review step whose reviewed values are the prepared data (the descriptor's `step`). */
export const PREPARED_DATA_REVIEW = 'review-prepared-data';

/** Form field → Jumio's key: top level, or inside `address` / `id` (the seed's nested objects). */
const TOP_LEVEL = [
  'firstName',
  'middleName',
  'lastName',
  'sex',
  'dateOfBirth',
  'nationality',
  'email',
  'phoneNumber',
] as const;
const ADDRESS: Record<string, string> = { addressLine1: 'line1', city: 'city', addressCountry: 'country' };
const ID: Record<string, string> = {
  idNumber: 'idNumber',
  idIssuingDate: 'issuingDate',
  idExpiryDate: 'expiryDate',
};

/**
 * The JSON body of the PREPARED_DATA part, or undefined when the case has none. Reviewed values
 * (`fields['review-prepared-data']`, flat strings) are nested as the seed shows them; blank values
 * are left out rather than sent empty. A case queued before the review step existed (or reviewed
 * with nothing filled in) may carry a ready body in `fields.preparedData`: it is sent as it is.
 */
export function preparedDataBody(
  context: Pick<StepContext, 'fields'>,
): Record<string, JsonValue> | undefined {
  const reviewed = fieldObject(context, PREPARED_DATA_REVIEW) ?? {};
  const value = (name: string): string | undefined => {
    const text = stringOf(reviewed[name])?.trim();
    return text === '' ? undefined : text;
  };
  const body: Record<string, JsonValue> = {};
  for (const name of TOP_LEVEL) {
    const v = value(name);
    if (v !== undefined) body[name] = v;
  }
  for (const [group, names] of [
    ['address', ADDRESS],
    ['id', ID],
  ] as const) {
    const nested: Record<string, JsonValue> = {};
    for (const [field, key] of Object.entries(names)) {
      const v = value(field);
      if (v !== undefined) nested[key] = v;
    }
    if (Object.keys(nested).length > 0) body[group] = nested;
  }
  return Object.keys(body).length > 0 ? body : fieldObject(context, 'preparedData');
}
