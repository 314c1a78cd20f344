/**
 * Flow 5 (seed 004): a Jumio transaction.
 * capture front, back, selfie → review the prepared data with the customer → [server token, direct
 * mode] → start the transaction (broker, or account create/update) → prepared data (as reviewed) → parts FRONT, BACK, FACE (added;
 * replaced on retake) → DOCUMENT (when captured) → finalize, exactly once → poll the status with
 * growing gaps (direct mode; in broker mode the bank's broker receives Jumio's callback).
 */
import type { ImageRole } from '../../../shared/domain/flows';
import type { JumioConfig } from '../config';
import type {
  FlowDefinition,
  ReconcileOutcome,
  StepContext,
  StepDefinition,
  StepOutcome,
  StoredImage,
} from '../../sync/flow-types';
import {
  isFailure,
  requiredImage,
  secretOrFatal,
  stringOf,
  type ConnectorDeps,
  type Failure,
} from '../connector';
import { interpretJumio } from './jumio-answers';
import type { JumioClient } from './jumio-client';
import type { ServerTokenCache } from './server-token';
import { jumioWithdraw, withdrawalTargets } from './withdraw';
import { PREPARED_DATA_REVIEW, preparedDataBody } from './prepared-data';
import { JUMIO_PREPARED_DATA_FIELDS } from '../../../shared/flows/jumio-credentials';
import {
  asStored,
  credentialOf,
  parseTransaction,
  partUrl,
  storedTransaction,
  type Transaction,
} from './transaction';

export const JUMIO_DEADLINE_MS = 30 * 60_000;

/** The file name's extension each stored type is uploaded under (the part's own type says the rest). */
const FILE_EXTENSION: Readonly<Record<StoredImage['mime'], string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

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

function transactionOrFailure(context: Pick<StepContext, 'answers'>): Transaction | Failure {
  return (
    storedTransaction(context) ?? {
      kind: 'fatal',
      code: 'no_transaction',
      message: 'The Jumio transaction has not been started for this case.',
    }
  );
}

const PART_OF_ROLE: {
  key: string;
  role: ImageRole;
  classifier: 'FRONT' | 'BACK' | 'FACE';
  category: 'ID' | 'SELFIE';
}[] = [
  { key: 'part-front', role: 'front', classifier: 'FRONT', category: 'ID' },
  { key: 'part-back', role: 'back', classifier: 'BACK', category: 'ID' },
  { key: 'part-face', role: 'selfie', classifier: 'FACE', category: 'SELFIE' },
];

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
      const hasDocument = (await context.image('document')) !== undefined;
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

  const partSteps: StepDefinition[] = PART_OF_ROLE.map(({ key, role, classifier, category }) => ({
    key,
    kind: 'remote',
    // A classifier holds one image: adding again or replacing overwrites it.
    idempotent: true,
    sends: [role],
    run: async (context): Promise<StepOutcome> => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const credential = credentialOf(transaction, category);
      if (!credential)
        return {
          kind: 'fatal',
          code: 'no_credential',
          message: `The workflow has no ${category} credential`,
        };
      const image = await requiredImage(context, role);
      if (isFailure(image)) return image;
      const url = partUrl(transaction, credential, classifier);
      const file = {
        bytes: image.bytes,
        mime: image.mime,
        name: `${classifier.toLowerCase()}.${FILE_EXTENSION[image.mime]}`,
      };
      // A retake (this step ran before, or an earlier attempt may have landed) replaces the part;
      // if there turns out to be nothing to replace, it is added.
      const retake = context.answers[key] !== undefined || context.attempt > 1;
      let result = await client.uploadPart(
        retake ? 'PUT' : 'POST',
        url,
        file,
        transaction.token,
        context.signal,
      );
      if (retake && result.kind === 'response' && result.status === 404) {
        result = await client.uploadPart('POST', url, file, transaction.token, context.signal);
      }
      const answer = interpretJumio(result, 'transaction', role);
      if (answer.kind === 'outcome') return answer.outcome;
      return { kind: 'success', answer: { classifier, method: retake ? 'PUT' : 'POST' } };
    },
  }));

  const document: StepDefinition = {
    key: 'document',
    kind: 'remote',
    // Pages are appended, so the step first deletes the earlier ones: the repeat leaves one copy.
    idempotent: true,
    sends: ['document'],
    when: ({ images }) => images.includes('document'),
    run: async (context) => {
      const transaction = transactionOrFailure(context);
      if (isFailure(transaction)) return transaction;
      const credential = credentialOf(transaction, 'DOCUMENT');
      if (!credential)
        return {
          kind: 'fatal',
          code: 'no_document_credential',
          message: 'The workflow has no DOCUMENT credential',
        };
      const image = await requiredImage(context, 'document');
      if (isFailure(image)) return image;
      // Clear earlier pages (seed 004: delete a part, here DOCUMENT; or the configured "delete all
      // pages" path). 404 means there were none.
      const [target] = withdrawalTargets(
        { ...transaction, credentials: [credential] },
        config.deleteAllPagesPath,
      );
      const cleared = await client.deletePart(target!.url, transaction.token, context.signal);
      if (!(cleared.kind === 'response' && cleared.status === 404)) {
        const answer = interpretJumio(cleared, 'transaction');
        if (answer.kind === 'outcome') return answer.outcome;
      }
      const result = await client.uploadPart(
        'POST',
        partUrl(transaction, credential, 'DOCUMENT'),
        // One PDF goes as itself (seed 004: "image(s)/single pdf"), an image as a page.
        { bytes: image.bytes, mime: image.mime, name: `document.${FILE_EXTENSION[image.mime]}` },
        transaction.token,
        context.signal,
      );
      const answer = interpretJumio(result, 'transaction', 'document');
      return answer.kind === 'outcome'
        ? answer.outcome
        : { kind: 'success', answer: { classifier: 'DOCUMENT' } };
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
      ...partSteps,
      document,
      finalize,
      ...(tokens ? [result] : []),
    ],
  };
}
