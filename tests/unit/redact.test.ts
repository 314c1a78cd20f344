import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/main/logging/redact';
import { createLogger, memorySink } from '../../src/main/logging/logger';

const specimen = {
  name: 'أحمد محمد علي',
  nameEn: 'Ahmed Mohamed Ali',
  idNumber: '29809191234567',
  passport: 'A12345678',
  birthdate: '19/09/1998',
  mrz: 'P<EGYALI<<AHMED<MOHAMED<<<<<<<<<<<<<<<<<<<<<',
  token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcdefghijk',
};

const secrets = [
  'أحمد',
  'Ahmed',
  '29809191234567',
  'A12345678',
  '19/09/1998',
  'P<EGYALI',
  'eyJhbGciOiJIUzI1NiJ9',
];

describe('log redaction', () => {
  it('replaces fields named as personal data or secrets', () => {
    const out = JSON.stringify(redact(specimen));
    for (const secret of secrets) expect(out).not.toContain(secret);
  });

  it('finds personal data inside free text', () => {
    const text =
      `upload failed for 29809191234567 (${specimen.name}) born 1998-09-19, factory no Gm2134524, ` +
      `MRZ ${specimen.mrz} auth Bearer abc.def.ghi, passport A12345678 ` +
      `image /9j/4AAQSkZJRgABAQAAAQABAAD${'A'.repeat(200)}`;
    const out = redactText(text);
    for (const secret of [
      '29809191234567',
      'أحمد',
      '1998-09-19',
      'Gm2134524',
      'P<EGY',
      'abc.def',
      'A12345678',
      '/9j/4AAQ',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('upload failed for [national-id]');
  });

  it('keeps what support staff need', () => {
    const out = redact({ operation: 'cases.capture', caseId: 'c-12', attempts: 3, ok: true }) as Record<
      string,
      unknown
    >;
    expect(out).toEqual({ operation: 'cases.capture', caseId: 'c-12', attempts: 3, ok: true });
  });

  it('redacts errors, bytes, nesting and cycles', () => {
    const cyclic: Record<string, unknown> = { note: 'id 29809191234567' };
    cyclic.self = cyclic;
    const out = JSON.stringify(
      redact({
        error: new Error('bad id 29809191234567'),
        bytes: new Uint8Array(2048),
        nested: { deeper: { customerData: { fullName: 'x' } } },
        cyclic,
      }),
    );
    expect(out).not.toContain('29809191234567');
    expect(out).toContain('[bytes 2048]');
    expect(out).toContain('[circular]');
  });

  it('applies to every line the logger writes', () => {
    const sink = memorySink();
    const log = createLogger(sink, 'debug').child({ component: 'test' });
    log.info('capture 29809191234567 stored', { customer: specimen });
    log.error('failed', { error: new Error(`token ${specimen.token}`) });
    const written = sink.lines.join('');
    for (const secret of secrets) expect(written).not.toContain(secret);
    const first = JSON.parse(sink.lines[0] ?? '{}') as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', component: 'test', event: 'capture [national-id] stored' });
  });

  it('drops lines below the level', () => {
    const sink = memorySink();
    createLogger(sink, 'warn').info('not written');
    expect(sink.lines).toHaveLength(0);
  });
});
