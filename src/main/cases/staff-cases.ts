/**
 * What the flow screens ask of main: start a case from the customer's identifiers, hold the
 * customer's secret in memory, capture an image into a case (device scan or an operator's file,
 * through the imaging pipeline, then one store transaction), read a case for the screen, submit a
 * review, close a case. Every check comes from the flow's descriptor (src/shared/flows): which
 * identifiers and secrets it takes, whether it needs the network, which document each role is,
 * which values a review step accepts and their rules. Nothing here names a flow.
 */
import type { FlowId, ImageRole } from '../../shared/domain/flows';
import { PROVIDER_OF_FLOW } from '../../shared/domain/flows';
import { rolesToCapture } from '../../shared/flows/choices';
import { valueFromCode } from '../../shared/flows/code-value';
import type { FlowDescriptor } from '../../shared/flows/descriptor';
import { normaliseForm, unknownFields, validateForm } from '../../shared/flows/form-rules';
import { flowDescriptor } from '../../shared/flows/registry';
import type { CaptureSource, CaseView, CloseReason } from '../../shared/ipc/cases';
import type { ScanSettings } from '../../shared/ipc/devices';
import { documentPaperSource, documentScanSettings } from '../devices/scan-plan';
import type { DevicesService, ScannedSide } from '../devices/service';
import { AppError } from '../ipc/errors';
import type { CaseService } from '../sync/case-service';
import type { FlowRegistry } from '../sync/flow-types';
import { buildCaseView, type ViewOptions } from './case-view';
import { checkCameraFrame } from '../imaging/camera-frame';
import { checkPdfDocument, looksLikePdf, PDF_DOCUMENT_LIMITS } from '../imaging/pdf-document';
import { pdfFromPages } from '../imaging/pdf-from-pages';
import type { NewImage } from '../store/images-repo';
import { readQrText } from '../imaging/qr-reader';
import { feedQuality } from './feed-quality';
import { encodeQuality } from './quality-codec';

/** How long cases.start waits for a flow's provider to answer a reachability probe (ms). */
const START_PROBE_TIMEOUT_MS = 4_000;

export interface StaffCasesOptions {
  devices: DevicesService;
  /** The queue's case service; throws storage_failure while the store needs service. */
  cases: () => CaseService;
  flows: FlowRegistry;
  operator: () => { id: string; name: string };
  language: () => 'en' | 'ar';
  /** Holds a customer secret for a case in memory only (the queue's SecretVault). */
  holdSecret: (caseId: string, name: string, value: string) => void;
  view: ViewOptions;
  /** A feed-until-empty scan finished sheet `sheet` (1-based): the devices.feedProgress event. */
  feedProgress?: (progress: { sourceId: string; sheet: number }) => void;
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

  private descriptor(flow: FlowId): FlowDescriptor {
    const descriptor = flowDescriptor(flow);
    if (!descriptor || !this.options.flows.get(flow)) {
      throw new AppError('invalid_input', `The flow ${flow} is not available on this kiosk`);
    }
    return descriptor;
  }

  view(caseId: string): CaseView {
    return buildCaseView(this.options.cases(), this.options.flows, caseId, this.options.view);
  }

  /**
   * A new case from what identifies the customer. Identifiers are checked by the descriptor's
   * rules (invalid_input with the problems as details); a flow that needs the network first asks
   * its provider's reachability probe and refuses with provider_offline, before any capture.
   */
  async start(flow: FlowId, fields: Record<string, string>): Promise<CaseView> {
    const descriptor = this.descriptor(flow);
    const unknown = unknownFields(descriptor.identify, fields);
    if (unknown.length > 0) {
      throw new AppError('invalid_input', `The flow ${flow} is not identified by ${unknown.join(', ')}`);
    }
    const problems = validateForm(descriptor.identify, fields, { translationEnabled: false });
    if (problems.length > 0) throw new AppError('invalid_input', 'Some identifiers are not valid', problems);
    if (descriptor.start.needsNetwork) {
      const definition = this.options.flows.get(flow);
      const reachable = definition?.probe
        ? await definition.probe(AbortSignal.timeout(START_PROBE_TIMEOUT_MS)).catch(() => false)
        : true;
      if (!reachable) {
        throw new AppError('provider_offline', `The ${descriptor.provider} service cannot be reached`);
      }
    }
    const summary = await this.options.cases().capture({
      flow,
      operator: this.options.operator(),
      language: this.options.language(),
      fields: normaliseForm(descriptor.identify, fields, { translationEnabled: false }),
      images: [],
    });
    return this.view(summary.id);
  }

