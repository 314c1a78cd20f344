// Every ARGOS code a case can end with (error table, gateway statuses, KYC results, reject reasons)
// has one next step for staff, and both its strings in English and Arabic; pending results are
// re-read with growing, bounded gaps; the submission's 4-hour deadline is known at creation.
import { describe, expect, it } from 'vitest';
import {
  ARGOS_ERROR_OUTCOMES,
  ARGOS_RESULT_MAX_GAP_MS,
  ARGOS_RESULT_READS,
  interpretArgos,
  interpretResult,
  resultGapMs,
} from '../../../src/main/providers/argos/argos-answers';
import { ARGOS_DEADLINE_MS, argosDeadline } from '../../../src/main/providers/argos/put-image-flow';
import type { HttpResult } from '../../../src/main/providers/http/http-call';
import {
  ARGOS_CODES,
  ARGOS_NEXT_STEPS,
  ARGOS_REJECT_NEXT_STEP,
  argosNextStep,
} from '../../../src/shared/domain/argos-codes';
import ar from '../../../src/renderer/src/locales/ar.json';
import en from '../../../src/renderer/src/locales/en.json';

const response = (status: number, value?: unknown): HttpResult => ({
  kind: 'response',
  status,
  headers: new Headers(),
  body: value === undefined ? { type: 'empty' } : { type: 'json', value },
});

const codeOf = (outcome: { kind: string; code?: string }): string | undefined =>
  'code' in outcome ? outcome.code : undefined;

/** Every code the connector can produce for an ARGOS case. */
function producedCodes(): string[] {
  const codes: string[] = [];
  for (const errorCode of Object.keys(ARGOS_ERROR_OUTCOMES)) {
    const answer = interpretArgos(response(400, { errorCode, message: 'm' }));
    if (answer.kind === 'outcome') codes.push(codeOf(answer.outcome)!);
  }
  for (const status of [403, 404, 413]) {
    const answer = interpretArgos(response(status));
    if (answer.kind === 'outcome') codes.push(codeOf(answer.outcome)!);
  }
  const item = (result: string, commentCode = '') => ({ Items: [{ kyc: { result, commentCode } }] });
  for (const result of ['pending', 'incomplete', 'rejected'])
    codes.push(codeOf(interpretResult(item(result), 60_000))!);
  codes.push(codeOf(interpretResult(item('pending'), 60_000, ARGOS_RESULT_READS))!);
  for (const reason of Object.keys(ARGOS_REJECT_NEXT_STEP))
    codes.push(codeOf(interpretResult(item('rejected', reason), 60_000))!);
  return codes;
}

const lookup = (root: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);

describe('ARGOS codes', () => {
  it('every code the connector produces is in the table with a next step', () => {
    const produced = producedCodes();
    expect(produced).toHaveLength(Object.keys(ARGOS_ERROR_OUTCOMES).length + 3 + 3 + 1 + 5);
    expect(produced.filter((code) => !ARGOS_CODES.includes(code))).toEqual([]);
    // The three next steps the staff know: recapture, fix the submission id, call IT.
    expect(argosNextStep('invalid_submission')).toBe('fix_submission_id');
    expect(argosNextStep('id_image_badImage', 'reject')).toBe('recapture');
    expect(argosNextStep('invalid_admin')).toBe('call_it');
    expect(argosNextStep('some_new_reason', 'reject')).toBe('refer_customer');
    expect(argosNextStep('some_new_error')).toBe('call_it');
  });

  it('every code and next step has its string in English and Arabic', () => {
    const missing: string[] = [];
    for (const [name, locale] of [
      ['en', en],
      ['ar', ar],
    ] as const) {
      for (const code of ARGOS_CODES)
        if (typeof lookup(locale, `argos.codes.${code}`) !== 'string') missing.push(`${name} codes.${code}`);
      for (const step of ARGOS_NEXT_STEPS)
        if (typeof lookup(locale, `argos.next.${step}`) !== 'string') missing.push(`${name} next.${step}`);
    }
    expect(missing).toEqual([]);
  });

  it('pending is re-read with growing gaps, at most ARGOS_RESULT_READS times, then waits for a person', () => {
    const gaps = Array.from({ length: ARGOS_RESULT_READS + 1 }, (_, i) => resultGapMs(i + 1, 60_000));
    const defined = gaps.filter((gap): gap is number => gap !== undefined);
    expect(defined).toHaveLength(ARGOS_RESULT_READS - 1);
    expect(defined[0]).toBe(60_000);
    for (let i = 1; i < defined.length; i += 1) expect(defined[i]).toBeGreaterThanOrEqual(defined[i - 1]!);
    expect(defined[1]).toBeGreaterThan(defined[0]!);
    expect(Math.max(...defined)).toBeLessThanOrEqual(ARGOS_RESULT_MAX_GAP_MS);
    // All the reads fit inside the submission's 4 hours.
    expect(defined.reduce((a, b) => a + b, 0)).toBeLessThan(ARGOS_DEADLINE_MS);
    const pending = { Items: [{ kyc: { result: 'pending' } }] };
    expect(interpretResult(pending, 60_000, 2)).toMatchObject({ kind: 'retryable', retryAfterMs: 96_000 });
    expect(interpretResult(pending, 60_000, ARGOS_RESULT_READS)).toMatchObject({
      kind: 'needs_operator',
      code: 'result_timeout',
    });
  });

  it('the deadline: 4 hours from when the submission was started online, else from the case', () => {
    const created = Date.parse('2026-03-01T10:00:00Z');
    expect(argosDeadline(undefined, created)).toBe(created + ARGOS_DEADLINE_MS);
    expect(argosDeadline('2026-03-01T09:00:00Z', created)).toBe(Date.parse('2026-03-01T13:00:00Z'));
    // Not in the future, not garbage.
    expect(argosDeadline('2026-03-01T11:00:00Z', created)).toBe(created + ARGOS_DEADLINE_MS);
    expect(argosDeadline('yesterday-ish', created)).toBe(created + ARGOS_DEADLINE_MS);
  });
});
