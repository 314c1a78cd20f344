/** Jumio's error shape (`{ title, status, detail }`, as its 429 answer shows) and the header rules. */
import { bearerToken, json, type SimRequest, type SimResponse } from '../common/router';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
};

export const jumioError = (status: number, detail: string): SimResponse =>
  json(
    status,
    { title: TITLES[status] ?? 'Error', status, detail },
    status === 429 ? { 'retry-after': '1' } : undefined,
  );

/** Every call carries a meaningful User-Agent; a missing one is refused (providers.md §3). */
export function userAgentProblem(request: SimRequest): SimResponse | undefined {
  const agent = request.headers['user-agent'];
  if (typeof agent !== 'string' || agent.trim().length < 3)
    return jumioError(403, 'A User-Agent header is required.');
  return undefined;
}

export { bearerToken };
