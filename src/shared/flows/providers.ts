/** The identity providers the kiosk has connectors for; every flow descriptor names one of them. */
import { z } from 'zod';

export const providerIdSchema = z.enum(['lumin', 'argos', 'jumio']);
export type ProviderId = z.infer<typeof providerIdSchema>;
