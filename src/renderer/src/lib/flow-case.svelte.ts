/**
 * One case on the operator's screen: its current view (kept fresh by cases.changed), the image
 * previews, and the actions of the capture → review → approve loop. Every action resolves only
 * after main answered, so "saved" on screen means committed to the store.
 */
import type { FlowId, ImageRole } from '../../../shared/domain/flows';
import type { CaptureSource, CaseView } from '../../../shared/ipc/cases';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { IpcError } from '../../../shared/ipc/result';

export type FlowPhase =
  | { name: 'capture'; role: ImageRole }
  | { name: 'waiting' }
  | { name: 'review'; step: string }
  | { name: 'attention' }
  | { name: 'done' }
  | { name: 'closed' };

export class FlowCase {
  view = $state<CaseView | null>(null);
  busy = $state(false);
  error = $state<IpcError | null>(null);
  /** The image role the operator chose to capture now (e.g. the back while the front is uploading). */
  captureNow = $state<ImageRole | null>(null);
  /** The side just saved: its preview stays up (retake or continue) until the operator moves on. */
  confirming = $state<ImageRole | null>(null);
  previews = $state<Partial<Record<ImageRole, string>>>({});
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly api: KioskApi,
    readonly flow: FlowId,
    private readonly firstRole: ImageRole,
  ) {}

  readonly phase: FlowPhase = $derived.by((): FlowPhase => {
    const view = this.view;
    if (this.confirming) return { name: 'capture', role: this.confirming };
    if (this.captureNow) return { name: 'capture', role: this.captureNow };
    if (!view) return { name: 'capture', role: this.firstRole };
    if (view.state === 'completed') return { name: 'done' };
    if (view.state === 'cancelled' || view.state === 'expired') return { name: 'closed' };
    const waiting = view.waitingFor;
    if (waiting?.kind === 'review' && view.review) return { name: 'review', step: waiting.step };
    if (waiting?.kind === 'capture') return { name: 'capture', role: waiting.role };
    if (view.state === 'needs_attention') return { name: 'attention' };
    return { name: 'waiting' };
  });

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

  async capture(role: ImageRole, source: CaptureSource): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const caseId = this.view?.id;
      const result = await this.api.cases.capture({
        flow: this.flow,
        role,
        source,
        ...(caseId ? { caseId } : {}),
      });
      if (!result.ok) return this.failed(result.error);
      if (this.captureNow === role) this.captureNow = null;
      this.confirming = role;
      this.accept(result.value);
      void this.loadPreview(role); // a retake replaces the image of this role
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** The operator accepted the saved image and moves on. */
  continue(): void {
    this.confirming = null;
  }

  async submitReview(step: string, values: Record<string, string>): Promise<boolean> {
    if (!this.view) return false;
    this.busy = true;
    this.error = null;
    try {
      const result = await this.api.cases.submitReview({ caseId: this.view.id, step, values });
      if (!result.ok) return this.failed(result.error);
      this.accept(result.value);
      return true;
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const url of Object.values(this.previews)) if (url) URL.revokeObjectURL(url);
    this.previews = {};
  }

  private failed(error: IpcError): false {
    this.error = error;
    return false;
  }

  private accept(view: CaseView): void {
    this.view = view;
    for (const image of view.images) {
      if (!image.purged && !this.previews[image.role]) void this.loadPreview(image.role);
    }
  }

  private async loadPreview(role: ImageRole): Promise<void> {
    if (!this.view) return;
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
