/**
 * A started Jumio transaction, as the account create/update (or broker) answer describes it, kept
 * as the answer of the 'start-transaction' step for the steps after it. The part URLs Jumio returns
 * are used as given; only missing ones are built from the api host.
 */
import type { JsonValue, StepContext } from '../../sync/flow-types';
import { answerObject, type Failure } from '../connector';

export interface TransactionCredential {
  id: string;
  category: string;
  parts: Record<string, string>;
}

export interface Transaction {
  accountId: string;
  workflowExecutionId: string;
  /** The per-transaction "OTP" token of the seed (api.token). */
  token: string;
  tokenExpiresAt: string;
  workflowUrl: string;
  credentials: TransactionCredential[];
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function parseTransaction(
  value: Record<string, unknown>,
  apiBase: string,
  tokenExpiresAt: string,
): Transaction | undefined {
  const account = value.account as { id?: unknown } | undefined;
  const execution = value.workflowExecution as { id?: unknown; credentials?: unknown } | undefined;
  const accountId = str(account?.id);
  const workflowExecutionId = str(execution?.id);
  if (!accountId || !workflowExecutionId || !Array.isArray(execution?.credentials)) return undefined;
  const built = new URL(
    `api/v1/accounts/${accountId}/workflow-executions/${workflowExecutionId}`,
    apiBase,
  ).toString();
  let token: string | undefined;
  let workflowUrl: string | undefined;
  const credentials: TransactionCredential[] = [];
  for (const item of execution.credentials as unknown[]) {
    const c = item as {
      id?: unknown;
      category?: unknown;
      api?: { token?: unknown; parts?: unknown; workflowExecution?: unknown };
    };
    const id = str(c.id);
    const category = str(c.category);
    if (!id || !category) return undefined;
    token ??= str(c.api?.token);
    workflowUrl ??= str(c.api?.workflowExecution);
    const parts: Record<string, string> = {};
    if (c.api?.parts && typeof c.api.parts === 'object') {
      for (const [name, url] of Object.entries(c.api.parts as Record<string, unknown>)) {
        const u = str(url);
        if (u) parts[name.toLowerCase()] = u;
      }
    }
    credentials.push({ id, category, parts });
  }
  if (!token) return undefined;
  return {
    accountId,
    workflowExecutionId,
    token,
    tokenExpiresAt,
    workflowUrl: workflowUrl ?? built,
    credentials,
  };
}

export function storedTransaction(context: Pick<StepContext, 'answers'>): Transaction | undefined {
  return answerObject(context, 'start-transaction') as unknown as Transaction | undefined;
}

export function credentialOf(transaction: Transaction, category: string): TransactionCredential | undefined {
  return transaction.credentials.find((c) => c.category === category);
}

/** The URL of a credential (`P` in providers.md 3.2). */
export function credentialUrl(transaction: Transaction, credential: TransactionCredential): string {
  return `${transaction.workflowUrl.replace(/\/$/, '')}/credentials/${credential.id}`;
}

/** The URL of one part: Jumio's own where it gave one, else built from the credential URL. */
export function partUrl(
  transaction: Transaction,
  credential: TransactionCredential,
  classifier: string,
): string {
  return (
    credential.parts[classifier.toLowerCase()] ??
    `${credentialUrl(transaction, credential)}/parts/${classifier.toUpperCase()}`
  );
}

export const asStored = (t: Transaction): JsonValue => JSON.parse(JSON.stringify(t)) as JsonValue;

/** The case's started transaction, or the fatal failure of a step that runs before there is one. */
export function transactionOrFailure(context: Pick<StepContext, 'answers'>): Transaction | Failure {
  return (
    storedTransaction(context) ?? {
      kind: 'fatal',
      code: 'no_transaction',
      message: 'The Jumio transaction has not been started for this case.',
    }
  );
}
