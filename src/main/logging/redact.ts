/**
 * Removes personal data and secrets from anything about to be logged. Two passes: fields whose
 * name says they hold personal data or secrets are replaced whole; every other string is scanned for
 * the shapes personal data takes (14-digit national ID numbers, MRZ lines, document numbers, dates,
 * Arabic text such as names and addresses, bearer tokens and JWTs, long base64 runs such as images).
 */
const SENSITIVE_KEY =
  /(name|birth|dob|idnumber|nationalid|document(number|no)|passport|mrz|address|street|phone|email|password|secret|token|authorization|cookie|api[-_]?key|image|photo|frontscan|backscan|selfie|customerdata|passportdata|visualzone|ocr)/i;

const PATTERNS: readonly [RegExp, string][] = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [token]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[jwt]'],
  [/data:[a-z]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/gi, '[data-url]'],
  [/[A-Za-z0-9+/]{80,}={0,2}/g, '[base64]'],
  [/[A-Z0-9<]{20,44}<[A-Z0-9<]*/g, '[mrz]'],
  [/(?<![0-9])[0-9]{14}(?![0-9])/g, '[national-id]'],
  [/(?<![0-9])[0-9\u0660-\u0669]{9,}(?![0-9])/g, '[number]'],
  [/\b[A-Za-z]{1,3}[0-9]{6,9}\b/g, '[document-number]'],
  [/\b[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}\b/g, '[date]'],
  [/\b[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+Z?)?\b/g, '[date]'],
  [
    /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF][\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\s]*/g,
    '[arabic-text]',
  ],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[bytes ${value.byteLength}]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...('code' in value && typeof value.code === 'string' ? { code: value.code } : {}),
      stack: value.stack ? redactText(value.stack) : undefined,
      ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SENSITIVE_KEY.test(key) && item !== null && item !== undefined && typeof item !== 'boolean'
        ? '[redacted]'
        : redact(item, depth + 1, seen);
  }
  return out;
}
