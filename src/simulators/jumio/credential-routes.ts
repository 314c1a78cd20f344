/**
 * Credential calls (providers.md 3.2, seed 004) with the transaction token: parts FRONT/BACK/FACE
 * (add, replace), PREPARED_DATA, DOCUMENT, delete a part, delete all pages, finalize exactly once;
 * and the status read (3.3) with the server token.
 */
import { digest } from '../common/images';
import type { Ledger } from '../common/ledger';
import {
  isRecord,
  json,
  parseForm,
  parseJson,
  type Route,
  type SimRequest,
  type SimResponse,
} from '../common/router';
import { bearerToken, jumioError, userAgentProblem } from './errors';
import { preparedDataProblem } from './prepared-data';
import { imageProblem, isPdf, MAX_FILE_BYTES, pdfPages } from './file-checks';
import type { Category, Credential, Execution, JumioState } from './state';

const P = '/api/v1/accounts/:accountId/workflow-executions/:executionId';

const CLASSIFIER_CATEGORY: Record<string, Category> = {
  FRONT: 'ID',
  BACK: 'ID',
  FACE: 'SELFIE',
  PREPARED_DATA: 'DATA',
  DOCUMENT: 'DOCUMENT',
};

type Resolved = { execution: Execution; credential?: Credential };

/** Headers, transaction token, ids and the execution's state, in the order Jumio checks them. */
function resolve(state: JumioState, request: SimRequest, withCredential: boolean): Resolved | SimResponse {
  const agent = userAgentProblem(request);
  if (agent) return agent;
  const execution = state.execution(request.params.accountId ?? '', request.params.executionId ?? '');
  const token = bearerToken(request);
  if (!token) return jumioError(401, 'The token is missing.');
  if (!execution) return jumioError(404, 'Unknown account or workflow execution.');
  if (token !== execution.token) return jumioError(401, 'The token does not belong to this transaction.');
  const status = state.status(execution);
  if (status === 'TOKEN_EXPIRED' || status === 'SESSION_EXPIRED')
    return jumioError(401, `The transaction has ended (${status}).`);
  if (execution.finalizedAt !== undefined)
    return jumioError(400, 'The workflow execution is already finalized.');
  if (!withCredential) return { execution };
  const credential = execution.credentials.find((c) => c.id === request.params.credentialId);
  if (!credential) return jumioError(404, 'Unknown credential.');
  return { execution, credential };
}

const isResponse = (value: Resolved | SimResponse): value is SimResponse => 'status' in value;

function answer(
  at: number,
  execution: Execution,
  credential: Credential | undefined,
  partId: string | undefined,
  base: string,
): SimResponse {
  const wf = `${base}/api/v1/accounts/${execution.accountId}/workflow-executions/${execution.id}`;
  return json(200, {
    timestamp: new Date(at).toISOString(),
    account: { id: execution.accountId },
    workflowExecution: { id: execution.id },
    credential: { id: credential?.id ?? null },
    part: { id: partId ?? null },
    api: {
      token: execution.token,
      parts: Object.fromEntries(
        (credential ? [...credential.parts.keys()] : []).map((c) => [
          c.toLowerCase(),
          `${wf}/credentials/${credential?.id}/parts/${c}`,
        ]),
      ),
      workflowExecution: wf,
    },
  });
}

async function fileOf(request: SimRequest): Promise<Uint8Array[] | SimResponse> {
  const form = await parseForm(request);
  if (!form.ok) return jumioError(400, 'Send the file as multipart/form-data in the field "file".');
  const files: Uint8Array[] = [];
  for (const value of form.value.getAll('file')) {
    if (typeof value !== 'string') files.push(new Uint8Array(await value.arrayBuffer()));
  }
  if (files.length === 0) return jumioError(400, 'The field "file" is required.');
  return files;
}

/** A tenant that does not allow deletions through the API answers 405, and nothing is deleted. */
function refusedDeletion(ledger: Ledger, execution: Execution, classifier: string): SimResponse {
  ledger.record('deletion_refused', { workflowExecutionId: execution.id, classifier });
  return jumioError(405, 'Deleting parts is not allowed for this tenant.');
}

