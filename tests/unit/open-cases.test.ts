// Home's "Continue the open case": which of the operator's cases reopen on their flow screen, and
// the "N more open cases of yours are in the Queue" line under it.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { moreOpenCases, openCasesOf } from '../../src/renderer/src/lib/open-cases';
import ar from '../../src/renderer/src/locales/ar.json';
import en from '../../src/renderer/src/locales/en.json';
import type { CaseSummary } from '../../src/shared/ipc/queue';

function row(id: string, updatedAt: string, overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id,
    flow: 'lumin.kyc-national-id',
    provider: 'lumin',
    state: 'syncing',
    attentionReason: null,
    operatorId: 'teller-a',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    deadlineAt: null,
    stepsDone: 1,
    stepsTotal: 6,
    nextAttemptAt: null,
    lastError: null,
    waitingBehind: null,
    purged: false,
    ...overrides,
  };
}

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-01T10:05:00.000Z';
const T3 = '2026-01-01T10:09:00.000Z';

describe('openCasesOf', () => {
  it("offers the operator's cases being captured or sent, and those waiting for them on the flow screen, newest first", () => {
    const open = openCasesOf(
      [
        row('a', T1, { state: 'draft' }),
        row('b', T3, { state: 'needs_attention', attentionReason: 'review_required' }),
        row('c', T2, { state: 'needs_attention', attentionReason: 'capture_required' }),
        row('d', T2, { state: 'needs_attention', attentionReason: 'secret_required' }),
      ],
      'teller-a',
    );
    expect(open.map((c) => c.id)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('leaves out other staff, final and queued cases, and stops a person decides outside the flow screen', () => {
    const open = openCasesOf(
      [
        row('other', T3, { operatorId: 'teller-b', state: 'draft' }),
        row('done', T3, { state: 'completed' }),
        row('closed', T3, { state: 'cancelled' }),
        row('queued', T3, { state: 'queued' }),
        row('10103', T3, { state: 'needs_attention', attentionReason: 'already_registered' }),
        row('crash', T3, { state: 'needs_attention', attentionReason: 'uncertain_after_crash' }),
        row('mine', T1, { state: 'syncing' }),
      ],
      'teller-a',
    );
    expect(open.map((c) => c.id)).toEqual(['mine']);
  });

  it('lists a case read from two lists once, with its newer copy', () => {
    const open = openCasesOf(
      [
        row('a', T1, { state: 'syncing' }),
        row('a', T2, { state: 'needs_attention', attentionReason: 'review_required' }),
      ],
      'teller-a',
    );
    expect(open).toHaveLength(1);
    expect(open[0]!.updatedAt).toBe(T2);
  });
});

describe("Home's line for the operator's other open cases", () => {
  // The line as Home.svelte writes it: i18next's plural of `home.openCase.more`, with `n` in the
  // operator's digits.
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: { en: { translation: en }, ar: { translation: ar } },
    lng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  const line = (language: 'en' | 'ar', more: number): string =>
    i18n.t('home.openCase.more', {
      lng: language,
      count: more,
      n: new Intl.NumberFormat(language === 'ar' ? 'ar-EG' : 'en-GB').format(more),
    });

  it('counts every open case but the newest (the one offered), and none for one or none', () => {
    const mine = openCasesOf(
      [
        row('a', T1, { state: 'draft' }),
        row('b', T3, { state: 'needs_attention', attentionReason: 'review_required' }),
        row('c', T2, { state: 'syncing' }),
        row('other', T3, { operatorId: 'teller-b', state: 'draft' }),
        row('queued', T3, { state: 'queued' }),
      ],
      'teller-a',
    );
    expect(mine[0]!.id).toBe('b');
    expect(moreOpenCases(mine)).toBe(2);
    expect(moreOpenCases(mine.slice(0, 1))).toBe(0);
    expect(moreOpenCases([])).toBe(0);
  });

  it('says how many more, in English and Arabic, with the plural the count needs', () => {
    expect(line('en', 1)).toBe('1 more open case of yours is in the');
    expect(line('en', 2)).toBe('2 more open cases of yours are in the');
    expect(line('en', 12)).toBe('12 more open cases of yours are in the');
    expect(line('ar', 1)).toBe('لديك حالة مفتوحة أخرى في');
    expect(line('ar', 2)).toBe('لديك حالتان مفتوحتان أخريان في');
    expect(line('ar', 3)).toBe('لديك ٣ حالات مفتوحة أخرى في');
    expect(line('ar', 11)).toBe('لديك ١١ حالة مفتوحة أخرى في');
    expect(line('ar', 100)).toBe('لديك ١٠٠ حالة مفتوحة أخرى في');
  });
});
