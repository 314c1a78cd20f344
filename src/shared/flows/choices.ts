/**
 * Multiple choices in a flow's forms, and the images a case captures when staff choose them.
 *
 * A `multiChoice` field (src/shared/flows/descriptor.ts) carries its chosen option values as one
 * string, joined with commas in the options' order (form values are strings end to end: IPC, the
 * store's sealed fields, the connectors). A descriptor's `capture.chosenBy` names such a field
 * whose options are image roles: ARGOS staff choose which of the ID front, ID back, selfie and
 * proof of address to add or replace (../shared/docs/providers.md §2), and only those are asked
 * for and sent. Pure functions, no zod (the renderer's first chunk imports this file).
 */
import type { ImageRole } from '../domain/image-roles';
import type { FlowDescriptor, FormField } from './descriptor';

/** What joins the chosen values of a `multiChoice` field. Option values never contain it. */
export const CHOICE_SEPARATOR = ',';

/** The values chosen in a `multiChoice` field's value, trimmed, empty parts and repeats dropped. */
export function chosenValues(value: string | undefined): string[] {
  const out: string[] = [];
  for (const part of (value ?? '').split(CHOICE_SEPARATOR)) {
    const item = part.trim();
    if (item !== '' && !out.includes(item)) out.push(item);
  }
  return out;
}

/** The value of a `multiChoice` field holding `chosen`, in the order of the field's options. */
export function joinChoices(field: Pick<FormField, 'options'>, chosen: readonly string[]): string {
  return (field.options ?? [])
    .map((option) => option.value)
    .filter((value) => chosen.includes(value))
    .join(CHOICE_SEPARATOR);
}

/**
 * The image roles a case of this flow captures, in the capture plan's order: with `chosenBy`, the
 * roles chosen in that identify field (`fields` as stored at cases.start); without it, or when the
 * case carries no choice (cases queued before the field existed), every role of the plan.
 */
export function rolesToCapture(
  descriptor: Pick<FlowDescriptor, 'capture'>,
  fields: Readonly<Record<string, unknown>>,
): ImageRole[] {
  const plan = descriptor.capture.roles.map((role) => role.role);
  const by = descriptor.capture.chosenBy;
  const value = by ? fields[by] : undefined;
  const chosen = typeof value === 'string' ? chosenValues(value) : [];
  if (chosen.length === 0) return plan;
  return plan.filter((role) => chosen.includes(role));
}
