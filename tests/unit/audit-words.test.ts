// The audit screen's words (src/renderer/src/lib/audit-words.ts): every action the kiosk can write
// (src/shared/domain/audit-actions.ts, the type its writers are held to) is worded in both languages.
import { describe, expect, it } from 'vitest';
import {
  CASE_EVENT_TYPES,
  SYSTEM_AUDIT_ACTIONS,
  UNCERTAIN_ANSWERS,
} from '../../src/shared/domain/audit-actions';
import { caseStateSchema } from '../../src/shared/domain/flows';
import { AUDIT_DETAIL_KEYS, auditWords, detailWords } from '../../src/renderer/src/lib/audit-words';
import ar from '../../src/renderer/src/locales/ar.json';
import en from '../../src/renderer/src/locales/en.json';

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

const every = [
  ...SYSTEM_AUDIT_ACTIONS,
  ...CASE_EVENT_TYPES,
  ...caseStateSchema.options.map((state) => `state:${state}`),
  ...UNCERTAIN_ANSWERS.map((answer) => `operator:${answer}`),
];

describe('audit words', () => {
  it('words every action the kiosk writes, in English and Arabic, each its own', () => {
    for (const [name, locale] of [
      ['en', en],
      ['ar', ar],
    ] as const) {
      const said = new Map<string, string>();
      for (const action of every) {
        const words = auditWords(action);
        expect(words, action).toBeDefined();
        const text = lookup(locale, words!.key);
        expect(typeof text, `${name}: ${words!.key}`).toBe('string');
        if (words!.stateKey) {
          expect(typeof lookup(locale, words!.stateKey), `${name}: ${words!.stateKey}`).toBe('string');
          expect(text).toContain('{{state}}');
        }
        // Two codes with the same words would hide a difference an auditor needs.
        const key = `${String(text)}|${words!.stateKey ?? ''}`;
        expect(said.get(key), `${name}: ${action} words like ${said.get(key)}`).toBeUndefined();
        said.set(key, action);
      }
    }
  });

  it('leaves a code it does not know as the code (a row another version wrote)', () => {
    expect(auditWords('store.something_new')).toBeUndefined();
    expect(auditWords('state:unknown')).toBeUndefined();
    expect(auditWords('operator:maybe')).toBeUndefined();
    expect(auditWords('state:completed')).toEqual({
      key: 'audit.action.state',
      stateKey: 'case.state.completed',
    });
    expect(auditWords('auth.signed_in')).toEqual({ key: 'audit.action.auth.signed_in' });
  });
});

describe('audit detail words', () => {
  it('names every known detail key in both languages, and a step by its name', () => {
    for (const locale of [en, ar]) {
      for (const key of AUDIT_DETAIL_KEYS) {
        const { nameKey } = detailWords(key, 1);
        expect(typeof lookup(locale, nameKey!), `${nameKey}`).toBe('string');
      }
    }
    expect(detailWords('step', 'upload-front')).toEqual({
      nameKey: 'audit.detailKey.step',
      valueKey: 'steps.upload-front',
    });
    expect(typeof lookup(en, 'steps.upload-front')).toBe('string');
    // A setting's name in a settings diff stays as written.
    expect(detailWords('relay.concurrency', 2)).toEqual({});
  });
});
