/**
 * What a completed case keeps for the retention period beyond its history: the provider's reference
 * (Lumin's customerId), recorded in the audit row of the completion so it outlives the purge of the
 * provider's answers.
 */
import type { Fields } from '../store/fields-repo';

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The provider's reference among a case's step answers: `customerId` (Lumin), if any. */
export function providerReferenceOf(answers: Fields): string | null {
  let reference: string | null = null;
  for (const answer of Object.values(answers)) {
    const object = objectOf(answer);
    const data = objectOf(object?.customerData) ?? objectOf(object?.passportData) ?? object;
    const id = data?.customerId;
    if (typeof id === 'string' && id !== '') reference = id;
  }
  return reference;
}
