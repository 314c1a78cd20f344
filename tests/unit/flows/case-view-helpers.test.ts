// The small rules behind the flow screen's warnings and receipt: the expiry warning's window, the
// masked identity number, and the applicant id Lumin's 10103 message names.
import { describe, expect, it } from 'vitest';
import { maskIdentifier } from '../../../src/main/cases/case-view';
import { expiryOf, parseExpiry } from '../../../src/main/cases/expiry';
import { applicantIdIn } from '../../../src/main/providers/lumin/lumin-answers';

const NOW = Date.UTC(2026, 10, 21, 15, 30); // 21 Nov 2026, mid-afternoon

describe('expiry warning at review', () => {
  it('flags an expired document and one expiring within the configured days, from ISO or dd/MM/yyyy', () => {
    expect(expiryOf('2026-11-20T00:00:00.000Z', NOW, 30)).toEqual({
      date: '2026-11-20',
      state: 'expired',
      days: -1,
    });
    expect(expiryOf('21/12/2026', NOW, 30)).toEqual({ date: '2026-12-21', state: 'expiring', days: 30 });
    expect(expiryOf('22/12/2026', NOW, 30)).toBeNull();
    expect(expiryOf('2026-11-21', NOW, 0)).toEqual({ date: '2026-11-21', state: 'expiring', days: 0 });
  });

  it('ignores what is not a real date', () => {
    expect(parseExpiry('31/02/2027')).toBeNull();
    expect(parseExpiry('soon')).toBeNull();
    expect(expiryOf(undefined, NOW, 30)).toBeNull();
  });
});

describe('the receipt', () => {
  it('masks all but the last four characters of the number', () => {
    expect(maskIdentifier('29503140121488')).toBe('••••••••••1488');
    expect(maskIdentifier('A11 220933')).toBe('•••••0933');
    expect(maskIdentifier('123')).toBe('123');
  });
});

describe("Lumin 10103's applicant id", () => {
  it('is the number the message ends with, in either language', () => {
    expect(applicantIdIn('This national ID is already registered, applicant id 1001')).toBe('1001');
    expect(applicantIdIn('الرقم القومي مسجل بالفعل، رقم العميل ١٠٠١.')).toBe('1001');
    expect(applicantIdIn('Already registered.')).toBeUndefined();
    expect(applicantIdIn(undefined)).toBeUndefined();
  });
});
