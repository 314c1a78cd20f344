/**
 * One case on the operator's screen, for any flow: its current view (kept fresh by
 * queue.caseChanged), the image previews, and the actions of the identify → secret → capture →
 * review → done loop. What the flow takes comes from its descriptor; every action resolves only
 * after main answered, so "saved" on screen means committed to the store.
 */
import type { FlowId, ImageRole } from '../../../shared/domain/flows';
import type { FlowDescriptor } from '../../../shared/flows/descriptor';
import type { CaptureSource, CaseView, CloseReason } from '../../../shared/ipc/cases';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { IpcError } from '../../../shared/ipc/result';

/** Why a chosen file was refused before it was read (PickImageFile): empty, or over the import limit. */
export type FileRefusal = 'image_unreadable' | 'image_too_large';

export type FlowPhase =
  | { name: 'identify' }
  | { name: 'secret'; secret: string }
  | { name: 'capture'; role: ImageRole }
  | { name: 'waiting' }
  | { name: 'review'; step: string }
  | { name: 'attention' }
  | { name: 'done' }
  | { name: 'closed' };

/** The phase a case is in, from its view and the operator's local choices. Pure, for the screen and tests. */
export function phaseOf(
  descriptor: FlowDescriptor,
  view: CaseView | null,
  local: { confirming: ImageRole | null; captureNow: ImageRole | null },
): FlowPhase {
  if (!view && descriptor.identify.length > 0) return { name: 'identify' };
  // A side just saved stays up until the operator moves on, even if the case finished meanwhile.
  if (local.confirming) return { name: 'capture', role: local.confirming };
  if (view && (view.state === 'cancelled' || view.state === 'expired')) return { name: 'closed' };
  if (view?.state === 'completed') return { name: 'done' };
  const secret = view?.secretsNeeded[0];
  if (secret) return { name: 'secret', secret };
  if (local.captureNow) return { name: 'capture', role: local.captureNow };
  const first = descriptor.capture.roles[0]?.role ?? 'front';
  if (!view) return { name: 'capture', role: first };
  const waiting = view.waitingFor;
  if (waiting?.kind === 'review' && view.review) return { name: 'review', step: waiting.step };
  if (waiting?.kind === 'capture') return { name: 'capture', role: waiting.role };
  if (view.state === 'needs_attention') return { name: 'attention' };
  return { name: 'waiting' };
}