  /**
   * The value of identify field `field` read from a QR code the customer shows: scanned whole
   * (no document cropping), from an image file, or from a document-camera frame (checked first as
   * hostile input: imaging/camera-frame.ts), decoded in main by the one reader
   * (imaging/qr-reader.ts), then checked by the field's rules (shared/flows/code-value.ts).
   * Nothing is stored or logged of it.
   * @throws invalid_input for a field not read from codes; image_format, image_too_large,
   *   image_unreadable, image_shape for a camera frame that is no usable picture; code_unreadable;
   *   code_not_valid.
   */
  async readCode(flow: FlowId, name: string, source: CaptureSource): Promise<{ value: string }> {
    const field = this.descriptor(flow).identify.find((candidate) => candidate.name === name);
    if (!field?.fromCode) throw new AppError('invalid_input', `The field ${name} is not read from a code`);
    let pages: Uint8Array[];
    if (source.kind === 'device') {
      // A phone or a printout on the glass: the whole flatbed page.
      const scanned = await this.options.devices.scanPages({
        sourceId: source.sourceId,
        role: 'document',
        document: 'a4_page',
      });
      pages = scanned.map((page) => page.bytes);
    } else {
      if (source.kind === 'camera') await checkCameraFrame(source.bytes);
      pages = [source.bytes];
    }
    let text: string | undefined;
    for (const page of pages) if ((text = await readQrText(page)) !== undefined) break;
    if (text === undefined) throw new AppError('code_unreadable', 'No QR code could be read');
    const value = valueFromCode(field, text);
    if (value === undefined) throw new AppError('code_not_valid', `The QR code holds no ${name}`);
    return { value };
  }

  /** Holds one of the secrets the flow's descriptor declares, for this case, in memory only. */
  provideSecret(caseId: string, name: string, value: string): CaseView {
    const detail = this.options.cases().get(caseId);
    const descriptor = this.descriptor(detail.flow);
    if (!descriptor.start.secrets.some((secret) => secret.name === name)) {
      throw new AppError('invalid_input', `The flow ${detail.flow} takes no secret named ${name}`);
    }
    if (['completed', 'cancelled', 'expired'].includes(detail.state)) {
      throw new AppError('conflict', `A ${detail.state} case needs no secret`);
    }
    this.options.holdSecret(caseId, name, value);
    return this.view(caseId);
  }

  async capture(request: CaptureRequest): Promise<CaseView> {
    const descriptor = this.descriptor(request.flow);
    const plan = descriptor.capture.roles.find((role) => role.role === request.role);
    if (!plan) throw new AppError('invalid_input', `The flow ${request.flow} captures no ${request.role}`);
    if (!request.caseId && (descriptor.identify.length > 0 || descriptor.start.secrets.length > 0)) {
      // Identifiers and secrets come first (cases.start, cases.provideSecret), before any capture.
      throw new AppError('flow_needs_start', `The flow ${request.flow} starts with cases.start`);
    }
    if (request.source.kind === 'camera' && !plan.sources.includes('camera')) {
      throw new AppError('invalid_input', `The ${request.role} is not taken from a camera in this flow`);
    }
    // The roles this case takes: the plan, or the images staff chose at the start (ARGOS).
    const planned = new Set(
      request.caseId
        ? rolesToCapture(descriptor, this.options.cases().reviewData(request.caseId).fields)
        : descriptor.capture.roles.map((role) => role.role),
    );
    if (!planned.has(request.role)) {
      throw new AppError('invalid_input', `This case does not add or replace the ${request.role}`);
    }
    // A file whose bytes are a PDF (never the renderer's name or type) is a supporting document:
    // checked whole in main and kept as it is; anything else goes through the imaging pipeline.
    // One side, or both when a duplex feeder scanned a card's front and back in one feed; a side
    // the flow's capture plan does not have is not kept.
    // A multi-page role (a supporting document) scanned from a device with a feeder takes every
    // sheet in it, joined into one PDF that then takes the PDF file's path (one storage path).
    // On a device with a glass and a feeder it goes where staff put it (the capture screen's
    // choice): one page from the glass takes an image's path.
    const source = request.source;
    const device =
      source.kind === 'device' && plan.pages !== undefined
        ? this.options.devices.list().find((info) => info.id === source.sourceId)
        : undefined;
    const where =
      device && source.kind === 'device'
        ? documentPaperSource(device.capabilities, source.paperSource)
        : undefined;
    const images: NewImage[] =
      source.kind === 'file' && looksLikePdf(source.bytes)
        ? [await pdfCapture(request.role, plan.pages, source.bytes)]
        : where === 'adf' && source.kind === 'device'
          ? [await this.feedDocument(request, source, plan)]
          : await this.images(
              request,
              plan.document,
              plan.mayCarryMrz === true,
              planned,
              where === 'flatbed' ? documentScanSettings('flatbed') : undefined,
            );
    if (request.caseId) {
      const existing = this.options.cases().get(request.caseId);
      if (existing.flow !== request.flow)
        throw new AppError('invalid_input', 'The case belongs to another flow');
      // The side asked for is stored (or retaken); a duplex scan's other side only fills a gap; both
      // in one commit.
      this.options.cases().addCaptures(request.caseId, images, request.role);
      return this.view(request.caseId);
    }
    const summary = await this.options.cases().capture({
      flow: request.flow,
      operator: this.options.operator(),
      language: this.options.language(),
      fields: {},
      images,
    });
    return this.view(summary.id);
  }

