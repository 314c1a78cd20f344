/**
 * Which images a case takes when staff chose them (a capture step's `chosenBy`, see
 * src/main/sync/flow-types.ts): read by the step machine (is the capture step done?) and by the
 * connectors (which images to send).
 */
import type { ImageRole } from '../../shared/domain/flows';
import { chosenValues } from '../../shared/flows/choices';

/**
 * The roles of `anyOf` chosen in the case field `field` (src/shared/flows/choices.ts), in
 * `anyOf`'s order; empty without a field or a choice. Values outside `anyOf` are ignored (main
 * checked the identify form against the descriptor's options at cases.start).
 */
export function chosenRoles(
  field: string | undefined,
  anyOf: readonly ImageRole[],
  fields: () => Readonly<Record<string, unknown>>,
): ImageRole[] {
  if (!field) return [];
  const value = fields()[field];
  const chosen = typeof value === 'string' ? chosenValues(value) : [];
  return anyOf.filter((role) => chosen.includes(role));
}
