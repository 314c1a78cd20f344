// The document camera with Chromium's fake capture device playing the specimen card out of focus: never taken
// automatically, however many frames the camera analyses (the wait counts analysed frames, the
// component's data-analysed, not seconds); the manual shutter still takes it.
import { neverAutoCaptured } from './camera-steps';
import { test } from './camera-fixture';

test.use({ cameraScene: 'blurred-card', viewport: { width: 1024, height: 768 } });

test('document camera: the specimen card out of focus is never auto-captured (verdict blurred)', async ({
  page,
  harness,
}) => {
  await neverAutoCaptured(page, harness.url, 'blurred', 'camera-en-1024-blurred-card');
});