  image(caseId: string, role: ImageRole): { mime: string; bytes: Uint8Array<ArrayBuffer> } {
    const image = this.options.cases().image(caseId, role);
    if (!image) throw new AppError('not_found', `No ${role} image is stored for this case`);
    // A copy backed by a plain ArrayBuffer, as the contract (and structured clone) expects.
    return { mime: image.mime, bytes: new Uint8Array(image.bytes) };
  }

  /**
   * The reviewed values of the step waiting for a review, checked against THAT step's descriptor:
   * a value the form does not have, or one its rules refuse, is refused (invalid_input, with the
   * problems as details); nothing is guessed from the field names that arrived.
   */
  submitReview(caseId: string, step: string, values: Record<string, string>): CaseView {
    const view = this.view(caseId);
    if (!view.review || view.review.step !== step)
      throw new AppError('conflict', `Step ${step} is not waiting for a review`);
    const form = this.descriptor(view.flow).reviews.find((candidate) => candidate.step === step);
    if (!form) throw new AppError('conflict', `Step ${step} has no review form`);
    const unknown = unknownFields(form.fields, values);
    if (unknown.length > 0) {
      throw new AppError('invalid_input', `Step ${step} does not review ${unknown.join(', ')}`, {
        unknown,
      });
    }
    const context = { translationEnabled: view.review.translationEnabled };
    const problems = validateForm(form.fields, values, context);
    if (problems.length > 0) {
      throw new AppError('invalid_input', 'Some reviewed values are not valid', problems);
    }
    const reviewed = normaliseForm(form.fields, values, context);
    // Which fields the operator changed from the provider's reading: names only, for the audit trail.
    const extracted = view.review.extracted;
    const corrected = Object.keys(reviewed).filter(
      (field) => String(reviewed[field] ?? '') !== (extracted[field] ?? ''),
    );
    this.options.cases().recordReview(caseId, step, { [step]: reviewed }, corrected);
    return this.view(caseId);
  }

  /** Staff keep an image the quality check flagged for retake (recorded, then the flow goes on). */
  keepImage(caseId: string, role: ImageRole): CaseView {
    this.options.cases().recordQualityOverride(caseId, role);
    return this.view(caseId);
  }

  /** Staff close a case before it completed, saying why; the relay sends nothing more for it. */
  close(caseId: string, reason: CloseReason): CaseView {
    this.options.cases().cancel(caseId, reason);
    return this.view(caseId);
  }

