// The audit screen's words (src/renderer/src/lib/audit-words.ts): every action the kiosk can write
// (src/shared/domain/audit-actions.ts, the type its writers are held to) is worded in both languages.
import { describe, expect, it } from 'vitest';
import {
  CASE_EVENT_TYPES,
  SYSTEM_AUDIT_ACTIONS,
  UNCERTAIN_ANSWERS,
} from '../../src/shared/domain/audit-actions';
import { caseStateSchema } from '../../src/shared/domain/flows';
import i18next from 'i18next';
import {
  AUDIT_DETAIL_KEYS,
  SETTING_NAMES,
  auditWords,
  detailLines,
  detailText,
  type DetailLanguage,
} from '../../src/renderer/src/lib/audit-words';
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

/**
 * The operator's language as the screen gives it (i18n.svelte.ts: the same i18next, the same
 * locales and formats), but without the fallback to English, so a string Arabic lacks fails here.
 */
function languageOf(language: 'en' | 'ar'): DetailLanguage {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: { en: { translation: en }, ar: { translation: ar } },
    lng: language,
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const locale = language === 'ar' ? 'ar-EG' : 'en-GB';
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return {
    language,
    t: (key, values = {}) => (i18n.exists(key, values) ? i18n.t(key, values) : undefined),
    number: (value) => numbers.format(value),
    dateTime: (ms) => dates.format(ms),
  };
}

const EN = languageOf('en');
const AR = languageOf('ar');

/**
 * One row of each shape every writer of audit details puts in the trail (the writers named on
 * AUDIT_DETAIL_KEYS), with each kind of value it holds.
 */
const WRITTEN: readonly { action: string; detail: Record<string, unknown> }[] = [
  // store.ts: a case event's step, code (or a review's corrected fields), core.ts the reference.
  { action: 'captured', detail: { code: 'front' } },
  { action: 'captured', detail: { code: 'recovered' } },
  { action: 'recaptured', detail: { code: 'back' } },
  { action: 'resend', detail: { step: 'upload-front', code: 'front' } },
  { action: 'quality_override', detail: { code: 'selfie' } },
  { action: 'image_replaced_during_send', detail: { step: 'upload-back', code: 'back' } },
  { action: 'reviewed', detail: { step: 'review-front', corrected: 'address,firstNameEn' } },
  { action: 'closed_by_staff', detail: { code: 'customer_left' } },
  { action: 'restarted_on_new_session', detail: { code: '3' } },
  { action: 'restarted_after_interruption', detail: { step: 'verify-password', code: '2' } },
  { action: 'retry_scheduled', detail: { step: 'upload-front', code: 'timeout' } },
  { action: 'needs_attention', detail: { step: 'upload-back', code: 'answer_missing' } },
  { action: 'state:needs_attention', detail: { code: 'withdrawal_refused' } },
  { action: 'state:completed', detail: { providerReference: 'CUST-000123' } },
  { action: 'operator:resend', detail: { step: 'finalize' } },
  // security-service.ts
  { action: 'auth.forbidden', detail: { operation: 'admin.updateSettings' } },
  { action: 'auth.sign_in_refused_locked', detail: { operator: 'training-teller' } },
  { action: 'auth.sign_in_failed', detail: { failures: 2 } },
  { action: 'auth.sign_in_failed', detail: { failures: null } },
  { action: 'auth.locked_out', detail: { ms: 300_000 } },
  { action: 'auth.signed_out', detail: { reason: 'replaced' } },
  { action: 'auth.locked', detail: { reason: 'idle' } },
  // operator-accounts.ts
  { action: 'admin.operator_created', detail: { operator: 'amal', role: 'supervisor', training: false } },
  { action: 'admin.first_administrator', detail: { operator: 'root', from: 'first_start' } },
  {
    action: 'admin.operator_updated',
    detail: { operator: 'amal', role: 'teller', disabled: true, renamed: true, secretReplaced: true },
  },
  // admin-tools.ts, api.ts, settings-service.ts, core.ts (training reset, the store's check)
  { action: 'admin.device_tested', detail: { kind: 'escl', ok: true, ms: 12 } },
  { action: 'admin.device_tested', detail: { kind: null, ok: false, code: 'scanner_jammed' } },
  {
    action: 'admin.provider_tested',
    detail: { provider: 'lumin', reachable: false, status: null, failure: 'tls', ms: 1_534 },
  },
  { action: 'admin.provider_secret_replaced', detail: { provider: 'jumio', name: 'apiSecret' } },
  { action: 'admin.diagnostics_written', detail: { days: 7, bytes: 1_234_567 } },
  {
    action: 'admin.settings_changed',
    detail: {
      defaultLanguage: { from: 'en', to: 'ar' },
      idleTimeoutMinutes: { from: 5, to: 10 },
      lockAfterMinutes: { from: 2.5, to: 15 },
      retentionDays: { from: 7, to: 30 },
    },
  },
  { action: 'training.reset', detail: { simulators: ['lumin', 'argos', 'jumio'] } },
  {
    action: 'store.integrity_failed',
    detail: { problems: ['Page 5: btreeInitPage() returns 11'], ms: 2_345 },
  },
  // audit-service.ts; audit-repo.ts for a row whose detail cannot be read
  {
    action: 'audit.exported',
    detail: { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 8), entries: 1_234 },
  },
  { action: 'auth.signed_in', detail: { unreadable: true } },
];

