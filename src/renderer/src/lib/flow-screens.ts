import type { AttentionReason, FlowId } from '../../../shared/domain/flows';
import { flowDescriptor } from '../../../shared/flows/registry';

/** Reasons a person resolves on the flow's own screen: review the data, capture a side. */
const ON_FLOW_SCREEN: readonly (AttentionReason | null)[] = [
  'review_required',
  'capture_required',
  'recapture_required',
  // An image to retake: retaken (or kept by a supervisor) where it was captured.
  'retake_required',
  // The customer's secret is asked for on the flow screen (after a restart it is gone from memory).
  'secret_required',
];

/** The case waits for data to be reviewed or a side captured: retrying it would change nothing. */
export function waitsForCaptureOrReview(reason: AttentionReason | null): boolean {
  return ON_FLOW_SCREEN.includes(reason);
}

/** Whether a case waiting for a person should open on its flow screen rather than its detail. */
export function opensOnFlowScreen(flow: FlowId, reason: AttentionReason | null): boolean {
  // Every flow with a descriptor has the flow screen; planned ones show in the case detail only.
  return flowDescriptor(flow) !== undefined && waitsForCaptureOrReview(reason);
}
