// The document camera's frame analysis on rendered scenes (a specimen card on a wooden desk, the
// same card out of focus, the empty desk), downscaled as the renderer does before analysis.
import { describe, expect, it } from 'vitest';
import { analyseFrame, guideRect, SteadyTracker, toGrey } from '../../src/shared/camera/frame-analysis';
import { downscale, renderScene, type SceneKind } from '../helpers/camera-scenes';

async function analyse(kind: SceneKind, size: [number, number] = [640, 480]) {
  const scene = await renderScene(kind, size[0], size[1]);
  const small = await downscale(scene, 480);
  return {
    scene,
    analysis: analyseFrame(toGrey(small.rgba, small.width, small.height), small.width, small.height),
  };
}

describe('document camera frame analysis', () => {
  it('finds a sharp specimen card inside the outline, where it lies', async () => {
    const { scene, analysis } = await analyse('card');
    expect(analysis.verdict, JSON.stringify(analysis)).toBe('ok');
    const card = scene.card!;
    const found = analysis.card!;
    expect(Math.abs(found.x * scene.width - card.left)).toBeLessThan(scene.width * 0.02);
    expect(Math.abs(found.y * scene.height - card.top)).toBeLessThan(scene.height * 0.02);
    expect(Math.abs(found.width * scene.width - card.width)).toBeLessThan(scene.width * 0.03);
  });

  it('also on a wide (16:9) camera', async () => {
    const { analysis } = await analyse('card', [1280, 720]);
    expect(analysis.verdict, JSON.stringify(analysis)).toBe('ok');
  });

  it('calls the blurred card blurred and the empty desk empty', async () => {
    const sharp = await analyse('card');
    const blurred = await analyse('blurred-card');
    expect(blurred.analysis.verdict, JSON.stringify(blurred.analysis)).toBe('blurred');
    expect(blurred.analysis.sharpness).toBeLessThan(sharp.analysis.sharpness / 2);
    const desk = await analyse('desk');
    expect(desk.analysis.verdict, JSON.stringify(desk.analysis)).toBe('no_document');
  });

  it('the outline is an ID-1 rectangle inside the frame', () => {
    for (const [w, h] of [
      [640, 480],
      [1920, 1080],
      [480, 640],
    ] as const) {
      const g = guideRect(w, h);
      expect((g.width * w) / (g.height * h)).toBeCloseTo(85.6 / 53.98, 5);
      expect(g.x).toBeGreaterThan(0);
      expect(g.y).toBeGreaterThan(0);
    }
  });

  it('steady: ok frames for the whole window, with the card not moving; any other frame restarts it', () => {
    const ok = (x: number) => ({
      verdict: 'ok' as const,
      card: { x, y: 0.2, width: 0.6, height: 0.4 },
      sharpness: 1,
    });
    const tracker = new SteadyTracker(600, 0.015, 3);
    expect(tracker.push(ok(0.2), 0)).toBe(false);
    expect(tracker.push(ok(0.2), 300)).toBe(false);
    expect(tracker.push(ok(0.2), 600)).toBe(true);
    // Moved: the window starts again.
    expect(tracker.push(ok(0.3), 700)).toBe(false);
    expect(tracker.push(ok(0.3), 1000)).toBe(false);
    expect(tracker.push({ verdict: 'blurred', card: null, sharpness: 0 }, 1200)).toBe(false);
    expect(tracker.push(ok(0.3), 1300)).toBe(false);
    expect(tracker.push(ok(0.3), 1600)).toBe(false);
    expect(tracker.push(ok(0.3), 1900)).toBe(true);
  });
});
