/**
 * Flow 5 (seed 004): a Jumio transaction.
 * capture front, back, selfie → review the prepared data with the customer → [server token, direct
 * mode] → start the transaction (broker, or account create/update) → prepared data (as reviewed) → parts FRONT, BACK, FACE (added;
 * replaced on retake) → DOCUMENT (when captured) → finalize, exactly once → poll the status with
 * growing gaps (direct mode; in broker mode the bank's broker receives Jumio's callback).
 * The part and document uploads are in parts.ts; the prepared data's body in prepared-data.ts.
 */
import type { JumioConfig } from '../config';
import type { FlowDefinition, ReconcileOutcome, StepContext, StepDefinition } from '../../sync/flow-types';
import { isFailure, secretOrFatal, stringOf, type ConnectorDeps, type Failure } from '../connector';
import { interpretJumio } from './jumio-answers';
import type { JumioClient } from './jumio-client';
import type { ServerTokenCache } from './server-token';
import { jumioDocumentStep, jumioPartSteps } from './parts';
import { jumioWithdraw } from './withdraw';
import { PREPARED_DATA_REVIEW, preparedDataBody } from './prepared-data';
import { JUMIO_PREPARED_DATA_FIELDS } from '../../../shared/flows/jumio-credentials';
import { asStored, credentialOf, parseTransaction, partUrl, transactionOrFailure } from './transaction';

export const JUMIO_DEADLINE_MS = 30 * 60_000;