const line = (lang: DetailLanguage, action: string, detail: Record<string, unknown>, key: string) =>
  detailLines(action, detail, lang).find((l) => l.key === key)!;

describe('audit detail words', () => {
  it('covers every detail key the writers use, each named in both languages', () => {
    const used = new Set(WRITTEN.flatMap(({ detail }) => Object.keys(detail)));
    const settings = new Set(Object.keys(SETTING_NAMES));
    expect([...used].filter((key) => !settings.has(key)).sort()).toEqual([...AUDIT_DETAIL_KEYS].sort());
    for (const [name, locale] of [
      ['en', en],
      ['ar', ar],
    ] as const) {
      for (const key of AUDIT_DETAIL_KEYS) {
        expect(typeof lookup(locale, `audit.detailKey.${key}`), `${name}: ${key}`).toBe('string');
      }
    }
  });

  it('renders every value in words: no [object Object], no raw booleans, no key without a name', () => {
    for (const lang of [EN, AR]) {
      for (const { action, detail } of WRITTEN) {
        const text = detailText(action, detail, lang);
        expect(text, `${lang.language} ${action}`).not.toMatch(/\[object|undefined|\btrue\b|\bfalse\b|\{\{/);
        for (const { key, name } of detailLines(action, detail, lang)) {
          expect(name, `${lang.language} ${action}: ${key}`).not.toBe(key);
        }
      }
    }
  });

  it("says booleans as yes/no in the operator's language", () => {
    const created = { operator: 'amal', role: 'supervisor', training: false };
    expect(detailText('admin.operator_created', created, EN)).toBe(
      'Staff account: amal; Role: Supervisor; Training: No',
    );
    expect(detailText('admin.operator_created', created, AR)).toBe(
      'حساب الموظف: amal؛ الدور: مشرف؛ تدريب: لا',
    );
    const tested = { kind: 'escl', ok: true, ms: 12 };
    expect(detailText('admin.device_tested', tested, EN)).toBe(
      'Kind: Network scanner (eSCL); Succeeded: Yes; Duration: 12 ms',
    );
    expect(detailText('admin.device_tested', tested, AR)).toBe(
      'النوع: ماسح ضوئي شبكي (eSCL)؛ نجح: نعم؛ المدة: ١٢ مللي ثانية',
    );
  });

  it("reads a settings diff as old → new under the setting's own label", () => {
    const diff = WRITTEN.find((row) => row.action === 'admin.settings_changed')!.detail;
    expect(detailText('admin.settings_changed', diff, EN)).toBe(
      'Default language: English → العربية; Idle timeout (minutes): 5 → 10; ' +
        'Lock after (minutes): 2.5 → 15; Retention (days): 7 → 30',
    );
    expect(detailText('admin.settings_changed', diff, AR)).toBe(
      'اللغة الافتراضية: من English إلى العربية؛ مهلة عدم النشاط (بالدقائق): من ٥ إلى ١٠؛ ' +
        'القفل بعد (بالدقائق): من ٢٫٥ إلى ١٥؛ مدة الاحتفاظ (بالأيام): من ٧ إلى ٣٠',
    );
    // A newer writer's object of another shape still reads as names and values.
    expect(detailText('admin.settings_changed', { extra: { a: 1, b: true } }, EN)).toBe(
      'extra: (a: 1; b: Yes)',
    );
  });

  it('gives sizes and durations their units, in both languages', () => {
    const bytes = (n: number, lang: DetailLanguage) =>
      line(lang, 'admin.diagnostics_written', { bytes: n }, 'bytes').value;
    expect(bytes(1_234_567, EN)).toBe('1.2 MB');
    expect(bytes(1_234_567, AR)).toBe('١٫٢ ميغابايت');
    expect(bytes(512, EN)).toBe('512 bytes');
    expect(bytes(20_480, AR)).toBe('٢٠ كيلوبايت');
    expect(line(EN, 'admin.diagnostics_written', { bytes: 1_234_567 }, 'bytes').name).toBe('Size');
    const ms = (n: number, lang: DetailLanguage) => line(lang, 'auth.locked_out', { ms: n }, 'ms').value;
    expect(ms(12, EN)).toBe('12 ms');
    expect(ms(12, AR)).toBe('١٢ مللي ثانية');
    expect(ms(2_345, EN)).toBe('2.3 s');
    expect(ms(2_000, AR)).toBe('ثانيتان');
    expect(ms(5_000, AR)).toBe('٥ ثوانٍ');
    expect(ms(30_000, AR)).toBe('٣٠ ثانية');
    expect(ms(300_000, EN)).toBe('5 min');
    expect(ms(300_000, AR)).toBe('٥ دقائق');
    expect(ms(60_000, AR)).toBe('دقيقة واحدة');
  });

  it('words codes by what they are, keeping the code for IT', () => {
    expect(line(EN, 'resend', { step: 'upload-front' }, 'step')).toEqual({
      key: 'step',
      name: 'Step',
      value: 'Send front',
      code: 'upload-front',
    });
    expect(line(EN, 'captured', { code: 'front' }, 'code')).toMatchObject({
      name: 'Image',
      value: 'Front of the ID card',
      code: 'front',
    });
    expect(line(AR, 'closed_by_staff', { code: 'customer_left' }, 'code')).toMatchObject({
      name: 'السبب',
      value: 'غادر العميل',
    });
    expect(line(EN, 'retry_scheduled', { code: 'timeout' }, 'code')).toMatchObject({
      name: "Provider's answer",
      value: 'The provider did not answer in time.',
    });
    // A code without words (a connector's own) stays as written, with nothing more for IT.
    expect(line(EN, 'needs_attention', { code: 'answer_missing' }, 'code')).toEqual({
      key: 'code',
      name: "Provider's answer",
      value: 'answer_missing',
    });
    expect(line(EN, 'state:needs_attention', { code: 'withdrawal_refused' }, 'code').value).toMatch(
      /^Cancelled at the kiosk/,
    );
    expect(line(AR, 'restarted_on_new_session', { code: '3' }, 'code')).toMatchObject({
      name: 'خطوات ستُرسل مجددًا',
      value: '٣',
    });
    expect(line(EN, 'admin.device_tested', { code: 'scanner_jammed' }, 'code').value).toMatch(/jammed/);
    expect(line(EN, 'admin.provider_tested', { provider: 'lumin' }, 'provider').value).toBe('Lumin Soft');
    expect(line(AR, 'admin.provider_tested', { failure: 'tls' }, 'failure').value).toBe(
      'فشل الاتصال الآمن (TLS)',
    );
    expect(line(AR, 'auth.sign_in_failed', { failures: null }, 'failures').value).toBe('—');
    expect(line(EN, 'training.reset', { simulators: ['lumin', 'argos'] }, 'simulators')).toMatchObject({
      value: 'Lumin Soft, ARGOS',
      code: 'lumin,argos',
    });
    expect(line(AR, 'reviewed', { corrected: 'address,firstNameEn' }, 'corrected').value).toBe(
      `${lookup(ar, 'review.fields.address') as string}، ${lookup(ar, 'review.fields.firstNameEn') as string}`,
    );
    expect(line(EN, 'audit.exported', { from: Date.UTC(2025, 0, 1) }, 'from').value).toBe(
      '1 Jan 2025, 00:00',
    );
    // A name or a reference is not a code: as written, whatever it looks like.
    expect(line(EN, 'auth.sign_in_refused_locked', { operator: 'true' }, 'operator').value).toBe('true');
  });
});
