/**
 * The person at the kiosk, for tests that run flows through the real relay: answers a case that
 * waits for them (reviews, late captures). Kept apart from relay-flows.ts, which also starts the
 * simulators and renders specimens, so a kiosk child process loads only what a kiosk loads.
 */
import type { NewImage } from '../../src/main/store/images-repo';
import type { FlowRegistry, JsonValue } from '../../src/main/sync/flow-types';
import type { QueueService, QueueSettings } from '../../src/main/sync/queue-service';
import type { CaseDetail } from '../../src/shared/ipc/queue';
import type { ImageRole } from '../../src/shared/domain/flows';

/** Provider calls decode QR codes with sharp: give them room on a busy 2-core machine. */
export const RELAY_FOR_FLOWS: QueueSettings['relay'] = {
  stepTimeoutMs: 15_000,
  leaseMs: 20_000,
  backoff: { baseMs: 50, capMs: 400 },
};

export const PASSWORD = 'Specimen#2024';
export interface Person {
  /** The values the operator confirms for a review step: default the OCR values of its fields. */
  review?: (stepKey: string, ocr: Record<string, JsonValue>) => Record<string, JsonValue>;
  /** Images captured when a capture step asks for them (the back after the front's approval). */
  later?: Partial<Record<ImageRole, NewImage>>;
}

/**
 * Karim's national-ID review (specimen 'karim') as the operator completes it: what OCR read kept,
 * the English names corrected and the factory number (not on the card's front) typed in.
 */
export const karimReview: NonNullable<Person['review']> = (_key, ocr) => ({
  fullName: ocr.fullName!,
  fullNameEn: 'Karim Mahmoud El-Sayed',
  firstNameEn: ocr.firstNameEn!,
  familyNameEn: 'Mahmoud El-Sayed',
  idNumber: ocr.idNumber!,
  documentNumber: 'KH4471902',
  address: ocr.address!,
  state: ocr.state!,
  birthdate: ocr.birthdate!,
});

function ocrOf(answer: JsonValue | undefined): Record<string, JsonValue> {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return {};
  const data = answer.passportData ?? answer.customerData ?? answer;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
}

/**
 * One answer of the person at the kiosk to a case waiting for them: the review of a `review`
 * step (OCR values kept, or `person.review`), or a late capture from `person.later`. Returns what
 * was done (the role captured or the review step key), or undefined when this person has no
 * answer for what the case waits for.
 */
export function answerAsPerson(
  queue: QueueService,
  flows: FlowRegistry,
  detail: CaseDetail,
  person: Person = {},
): { reviewed: string; values: Record<string, JsonValue> } | { captured: ImageRole } | undefined {
  const caseId = detail.id;
  const waiting = detail.steps.find((s) => s.state === 'waiting');
  const def = flows.get(detail.flow)?.steps.find((s) => s.key === waiting?.key);
  if (detail.attentionReason === 'review_required' && waiting?.kind === 'review' && def?.reviews) {
    const ocr = ocrOf(queue.cases.reviewData(caseId).answers[def.reviews.answerOf]);
    const values = person.review
      ? person.review(waiting.key, ocr)
      : Object.fromEntries(
          def.reviews.fields.filter((f) => ocr[f] !== undefined).map((f) => [f, ocr[f]!] as const),
        );
    queue.cases.recordReview(caseId, waiting.key, { [waiting.key]: values });
    return { reviewed: waiting.key, values };
  }
  if (detail.attentionReason === 'capture_required' && waiting?.kind === 'capture' && def) {
    const have = new Set(detail.images.map((i) => i.role));
    const role = (def.captures ?? []).find((r) => !have.has(r));
    const img = role ? person.later?.[role] : undefined;
    if (role && img) {
      queue.cases.addCapture(caseId, img);
      return { captured: role };
    }
  }
  return undefined;
}
