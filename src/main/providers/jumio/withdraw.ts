/**
 * Withdrawing a Jumio transaction when staff cancel a case (FlowDefinition.cancel): every part the
 * kiosk may have uploaded is deleted with `DELETE P/parts/{classifier}`, the call seed 004
 * documents. The "delete all pages" call the seed does not show is used only when the administrator
 * configured its path (`providers.jumio.deleteAllPagesPath`), never guessed.
 *
 * Truthfulness: the outcome is success only when Jumio confirmed each deletion (2xx) or said the
 * part is not there (404). A refusal (405, 403, 400 after finalize, 401 once the transaction ended)
 * means the customer's images may remain at Jumio: the outcome is needs_operator with reason
 * `withdrawal_refused`, which keeps the case in the needs-attention inbox instead of "cancelled".
 */
import type { StepContext, StepOutcome } from '../../sync/flow-types';
import type { ConnectorDeps } from '../connector';
import type { HttpResult } from '../http/http-call';
import { commonStatusOutcome, transportOutcome } from '../http/outcomes';
import type { JumioClient } from './jumio-client';
import { credentialUrl, partUrl, storedTransaction, type Transaction } from './transaction';

/** The classifiers each credential category can hold (providers.md 3.2). */
export const CLASSIFIERS_OF_CATEGORY: Readonly<Record<string, readonly string[]>> = {
  ID: ['FRONT', 'BACK'],
  SELFIE: ['FACE'],
  DATA: ['PREPARED_DATA'],
  DOCUMENT: ['DOCUMENT'],
};

/** One deletion target: a URL and what it removes, for the operator's message. */
interface Target {
  url: string;
  label: string;
}

/**
 * What to delete. Part by part by default: every classifier the workflow's credentials can hold,
 * since an upload may have landed even when its answer was lost (a part that is not there answers
 * 404, which counts as withdrawn).
 */
export function withdrawalTargets(
  transaction: Transaction,
  deleteAllPagesPath: string | undefined,
): Target[] {
  return transaction.credentials.flatMap((credential) =>
    deleteAllPagesPath !== undefined
      ? [
          {
            url: `${credentialUrl(transaction, credential)}/${deleteAllPagesPath.replace(/^\/+/, '')}`,
            label: `${credential.category} (all pages)`,
          },
        ]
      : (CLASSIFIERS_OF_CATEGORY[credential.category] ?? []).map((classifier) => ({
          url: partUrl(transaction, credential, classifier),
          label: classifier,
        })),
  );
}

type Verdict =
  { kind: 'gone' } | { kind: 'refused'; status: number } | { kind: 'retry'; outcome: StepOutcome };

/** One deletion's answer: gone (2xx or 404), refused by Jumio, or a fault worth retrying. */
export function deletionVerdict(result: HttpResult): Verdict {
  if (result.kind !== 'response') return { kind: 'retry', outcome: transportOutcome(result) };
  const { status } = result;
  if ((status >= 200 && status < 300) || status === 404) return { kind: 'gone' };
  // 429 and 5xx: Jumio did not decide; try the withdrawal again later. (A 401 here carries the
  // transaction token, which cannot be renewed: the transaction has ended, Jumio keeps what it has.)
  const common = status === 401 ? undefined : commonStatusOutcome(result);
  if (common) return { kind: 'retry', outcome: common };
  return { kind: 'refused', status };
}

export function jumioWithdraw(client: JumioClient, deps: Pick<ConnectorDeps, 'log'>) {
  return async (context: StepContext): Promise<StepOutcome> => {
    const transaction = storedTransaction(context);
    // Nothing was started at Jumio: nothing to withdraw.
    if (!transaction) return { kind: 'success' };
    const refused: string[] = [];
    for (const target of withdrawalTargets(transaction, client.config.deleteAllPagesPath)) {
      const verdict = deletionVerdict(await client.deletePart(target.url, transaction.token, context.signal));
      if (verdict.kind === 'retry') return verdict.outcome;
      if (verdict.kind === 'refused') refused.push(`${target.label} (HTTP ${verdict.status})`);
    }
    if (refused.length === 0) return { kind: 'success', answer: { withdrawn: true } };
    deps.log.warn('jumio.withdrawal_refused', { caseId: context.caseId, refused: refused.length });
    return {
      kind: 'needs_operator',
      reason: 'withdrawal_refused',
      code: 'withdrawal_refused',
      message: `Jumio refused to delete ${refused.join(', ')}: images may remain at the provider.`,
    };
  };
}
