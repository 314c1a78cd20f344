/**
 * The document camera's analysis thread: receives downscaled preview frames (ImageBitmap, about
 * 480 px wide, transferred, so nothing is copied on the main thread), runs frame-analysis.ts on
 * them and answers with the verdict and whether the card has been steady long enough to take the
 * picture. Keeping this off the main thread keeps the live preview smooth.
 */
import {
  analyseFrame,
  SteadyTracker,
  toGrey,
  type FrameAnalysis,
} from '../../../../shared/camera/frame-analysis';

/** Main thread → worker. `at` is the frame's capture time (performance.now(), ms). */
export type FrameWorkerRequest = { kind: 'frame'; bitmap: ImageBitmap; at: number } | { kind: 'reset' };
/** Worker → main thread, one per frame. */
export interface FrameWorkerAnswer {
  analysis: FrameAnalysis;
  steady: boolean;
}

// A dedicated worker's global scope; the renderer's type library is the DOM's.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FrameWorkerRequest>) => void) | null;
  postMessage(message: FrameWorkerAnswer): void;
};

const tracker = new SteadyTracker();
let canvas: OffscreenCanvas | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'reset') {
    tracker.reset();
    return;
  }
  const { bitmap, at } = request;
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height)
    canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  const analysis = analyseFrame(toGrey(data, width, height), width, height);
  scope.postMessage({ analysis, steady: tracker.push(analysis, at) });
};
