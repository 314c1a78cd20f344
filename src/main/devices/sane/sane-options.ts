/**
 * The option grammar of `scanimage -d DEVICE -A` (sane-utils' scanimage.c, print_option; and
 * scanimage(1)). One option per line, indented, then a description:
 *
 *     --NAME CHOICES [CURRENT] [FLAG]
 *     -x 0..215.9mm (in steps of 0.0211639) [215.9]      (l, t, x, y print with one dash)
 *     --NAME[=(yes|no)] [no]                              (booleans)
 *
 * CHOICES is a string list `a|b|c` (values may hold spaces and brackets: `24bit Color[Fast]`), a word
 * list `150|300|600dpi` (the unit printed once, after the last value), a range `MIN..MAX` + unit +
 * optional ` (in steps of Q)`, `<int>`/`<float>`/`<string>`, or `auto|` before any of them.
 * CURRENT is printed for active options, ` [inactive]`, ` [hardware]` and ` [read-only]` follow, and
 * newer scanimage versions add ` [advanced]`. A current value can itself contain brackets, so the
 * split between CHOICES and CURRENT is found by checking that CURRENT is one of the CHOICES.
 */

export interface SaneRange {
  min: number;
  max: number;
  /** Step, or null when any value in the range is accepted. */
  quant: number | null;
}

export interface SaneOption {
  /** Name without dashes: `mode`, `source`, `resolution`, `page-width`, `l`, `t`, `x`, `y`... */
  name: string;
  /** Choices of a string or word list, as the backend spells them (no unit). */
  values: string[] | null;
  /** Range of a numeric option, in its unit. */
  range: SaneRange | null;
  /** `mm`, `dpi`, `%`, `us`, `pel`, `bit` or '' (no unit). */
  unit: string;
  /** The value the device has now (its default before anything is set); null if not printed. */
  current: string | null;
  inactive: boolean;
  readOnly: boolean;
  /** Set by a button or switch on the device, not by software. */
  hardware: boolean;
  advanced: boolean;
  boolean: boolean;
}

const FLAGS = ['inactive', 'hardware', 'read-only', 'advanced'] as const;
const UNITS = ['mm', 'dpi', '%', 'us', 'pel', 'bit'];
const OPTION_LINE = /^\s+(--[a-z0-9][a-z0-9-]*|-[ltxy])(\[=\((?:auto\|)?yes\|no\)\])?(?: (.*))?$/;

/** Parses every option line of `scanimage -A` output; description and group lines are skipped. */
export function parseSaneOptions(help: string): SaneOption[] {
  const options: SaneOption[] = [];
  for (const raw of help.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const match = OPTION_LINE.exec(line);
    // Description lines are indented by eight spaces and never start with a dash.
    if (!match || /^\s{8}/.test(line)) continue;
    const name = match[1]!.replace(/^-+/, '');
    options.push(parseRest(name, match[3] ?? '', match[2] !== undefined));
  }
  return options;
}

function parseRest(name: string, rest: string, isBoolean: boolean): SaneOption {
  const option: SaneOption = {
    name,
    values: null,
    range: null,
    unit: '',
    current: null,
    inactive: false,
    readOnly: false,
    hardware: false,
    advanced: false,
    boolean: isBoolean,
  };
  let text = rest.trimEnd();
  // Trailing flags, in any order and any number (only these exact words are flags).
  for (;;) {
    const flag = FLAGS.find((f) => text.endsWith(` [${f}]`) || text === `[${f}]`);
    if (!flag) break;
    text = text.slice(0, text.length - flag.length - 2).trimEnd();
    if (flag === 'inactive') option.inactive = true;
    else if (flag === 'hardware') option.hardware = true;
    else if (flag === 'read-only') option.readOnly = true;
    else option.advanced = true;
  }
  if (isBoolean) {
    const current = /^\[(yes|no)\]$/.exec(text.trim());
    option.values = ['yes', 'no'];
    option.current = current ? current[1]! : null;
    return option;
  }
  const { choices, current } = splitCurrent(text);
  option.current = current;
  const cleaned = choices.replace(/^auto\|/, '');
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)([a-z%]*)(?:,\.\.\.)?(?: \(in steps of ([\d.]+)\))?$/.exec(cleaned);
  if (range) {
    option.range = {
      min: Number(range[1]),
      max: Number(range[2]),
      quant: range[4] ? Number(range[4]) || null : null,
    };
    option.unit = range[3] ?? '';
    return option;
  }
  if (/^<(int|float|string)>/.test(cleaned)) return option;
  const values = cleaned.split('|');
  // A word list prints its unit once, glued to the last number: 150|300|600dpi.
  const last = values[values.length - 1] ?? '';
  const unit = UNITS.find((u) => last.endsWith(u) && /^-?[\d.]+$/.test(last.slice(0, -u.length)));
  if (unit && values.slice(0, -1).every((v) => /^-?[\d.]+$/.test(v))) {
    values[values.length - 1] = last.slice(0, -unit.length);
    option.unit = unit;
  }
  option.values = values;
  return option;
}

/**
 * Splits `CHOICES [CURRENT]`. Candidates are every ` [` whose remainder ends in `]`; the first one
 * whose CURRENT is among the CHOICES wins (so `Gray[Dither]|24bit Color[Fast] [24bit Color[Fast]]`
 * splits before the last value, not inside one). A numeric CURRENT of a range is accepted as is.
 */
function splitCurrent(text: string): { choices: string; current: string | null } {
  if (!text.endsWith(']')) return { choices: text, current: null };
  let fallback: { choices: string; current: string } | null = null;
  for (let at = text.indexOf(' ['); at >= 0; at = text.indexOf(' [', at + 1)) {
    const choices = text.slice(0, at);
    const current = text.slice(at + 2, -1);
    const list = choices.replace(/^auto\|/, '').split('|');
    const numericChoices = /\.\.|^<|\d[a-z%]*$/.test(choices);
    if (list.includes(current)) return { choices, current };
    if (numericChoices && /^-?[\d.]+$/.test(current)) return { choices, current };
    fallback ??= { choices, current };
  }
  // The device's current value is not in its own list (it happens): keep the last bracket as current.
  const last = text.lastIndexOf(' [');
  if (last >= 0 && fallback) return { choices: text.slice(0, last), current: text.slice(last + 2, -1) };
  return { choices: text, current: null };
}

/** The option of that name when it can be set now (active, settable by software). */
export function settable(options: readonly SaneOption[], name: string): SaneOption | undefined {
  const option = options.find((o) => o.name === name);
  return option && !option.inactive && !option.readOnly && !option.hardware ? option : undefined;
}
