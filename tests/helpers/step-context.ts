/** A StepContext for running one step of a flow directly (contract tests), and the step by key. */
import type { ImageRole } from '../../src/shared/domain/flows';
import type {
  FlowDefinition,
  JsonValue,
  ProviderSession,
  StepContext,
  StepDefinition,
  StoredImage,
} from '../../src/main/sync/flow-types';

export interface ContextInput {
  flow: FlowDefinition;
  session?: ProviderSession;
  images?: Partial<Record<ImageRole, StoredImage>>;
  fields?: Record<string, JsonValue>;
  answers?: Record<string, JsonValue>;
  secrets?: Record<string, string>;
  language?: 'en' | 'ar';
  attempt?: number;
}

export function stepContext(input: ContextInput): StepContext {
  return {
    caseId: 'case-contract',
    flow: input.flow.id,
    attempt: input.attempt ?? 1,
    language: input.language ?? 'en',
    operator: { id: 'op-1', name: 'Contract Test' },
    fields: input.fields ?? {},
    answers: input.answers ?? {},
    image: (role) => Promise.resolve(input.images?.[role]),
    secret: (name) => input.secrets?.[name],
    session: input.session,
    signal: new AbortController().signal,
  };
}

export function step(
  flow: FlowDefinition,
  key: string,
): StepDefinition & Required<Pick<StepDefinition, 'run'>> {
  const found = flow.steps.find((s) => s.key === key);
  if (!found?.run) throw new Error(`${flow.id} has no remote step ${key}`);
  return found as StepDefinition & Required<Pick<StepDefinition, 'run'>>;
}

/** Authenticates and returns the session (fails the test if the provider refuses). */
export async function session(
  flow: FlowDefinition,
  input: Omit<ContextInput, 'flow'> = {},
): Promise<ProviderSession> {
  if (!flow.authenticate) throw new Error(`${flow.id} has no authenticate`);
  const result = await flow.authenticate(stepContext({ flow, ...input }));
  if (result.kind !== 'success') throw new Error(`authenticate: ${JSON.stringify(result)}`);
  return result.session;
}