export class FlowCase {
  view = $state<CaseView | null>(null);
  busy = $state(false);
  error = $state<IpcError | null>(null);
  /** The image role the operator chose to capture now (e.g. the back while the front is uploading). */
  captureNow = $state<ImageRole | null>(null);
  /** The side just saved: its preview stays up (retake or continue) until the operator moves on. */
  confirming = $state<ImageRole | null>(null);
  /** Roles the operator chose to keep although the quality check said "retake" (recorded in main). */
  keptDespiteRetake = $state<ImageRole[]>([]);
  previews = $state<Partial<Record<ImageRole, string>>>({});
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly api: KioskApi,
    readonly descriptor: FlowDescriptor,
  ) {}

  get flow(): FlowId {
    return this.descriptor.id as FlowId;
  }

  readonly phase: FlowPhase = $derived.by(() =>
    phaseOf(this.descriptor, this.view, { confirming: this.confirming, captureNow: this.captureNow }),
  );

  start(): void {
    // The queue pushes a summary on every change; the screen then reads the full view.
    this.unsubscribe = this.api.queue.onCaseChanged((summary) => {
      if (summary.id === this.view?.id) void this.open(summary.id);
    });
  }

  async open(caseId: string): Promise<void> {
    const result = await this.api.cases.get({ caseId });
    if (result.ok) this.accept(result.value);
    else this.error = result.error;
  }

  hasImage(role: ImageRole): boolean {
    return this.view?.images.some((image) => image.role === role) ?? false;
  }

  /** Starts the case from the identify form (cases.start); main checks the identifiers again. */
  async begin(fields: Record<string, string>): Promise<boolean> {
    return this.act(() => this.api.cases.start({ flow: this.flow, fields }));
  }

  /**
   * Reads identify field `field` from the QR code the customer shows (cases.readCode); the value,
   * or null with `error` set (code_unreadable, code_not_valid, image_* for a camera frame...).
   */
  async readCode(field: string, source: CaptureSource): Promise<string | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await this.api.cases.readCode({ flow: this.flow, field, source });
      if (result.ok) return result.value.value;
      this.error = result.error;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Hands the customer's secret to main; the caller clears its input whatever the answer. */
  async provideSecret(name: string, value: string): Promise<boolean> {
    const caseId = this.view?.id;
    if (!caseId) return false;
    return this.act(() => this.api.cases.provideSecret({ caseId, name, value }));
  }

  async capture(role: ImageRole, source: CaptureSource): Promise<boolean> {
    const caseId = this.view?.id;
    const ok = await this.act(() =>
      this.api.cases.capture({ flow: this.flow, role, source, ...(caseId ? { caseId } : {}) }),
    );
    if (ok) {
      if (this.captureNow === role) this.captureNow = null;
      this.confirming = role;
      this.keptDespiteRetake = this.keptDespiteRetake.filter((r) => r !== role);
      void this.loadPreview(role); // a retake replaces the image of this role
    }
    return ok;
  }

  /** The operator accepted the saved image and moves on. */
  /** A file refused before it reached main (PickImageFile): shown like main's own refusal. */
  refuse(code: FileRefusal): void {
    this.error = { code, message: code };
  }

  continue(): void {
    this.confirming = null;
  }

  /** A deliberate second choice: go on with an image the quality check flagged (recorded in main). */
  async keepAnyway(role: ImageRole): Promise<void> {
    const caseId = this.view?.id;
    if (!caseId) return;
    if (await this.act(() => this.api.cases.keepImage({ caseId, role }))) {
      this.keptDespiteRetake = [...this.keptDespiteRetake, role];
      this.confirming = null;
    }
  }

  async submitReview(step: string, values: Record<string, string>): Promise<boolean> {
    const caseId = this.view?.id;
    if (!caseId) return false;
    return this.act(() => this.api.cases.submitReview({ caseId, step, values }));
  }

  async close(reason: CloseReason): Promise<boolean> {
    const caseId = this.view?.id;
    if (!caseId) return false;
    return this.act(() => this.api.cases.close({ caseId, reason }));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const url of Object.values(this.previews)) if (url) URL.revokeObjectURL(url);
    this.previews = {};
  }

  private async act(
    call: () => Promise<{ ok: true; value: CaseView } | { ok: false; error: IpcError }>,
  ): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (!result.ok) {
        this.error = result.error;
        return false;
      }
      this.accept(result.value);
      return true;
    } finally {
      this.busy = false;
    }
  }

  private accept(view: CaseView): void {
    this.view = view;
    for (const image of view.images) {
      if (!image.purged && !this.previews[image.role]) void this.loadPreview(image.role);
    }
  }

  private async loadPreview(role: ImageRole): Promise<void> {
    if (!this.view) return;
    const stored = this.view.images.find((image) => image.role === role);
    if (stored?.mime === 'application/pdf') {
      // A supporting PDF is shown by its page count and size (CapturePanel), not as a picture.
      const { [role]: previous, ...rest } = this.previews;
      this.previews = rest;
      if (previous) URL.revokeObjectURL(previous);
      return;
    }
    const result = await this.api.cases.image({ caseId: this.view.id, role });
    if (!result.ok) return;
    const previous = this.previews[role];
    const bytes = new Uint8Array(result.value.bytes);
    this.previews = {
      ...this.previews,
      [role]: URL.createObjectURL(new Blob([bytes], { type: result.value.mime })),
    };
    if (previous) URL.revokeObjectURL(previous);
  }
}
