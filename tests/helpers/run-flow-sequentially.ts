/**
 * TEST DRIVER, not the relay: runs a FlowDefinition's steps in order against the simulators while
 * the real relay (src/main/sync) is written in parallel. It authenticates before the first remote
 * step and again on `reauthenticate` (once per step; replaying from the first remote step when the
 * flow says restartOnNewSession), auto-approves review steps with the OCR values (or given ones),
 * retries `retryable` outcomes a bounded number of times, and stops at anything else.
 */
import type { ImageRole } from '../../src/shared/domain/flows';
import type {
  FlowDefinition,
  JsonValue,
  ProviderSession,
  StepContext,
  StepOutcome,
  StoredImage,
} from '../../src/main/sync/flow-types';

export interface SequentialRun {
  flow: FlowDefinition;
  caseId?: string;
  language?: 'en' | 'ar';
  operator?: { id: string; name: string };
  fields?: Record<string, JsonValue>;
  images: Partial<Record<ImageRole, StoredImage>>;
  secrets?: Record<string, string>;
  /** Review steps: the values the operator confirms; default the OCR values unchanged. */
  review?: (stepKey: string, ocr: Record<string, JsonValue>) => Record<string, JsonValue>;
  /** How many times a retryable outcome is retried (default 0: stop at it). */
  retries?: number;
  /** Waits are min(retryAfterMs ?? 0, this); default 50 ms so tests stay fast. */
  maxRetryWaitMs?: number;
  /** Called before each retry (e.g. to start a stopped simulator again). */
  beforeRetry?: (step: string, outcome: StepOutcome, attempt: number) => Promise<void> | void;
  /** Called after each step outcome (e.g. to inject a fault before the next one). */
  afterStep?: (step: string, outcome: StepOutcome) => Promise<void> | void;
}

export interface TraceEntry {
  step: string;
  attempt: number;
  outcome: StepOutcome | { kind: 'authenticated' } | { kind: 'skipped' } | { kind: 'reviewed' };
}

export interface SequentialResult {
  completed: boolean;
  /** The step and outcome it stopped at, when not completed. */
  stoppedAt?: { step: string; outcome: StepOutcome };
  answers: Record<string, JsonValue>;
  fields: Record<string, JsonValue>;
  trace: TraceEntry[];
  sessions: number;
}

function ocrOf(answers: Record<string, JsonValue>, key: string): Record<string, JsonValue> {
  const answer = answers[key];
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return {};
  const data = answer.customerData ?? answer;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
}

export async function runFlowSequentially(run: SequentialRun): Promise<SequentialResult> {
  const { flow } = run;
  const fields: Record<string, JsonValue> = { ...run.fields };
  const answers: Record<string, JsonValue> = {};
  const trace: TraceEntry[] = [];
  const controller = new AbortController();
  let session: ProviderSession | undefined;
  let sessions = 0;
  const roles = Object.keys(run.images) as ImageRole[];

  const base = (attempt: number): Omit<StepContext, 'session'> => ({
    caseId: run.caseId ?? `case-${Date.now().toString(36)}`,
    flow: flow.id,
    attempt,
    language: run.language ?? 'en',
    operator: run.operator ?? { id: 'op-7', name: 'Training Operator' },
    fields,
    answers,
    image: (role) => Promise.resolve(run.images[role]),
    secret: (name) => run.secrets?.[name],
    signal: controller.signal,
  });

  const authenticate = async (step: string): Promise<StepOutcome | undefined> => {
    if (!flow.authenticate) return undefined;
    const result = await flow.authenticate(base(1));
    if (result.kind !== 'success') return result;
    session = result.session;
    sessions += 1;
    trace.push({ step, attempt: sessions, outcome: { kind: 'authenticated' } });
    return undefined;
  };

  const stop = (step: string, outcome: StepOutcome): SequentialResult => ({
    completed: false,
    stoppedAt: { step, outcome },
    answers,
    fields,
    trace,
    sessions,
  });

  const firstRemote = flow.steps.findIndex((s) => s.kind === 'remote');
  let index = 0;
  let reauthenticatedAt: number | undefined;
  let attempt = 1;
  while (index < flow.steps.length) {
    const step = flow.steps[index]!;
    if (step.kind === 'capture') {
      const all = step.captures ?? [];
      const any = step.capturesAnyOf;
      const missing = all.filter((r) => !run.images[r]);
      if (missing.length > 0 || (any && !any.some((r) => run.images[r]))) {
        return stop(step.key, {
          kind: 'needs_recapture',
          role: missing[0] ?? any![0]!,
          code: 'not_captured',
          message: 'not captured',
        });
      }
      index += 1;
      continue;
    }
    if (step.kind === 'review') {
      const ocr = ocrOf(answers, step.reviews?.answerOf ?? '');
      const picked = Object.fromEntries(
        (step.reviews?.fields ?? []).filter((f) => ocr[f] !== undefined).map((f) => [f, ocr[f]!]),
      );
      fields[step.key] = run.review ? run.review(step.key, ocr) : picked;
      trace.push({ step: step.key, attempt: 1, outcome: { kind: 'reviewed' } });
      index += 1;
      continue;
    }
    if (step.when && !step.when({ fields, answers, images: roles })) {
      trace.push({ step: step.key, attempt: 1, outcome: { kind: 'skipped' } });
      index += 1;
      continue;
    }
    if (!session && flow.authenticate) {
      const failed = await authenticate(step.key);
      if (failed) return stop(step.key, failed);
    }
    const outcome = await step.run!({ ...base(attempt), session });
    trace.push({ step: step.key, attempt, outcome });
    await run.afterStep?.(step.key, outcome);
    if (outcome.kind === 'success') {
      answers[step.key] = outcome.answer ?? null;
      index += 1;
      attempt = 1;
      continue;
    }
    if (outcome.kind === 'reauthenticate' && reauthenticatedAt !== index) {
      reauthenticatedAt = index;
      session = undefined;
      const failed = await authenticate(step.key);
      if (failed) return stop(step.key, failed);
      const remoteDone = flow.steps
        .slice(firstRemote, index)
        .some((s) => s.kind === 'remote' && answers[s.key] !== undefined);
      if (flow.restartOnNewSession && remoteDone) {
        // A new session is a new request at the provider: replay the remote steps, keep reviews.
        for (const s of flow.steps) if (s.kind === 'remote') delete answers[s.key];
        index = firstRemote;
      }
      attempt = 1;
      continue;
    }
    if (outcome.kind === 'retryable' && attempt <= (run.retries ?? 0)) {
      await run.beforeRetry?.(step.key, outcome, attempt);
      const wait = Math.min(outcome.retryAfterMs ?? 0, run.maxRetryWaitMs ?? 50);
      await new Promise((resolve) => setTimeout(resolve, wait));
      attempt += 1;
      continue;
    }
    return stop(step.key, outcome);
  }
  return { completed: true, answers, fields, trace, sessions };
}
