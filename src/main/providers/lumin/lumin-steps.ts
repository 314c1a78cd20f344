/**
 * The step builders the three Lumin flows share: captures, image uploads (base64 JSON), reviews of
 * OCR answers, and the Update API's preamble (allowed steps → initialize → verification method →
 * password → translation flag).
 */
import type { ImageRole } from '../../../shared/domain/flows';
import { expiryOf } from '../../cases/expiry';
import type { JsonValue, StepContext, StepDefinition, StepOutcome } from '../../sync/flow-types';
import { answerObject, asJson, base64, isFailure, requiredImage, requiredText, stringOf } from '../connector';
import { jsonWithBase64 } from '../http/streamed-json';
import { jsonObject } from '../http/outcomes';
import { interpretLumin, interpretStatus, interpretUpload, LOST_ANSWER } from './lumin-answers';
import { UPDATE_PATHS, type LuminApi, type LuminClient } from './lumin-client';

export function captureStep(key: string, roles: readonly ImageRole[]): StepDefinition {
  return { key, kind: 'capture', idempotent: true, captures: roles };
}

export function reviewStep(key: string, answerOf: string, fields: readonly string[]): StepDefinition {
  return { key, kind: 'review', idempotent: true, reviews: { answerOf, fields } };
}

/** The OCR values a review step shows: the `customerData` of the upload it reviews. */
export function ocrData(context: Pick<StepContext, 'answers'>, uploadKey: string): Record<string, JsonValue> {
  const data = answerObject(context, uploadKey)?.customerData;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
}

/**
 * An image upload. Idempotent: within one request Lumin keeps the latest image of each side, so a
 * repeat replaces rather than adds.
 */
export function uploadStep(
  client: LuminClient,
  options: { key: string; role: ImageRole; api: LuminApi; path: string; withCustomerId: boolean },
): StepDefinition {
  return {
    key: options.key,
    kind: 'remote',
    idempotent: true,
    sends: [options.role],
    run: async (context) => {
      // The relay's contexts stream the image from its sealed file into the JSON's base64 (no whole
      // copy: streamed-json.ts); a context without imageStream (some tests) sends it built whole.
      const streamed = await context.imageStream?.(options.role);
      const image = streamed && streamed.size > 0 ? streamed : await requiredImage(context, options.role);
      if (isFailure(image)) return image;
      const rest: Record<string, string> = {};
      if (options.withCustomerId) {
        const customerId = requiredText(context, 'customerId');
        if (isFailure(customerId)) return customerId;
        rest.customerId = customerId;
      }
      const body =
        'pieces' in image ? jsonWithBase64('image', image, rest) : { image: base64(image.bytes), ...rest };
      const result = await client.call(context, options.api, options.key, 'POST', options.path, body);
      return interpretUpload(result, options.role);
    },
  };
}

/** The back must carry the same national ID number as the front (providers.md §1 customerData). */
export function checkBackMatchesFront(
  context: Pick<StepContext, 'answers'>,
  frontKey: string,
  outcome: StepOutcome,
): StepOutcome {
  if (outcome.kind !== 'success') return outcome;
  const front = stringOf(ocrData(context, frontKey).idNumber);
  const answer = outcome.answer as { customerData?: Record<string, JsonValue> } | undefined;
  const back = stringOf(answer?.customerData?.idNumberBack);
  if (front && back && front !== back) {
    return {
      kind: 'needs_recapture',
      role: 'back',
      code: 'id_number_mismatch',
      message: 'The back of the card carries another national ID number than the front.',
      ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
    };
  }
  return outcome;
}

/**
 * A new customer's national ID whose back, as Lumin read it (`customerData.expirationDate`,
 * providers.md §1.2), expired before today (`now`, ms since the epoch; the date is valid through
 * its last day): the case stops before the back is approved, so no customer is created on an
 * expired card (approve-front registers nothing lasting until then). Staff close the case (the
 * customer needs a valid card) or, if the date was misread, start again. Any other outcome, or an
 * unreadable date, passes through.
 */
export function checkNotExpired(outcome: StepOutcome, now: number): StepOutcome {
  if (outcome.kind !== 'success') return outcome;
  const answer = outcome.answer as { customerData?: Record<string, JsonValue> } | undefined;
  const expiry = expiryOf(stringOf(answer?.customerData?.expirationDate), now, 0);
  if (expiry?.state !== 'expired') return outcome;
  return {
    kind: 'needs_operator',
    reason: 'document_expired',
    code: 'document_expired',
    message: `The national ID expired on ${expiry.date}.`,
    ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
  };
}

const VERIFICATION_METHODS: Record<number, string> = {
  1: 'password',
  2: 'e-mail one-time code',
  3: 'security question',
  4: 'device',
  5: 'phone one-time code',
  6: 'face',
};

/**
 * The subject an update case serialises on (StepDefinition.serialise): the customer (`applicantId`,
 * trimmed) and the update step (1 national ID, 2 passport); undefined without a customer.
 */
