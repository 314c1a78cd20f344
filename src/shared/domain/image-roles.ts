/**
 * What a captured image is of, within a case. Kept apart from the flow registry so the flow
 * descriptors (src/shared/flows) can name roles without importing the registry they belong to.
 */
import { z } from 'zod';

export const imageRoleSchema = z.enum(['front', 'back', 'passport', 'selfie', 'address', 'document']);
export type ImageRole = z.infer<typeof imageRoleSchema>;
