/**
 * What the flow screens ask of main: capture an image into a case (device scan or an operator's
 * file, through the imaging pipeline, then one store transaction), read a case for the screen,
 * submit a review. Composes the devices service, the queue's case service and the flow registry.
 */
import type { FlowId, ImageRole } from '../../shared/domain/flows';
import { PROVIDER_OF_FLOW } from '../../shared/domain/flows';
import type { CaptureSource, CaseView } from '../../shared/ipc/cases';
import type { ProcessedImage } from '../../shared/ipc/devices';
import {
  KYC_REVIEW_FIELDS,
  normaliseKycReview,
  validateKycReview,
  type KycReviewValues,
} from '../../shared/validation/kyc-review';
import type { DevicesService } from '../devices/service';
import { AppError } from '../ipc/errors';
import type { CaseService } from '../sync/case-service';
import type { FlowRegistry } from '../sync/flow-types';
import { buildCaseView, type ViewOptions } from './case-view';
import { encodeQuality } from './quality-codec';

export interface StaffCasesOptions {
  devices: DevicesService;
  /** The queue's case service; throws storage_failure while the store needs service. */
  cases: () => CaseService;
  flows: FlowRegistry;
  operator: () => { id: string; name: string };
  language: () => 'en' | 'ar';
  view: ViewOptions;
}

export interface CaptureRequest {
  flow: FlowId;
  caseId?: string | undefined;
  role: ImageRole;
  source: CaptureSource;
  fields?: Record<string, string> | undefined;
}

export class StaffCases {
  constructor(private readonly options: StaffCasesOptions) {}

  view(caseId: string): CaseView {
    return buildCaseView(this.options.cases(), this.options.flows, caseId, this.options.view);
  }

  async capture(request: CaptureRequest): Promise<CaseView> {
    const provider = PROVIDER_OF_FLOW[request.flow];
    const processed = await this.acquire(request, provider);
    const image = {
      role: request.role,
      mime: processed.mime,
      bytes: processed.bytes,
      width: processed.width,
      height: processed.height,
      sha256: processed.sha256,
      quality: encodeQuality(processed.quality),
    };
    if (request.caseId) {
      const existing = this.options.cases().get(request.caseId);
      if (existing.flow !== request.flow)
        throw new AppError('invalid_input', 'The case belongs to another flow');
      this.options.cases().addCapture(request.caseId, image);
      return this.view(request.caseId);
    }
    const summary = await this.options.cases().capture({
      flow: request.flow,
      operator: this.options.operator(),
      language: this.options.language(),
      fields: request.fields ?? {},
      images: [image],
    });
    return this.view(summary.id);
  }

  image(caseId: string, role: ImageRole): { mime: string; bytes: Uint8Array<ArrayBuffer> } {
    const image = this.options.cases().image(caseId, role);
    if (!image) throw new AppError('not_found', `No ${role} image is stored for this case`);
    // A copy backed by a plain ArrayBuffer, as the contract (and structured clone) expects.
    return { mime: image.mime, bytes: new Uint8Array(image.bytes) };
  }

  submitReview(caseId: string, step: string, values: Record<string, string>): CaseView {
    const view = this.view(caseId);
    const review = view.review;
    if (!review || review.step !== step)
      throw new AppError('conflict', `Step ${step} is not waiting for a review`);
    let reviewed: Record<string, string> = {};
    for (const field of review.fields) reviewed[field] = (values[field] ?? '').trim();
    if (review.fields.every((field) => (KYC_REVIEW_FIELDS as readonly string[]).includes(field))) {
      // The national-ID review: validated here again, whatever the renderer checked.
      const kyc = reviewed as KycReviewValues;
      const problems = validateKycReview(kyc, { translationEnabled: review.translationEnabled });
      if (problems.length > 0) {
        throw new AppError('invalid_input', 'Some reviewed values are not valid', problems);
      }
      reviewed = normaliseKycReview(kyc);
    }
    // Which fields the operator changed from the provider's reading: names only, for the audit trail.
    const corrected = review.fields.filter(
      (field) => (reviewed[field] ?? '') !== (review.extracted[field] ?? ''),
    );
    this.options.cases().recordReview(caseId, step, { [step]: reviewed }, corrected);
    return this.view(caseId);
  }

  private async acquire(
    request: CaptureRequest,
    provider: 'lumin' | 'argos' | 'jumio',
  ): Promise<ProcessedImage> {
    const { devices } = this.options;
    const source = request.source;
    if (source.kind === 'device') {
      const images = await devices.scan({
        sourceId: source.sourceId,
        role: request.role,
        provider,
        settings: { paperSource: 'flatbed', colourMode: 'color', resolution: 300, pages: 1 },
      });
      const first = images[0];
      if (!first) throw new AppError('scanner_no_docs', 'The scanner returned no page');
      return first;
    }
    return devices.importFile({
      name: source.kind === 'file' ? source.name : 'camera.jpg',
      bytes: source.bytes,
      role: request.role,
      provider,
    });
  }
}