export function updateSubject(context: Pick<StepContext, 'fields'>, updateStep: 1 | 2): string | undefined {
  const applicantId = requiredText(context, 'applicantId');
  return isFailure(applicantId) ? undefined : `lumin.update:${updateStep}:${applicantId}`;
}

/** The Update API steps before the work itself (providers.md 1.3, steps 2–5 and the translation flag). */
export function updatePreambleSteps(
  client: LuminClient,
  updateStep: 1 | 2,
  translationPath: string,
  lastApproval: string,
): StepDefinition[] {
  return [
    {
      // Its answer ([{ updateStepId, lastUpdatedDate }]) is also the baseline of the last
      // approval's status query (status-queries.ts updateApplied): read in the same request, before,
      // and under the case's claim on this customer's update step, held until the last approval is
      // done, so no other case of this kiosk can move that date in between.
      key: 'allowed-steps',
      kind: 'remote',
      idempotent: true,
      serialise: { subject: (context) => updateSubject(context, updateStep), through: lastApproval },
      run: async (context) => {
        const answer = interpretLumin(
          await client.call(context, 'update', 'allowed-steps', 'GET', UPDATE_PATHS.currentSteps),
        );
        if (answer.kind === 'outcome') return answer.outcome;
        if (answer.value === undefined) return LOST_ANSWER;
        const steps = Array.isArray(answer.value) ? answer.value : [];
        const allowed = steps.some(
          (s) =>
            typeof s === 'object' &&
            s !== null &&
            (s as { updateStepId?: unknown }).updateStepId === updateStep,
        );
        if (!allowed) {
          return {
            kind: 'needs_operator',
            reason: 'provider_rejected',
            code: 'step_not_allowed',
            message: `Lumin does not allow update step ${updateStep} for this customer.`,
            answer: asJson(answer.value),
          };
        }
        return { kind: 'success', answer: asJson(answer.value) };
      },
    },
    {
      // Selecting the same step again changes nothing, so a repeat is harmless.
      key: 'initialize-step',
      kind: 'remote',
      idempotent: true,
      run: async (context) =>
        interpretStatus(
          await client.call(
            context,
            'update',
            'initialize-step',
            'POST',
            UPDATE_PATHS.initialize(updateStep),
          ),
          {
            reason: 'provider_rejected',
            code: 'initialize_refused',
            message: 'Lumin refused to start the update step.',
          },
        ),
    },
    {
      key: 'verification-method',
      kind: 'remote',
      idempotent: true,
      run: async (context) => {
        const answer = interpretLumin(
          await client.call(
            context,
            'update',
            'verification-method',
            'GET',
            UPDATE_PATHS.verificationMethod(updateStep),
          ),
        );
        if (answer.kind === 'outcome') return answer.outcome;
        if (answer.value === undefined) return LOST_ANSWER;
        const value = jsonObject({ type: 'json', value: answer.value })?.value;
        if (value === 1) return { kind: 'success', answer: asJson(answer.value) };
        const name = typeof value === 'number' ? VERIFICATION_METHODS[value] : undefined;
        return {
          kind: 'needs_operator',
          reason: 'unsupported_verification',
          code: `verification_method_${String(value)}`,
          message: `Lumin asks for ${name ?? 'an unknown'} verification, which this kiosk does not support; only the password is.`,
          answer: asJson(answer.value),
        };
      },
    },
    {
      // A check, not a record: repeating it creates nothing (the password itself is never stored).
      key: 'verify-password',
      kind: 'remote',
      idempotent: true,
      run: async (context) => {
        const password = context.secret('password');
        if (!password) {
          return {
            kind: 'needs_operator',
            reason: 'secret_required',
            code: 'password_required',
            message: "The customer's password is needed again: it is held only while the kiosk runs.",
          };
        }
        return interpretStatus(
          await client.call(context, 'update', 'verify-password', 'POST', client.config.verifyPasswordPath, {
            password,
            updateStepId: updateStep,
          }),
          {
            // The customer types it again on the flow screen (the relay forgets the refused one):
            // a stop "refused by the provider" left staff nothing to do but close the case.
            reason: 'secret_required',
            code: 'wrong_password',
            message: 'Lumin did not accept the password.',
          },
        );
      },
    },
    {
      key: 'translation-flag',
      kind: 'remote',
      idempotent: true,
      run: async (context) => {
        const answer = interpretLumin(
          await client.call(context, 'update', 'translation-flag', 'GET', translationPath),
        );
        if (answer.kind === 'outcome') return answer.outcome;
        if (answer.value === undefined) return LOST_ANSWER;
        const value = jsonObject({ type: 'json', value: answer.value })?.value;
        if (typeof value !== 'boolean') {
          return {
            kind: 'fatal',
            code: 'unexpected_answer',
            message: 'Lumin answered the translation flag without a value',
          };
        }
        return { kind: 'success', answer: { value } };
      },
    },
  ];
}

export function translationEnabled(context: Pick<StepContext, 'answers'>): boolean {
  return answerObject(context, 'translation-flag')?.value === true;
}