function lifetimeMs(value: string | undefined): number {
  const match = value ? /^([0-9]+)([smhd])$/.exec(value) : null;
  if (!match) return 30 * 60_000;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/**
 * The ID credential of account create/update in the configured shape: Jumio's public docs write
 * `country` and `type` as `{ values: [...] }` (the default); 'plain' sends bare strings.
 */
export function idCredential(config: Pick<JumioConfig, 'country' | 'idDocumentType' | 'credentialShape'>): {
  category: 'ID';
  country: string | { values: string[] };
  type: string | { values: string[] };
} {
  return config.credentialShape === 'plain'
    ? { category: 'ID', country: config.country, type: config.idDocumentType }
    : { category: 'ID', country: { values: [config.country] }, type: { values: [config.idDocumentType] } };
}

export function jumioCredentialsFlow(
  client: JumioClient,
  deps: ConnectorDeps,
  tokens: ServerTokenCache | undefined,
): FlowDefinition {
  const { config } = client;
  // Gaps between status reads, ms (configuration `statusPollGapsSeconds`, providers.md 3.3).
  const pollGapsMs = config.statusPollGapsSeconds.map((seconds) => Math.round(seconds * 1000));
  const now = (): number => (deps.now ?? Date.now)();

  const startTransaction: StepDefinition = {
    key: 'start-transaction',
    kind: 'remote',
    // Each call creates a new workflow execution (and, for a new customer, a new account).
    idempotent: false,
    // Every later step uses the transaction's ids and token from this answer.
    answerNeeded: true,
    // Jumio documents no query for a transaction by reference (providers.md 3.1), so an interrupted
    // start cannot be asked about. What it may have left is an empty account/workflow execution:
    // nothing personal was sent (the reference is the case id), nothing can be uploaded to it
    // without the token that never arrived, and it ends TOKEN_EXPIRED after its lifetime.
    // Why repeat rather than stop for a person (decided for issue 12): a person cannot do better.
    // Without the answer (ids and token) the case can never go on, so "it arrived" leaves it stuck
    // and "send again" is this same repeat, only later and after a queue. Nor is anything billed
    // twice: only a finalized execution is processed, and finalize is sent once, after the parts.
    // The cost is one orphan account per repeat (a new customer's start creates one; an existing
    // customer's only adds an execution); the repeat is written to the case's history
    // ('repeated_after_interruption'), and the orphan carries the case id as its
    // customerInternalReference, so it can be found in Jumio's portal. Its worst case is measured
    // by tests/integration/flows-kill-loop.test.ts (accounts ≤ cases + recorded repeats).
    repeatAfterInterruption:
      'an interrupted start leaves at most an empty transaction that cannot be used and lapses',
    // The DOCUMENT credential is asked for here or never: a document captured after this step was
    // leased is refused (capture_too_late), not left unsent.
    decidesBy: ['document'],
    run: async (context) => {
      // Whether a document is stored, without opening it (a streamed image is read only when sent).
      const hasDocument =
        (await (context.imageStream ? context.imageStream('document') : context.image('document'))) !==
        undefined;
      const body = {
        // The case id: a reference without personal data, as Jumio asks.
        customerInternalReference: context.caseId,
        workflowDefinition: {
          key: config.workflowKey,
          credentials: [
            idCredential(config),
            { category: 'SELFIE' },
            { category: 'DATA' },
            ...(hasDocument ? [{ category: 'DOCUMENT' }] : []),
          ],
        },
        ...(config.callbackUrl ? { callbackUrl: config.callbackUrl } : {}),
        ...(config.tokenLifetime ? { tokenLifetime: config.tokenLifetime } : {}),
      };
      const accountId = stringOf(context.fields.jumioAccountId);
      let result;
      if (config.start.mode === 'broker') {
        const key = config.start.apiKey === undefined ? undefined : secretOrFatal(deps, config.start.apiKey);
        if (isFailure(key)) return key;
        result = await client.startWithBroker(
          config.start.url,
          { ...body, ...(accountId ? { accountId } : {}) },
          key,
          context.signal,
        );
      } else {
        if (!context.session)
          return { kind: 'reauthenticate', code: 'no_session', message: 'No Jumio server token yet' };
        result = await client.startAccount(body, context.session.token, accountId, context.signal);
        if (result.kind === 'response' && result.status === 401) tokens?.invalidate();
      }
      const answer = interpretJumio(result, config.start.mode === 'broker' ? 'broker' : 'server');
      if (answer.kind === 'outcome') return answer.outcome;
      const expires = new Date(now() + lifetimeMs(config.tokenLifetime)).toISOString();
      const transaction = parseTransaction(answer.value, client.urls.api, expires);
      if (!transaction) {
        return {
          kind: 'fatal',
          code: 'unexpected_answer',
          message: 'Jumio started a transaction in an unknown shape',
        };
      }
      return { kind: 'success', answer: asStored(transaction) };
    },
  };

  const preparedData: StepDefinition = {
    key: 'prepared-data',
    kind: 'remote',
    // The DATA credential holds one prepared-data part: a repeat replaces it.
    idempotent: true,
    when: (context) => preparedDataBody(context) !== undefined,
    run: async (context) => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const body = preparedDataBody(context);
      if (body === undefined)
        return { kind: 'fatal', code: 'no_prepared_data', message: 'The case has no prepared data' };
      const credential = credentialOf(transaction, 'DATA');
      if (!credential)
        return { kind: 'fatal', code: 'no_data_credential', message: 'The workflow has no DATA credential' };
      const result = await client.preparedData(
        partUrl(transaction, credential, 'PREPARED_DATA'),
        body,
        transaction.token,
        context.signal,
      );
      const answer = interpretJumio(result, 'transaction');
      return answer.kind === 'outcome'
        ? answer.outcome
        : { kind: 'success', answer: { partId: 'PREPARED_DATA' } };
    },
  };

  const readStatus = async (context: StepContext): Promise<string | Failure> => {
    if (!tokens)
      return { kind: 'fatal', code: 'no_status_access', message: 'Broker mode cannot read the status' };
    const transaction = transactionOrFailure(context);
    if (isFailure(transaction)) return transaction;
    const token = await tokens.get(context.signal);
    if (isFailure(token)) return token;
    const result = await client.status(
      transaction.accountId,
      transaction.workflowExecutionId,
      token.token,
      context.signal,
    );
    if (result.kind === 'response' && result.status === 401) tokens.invalidate();
    const answer = interpretJumio(result, 'server');
    if (answer.kind === 'outcome') return answer.outcome;
    const status = (answer.value.workflowExecution as { status?: unknown } | undefined)?.status;
    return typeof status === 'string'
      ? status
      : { kind: 'fatal', code: 'unexpected_answer', message: 'Jumio answered without a status' };
  };

  const finalize: StepDefinition = {
    key: 'finalize',
    kind: 'remote',
    // Finalize starts the workflow and is allowed once.
    idempotent: false,
    run: async (context) => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const answer = interpretJumio(
        await client.finalize(transaction.workflowUrl, transaction.token, context.signal),
        'transaction',
      );
      return answer.kind === 'outcome' ? answer.outcome : { kind: 'success', answer: { finalized: true } };
    },
    ...(tokens
      ? {
          reconcile: async (context: StepContext): Promise<ReconcileOutcome> => {
            const status = await readStatus(context);
            if (isFailure(status)) return 'unknown';
            if (status === 'ACQUIRED' || status === 'PROCESSED') return 'done';
            return status === 'INITIATED' || status === 'TOKEN_EXPIRED' || status === 'SESSION_EXPIRED'
              ? 'not_done'
              : 'unknown';
          },
        }
      : {}),
  };

  const result: StepDefinition = {
    key: 'result',
    kind: 'remote',
    idempotent: true,
    run: async (context) => {
      const status = await readStatus(context);
      if (isFailure(status)) return status;
      if (status === 'PROCESSED') return { kind: 'success', answer: { status } };
      if (status === 'SESSION_EXPIRED' || status === 'TOKEN_EXPIRED') {
        return {
          kind: 'needs_operator',
          reason: 'session_expired',
          code: status,
          message: `Jumio ended the transaction: ${status}`,
        };
      }
      const gap = pollGapsMs[context.attempt - 1];
      if (gap === undefined) {
        return {
          kind: 'needs_operator',
          reason: 'provider_rejected',
          code: 'result_timeout',
          message: `Jumio has not finished processing after ${pollGapsMs.length} status reads (${status}).`,
        };
      }
      return {
        kind: 'processing',
        code: 'processing',
        message: `Jumio is processing (${status})`,
        retryAfterMs: gap,
      };
    },
  };

  return {
    id: 'jumio.credentials',
    provider: 'jumio',
    deadlineMs: JUMIO_DEADLINE_MS,
    ...(tokens
      ? {
          authenticate: async (context) => {
            const session = await tokens.get(context.signal);
            return isFailure(session) ? session : { kind: 'success', session };
          },
        }
      : {}),
    cancel: jumioWithdraw(client, deps),
    steps: [
      { key: 'capture-front', kind: 'capture', idempotent: true, captures: ['front'] },
      { key: 'capture-back', kind: 'capture', idempotent: true, captures: ['back'] },
      { key: 'capture-selfie', kind: 'capture', idempotent: true, captures: ['selfie'] },
      // Staff check the customer's prepared data with the customer, offline too: nothing is sent yet.
      {
        key: PREPARED_DATA_REVIEW,
        kind: 'review',
        idempotent: true,
        reviews: {
          answerOf: 'capture-selfie',
          fields: JUMIO_PREPARED_DATA_FIELDS.map((field) => field.name),
        },
      },
      startTransaction,
      preparedData,
      ...jumioPartSteps(client),
      jumioDocumentStep(client),
      finalize,
      ...(tokens ? [result] : []),
    ],
  };
}
