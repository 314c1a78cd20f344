/**
 * The prepared-data part as seed 004 documents it (`POST …/parts/PREPARED_DATA`): a JSON object of
 * the listed keys only, strings, `sex` M or F, ISO dates, ISO 3166 alpha-3 nationality, an email
 * that looks like one, and the nested `address`, `id`, `kyc`, `bank`, `business` objects with their
 * own keys. Written from the seed, not from the kiosk's connector.
 */
const TOP = [
  'suffix',
  'firstName',
  'middleName',
  'lastName',
  'sex',
  'dateOfBirth',
  'socialSecurityNumber',
  'nationality',
  'email',
  'phoneNumber',
  'phoneNumber2',
  'personalNumber',
];
const NESTED: Record<string, string[]> = {
  address: ['line1', 'line2', 'line3', 'line4', 'line5', 'postalCode', 'city', 'subdivision', 'country'],
  id: ['issuingDate', 'expiryDate', 'idNumber', 'type', 'subType'],
  kyc: ['registrationDate', 'registrationIpAddress'],
  bank: [
    'paymentMethod',
    'binNumber',
    'lastDigits',
    'accountNumber',
    'routingNumber',
    'amount',
    'currency',
    'transactionTime',
    'ipAddress',
    'transactionId',
  ],
  business: [
    'name',
    'city',
    'address',
    'state',
    'country',
    'registrationNumber',
    'searchId',
    'kybCapabilities',
  ],
};
const ISO_DATE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks of single values, by dotted path; a value absent is not checked. */
const VALUE_RULES: Record<string, [(v: string) => boolean, string]> = {
  sex: [(v) => v === 'M' || v === 'F', 'sex must be M or F.'],
  dateOfBirth: [(v) => ISO_DATE.test(v), 'dateOfBirth must be an ISO date.'],
  nationality: [(v) => /^[A-Z]{3}$/.test(v), 'nationality must be ISO 3166 alpha-3.'],
  email: [(v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'email must be an email address.'],
  'id.issuingDate': [(v) => ISO_DATE.test(v), 'id.issuingDate must be an ISO date.'],
  'id.expiryDate': [(v) => ISO_DATE.test(v), 'id.expiryDate must be an ISO date.'],
};

/** Undefined when `value` is prepared data as the seed documents it, else the 400's detail. */
export function preparedDataProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'Prepared data must be a JSON object.';
  for (const [key, item] of Object.entries(value)) {
    const nestedKeys = NESTED[key];
    if (nestedKeys) {
      if (!isRecord(item)) return `${key} must be an object.`;
      for (const [inner, innerValue] of Object.entries(item)) {
        if (!nestedKeys.includes(inner)) return `Unknown field ${key}.${inner}.`;
        const problem = valueProblem(`${key}.${inner}`, innerValue);
        if (problem) return problem;
      }
      continue;
    }
    if (!TOP.includes(key)) return `Unknown field ${key}.`;
    const problem = valueProblem(key, item);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(path: string, value: unknown): string | undefined {
  if (path === 'bank.amount') return typeof value === 'number' ? undefined : 'bank.amount must be a number.';
  if (path === 'business.kybCapabilities')
    return Array.isArray(value) ? undefined : 'business.kybCapabilities must be a list.';
  if (typeof value !== 'string' || value === '') return `${path} must be a non-empty string.`;
  const rule = VALUE_RULES[path];
  return rule && !rule[0](value) ? rule[1] : undefined;
}
