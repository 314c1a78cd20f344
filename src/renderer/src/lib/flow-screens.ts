import type { AttentionReason, FlowId } from '../../../shared/domain/flows';

/** Flows that have a staff screen of their own (the others show in the case detail only). */
const FLOW_SCREENS: readonly FlowId[] = ['lumin.kyc-national-id'];

/** Reasons a person resolves on the flow's own screen: review the data, capture a side. */
const ON_FLOW_SCREEN: readonly (AttentionReason | null)[] = [
  'review_required',
  'capture_required',
  'recapture_required',
];

/** The case waits for data to be reviewed or a side captured: retrying it would change nothing. */
export function waitsForCaptureOrReview(reason: AttentionReason | null): boolean {
  return ON_FLOW_SCREEN.includes(reason);
}

/** Whether a case waiting for a person should open on its flow screen rather than its detail. */
export function opensOnFlowScreen(flow: FlowId, reason: AttentionReason | null): boolean {
  return FLOW_SCREENS.includes(flow) && waitsForCaptureOrReview(reason);
}
