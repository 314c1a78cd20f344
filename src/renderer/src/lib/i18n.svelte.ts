/**
 * The UI language as rune state, on top of i18next. `t()` reads `language`, so every template that
 * calls it re-renders when the operator switches. Arabic switches the document to right-to-left.
 */
import i18next, { type TOptions } from 'i18next';
import type { Language } from '../../../shared/ipc/app';
import ar from '../locales/ar.json';
import en from '../locales/en.json';

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
    const format = this.relative;
    const abs = Math.abs(seconds);
    if (abs < 60) return format.format(Math.trunc(seconds / 1) === 0 ? 0 : seconds, 'second');
    if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
    if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
    return format.format(Math.round(seconds / 86_400), 'day');
  };

  apply(language: Language): void {
    this.language = language;
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  }
}

export const i18n = new I18n();
