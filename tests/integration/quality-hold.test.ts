// An image the quality check said to retake is never sent unless staff keep it (helper's trial: an
// ARGOS submission's last image was put the moment it was captured, "retake" verdict and all, and
// the Retake that followed was refused because the case had completed). Real SQLite, the real relay
// and the loopback recording provider.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeQuality } from '../../src/main/cases/quality-codec';
import { WITHDRAW_STEP } from '../../src/main/sync/flow-types';
import type { CaptureInput } from '../../src/main/sync/case-service';
import type { QualityReport } from '../../src/shared/ipc/devices';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { manualClock } from '../helpers/clock';
import { openQueue, registry, waitFor } from '../helpers/queue';
import { fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A quality report with `verdict` (a blurry picture when it is not "ok"), as the store keeps it. */
function quality(verdict: QualityReport['verdict']): Record<string, number> {
  return encodeQuality({
    verdict,
    issues:
      verdict === 'ok' ? [] : [{ reason: 'blurry', severity: verdict === 'retake' ? 'retake' : 'warn' }],
    figures: {
      width: 1000,
      height: 630,
      dpi: 300,
      dpiSource: 'card',
      blur: 12,
      brightness: 150,
      glareFraction: 0,
      darkFraction: 0,
      cardFound: true,
      deskewDegrees: 0,
    },
  });
}

/** The specimen capture with each named side's quality set to that verdict. */
function captureJudged(verdicts: Partial<Record<'front' | 'back', QualityReport['verdict']>>): CaptureInput {
  const capture = specimenCapture();
  return {
    ...capture,
    images: capture.images.map((image) => {
      const verdict = verdicts[image.role as 'front' | 'back'];
      return verdict ? { ...image, quality: quality(verdict) } : image;
    }),
  };
}

async function setup() {
  const provider = await new RecordingProvider().start();
  cleanup.push(() => provider.close());
  const clock = manualClock();
  const opened = openQueue(tempDir(), registry(recordingFlow(provider.url)), { now: clock.now });
  cleanup.push(() => opened.queue.close(1_000));
  const { queue } = opened;
  /** The steps the relay could claim now (steps-repo.ts `ready`). */
  const runnable = (): { caseId: string; seq: number }[] =>
    queue.store!.steps.ready(clock.now() + 60 * 60_000, 10, [], WITHDRAW_STEP);
  /** The case's state and why, and whether the needs-attention inbox lists it. */
  const standing = (id: string) => {
    const detail = queue.cases.get(id);
    const inInbox = queue.cases.inbox(undefined).cases.some((row) => row.id === id);
    return { state: detail.state, reason: detail.attentionReason, inInbox };
  };
  return { provider, queue, runnable, clock, standing };
}

const HELD = { state: 'needs_attention', reason: 'retake_required', inInbox: true };
const QUEUED = { state: 'queued', reason: null, inInbox: false };

describe('an image judged "retake"', () => {
  it('holds the case until staff keep it, then the relay sends it', async () => {
    const { provider, queue, runnable, standing } = await setup();
    const { id } = await queue.cases.capture(captureJudged({ back: 'retake' }));
    expect(runnable()).toEqual([]);
    // Held where a person sees it: the inbox, with why.
    expect(standing(id)).toEqual(HELD);

    queue.cases.recordQualityOverride(id, 'back');
    expect(standing(id)).toEqual(QUEUED);
    expect(runnable().map((step) => step.caseId)).toEqual([id]);
    queue.start();
    await waitFor(() => queue.cases.get(id).state === 'completed', 'completion');
    expect(provider.ledger.filter((e) => e.op === 'upload')).toHaveLength(2);
  });

  it('holds the case until staff retake it; a warning holds nothing', async () => {
    const { queue, runnable, standing } = await setup();
    const { id } = await queue.cases.capture(captureJudged({ front: 'retake', back: 'warn' }));
    expect(runnable()).toEqual([]);
    expect(queue.cases.heldForRetake(id)).toEqual(['front']);
    // Kept for another role: still held by the front.
    queue.cases.recordQualityOverride(id, 'back');
    expect(runnable()).toEqual([]);
    expect(standing(id)).toEqual(HELD);

    queue.cases.addCapture(id, { ...fakeImage('front'), quality: quality('ok') });
    expect(standing(id)).toEqual(QUEUED);
    expect(runnable().map((step) => step.caseId)).toEqual([id]);
  });

  it('holds a case again when a kept image is retaken and judged "retake" once more', async () => {
    const { queue, runnable, clock, standing } = await setup();
    const { id } = await queue.cases.capture(captureJudged({ front: 'retake' }));
    queue.cases.recordQualityOverride(id, 'front');
    expect(runnable()).toHaveLength(1);
    expect(standing(id)).toEqual(QUEUED);
    // The override was for the image then stored; a later one must be decided on again.
    clock.advance(1_000);
    queue.cases.addCapture(id, { ...fakeImage('front'), quality: quality('retake') });
    expect(runnable()).toEqual([]);
    expect(standing(id)).toEqual(HELD);
    expect(queue.cases.heldForRetake(id)).toEqual(['front']);
  });
});
