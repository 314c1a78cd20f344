/**
 * Builds what a flow screen shows of a case from the queue's detail (states, steps, errors), the
 * flow's declaration (which step reviews which answer) and the sealed fields and answers.
 */
import { caseReference, type ImageRole } from '../../shared/domain/flows';
import type { CaseView } from '../../shared/ipc/cases';
import type { QualityReport } from '../../shared/ipc/devices';
import type { CaseService } from '../sync/case-service';
import type { FlowDefinition, FlowRegistry, JsonValue } from '../sync/flow-types';
import { decodeQuality } from './quality-codec';

const asObject = (value: JsonValue | undefined): Record<string, JsonValue> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

function strings(
  record: Record<string, JsonValue> | undefined,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = record?.[name];
    if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
  }
  return out;
}

/** The provider's reading of a document: Lumin answers `{ customerData }`, others the fields themselves. */
function extractedFrom(answer: JsonValue | undefined): Record<string, JsonValue> | undefined {
  const object = asObject(answer);
  return asObject(object?.customerData) ?? asObject(object?.passportData) ?? object;
}

export interface ViewOptions {
  /** Whether the tenant wants English names (Lumin translation); 'auto' follows the OCR answer. */
  translation: (flow: FlowDefinition) => 'on' | 'off' | 'auto';
}

export function buildCaseView(
  cases: CaseService,
  flows: FlowRegistry,
  caseId: string,
  options: ViewOptions,
): CaseView {
  const detail = cases.get(caseId);
  const flow = flows.get(detail.flow);
  const data = detail.purged ? { fields: {}, answers: {}, extracted: {} } : cases.reviewData(caseId);

  const quality: Partial<Record<ImageRole, QualityReport>> = {};
  for (const image of detail.images) {
    const report = decodeQuality(cases.imageQuality(caseId, image.role));
    if (report) quality[image.role] = report;
  }

  let waitingFor: CaseView['waitingFor'] = null;
  let review: CaseView['review'] = null;
  const current = detail.steps.find((step) => step.state === 'waiting');
  if (current && detail.state === 'needs_attention') {
    const def = flow?.steps.find((step) => step.key === current.key);
    if (current.kind === 'capture') {
      const have = new Set(detail.images.map((image) => image.role));
      const role = [...(def?.captures ?? []), ...(def?.capturesAnyOf ?? [])].find((r) => !have.has(r));
      if (role) waitingFor = { kind: 'capture', step: current.key, role };
    } else if (current.kind === 'review' && def?.reviews) {
      waitingFor = { kind: 'review', step: current.key };
      const extracted = extractedFrom(data.answers[def.reviews.answerOf]);
      const reviewed = asObject(data.fields[current.key]);
      const mode = options.translation(flow!);
      review = {
        step: current.key,
        fields: [...def.reviews.fields],
        extracted: strings(extracted, def.reviews.fields),
        reviewed: reviewed ? strings(reviewed, def.reviews.fields) : null,
        translationEnabled:
          mode === 'on' ||
          (mode === 'auto' && typeof extracted?.fullNameEn === 'string' && extracted.fullNameEn !== ''),
      };
    } else if (detail.attentionReason === 'recapture_required') {
      const role = asObject(data.answers[current.key])?.recaptureRole;
      if (typeof role === 'string')
        waitingFor = { kind: 'capture', step: current.key, role: role as ImageRole };
    } else {
      waitingFor = { kind: 'operator', step: current.key };
    }
  }

  let providerReference: string | null = null;
  for (const answer of Object.values(data.answers)) {
    const id = extractedFrom(answer)?.customerId;
    if (typeof id === 'string' && id !== '') providerReference = id;
  }

  return { ...detail, reference: caseReference(caseId), quality, waitingFor, review, providerReference };
}
