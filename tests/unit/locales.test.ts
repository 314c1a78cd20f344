// Every string exists in both languages: a key missing in Arabic would show English (or the key)
// to an Arabic-speaking operator. Plural forms differ by language, so they are compared by stem.
import { describe, expect, it } from 'vitest';
import ar from '../../src/renderer/src/locales/ar.json';
import en from '../../src/renderer/src/locales/en.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const stem = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('locales', () => {
  it('Arabic and English have the same keys', () => {
    const enKeys = new Set(keys(en).map(stem));
    const arKeys = new Set(keys(ar).map(stem));
    expect([...enKeys].filter((k) => !arKeys.has(k))).toEqual([]);
    expect([...arKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('has no empty strings', () => {
    const empty = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? value.trim() === ''
          ? [path]
          : []
        : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => empty(v, `${path}.${k}`));
    expect([...empty(en, 'en'), ...empty(ar, 'ar')]).toEqual([]);
  });
});
