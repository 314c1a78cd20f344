/**
 * The UI language as rune state, on top of i18next. `t()` reads `language`, so every template that
 * calls it re-renders when the operator switches. Arabic switches the document to right-to-left.
 */
import i18next, { type TOptions } from 'i18next';
import type { Language } from '../../../shared/ipc/app';
import ar from '../locales/ar.json';
import en from '../locales/en.json';
import { TextMemo } from './text-memo';

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, ar: { translation: ar } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false }, // Svelte escapes text itself
  returnNull: false,
});

export class I18n {
  language = $state<Language>('en');
  readonly dir = $derived(this.language === 'ar' ? 'rtl' : 'ltr');
  readonly locale = $derived(this.language === 'ar' ? 'ar-EG' : 'en-GB');

  t = (key: string, options?: TOptions): string => instance.t(key, { ...options, lng: this.language });

  // Formatters are costly to build (tens of microseconds each) and a scrolled list formats on every
  // row it mounts: one per language, built when the language changes.
  private readonly numbers = $derived(new Intl.NumberFormat(this.locale));
  private readonly relative = $derived(new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' }));

  /** Numbers in the operator's digits (Arabic-Indic in Arabic). */
  number = (value: number): string => this.numbers.format(value);

  /** Date and time in the operator's language. */
  dateTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));

  /** "5 minutes ago" in the operator's language. */
  since = (iso: string, now: number): string => {
    const seconds = Math.round((Date.parse(iso) - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 60) return this.relativeText(Math.trunc(seconds / 1) === 0 ? 0 : seconds, 'second');
    if (abs < 3600) return this.relativeText(Math.round(seconds / 60), 'minute');
    if (abs < 86_400) return this.relativeText(Math.round(seconds / 3600), 'hour');
    return this.relativeText(Math.round(seconds / 86_400), 'day');
  };

  /**
   * `t(key, options)` remembered per language: for the strings every row of a long list repeats
   * (state and flow names, "3 of 5 steps"), so a row mounted while scrolling looks them up in a Map
   * instead of running i18next's lookup and interpolation again. Options are plain strings or
   * numbers (they make the cache key); numbers are written in the operator's digits, as `number()`.
   * The cache is a TextMemo (bounded).
   */
  label = (key: string, options?: Record<string, string | number>): string => {
    let id = `${this.language}\u0000${key}`;
    if (options) for (const name in options) id += `\u0000${name}=${options[name]}`;
    return this.memo.get(id, () => {
      if (!options) return this.t(key);
      const written: Record<string, string> = {};
      for (const name in options) {
        const value = options[name]!;
        written[name] = typeof value === 'number' ? this.number(value) : value;
      }
      return this.t(key, written);
    });
  };

  private readonly memo = new TextMemo();

  private relativeText(value: number, unit: Intl.RelativeTimeFormatUnit): string {
    const format = this.relative;
    return this.memo.get(`${this.language}\u0001${unit}${value}`, () => format.format(value, unit));
  }

  apply(language: Language): void {
    this.language = language;
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  }
}

export const i18n = new I18n();