  /**
   * Every sheet in the device's feeder (devices/scan-plan.ts `sheets: 'until-empty'`, at most the
   * role's page maximum), each through the imaging pipeline like any scan, joined into one PDF
   * (imaging/pdf-from-pages.ts) at the scan's resolution; stored with its pages' quality
   * (feed-quality.ts: the worst verdict, and which pages to retake) when any page is not "ok".
   * @throws scanner_feeder_empty, scan_page_no_resolution (details `{ page }`), scan_too_many_pages (details `{ max }`), the device's errors,
   *   the pipeline's refusals. Nothing is stored.
   */
  private async feedDocument(
    request: CaptureRequest,
    source: Extract<CaptureSource, { kind: 'device' }>,
    plan: FlowDescriptor['capture']['roles'][number],
  ): Promise<NewImage> {
    const sides = await this.options.devices.scan({
      sourceId: source.sourceId,
      role: request.role,
      provider: PROVIDER_OF_FLOW[request.flow],
      document: plan.document,
      settings: documentScanSettings('adf', plan.pages?.max),
      onSheet: (sheet) => this.options.feedProgress?.({ sourceId: source.sourceId, sheet }),
    });
    const pdf = await pdfFromPages(
      sides.map(({ image, dpi }) => ({
        bytes: image.bytes,
        mime: image.mime,
        width: image.width,
        height: image.height,
        // The device's resolution, else the pipeline's measure; neither: pdfFromPages refuses the page.
        dpi: dpi ?? image.quality.figures.dpi,
      })),
    );
    // Pages judged "retake" are not joined silently: the capture screen names them (feed-quality.ts).
    const quality = feedQuality(sides.map(({ image }) => image.quality));
    const stored = await pdfCapture(request.role, plan.pages, pdf);
    return quality ? { ...stored, quality: encodeQuality(quality) } : stored;
  }

  /** The processed images of a scan, an image file or a camera frame, as the store takes them. */
  private async images(
    request: CaptureRequest,
    document: FlowDescriptor['capture']['roles'][number]['document'],
    cardMrz: boolean,
    planned: ReadonlySet<ImageRole>,
    settings?: Partial<ScanSettings>,
  ): Promise<NewImage[]> {
    return (await this.acquire(request, document, cardMrz, settings))
      .filter(({ role }) => role === request.role || planned.has(role))
      .map(({ role, image: processed }) => ({
        role,
        mime: processed.mime,
        bytes: processed.bytes,
        width: processed.width,
        height: processed.height,
        sha256: processed.sha256,
        quality: encodeQuality(processed.quality),
      }));
  }

  private async acquire(
    request: CaptureRequest,
    document: FlowDescriptor['capture']['roles'][number]['document'],
    cardMrz: boolean,
    settings?: Partial<ScanSettings>,
  ): Promise<ScannedSide[]> {
    const { devices } = this.options;
    const provider = PROVIDER_OF_FLOW[request.flow];
    const source = request.source;
    if (source.kind === 'device') {
      // Scan settings come from the document kind and the device (devices/scan-plan.ts), and where
      // staff put a multi-page document (`settings`).
      const sides = await devices.scan({
        sourceId: source.sourceId,
        role: request.role,
        provider,
        document,
        cardMrz,
        ...(settings ? { settings } : {}),
      });
      if (sides.length === 0) throw new AppError('scanner_no_docs', 'The scanner returned no page');
      return sides;
    }
    const image = await devices.importFile({
      name: source.kind === 'file' ? source.name : 'camera.jpg',
      origin: source.kind,
      bytes: source.bytes,
      role: request.role,
      provider,
      cardMrz,
    });
    return [{ role: request.role, image }];
  }
}

/**
 * A PDF file for a role of the capture plan. Only a multi-page supporting document (a role with
 * `pages`, Jumio's DOCUMENT: "images or one PDF, ≤ 15 MB in total, ≤ 30 pages", seed 004) takes
 * one; it is checked by imaging/pdf-document.ts against 15 MB and the role's page maximum, and
 * stored as it came (sealed like any image; width and height 0, its page count kept).
 * @throws AppError `pdf_not_for_role` for any other role; `pdf_too_large`, `pdf_unreadable`,
 *   `pdf_encrypted`, `pdf_too_many_pages` from the check. Nothing is stored on a refusal.
 */
async function pdfCapture(
  role: ImageRole,
  pages: { min: number; max: number } | undefined,
  bytes: Uint8Array,
): Promise<NewImage> {
  if (!pages) {
    throw new AppError(
      'pdf_not_for_role',
      `The ${role} is an image; only a supporting document may be a PDF`,
      {
        role,
      },
    );
  }
  const checked = await checkPdfDocument(bytes, {
    maxBytes: PDF_DOCUMENT_LIMITS.maxBytes,
    maxPages: pages.max,
  });
  return { role, mime: 'application/pdf', bytes, width: 0, height: 0, pages: checked.pages };
}
