/**
 * The one list of flows: every flow id, its provider, and its descriptor once its screen exists.
 * Flow ids (flowIdSchema in src/shared/domain/flows.ts) and the provider of each flow derive from
 * here; nothing else keeps a list of flows. A flow without a descriptor yet (`planned`) shows on
 * Home as coming later. Plain data without zod: the renderer's first chunk (Home) reads it.
 */
import { argosPutImage } from './argos-put-image';
import type { FlowDescriptor } from './descriptor';
import { jumioCredentials } from './jumio-credentials';
import { luminKycNationalId } from './lumin-kyc-national-id';
import { luminUpdateNationalId } from './lumin-update-national-id';
import { luminUpdatePassport } from './lumin-update-passport';
import type { ProviderId } from './providers';

export { PROVIDER_IDS, type ProviderId } from './providers';

/** A flow whose descriptor (and screen) comes in a later change; its provider is known already. */
interface PlannedFlow {
  id: string;
  provider: ProviderId;
  planned: true;
}

// Every seed flow has its descriptor now; a future flow may be listed as
// `{ id, provider, planned: true } as const satisfies PlannedFlow` until its screen exists.

/** In Home's order. Seeds: 002, 000, 001, 003, 004 (../shared/seeds). */
export const FLOW_ENTRIES = [
  luminKycNationalId,
  luminUpdateNationalId,
  luminUpdatePassport,
  argosPutImage,
  jumioCredentials,
] as const;

type Entry = (typeof FLOW_ENTRIES)[number];
export type FlowId = Entry['id'];

export const FLOW_IDS = FLOW_ENTRIES.map((entry) => entry.id) as [FlowId, ...FlowId[]];

export const PROVIDER_OF_FLOW = Object.fromEntries(
  FLOW_ENTRIES.map((entry) => [entry.id, entry.provider]),
) as Record<FlowId, ProviderId>;

/** The descriptor of a flow, or undefined while the flow is only planned. */
export function flowDescriptor(id: FlowId): FlowDescriptor | undefined {
  const entry = FLOW_ENTRIES.find((candidate) => candidate.id === id);
  return entry && !('planned' in entry) ? entry : undefined;
}

/** Every descriptor (for tests and the Home screen). */
export const FLOW_DESCRIPTORS: readonly FlowDescriptor[] = FLOW_ENTRIES.filter(
  (entry): entry is Exclude<Entry, PlannedFlow> => !('planned' in entry),
);
