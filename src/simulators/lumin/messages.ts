/**
 * The simulated Lumin tenant's error answers: `{ message, errorCode }` in the caller's language.
 * Only 10103 is a documented vendor code; the others are the simulator's own, named so a tester
 * can tell them apart (the connector never depends on them).
 */
import { json, type SimRequest, type SimResponse } from '../common/router';

const TEXT = {
  unauthorized: ['Session token is missing or expired.', 'رمز الجلسة غير موجود أو منتهي الصلاحية.'],
  badTenant: ['Tenant credentials are not valid.', 'بيانات المستأجر غير صحيحة.'],
  invalidBody: ['The request body is not valid JSON.', 'محتوى الطلب غير صالح.'],
  imageRequired: ['The image is required.', 'الصورة مطلوبة.'],
  invalidImage: ['The image is not a base64 JPEG or PNG.', 'الصورة ليست بصيغة JPEG أو PNG بترميز base64.'],
  notReadable: [
    'The document could not be read. Capture it again.',
    'تعذرت قراءة المستند. يرجى التصوير مرة أخرى.',
  ],
  wrongSide: ['This is not the expected side of the card.', 'هذا ليس الوجه المطلوب من البطاقة.'],
  alreadyRegistered: [
    'This national ID is already registered, applicant id ',
    'الرقم القومي مسجل بالفعل، رقم العميل ',
  ],
  order: ['This step is not allowed yet.', 'هذه الخطوة غير مسموحة الآن.'],
  idNumber: ['idNumber must have 14 digits.', 'يجب أن يتكون الرقم القومي من ١٤ رقمًا.'],
  birthdate: ['birthdate must be dd/MM/yyyy.', 'يجب أن يكون تاريخ الميلاد بصيغة يوم/شهر/سنة.'],
  englishNames: [
    'English names are required when translation is enabled.',
    'الأسماء الإنجليزية مطلوبة عند تفعيل الترجمة.',
  ],
  arabicName: [
    'fullNameAr is required when translation is enabled.',
    'الاسم العربي مطلوب عند تفعيل الترجمة.',
  ],
  required: ['A required field is missing: ', 'حقل مطلوب غير موجود: '],
  applicant: ['Applicant not found.', 'العميل غير موجود.'],
  customer: ['customerId does not belong to this request.', 'رقم العميل لا يخص هذا الطلب.'],
  mismatch: [
    'The national ID on the card does not match the customer.',
    'الرقم القومي على البطاقة لا يطابق العميل.',
  ],
  step: ['The update step is not allowed for this request.', 'خطوة التحديث غير مسموحة لهذا الطلب.'],
  notVerified: ['The customer has not been verified for this step.', 'لم يتم التحقق من العميل لهذه الخطوة.'],
} as const;

export type MessageKey = keyof typeof TEXT;

export function message(request: SimRequest, key: MessageKey, suffix = ''): string {
  const [en, ar] = TEXT[key];
  return `${request.language === 'ar' ? ar : en}${suffix}`;
}

export function luminError(
  request: SimRequest,
  status: number,
  errorCode: string,
  key: MessageKey,
  suffix = '',
): SimResponse {
  return json(status, { message: message(request, key, suffix), errorCode });
}

export const unauthorized = (request: SimRequest): SimResponse =>
  luminError(request, 401, 'Unauthorized', 'unauthorized');

export const orderError = (request: SimRequest): SimResponse =>
  luminError(request, 400, 'StepOrder', 'order');
