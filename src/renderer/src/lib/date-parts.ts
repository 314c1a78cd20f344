/**
 * The pure half of DateField.svelte: a calendar day typed as three parts (day, month, year: the
 * order staff in Egypt write it) and the ISO `YYYY-MM-DD` the screens filter on. Chromium's native
 * date field draws itself in the browser's locale, month first (`11/25/2026`) even in the Arabic
 * UI, and no page setting changes that; so the kiosk asks for the parts itself. Kept apart from the
 * component so unit tests run it on Node.
 */

import { normaliseDigits } from '../../../shared/validation/egyptian-national-id';

/** The three parts of a day; `month` is 1–12. */
export interface DateParts {
  day: number;
  month: number;
  year: number;
}

/**
 * Why the parts typed make no day: `incomplete` (a part left empty), `day` (not 1–31, or not one
 * or two digits), `year` (not four digits, or before FIRST_YEAR), `impossible` (no such day in that
 * month: 31 April, 29 February outside a leap year).
 */
export type DateProblem = 'incomplete' | 'day' | 'year' | 'impossible';

/**
 * What three parts make: `empty` (all blank: no date, a filter left open), a day as ISO, or why
 * not.
 */
export type ComposedDate =
  { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'invalid'; problem: DateProblem };

/** Whether `year` has a 29 February (Gregorian: every 4th year, not centuries but every 400th). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The earliest year a filter takes: the kiosk's times are ms since 1970 (the IPC schemas refuse a
 * negative one), and it holds nothing older anyway.
 */
export const FIRST_YEAR = 1970;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * The day that `day` and `year` (as typed: Arabic-Indic or Persian digits, spaces and direction
 * marks too; egyptian-national-id.ts `normaliseDigits`) and `month` (1–12, or ''
 * when none is chosen) make, as `YYYY-MM-DD`; `empty` when all three are blank; otherwise the
 * first problem found. Day is one or two digits (1–31), year four (FIRST_YEAR–9999).
 */
export function composeIsoDate(day: string, month: number | '', year: string): ComposedDate {
  const dayText = normaliseDigits(day);
  const yearText = normaliseDigits(year);
  if (dayText === '' && month === '' && yearText === '') return { kind: 'empty' };
  if (dayText === '' || month === '' || yearText === '') return { kind: 'invalid', problem: 'incomplete' };
  if (!/^\d{1,2}$/.test(dayText) || Number(dayText) < 1 || Number(dayText) > 31)
    return { kind: 'invalid', problem: 'day' };
  if (!/^\d{4}$/.test(yearText) || Number(yearText) < FIRST_YEAR) return { kind: 'invalid', problem: 'year' };
  if (!Number.isInteger(month) || month < 1 || month > 12) return { kind: 'invalid', problem: 'incomplete' };
  const parts = { day: Number(dayText), month, year: Number(yearText) };
  if (parts.day > daysInMonth(parts.year, parts.month)) return { kind: 'invalid', problem: 'impossible' };
  return { kind: 'date', iso: `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}` };
}

/** The parts of an ISO `YYYY-MM-DD` day; undefined for anything else, or a day that does not exist. */
export function splitIsoDate(iso: string): DateParts | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const composed = composeIsoDate(String(parts.day), parts.month, match[1]!);
  return composed.kind === 'date' && composed.iso === iso ? parts : undefined;
}

/**
 * The 12 months' names in `locale` (index 0 is January), as `Intl` writes them standing alone:
 * "January" in en-GB, "يناير" in ar-EG.
 */
export function monthNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, index) => format.format(Date.UTC(2000, index, 1)));
}

/** The local calendar day of `ms` (ms since the epoch) as `YYYY-MM-DD`: the kiosk's own day, not UTC's. */
export function localIsoDay(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/**
 * The start (local midnight, ms since the epoch) of the day `plusDays` after the ISO day `iso`;
 * undefined for anything but a day that exists. Calendar arithmetic, so a day with a daylight-saving
 * change is 23 or 25 hours long and a range "to" a day ends at the next day's start.
 */
export function localDayStart(iso: string, plusDays = 0): number | undefined {
  const parts = splitIsoDate(iso);
  if (!parts) return undefined;
  const ms = new Date(parts.year, parts.month - 1, parts.day + plusDays).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** Both ISO days given and `from` after `to`: a range nothing can be in (said, not an empty list). */
export function isBackwards(from: string, to: string): boolean {
  return from !== '' && to !== '' && from > to;
}
