// The date field's pure half (src/renderer/src/lib/date-parts.ts): day, month and year typed apart
// (day first, as staff in Egypt write it) make the ISO day the queue and audit screens filter on.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  composeIsoDate,
  daysInMonth,
  FIRST_YEAR,
  isLeapYear,
  localDayStart,
  localIsoDay,
  monthNames,
  isBackwards,
  splitIsoDate,
} from '../../src/renderer/src/lib/date-parts';

describe('composeIsoDate', () => {
  it('makes an ISO day from day, month and year', () => {
    expect(composeIsoDate('25', 11, '2026')).toEqual({ kind: 'date', iso: '2026-11-25' });
    expect(composeIsoDate('5', 3, '2026')).toEqual({ kind: 'date', iso: '2026-03-05' });
    expect(composeIsoDate('05', 3, '2026')).toEqual({ kind: 'date', iso: '2026-03-05' });
    expect(composeIsoDate('31', 12, '1999')).toEqual({ kind: 'date', iso: '1999-12-31' });
  });

  it('takes the day and year in Arabic-Indic digits', () => {
    expect(composeIsoDate('١٢', 11, '٢٠٢٦')).toEqual({ kind: 'date', iso: '2026-11-12' });
    expect(composeIsoDate('۷', 1, '۲۰۲۵')).toEqual({ kind: 'date', iso: '2025-01-07' });
  });

  it('knows leap years: 29 February only in one', () => {
    expect(composeIsoDate('29', 2, '2024')).toEqual({ kind: 'date', iso: '2024-02-29' });
    expect(composeIsoDate('29', 2, '2000')).toEqual({ kind: 'date', iso: '2000-02-29' });
    expect(composeIsoDate('29', 2, '2026')).toEqual({ kind: 'invalid', problem: 'impossible' });
    expect([2024, 2000, 2026, 1900, 2100].map(isLeapYear)).toEqual([true, true, false, false, false]);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('refuses a day its month does not have', () => {
    expect(composeIsoDate('31', 4, '2026')).toEqual({ kind: 'invalid', problem: 'impossible' });
    expect(composeIsoDate('31', 9, '2026')).toEqual({ kind: 'invalid', problem: 'impossible' });
    expect(composeIsoDate('30', 4, '2026')).toEqual({ kind: 'date', iso: '2026-04-30' });
  });

  it('refuses day 0, a day past 31, more than two digits, or not a number', () => {
    for (const day of ['0', '00', '32', '123', '1a', '-1', '1.5'])
      expect(composeIsoDate(day, 1, '2026'), day).toEqual({ kind: 'invalid', problem: 'day' });
  });

  it('takes digits pasted from right-to-left text, with their direction marks', () => {
    expect(composeIsoDate('\u200f25\u200f', 11, ' ٢٠۲6 ')).toEqual({ kind: 'date', iso: '2026-11-25' });
  });

  it('wants four digits of year, from 1970 on (the IPC takes no time before the epoch)', () => {
    for (const year of ['26', '202', '20266', '0999', 'year', '1900', '1969'])
      expect(composeIsoDate('1', 1, year), year).toEqual({ kind: 'invalid', problem: 'year' });
    expect(composeIsoDate('1', 1, String(FIRST_YEAR))).toEqual({ kind: 'date', iso: '1970-01-01' });
  });

  it("gives the kiosk's own calendar day and its start, whatever the time zone", () => {
    // Cairo (UTC+2): at 00:30 on 2 December it is still 1 December in UTC, the day an ISO string
    // of the time gives. Node reads TZ again when it changes.
    const zone = process.env.TZ;
    process.env.TZ = 'Africa/Cairo';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    const halfPastMidnight = new Date(2026, 11, 2, 0, 30).getTime();
    expect(new Date(halfPastMidnight).toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(localIsoDay(halfPastMidnight)).toBe('2026-12-02');
    expect(localDayStart('2026-12-02')).toBe(new Date(2026, 11, 2).getTime());
    // "To 31 December" ends at the start of 1 January: calendar days, not 24-hour steps.
    expect(localDayStart('2026-12-31', 1)).toBe(new Date(2027, 0, 1).getTime());
    expect(localDayStart('2026-04-31')).toBeUndefined();
    expect(localDayStart('')).toBeUndefined();
  });

  it('says empty when nothing is typed, incomplete when a part is missing', () => {
    expect(composeIsoDate('', '', '')).toEqual({ kind: 'empty' });
    expect(composeIsoDate(' ', '', '  ')).toEqual({ kind: 'empty' });
    expect(composeIsoDate('12', '', '2026')).toEqual({ kind: 'invalid', problem: 'incomplete' });
    expect(composeIsoDate('', 5, '2026')).toEqual({ kind: 'invalid', problem: 'incomplete' });
    expect(composeIsoDate('12', 5, '')).toEqual({ kind: 'invalid', problem: 'incomplete' });
    expect(composeIsoDate('12', 13, '2026')).toEqual({ kind: 'invalid', problem: 'incomplete' });
  });
});

describe('splitIsoDate', () => {
  it('gives the parts of an ISO day', () => {
    expect(splitIsoDate('2026-11-25')).toEqual({ day: 25, month: 11, year: 2026 });
    expect(splitIsoDate('2024-02-29')).toEqual({ day: 29, month: 2, year: 2024 });
  });

  it('gives nothing for an empty, malformed or impossible day', () => {
    for (const iso of ['', '2026-4-01', '25/11/2026', '2026-04-31', '2026-02-29', '2026-00-10', '2026-13-01'])
      expect(splitIsoDate(iso), iso).toBeUndefined();
  });

  it('round-trips: every day of two years (one leap) split and composed again is itself', () => {
    let days = 0;
    for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      const parts = splitIsoDate(iso);
      expect(parts, iso).toBeDefined();
      expect(composeIsoDate(String(parts!.day), parts!.month, String(parts!.year))).toEqual({
        kind: 'date',
        iso,
      });
      days += 1;
    }
    expect(days).toBe(365 + 366);
  });
});

describe('monthNames', () => {
  it('names the 12 months in the operator’s language, January first', () => {
    const en = monthNames('en-GB');
    expect(en).toHaveLength(12);
    expect(en[0]).toBe('January');
    expect(en[11]).toBe('December');
    const ar = monthNames('ar-EG');
    expect(ar).toHaveLength(12);
    expect(ar[0]).toBe('يناير');
    expect(new Set(ar).size).toBe(12);
  });
});

describe('isBackwards', () => {
  it('is true only for two days given the wrong way round', () => {
    expect(isBackwards('2026-02-01', '2026-01-31')).toBe(true);
    expect(isBackwards('2026-01-31', '2026-01-31')).toBe(false);
    expect(isBackwards('2026-01-01', '2026-01-31')).toBe(false);
    expect(isBackwards('', '2026-01-31')).toBe(false);
    expect(isBackwards('2026-02-01', '')).toBe(false);
  });
});
