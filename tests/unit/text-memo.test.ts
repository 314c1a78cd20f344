// The queue rows' text cache (src/renderer/src/lib/text-memo.ts): a text is made once per key, and
// the cache never grows past its limit.
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/renderer/src/lib/text-memo';

describe('TextMemo', () => {
  it('makes a text once per key and answers it again from memory', () => {
    const memo = new TextMemo();
    let made = 0;
    const make = (text: string) => () => {
      made++;
      return text;
    };
    expect(memo.get('en\u0000case.state.completed', make('Completed'))).toBe('Completed');
    expect(memo.get('en\u0000case.state.completed', make('other'))).toBe('Completed');
    expect(memo.get('ar\u0000case.state.completed', make('مكتملة'))).toBe('مكتملة');
    expect(made).toBe(2);
  });

  it('is dropped whole when full, so it stays within its limit', () => {
    const memo = new TextMemo(3);
    for (let i = 0; i < 10; i++) memo.get(`k${i}`, () => `v${i}`);
    expect(memo.size).toBeLessThanOrEqual(3);
    expect(memo.get('k9', () => 'again')).toBe('v9');
  });
});
