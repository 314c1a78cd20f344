/**
 * The value of a form field read from a code the customer shows (a field's `fromCode`, see
 * src/shared/flows/descriptor.ts): the code's text itself, or, for a web address, the first of
 * the descriptor's query parameters it carries. The value must pass the field's own rules, so a
 * code that holds something else (a shop's link, another id) is refused instead of filling the
 * field with it. Pure; main applies it to what it decoded (src/main/imaging/qr-reader.ts).
 */
import type { FormField } from './descriptor';
import { validateForm } from './form-rules';

/** The longest code text considered (bytes of a QR code version 40 at level L are ~2,950). */
const MAX_CODE_CHARS = 4096;

/**
 * The field's value in the code's text, or undefined when the field is not read from codes, the
 * text is empty or too long, or what it carries fails the field's rules.
 */
export function valueFromCode(field: FormField, text: string): string | undefined {
  const source = field.fromCode;
  const trimmed = text.trim();
  if (!source || trimmed === '' || trimmed.length > MAX_CODE_CHARS) return undefined;
  let value = trimmed;
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return undefined;
    }
    const found = source.queryParams.map((name) => url.searchParams.get(name)).find((v) => v);
    if (!found) return undefined;
    value = found.trim();
  }
  // The field's rules alone (not its condition: a code is read for this one field).
  const { when: _when, ...alone } = field;
  const problems = validateForm([alone], { [field.name]: value }, { translationEnabled: false });
  return problems.length === 0 ? value : undefined;
}
