/**
 * Builds what a flow screen shows of a case from the queue's detail (states, steps, errors), the
 * flow's descriptor (where the provider's reading, reference and expiry are; which follow-up a
 * stop offers; what the done screen shows), the relay's flow (which role a capture step waits
 * for) and the sealed fields and answers. Nothing here knows a particular flow or provider.
 */
import { caseReference, type FlowId, type ImageRole } from '../../shared/domain/flows';
import type { FlowDescriptor, ReviewStepDescriptor } from '../../shared/flows/descriptor';
import { rolesToCapture } from '../../shared/flows/choices';
import { prefillValues } from '../../shared/flows/prefill';
import { flowDescriptor } from '../../shared/flows/registry';
import type { CaseView } from '../../shared/ipc/cases';
import type { QualityReport } from '../../shared/ipc/devices';
import type { CaseService } from '../sync/case-service';
import { chosenRoles } from '../sync/capture-choice';
import type { FlowDefinition, FlowRegistry, JsonValue } from '../sync/flow-types';
import { expiryOf } from './expiry';
import { answerAt, readingOf } from './provider-reading';
import { decodeQuality } from './quality-codec';

type JsonObject = Record<string, JsonValue>;

const asObject = (value: JsonValue | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** Whether a review shows the translated-name fields, as its descriptor says where to look. */
function translationOf(
  review: ReviewStepDescriptor,
  flow: FlowDefinition | undefined,
  answers: Readonly<JsonObject>,
  reading: Readonly<Record<string, string>>,
): boolean {
  const source = review.translation;
  if (!source) return false;
  if ('answer' in source) return answerAt(answers, source.answer) === true;
  const mode = flow?.translation ?? 'auto';
  return mode === 'on' || (mode === 'auto' && (reading[source.autoField] ?? '') !== '');
}

/** Last four characters kept, the rest masked: enough to confirm with the customer, not to copy. */
export function maskIdentifier(value: string): string {
  const clean = value.replace(/\s+/g, '');
  return clean.length <= 4 ? clean : `${'•'.repeat(clean.length - 4)}${clean.slice(-4)}`;
}

export interface ViewOptions {
  /** Whether main holds the named secret for this case (memory only). */
  secretHeld: (caseId: string, name: string) => boolean;
  /** Warn at review when the document expires within this many days (`expiryWarningDays`). */
  expiryWarningDays: () => number;
  /** The clock (ms since the epoch). */
  now: () => number;
  /** The name of the operator who captured the case (the store keeps it with the case). */
  operatorName: (caseId: string) => string;
  /** Who approved the reading (case-queries.ts `approverName`), null without a review. */
  approverName: (caseId: string) => string | null;
}

interface CaseData {
  fields: JsonObject;
  answers: JsonObject;
}

function doneOf(
  descriptor: FlowDescriptor,
  data: CaseData,
  completedAt: string,
  operatorName: string,
  approverName: string | null,
): NonNullable<CaseView['done']> {
  const values: Record<string, string> = {};
  // What the provider read, then what the operator reviewed (the reviewed value wins).
  for (const review of descriptor.reviews) Object.assign(values, readingOf(review, data.answers));
  for (const review of descriptor.reviews) {
    for (const [name, value] of Object.entries(asObject(data.fields[review.step]) ?? {})) {
      const v = text(value);
      if (v) values[name] = v;
    }
  }
  const first = (names: readonly string[]) => names.map((n) => values[n]).find((v) => v !== undefined);
  const id = first(descriptor.done.idNumber);
  const reference = descriptor.done.providerReference
    .map((at) => text(answerAt(data.answers, at)))
    .find((v) => v !== undefined && v !== '');
  return {
    name: first(descriptor.done.name) ?? null,
    idNumberMasked: id ? maskIdentifier(id) : null,
    idNumberLabelKey: descriptor.done.idNumberLabelKey ?? 'done.idNumber',
    providerReference: reference ?? null,
    providerReferenceLabelKey: descriptor.done.providerReferenceLabelKey ?? 'done.providerReference',
    headlineKey: descriptor.done.headlineKey ?? 'flow.done',
    completedAt,
    operatorName,
    approverName,
  };
}

export function buildCaseView(
  cases: CaseService,
  flows: FlowRegistry,
  caseId: string,
  options: ViewOptions,
): CaseView {
  const detail = cases.get(caseId);
  const flow = flows.get(detail.flow);
  const descriptor = flowDescriptor(detail.flow);
  const data: CaseData = detail.purged ? { fields: {}, answers: {} } : cases.reviewData(caseId);

  const quality: Partial<Record<ImageRole, QualityReport>> = {};
  for (const image of detail.images) {
    const report = decodeQuality(cases.imageQuality(caseId, image.role));
    if (report) quality[image.role] = report;
  }

  let waitingFor: CaseView['waitingFor'] = null;
  let review: CaseView['review'] = null;
  let expiry: CaseView['expiry'] = null;
  let providerMessage: string | null = null;
  let followUp: CaseView['followUp'] = null;
  const current = detail.steps.find((step) => step.state === 'waiting');
  if (current && detail.state === 'needs_attention') {
    const def = flow?.steps.find((step) => step.key === current.key);
    const answer = asObject(data.answers[current.key]);
    // The provider's own words, sealed with the step's answer (the stored history has them redacted).
    providerMessage =
      text(answer?.providerMessage) ?? text(asObject(answer?.providerAnswer)?.providerMessage) ?? null;
    const reviewDescriptor = descriptor?.reviews.find((candidate) => candidate.step === current.key);
    if (current.kind === 'capture') {
      const have = new Set(detail.images.map((image) => image.role));
      // ARGOS: the images staff chose come first, in the plan's order (none chosen: any of them).
      const chosen = chosenRoles(def?.chosenBy, def?.capturesAnyOf ?? [], () => data.fields);
      const anyOf = chosen.length > 0 ? chosen : (def?.capturesAnyOf ?? []);
      const role = [...(def?.captures ?? []), ...anyOf].find((r) => !have.has(r));
      if (role) waitingFor = { kind: 'capture', step: current.key, role };
    } else if (current.kind === 'review' && reviewDescriptor) {
      waitingFor = { kind: 'review', step: current.key };
      // What the kiosk knows first (its MRZ reading, typed fields), the provider's reading over it.
      const known = prefillValues(
        reviewDescriptor.prefill,
        (descriptor?.capture.roles ?? []).map(({ role }) => quality[role]?.mrz),
        data.fields,
      );
      const reading = { ...known, ...readingOf(reviewDescriptor, data.answers) };
      const names = reviewDescriptor.fields.map((field) => field.name);
      const pick = (source: Readonly<Record<string, string>>) =>
        Object.fromEntries(names.filter((n) => source[n] !== undefined).map((n) => [n, source[n]!]));
      const reviewed = asObject(data.fields[current.key]);
      review = {
        step: current.key,
        fields: names,
        extracted: pick(reading),
        reviewed: reviewed
          ? pick(Object.fromEntries(Object.entries(reviewed).map(([k, v]) => [k, text(v) ?? ''])))
          : null,
        translationEnabled: translationOf(reviewDescriptor, flow, data.answers, reading),
      };
      if (reviewDescriptor.expiry) {
        expiry = expiryOf(reading[reviewDescriptor.expiry.field], options.now(), options.expiryWarningDays());
      }
    } else if (detail.attentionReason === 'recapture_required') {
      const role = answer?.recaptureRole;
      if (typeof role === 'string')
        waitingFor = { kind: 'capture', step: current.key, role: role as ImageRole };
    } else {
      waitingFor = { kind: 'operator', step: current.key };
      const offer = descriptor?.followUps.find((candidate) => candidate.reason === detail.attentionReason);
      if (offer && answer) {
        const fields: Record<string, string> = {};
        for (const [field, key] of Object.entries(offer.identifiers)) {
          const value = text(answer[key]);
          if (value) fields[field] = value;
        }
        if (Object.keys(fields).length === Object.keys(offer.identifiers).length) {
          followUp = { flow: offer.flow as FlowId, labelKey: offer.labelKey, fields };
        }
      }
    }
  }

  if (detail.state === 'needs_attention' && detail.attentionReason === 'retake_required') {
    // The flow screen opens on the image to retake, its verdict and the supervisor's keep.
    const role = cases.heldForRetake(caseId)[0];
    if (role) {
      const step = flow?.steps.find(
        (candidate) => candidate.captures?.includes(role) || candidate.capturesAnyOf?.includes(role),
      );
      waitingFor = { kind: 'capture', step: step?.key ?? '', role };
    }
  }

  const final = ['completed', 'cancelled', 'expired'].includes(detail.state);
  const secretsNeeded =
    final || !descriptor
      ? []
      : descriptor.start.secrets.map((s) => s.name).filter((name) => !options.secretHeld(caseId, name));
  const done =
    detail.state === 'completed' && descriptor
      ? doneOf(descriptor, data, detail.updatedAt, options.operatorName(caseId), options.approverName(caseId))
      : null;
  const providerReference =
    done?.providerReference ??
    descriptor?.done.providerReference
      .map((at) => text(answerAt(data.answers, at)))
      .find((v) => v !== undefined && v !== '') ??
    null;

  // Another case for the same number, open or completed (blind index): the same customer
  // processed twice.
  const duplicates = final
    ? []
    : cases.casesSharingNumber(caseId).map((other) => ({
        caseId: other.caseId,
        reference: caseReference(other.caseId),
        state: other.state,
      }));

  return {
    ...detail,
    reference: caseReference(caseId),
    duplicates,
    quality,
    capturePlan: descriptor ? rolesToCapture(descriptor, data.fields) : [],
    lateRoles: final ? [] : cases.lateRoles(caseId, detail.flow),
    waitingFor,
    review,
    providerReference,
    providerMessage,
    secretsNeeded,
    followUp,
    expiry,
    done,
  };
}
