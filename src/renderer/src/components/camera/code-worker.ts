/**
 * The QR-code thread of the document camera (CodeReader's "read with the camera"): receives
 * downscaled preview frames (ImageBitmap, transferred, so nothing is copied on the main thread) and
 * looks for a QR code in each with jsQR (an ISO/IEC 18004 decoder, the library main's
 * imaging/qr-reader.ts uses), normal and inverted (a phone in dark mode shows light modules on
 * black). It only says whether and what it found: main reads the full frame again and decides
 * whether the text is a value for the field (cases.readCode).
 */
import jsQR from 'jsqr';

/** Main thread → worker: one preview frame. */
export interface CodeWorkerRequest {
  bitmap: ImageBitmap;
}
/** Worker → main thread, one per frame: the code's text, or null when none was found. */
export interface CodeWorkerAnswer {
  text: string | null;
}

// A dedicated worker's global scope; the renderer's type library is the DOM's.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CodeWorkerRequest>) => void) | null;
  postMessage(message: CodeWorkerAnswer): void;
};

let canvas: OffscreenCanvas | null = null;

scope.onmessage = (event) => {
  const { bitmap } = event.data;
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height)
    canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) {
    bitmap.close();
    scope.postMessage({ text: null });
    return;
  }
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  const found = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' });
  scope.postMessage({ text: found && found.data !== '' ? found.data : null });
};
