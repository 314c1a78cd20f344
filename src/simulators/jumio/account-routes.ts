/**
 * OAuth server tokens, account create/update (providers.md 3.1) and the bank-side broker the
 * kiosk can use instead of holding the client secret (`POST /broker/v1/transactions`).
 */
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../common/ledger';
import type { RateLimiter } from '../common/rate-limit';
import { isRecord, json, parseJson, type Route, type SimRequest, type SimResponse } from '../common/router';
import { bearerToken, jumioError, userAgentProblem } from './errors';
import type { Account, Category, CredentialShape, Execution, JumioState } from './state';

const CATEGORIES: readonly Category[] = ['ID', 'DOCUMENT', 'SELFIE', 'DATA'];

const PART_NAMES: Record<Category, string[]> = {
  ID: ['front', 'back'],
  SELFIE: ['face'],
  DATA: ['prepared_data'],
  DOCUMENT: ['document'],
};

/** The account create/update answer, with the URLs of each credential's parts. */
export function accountAnswer(base: string, account: Account, execution: Execution, at: number): unknown {
  const wf = `${base}/api/v1/accounts/${account.id}/workflow-executions/${execution.id}`;
  return {
    timestamp: new Date(at).toISOString(),
    account: { id: account.id },
    workflowExecution: {
      id: execution.id,
      credentials: execution.credentials.map((c) => ({
        id: c.id,
        category: c.category,
        api: {
          token: execution.token,
          parts: Object.fromEntries(
            PART_NAMES[c.category].map((name) => [
              name,
              `${wf}/credentials/${c.id}/parts/${name.toUpperCase()}`,
            ]),
          ),
          workflowExecution: wf,
        },
      })),
    },
  };
}

type AccountBody = {
  reference: string;
  credentials: { category: Category; country?: string; type?: string }[];
};

/**
 * An ID credential's `country` or `type` in the shape this tenant takes: `{ values: [string] }`
 * (Jumio's public docs) or a bare string. Undefined when absent; a SimResponse when malformed.
 */
function credentialValue(
  value: unknown,
  name: string,
  shape: CredentialShape,
): string | undefined | SimResponse {
  if (value === undefined) return undefined;
  if (shape === 'plain') {
    return typeof value === 'string' && value !== ''
      ? value
      : jumioError(400, `${name} must be a string in this workflow.`);
  }
  const values = isRecord(value) ? value.values : undefined;
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    !values.every((v) => typeof v === 'string' && v !== '')
  )
    return jumioError(400, `${name} must be an object with a non-empty "values" list.`);
  return (values as string[]).join(',');
}

function validateAccountBody(body: unknown, shape: CredentialShape): AccountBody | SimResponse {
  if (!isRecord(body)) return jumioError(400, 'The body must be a JSON object.');
  const reference = body.customerInternalReference;
  if (typeof reference !== 'string' || reference.length === 0 || reference.length > 100) {
    return jumioError(400, 'customerInternalReference is required (at most 100 characters).');
  }
  const workflow = body.workflowDefinition;
  if (!isRecord(workflow) || workflow.key === undefined)
    return jumioError(400, 'workflowDefinition.key is required.');
  const list = Array.isArray(workflow.credentials) ? workflow.credentials : [];
  const credentials: AccountBody['credentials'] = [];
  for (const item of list) {
    if (!isRecord(item) || !CATEGORIES.includes(item.category as Category)) {
      return jumioError(400, 'Each credential needs a category of ID, DOCUMENT, SELFIE or DATA.');
    }
    const country = credentialValue(item.country, 'country', shape);
    if (typeof country === 'object') return country;
    const type = credentialValue(item.type, 'type', shape);
    if (typeof type === 'object') return type;
    credentials.push({
      category: item.category as Category,
      ...(country !== undefined ? { country } : {}),
      ...(type !== undefined ? { type } : {}),
    });
  }
  if (credentials.length === 0) return jumioError(400, 'workflowDefinition.credentials must not be empty.');
  return { reference, credentials };
}

function basicClient(request: SimRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export interface AccountRouteOptions {
  tokenLimiter: RateLimiter;
  accountLimiter: RateLimiter;
  brokerKey?: string;
  /** The client the broker acts as. */
  brokerClientId: string;
  baseUrl: () => string;
}

export function accountRoutes(state: JumioState, ledger: Ledger, options: AccountRouteOptions): Route[] {
  const createOrUpdate = (clientId: string, accountId: string | undefined, body: unknown): SimResponse => {
    const valid = validateAccountBody(body, state.credentialShape);
    if ('status' in valid) return valid;
    if (!options.accountLimiter.allow(clientId))
      return jumioError(429, 'Account initiation is limited to 1 request per second.');
    let account: Account | undefined;
    if (accountId !== undefined) {
      account = state.accounts.get(accountId);
      if (!account || account.clientId !== clientId) return jumioError(404, 'Unknown account.');
    } else {
      account = {
        id: randomUUID(),
        clientId,
        customerInternalReference: valid.reference,
        executions: new Map(),
      };
      state.accounts.set(account.id, account);
    }
    const execution = state.newExecution(account, valid.credentials);
    ledger.record(accountId === undefined ? 'account_created' : 'account_updated', {
      accountId: account.id,
      workflowExecutionId: execution.id,
      reference: valid.reference,
    });
    return json(200, accountAnswer(options.baseUrl(), account, execution, state.now()));
  };

  return [
    {
      method: 'POST',
      path: '/oauth2/token',
      handler: async (request) => {
        const agent = userAgentProblem(request);
        if (agent) return agent;
        if (!options.tokenLimiter.allow())
          return jumioError(429, 'Token requests are limited to 10 per second.');
        const client = basicClient(request);
        if (!client || state.clients.get(client.id) !== client.secret) {
          return json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
        }
        const form = new URLSearchParams(request.body.toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials')
          return json(400, { error: 'unsupported_grant_type' });
        const { token, ttlMs } = state.issueServerToken(client.id);
        ledger.record('server_token_issued', { clientId: client.id });
        await Promise.resolve();
        return json(200, { access_token: token, expires_in: Math.round(ttlMs / 1000), token_type: 'Bearer' });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/accounts',
      handler: (request) => {
        const agent = userAgentProblem(request);
        if (agent) return agent;
        const clientId = state.serverClient(bearerToken(request));
        if (!clientId) return jumioError(401, 'The access token is missing or expired.');
        const parsed = parseJson(request);
        return createOrUpdate(clientId, undefined, parsed.ok ? parsed.value : undefined);
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/accounts/:accountId',
      handler: (request) => {
        const agent = userAgentProblem(request);
        if (agent) return agent;
        const clientId = state.serverClient(bearerToken(request));
        if (!clientId) return jumioError(401, 'The access token is missing or expired.');
        const parsed = parseJson(request);
        return createOrUpdate(clientId, request.params.accountId, parsed.ok ? parsed.value : undefined);
      },
    },
    {
      // The bank-side broker: holds the client secret, starts the transaction, answers the same shape.
      method: 'POST',
      path: '/broker/v1/transactions',
      handler: (request) => {
        if (options.brokerKey !== undefined && bearerToken(request) !== options.brokerKey) {
          return jumioError(401, 'The broker key is missing or wrong.');
        }
        const parsed = parseJson(request);
        if (!parsed.ok || !isRecord(parsed.value)) return jumioError(400, 'The body must be a JSON object.');
        const { accountId, ...rest } = parsed.value;
        return createOrUpdate(
          options.brokerClientId,
          typeof accountId === 'string' ? accountId : undefined,
          rest,
        );
      },
    },
  ];
}