export function credentialRoutes(state: JumioState, ledger: Ledger, baseUrl: () => string): Route[] {
  const putPart =
    (mode: 'add' | 'update') =>
    async (request: SimRequest): Promise<SimResponse> => {
      const resolved = resolve(state, request, true);
      if (isResponse(resolved)) return resolved;
      const { execution, credential } = resolved as Required<Resolved>;
      const classifier = (request.params.classifier ?? '').toUpperCase();
      if (
        !['FRONT', 'BACK', 'FACE'].includes(classifier) &&
        !(mode === 'add' && classifier in CLASSIFIER_CATEGORY)
      ) {
        return jumioError(400, `Unknown classifier ${classifier}.`);
      }
      if (CLASSIFIER_CATEGORY[classifier] !== credential.category) {
        return jumioError(400, `${classifier} does not belong to a ${credential.category} credential.`);
      }
      if (mode === 'update' && !credential.parts.has(classifier))
        return jumioError(404, `There is no ${classifier} part to update.`);
      const now = state.now();
      if (classifier === 'PREPARED_DATA') {
        const parsed = parseJson(request);
        if (!parsed.ok || !isRecord(parsed.value))
          return jumioError(400, 'Prepared data must be a JSON object.');
        const problem = preparedDataProblem(parsed.value);
        if (problem) {
          ledger.record('prepared_data_refused', { workflowExecutionId: execution.id, problem });
          return jumioError(400, problem);
        }
        credential.preparedData = parsed.value;
        credential.parts.set(classifier, {
          digest: digest(request.body),
          bytes: request.body.length,
          at: now,
        });
        ledger.record('prepared_data_set', {
          workflowExecutionId: execution.id,
          fields: Object.keys(parsed.value),
          // Training data only (specimens, test names): what arrived, for tests to check.
          data: parsed.value,
        });
        return answer(state.now(), execution, credential, classifier, baseUrl());
      }
      const files = await fileOf(request);
      if (!Array.isArray(files)) return files;
      if (classifier === 'DOCUMENT') {
        const total =
          files.reduce((sum, f) => sum + f.byteLength, 0) + credential.pages.reduce((s, p) => s + p.bytes, 0);
        if (total > MAX_FILE_BYTES) return jumioError(400, 'Documents are limited to 15 MB in total.');
        const pdfs = files.filter(isPdf);
        if (pdfs.length > 0 && (files.length > 1 || credential.pages.length > 0))
          return jumioError(400, 'Send one PDF, or images.');
        for (const f of files)
          if (!isPdf(f)) {
            const problem = await imageProblem(f);
            if (problem) return jumioError(400, problem);
          }
        const pages = pdfs.length === 1 ? pdfPages(pdfs[0]!) : files.length;
        if (credential.pages.length + pages > 30)
          return jumioError(400, 'Documents are limited to 30 pages.');
        for (const f of files) credential.pages.push({ digest: digest(f), bytes: f.byteLength, at: now });
        credential.parts.set('DOCUMENT', { digest: digest(files[0]!), bytes: total, at: now });
        execution.lastUploadAt = now;
        ledger.record('document_added', { workflowExecutionId: execution.id, pages });
        return answer(state.now(), execution, credential, 'DOCUMENT', baseUrl());
      }
      if (files.length !== 1) return jumioError(400, 'Send exactly one file.');
      const file = files[0]!;
      const problem = await imageProblem(file);
      if (problem) return jumioError(400, problem);
      const replaced = credential.parts.has(classifier);
      credential.parts.set(classifier, { digest: digest(file), bytes: file.byteLength, at: now });
      execution.lastUploadAt = now;
      ledger.record(replaced ? 'part_replaced' : 'part_added', {
        workflowExecutionId: execution.id,
        classifier,
        method: request.method,
        image: digest(file),
      });
      return answer(state.now(), execution, credential, classifier, baseUrl());
    };

  return [
    { method: 'POST', path: `${P}/credentials/:credentialId/parts/:classifier`, handler: putPart('add') },
    { method: 'PUT', path: `${P}/credentials/:credentialId/parts/:classifier`, handler: putPart('update') },
    {
      method: 'DELETE',
      path: `${P}/credentials/:credentialId/parts/:classifier`,
      handler: (request) => {
        const resolved = resolve(state, request, true);
        if (isResponse(resolved)) return resolved;
        const { execution, credential } = resolved as Required<Resolved>;
        const classifier = (request.params.classifier ?? '').toUpperCase();
        if (!state.deletionsAllowed) return refusedDeletion(ledger, execution, classifier);
        if (!credential.parts.delete(classifier)) return jumioError(404, `There is no ${classifier} part.`);
        if (classifier === 'DOCUMENT') credential.pages = [];
        ledger.record('part_deleted', { workflowExecutionId: execution.id, classifier });
        return answer(state.now(), execution, credential, classifier, baseUrl());
      },
    },
    {
      method: 'DELETE',
      path: `${P}/credentials/:credentialId/parts`,
      handler: (request) => {
        const resolved = resolve(state, request, true);
        if (isResponse(resolved)) return resolved;
        const { execution, credential } = resolved as Required<Resolved>;
        if (!state.deletionsAllowed) return refusedDeletion(ledger, execution, 'ALL');
        const removed = credential.parts.size + credential.pages.length;
        credential.parts.clear();
        credential.pages = [];
        ledger.record('all_pages_deleted', {
          workflowExecutionId: execution.id,
          credentialId: credential.id,
          removed,
        });
        return answer(state.now(), execution, credential, undefined, baseUrl());
      },
    },
    {
      method: 'PUT',
      path: P,
      handler: (request) => {
        const resolved = resolve(state, request, false);
        if (isResponse(resolved)) return resolved;
        const { execution } = resolved;
        // Finalize only after the parts the workflow needs: FRONT on an ID, FACE on a SELFIE.
        for (const credential of execution.credentials) {
          const needed =
            credential.category === 'ID' ? ['FRONT'] : credential.category === 'SELFIE' ? ['FACE'] : [];
          for (const classifier of needed) {
            if (!credential.parts.has(classifier))
              return jumioError(400, `Upload ${classifier} before finalizing.`);
          }
        }
        execution.finalizedAt = state.now();
        ledger.record('finalized', { workflowExecutionId: execution.id });
        return answer(state.now(), execution, undefined, undefined, baseUrl());
      },
    },
    {
      method: 'GET',
      path: `${P}/status`,
      handler: (request) => {
        const agent = userAgentProblem(request);
        if (agent) return agent;
        if (!state.serverClient(bearerToken(request)))
          return jumioError(401, 'The access token is missing or expired.');
        const execution = state.execution(request.params.accountId ?? '', request.params.executionId ?? '');
        if (!execution) return jumioError(404, 'Unknown account or workflow execution.');
        return json(200, {
          account: { id: execution.accountId },
          workflowExecution: { id: execution.id, status: state.status(execution) },
        });
      },
    },
  ];
}
