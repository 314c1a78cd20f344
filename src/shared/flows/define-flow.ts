/**
 * `defineFlow`: a descriptor as written in its file, with every default applied, without zod.
 *
 * The descriptors are read by the renderer's first chunk (Home lists the flows), which must not
 * carry zod (tests/integration/build-output.test.ts keeps it under 80 KB gzip). So the defaults
 * live here as plain data, `flowDescriptorSchema` (./descriptor.ts) declares the same constants as
 * its `.default(...)`s, and tests/unit/flows/descriptors.test.ts checks that parsing each
 * registered descriptor with the schema changes nothing (it is valid and its defaults agree).
 */
// Types only: the schema module imports these constants for its defaults, and stays out of bundles
// that import this one.
import type { FlowDescriptor, FlowDescriptorInput, FormField } from './descriptor';

/** The defaults of a form field (`formFieldSchema`): a text input, no rules, trimmed, editable. */
export const FIELD_DEFAULTS = {
  input: 'text',
  rules: [],
  normalise: ['trim'],
  readOnly: false,
} as const;

/** The default of a capture role's `paperSources` (`captureRoleSchema`): the flatbed. */
export const CAPTURE_ROLE_DEFAULTS = { paperSources: ['flatbed'] } as const;

/** The default of a review step's `reads` (`reviewStepSchema`): nothing read, a form filled in. */
export const REVIEW_DEFAULTS = { reads: [] } as const;

/** The default of a flow's `followUps` (`flowDescriptorSchema`): none. */
export const FLOW_DEFAULTS = {
  followUps: [],
  /** "Name not read yet": the provider reads the name later (OCR) or staff review it. */
  listing: { noNameKey: 'queue.noName' },
} as const;

type FieldInput = FlowDescriptorInput['identify'][number];

function field(input: FieldInput): FormField {
  return {
    ...input,
    input: input.input ?? FIELD_DEFAULTS.input,
    rules: [...(input.rules ?? FIELD_DEFAULTS.rules)],
    normalise: [...(input.normalise ?? FIELD_DEFAULTS.normalise)],
    readOnly: input.readOnly ?? FIELD_DEFAULTS.readOnly,
  };
}

/**
 * A flow's descriptor with its defaults applied (fields, capture roles, review steps, follow-ups).
 * Its shape is checked by the compiler (`FlowDescriptorInput`); what types cannot say (the id's
 * pattern, minimum counts, strict keys) by the registry's test against `flowDescriptorSchema`.
 */
export function defineFlow<const T extends FlowDescriptorInput>(input: T): FlowDescriptor & { id: T['id'] } {
  return {
    ...input,
    id: input.id,
    identify: input.identify.map(field),
    start: { ...input.start, secrets: [...input.start.secrets] },
    capture: {
      ...input.capture,
      roles: input.capture.roles.map((role) => ({
        ...role,
        sources: [...role.sources],
        paperSources: [...(role.paperSources ?? CAPTURE_ROLE_DEFAULTS.paperSources)],
      })),
    },
    reviews: input.reviews.map((review) => ({
      ...review,
      reads: [...(review.reads ?? REVIEW_DEFAULTS.reads)],
      fields: review.fields.map(field),
    })),
    followUps: [...(input.followUps ?? FLOW_DEFAULTS.followUps)],
    listing: { ...(input.listing ?? FLOW_DEFAULTS.listing) },
  };
}
