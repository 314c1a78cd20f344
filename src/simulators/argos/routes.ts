/**
 * ARGOS "ID check" PUT image and submission read (providers.md §2, seed 003), with the error-code
 * table applied in the order the checks naturally happen.
 */
import { DOCUMENTED_ID_TYPES } from './id-types';
import { decodeBase64Image, digest } from '../common/images';
import type { Ledger } from '../common/ledger';
import { ocr } from '../common/ocr';
import {
  isRecord,
  json,
  parseForm,
  parseJson,
  type Route,
  type SimRequest,
  type SimResponse,
} from '../common/router';
import { kycResult } from './result';
import { IMAGE_FIELDS, type ArgosProject, type ArgosState, type ImageField } from './state';

const fail = (errorCode: string, message: string): SimResponse => json(400, { errorCode, message });

/** The caller's project, from x-api-key; undefined means the gateway's 403. */
function project(state: ArgosState, request: SimRequest): ArgosProject | undefined {
  const key = request.headers['x-api-key'];
  return typeof key === 'string' ? state.projects.get(key) : undefined;
}

// Missing or wrong key, or a source IP the tenant does not allow.
const forbidden = (): SimResponse => json(403, { message: 'Forbidden' });

/** JSON by default; multipart form fields as the current docs' curl sends them. */
async function fieldsOf(request: SimRequest): Promise<Record<string, unknown> | undefined> {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await parseForm(request);
    if (!form.ok) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, value] of form.value.entries()) {
      out[name] =
        typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer()).toString('base64');
    }
    return out;
  }
  const parsed = parseJson(request);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
}

const present = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

export function argosRoutes(state: ArgosState, ledger: Ledger): Route[] {
  return [
    {
      method: 'PUT',
      path: '/v3/submission/image',
      handler: async (request) => {
        const p = project(state, request);
        if (!p) return forbidden();
        const body = await fieldsOf(request);
        if (!body) return fail('invalid_payload', 'Fail to parse the input data.');
        if (p.status === 'missing') return fail('invalid_project', 'Cannot find project info.');
        if (p.status === 'inactive') return fail('invalid_project', 'Invalid project.');
        if (!present(body.submissionId) || !present(body.admin))
          return fail('missing_data', 'Required input data is missing.');
        if (!p.admins.includes(String(body.admin))) return fail('invalid_admin', 'Invalid admin.');
        const submission = state.liveSubmission(p.apiKey, String(body.submissionId));
        if (!submission) return fail('invalid_submission', 'Invalid submission.');
        const sent = IMAGE_FIELDS.filter(
          (field) => body[field] !== undefined && body[field] !== null && body[field] !== '',
        );
        if (sent.length === 0) return fail('invalid_data', 'At least one image parameter is required.');
        const needsType = sent.includes('idImage') || sent.includes('idBackImage');
        if (needsType && !present(body.idType)) {
          return fail('missing_data', 'The idType is required when submit idImage or idBackImage.');
        }
        if (present(body.idType) && !DOCUMENTED_ID_TYPES.includes(String(body.idType))) {
          return fail('invalid_idType', 'Invalid IdType.');
        }
        const decoded = new Map<ImageField, Buffer>();
        for (const field of sent) {
          const image = decodeBase64Image(body[field]);
          // Not base64 of a jpg/jpeg/png: the input cannot be parsed as the API defines it.
          if (!image) return fail('invalid_payload', 'Fail to parse the input data.');
          decoded.set(field, image.bytes);
        }
        if (state.processingErrors > 0) {
          state.processingErrors -= 1;
          return fail('processing_error', 'Failed to put image.');
        }
        const now = state.now();
        for (const [field, bytes] of decoded) {
          const replaced = submission.images[field] !== undefined;
          submission.images[field] = {
            digest: digest(bytes),
            bytes: bytes.length,
            payload: await ocr(bytes),
            at: now,
          };
          ledger.record('image_put', { submissionId: submission.id, field, replaced, image: digest(bytes) });
        }
        if (present(body.idType)) submission.idType = String(body.idType);
        return json(200, { message: 'success' });
      },
    },
    {
      method: 'GET',
      path: '/v3/submission',
      handler: (request) => {
        const p = project(state, request);
        if (!p) return forbidden();
        const id = request.query.get('submission_id') ?? '';
        const submission = state.submissions.get(id);
        if (!submission || submission.apiKey !== p.apiKey) return json(200, { Items: [] });
        const kyc = kycResult(submission, state.resultDelayMs, state.now());
        return json(200, {
          Items: [
            {
              submission_id: submission.id,
              created_at: new Date(submission.createdAt).toISOString(),
              idType: submission.idType ?? null,
              images: Object.keys(submission.images),
              kyc,
            },
          ],
        });
      },
    },
    {
      method: 'POST',
      path: '/__sim/submissions',
      handler: (request) => {
        const parsed = parseJson(request);
        const body = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
        const apiKey = typeof body.apiKey === 'string' ? body.apiKey : [...state.projects.keys()][0];
        if (!apiKey) return json(400, { message: 'no project' });
        const submission = state.createSubmission(
          apiKey,
          typeof body.submissionId === 'string' ? body.submissionId : undefined,
        );
        ledger.record('submission_created', { submissionId: submission.id });
        return json(200, { submissionId: submission.id });
      },
    },
  ];
}
