// The document camera with Chromium's fake capture device playing the empty desk: never taken
// automatically, however many frames the camera analyses (the wait counts analysed frames, the
// component's data-analysed, not seconds); F2, the capture screen's key, still takes it (it did
// nothing with the camera chosen).
import { neverAutoCaptured } from './camera-steps';
import { test } from './camera-fixture';

test.use({ cameraScene: 'desk', viewport: { width: 1024, height: 768 } });

test('document camera: the empty desk is never auto-captured (verdict no_document)', async ({
  page,
  harness,
}) => {
  await neverAutoCaptured(page, harness.url, 'no_document', 'camera-en-1024-desk', 'F2');
});
