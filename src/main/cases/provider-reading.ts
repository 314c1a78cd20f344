/**
 * Where a flow's descriptor says the provider's answers hold what it read (`ReviewStepDescriptor
 * .reads`, `AnswerPath`): read by the flow screen's review (case-view.ts) and by the case lists,
 * which name a case by what the provider read before anyone has reviewed it (queue-view.ts).
 */
import type { AnswerPath, ReviewStepDescriptor } from '../../shared/flows/descriptor';
import type { JsonValue } from '../sync/flow-types';

type JsonObject = Record<string, JsonValue>;

const asObject = (value: JsonValue | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** The value at `path` inside the stored answer of step `step`. */
export function answerAt(answers: Readonly<JsonObject>, at: AnswerPath): JsonValue | undefined {
  let value: JsonValue | undefined = answers[at.step];
  for (const key of at.path) value = asObject(value)?.[key];
  return value;
}

/** The provider's reading for a review: its `reads` merged in order, later non-empty values winning. */
export function readingOf(
  review: ReviewStepDescriptor,
  answers: Readonly<JsonObject>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const at of review.reads) {
    const object = asObject(answerAt(answers, at));
    for (const [name, value] of Object.entries(object ?? {})) {
      const v = text(value);
      if (v !== undefined && v !== '') out[name] = v;
    }
  }
  return out;
}
