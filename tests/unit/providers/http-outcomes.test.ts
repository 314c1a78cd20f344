import { describe, expect, it } from 'vitest';
import { classifyBody } from '../../../src/main/providers/http/http-call';
import { commonStatusOutcome, retryAfterMs } from '../../../src/main/providers/http/outcomes';
import { createSecretResolver, SecretUnavailableError } from '../../../src/main/providers/secrets';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const response = (
  status: number,
  body: ReturnType<typeof classifyBody>,
  headers: Record<string, string> = {},
) => ({
  kind: 'response' as const,
  status,
  headers: new Headers(headers),
  body,
});

describe('defensive body parsing', () => {
  it('tells JSON, empty bodies, HTML error pages, plain text and truncated JSON apart', () => {
    expect(classifyBody(bytes('{"a":1}'), 'application/json')).toEqual({ type: 'json', value: { a: 1 } });
    expect(classifyBody(bytes('true'), null)).toEqual({ type: 'json', value: true });
    expect(classifyBody(bytes('  \n'), 'application/json')).toEqual({ type: 'empty' });
    expect(classifyBody(bytes('<!DOCTYPE html><h1>502</h1>'), 'application/json').type).toBe('html');
    expect(classifyBody(bytes('<html>x</html>'), null).type).toBe('html');
    expect(classifyBody(bytes('Service Unavailable'), 'text/plain').type).toBe('text');
    expect(classifyBody(bytes('{"isSuccess": tr'), 'application/json').type).toBe('invalid_json');
  });
});

describe('shared status rules', () => {
  it('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3_000);
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 00:00:10 GMT' }), now)).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('401 re-authenticates, 429 and 5xx retry, 3xx is configuration, a 2xx without a readable body retries', () => {
    expect(commonStatusOutcome(response(401, { type: 'empty' }))).toMatchObject({ kind: 'reauthenticate' });
    expect(commonStatusOutcome(response(429, { type: 'empty' }, { 'retry-after': '2' }))).toEqual({
      kind: 'retryable',
      code: 'rate_limited',
      message: 'the provider asks to slow down',
      retryAfterMs: 2_000,
    });
    expect(commonStatusOutcome(response(503, { type: 'html', snippet: '<html>' }))).toMatchObject({
      kind: 'retryable',
      code: 'http_503',
    });
    expect(commonStatusOutcome(response(302, { type: 'empty' }))).toMatchObject({ kind: 'fatal' });
    expect(commonStatusOutcome(response(200, { type: 'too_large', limit: 10 }))).toMatchObject({
      kind: 'retryable',
      code: 'unreadable_answer',
    });
    expect(commonStatusOutcome(response(200, { type: 'json', value: {} }))).toBeUndefined();
    expect(commonStatusOutcome(response(400, { type: 'json', value: {} }))).toBeUndefined();
  });
});

describe('secrets', () => {
  it('plain values pass, encrypted ones need the host decryptor, and a failing decryptor reveals nothing', () => {
    expect(createSecretResolver()('plain')).toBe('plain');
    expect(() => createSecretResolver()({ encrypted: 'QUJD' })).toThrow(SecretUnavailableError);
    expect(createSecretResolver((b64) => `dec:${b64}`)({ encrypted: 'QUJD' })).toBe('dec:QUJD');
    const failing = createSecretResolver(() => {
      throw new Error('key material 0xDEADBEEF');
    });
    expect(() => failing({ encrypted: 'QUJD' })).toThrow(/could not be decrypted$/);
  });
});
