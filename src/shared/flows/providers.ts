/**
 * The identity providers the kiosk has connectors for; every flow descriptor names one of them.
 * Plain data without zod (the renderer's first chunk reads the registry); `providerIdSchema` is in
 * ./descriptor.ts.
 */
export const PROVIDER_IDS = ['lumin', 'argos', 'jumio'] as const;

/** One of PROVIDER_IDS. */
export type ProviderId = (typeof PROVIDER_IDS)[number];
