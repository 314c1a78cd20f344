/**
 * What every connector is given, and the helpers its steps share: a logged HTTP call (vendor,
 * operation, status and duration only: never bodies, tokens or personal data) and safe access to
 * the case's fields and images.
 */
import type { ImageRole } from '../../shared/domain/flows';
import type { Logger } from '../logging/logger';
import { wholePieces } from '../store/image-stream';
import type { JsonValue, StepContext, StoredImage, StreamedImage } from '../sync/flow-types';
import type { SecretValue } from './config';
import { httpCall, type HttpRequest, type HttpResult } from './http/http-call';
import type { Failure } from './http/outcomes';
import { SecretUnavailableError } from './secrets';

export interface ConnectorDeps {
  log: Logger;
  resolveSecret: (value: SecretValue) => string;
  /** Injected for tests of expiry; defaults to Date.now. */
  now?: () => number;
}

export async function loggedCall(
  deps: ConnectorDeps,
  vendor: string,
  operation: string,
  request: HttpRequest,
): Promise<HttpResult> {
  const started = Date.now();
  const result = await httpCall(request);
  const ms = Date.now() - started;
  if (result.kind === 'response') {
    deps.log.info('provider.call', { vendor, operation, status: result.status, body: result.body.type, ms });
  } else {
    deps.log.warn('provider.call_failed', { vendor, operation, fault: result.kind, ms });
  }
  return result;
}

/** The value of a configured secret, or a fatal outcome (never the cause: it could hold key material). */
export function secretOrFatal(deps: ConnectorDeps, value: SecretValue): string | Failure {
  try {
    return deps.resolveSecret(value);
  } catch (error) {
    return {
      kind: 'fatal',
      code: 'secret_unavailable',
      message:
        error instanceof SecretUnavailableError ? error.message : 'a configured secret could not be read',
    };
  }
}

export type { Failure };

const OUTCOME_KINDS = new Set([
  'retryable',
  'reauthenticate',
  'needs_recapture',
  'needs_review',
  'needs_operator',
  'fatal',
]);

export const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && 'kind' in value && OUTCOME_KINDS.has(String(value.kind));

/** A non-empty text field typed at the kiosk, or a needs_operator outcome naming it. */
export function requiredText(context: Pick<StepContext, 'fields'>, name: string): string | Failure {
  const value = context.fields[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return {
    kind: 'needs_operator',
    reason: 'provider_rejected',
    code: 'missing_field',
    message: `The case has no value for "${name}".`,
  };
}

export async function requiredImage(context: StepContext, role: ImageRole): Promise<StoredImage | Failure> {
  const image = await context.image(role);
  if (image && image.bytes.byteLength > 0) return image;
  return {
    kind: 'needs_recapture',
    role,
    code: 'missing_image',
    message: `No ${role} image is stored for this case.`,
  };
}

/**
 * The role's image as plain pieces to stream into a request (image-stream.ts): from its sealed
 * file when the context offers `imageStream` (the relay's do), else the whole image a test's
 * context gives. Each call opens the image afresh (a body consumes its pieces: a second request
 * needs a second call). Missing or empty: needs_recapture `missing_image`, as `requiredImage`. The
 * pieces throw before the last one when the sealed file fails its GCM check.
 */
export async function requiredImagePieces(
  context: StepContext,
  role: ImageRole,
): Promise<StreamedImage | Failure> {
  const streamed = await context.imageStream?.(role);
  if (streamed && streamed.size > 0) return streamed;
  const image = await requiredImage(context, role);
  if (isFailure(image)) return image;
  return { role, mime: image.mime, size: image.bytes.byteLength, pieces: wholePieces(image.bytes) };
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function asJson(value: unknown): JsonValue {
  // Provider answers are JSON by construction; this drops undefined and anything non-JSON.
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/** The object stored as another step's answer, if it is one. */
export function answerObject(
  context: Pick<StepContext, 'answers'>,
  key: string,
): Record<string, JsonValue> | undefined {
  const value = context.answers[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function fieldObject(
  context: Pick<StepContext, 'fields'>,
  key: string,
): Record<string, JsonValue> | undefined {
  const value = context.fields[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
