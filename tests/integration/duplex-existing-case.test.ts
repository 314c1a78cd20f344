// A duplex feeder scans a card's front and back in one feed (issue 10). Into an existing case (the
// flows that start with cases.start, or a retake) both sides are stored in ONE commit: a failure
// while writing the second leaves neither, never a case holding one side of a single feed.
import { afterEach, describe, expect, it } from 'vitest';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A stopped queue (nothing is sent) with one case holding only its front. */
async function caseWithFront() {
  const { queue } = openQueue(tempDir(), registry(recordingFlow('http://127.0.0.1:9')));
  cleanup.push(() => queue.close());
  const front = fakeImage('front');
  const { id } = await queue.cases.capture({ ...specimenCapture(), images: [front] });
  return { queue, id, front };
}

const bytesOf = (image: { bytes: Uint8Array } | undefined) => Buffer.from(image?.bytes ?? new Uint8Array());
const capturedEvents = (queue: Awaited<ReturnType<typeof caseWithFront>>['queue'], id: string) =>
  queue.cases.get(id).history.filter((event) => event.type === 'captured').length;

describe('a duplex feed into an existing case', () => {
  it('stores the front retaken and the missing back together', async () => {
    const { queue, id } = await caseWithFront();
    const before = capturedEvents(queue, id);
    const feed = [fakeImage('front'), fakeImage('back', 20_000, 'image/png')];
    queue.cases.addCaptures(id, feed, 'front');
    expect(bytesOf(queue.cases.image(id, 'front')).equals(Buffer.from(feed[0]!.bytes))).toBe(true);
    expect(bytesOf(queue.cases.image(id, 'back')).equals(Buffer.from(feed[1]!.bytes))).toBe(true);
    expect(capturedEvents(queue, id)).toBe(before + 2);
  });

  it('keeps a back already stored: the other side of a feed only fills a gap', async () => {
    const { queue, id } = await caseWithFront();
    const back = fakeImage('back');
    queue.cases.addCapture(id, back);
    queue.cases.addCaptures(id, [fakeImage('front'), fakeImage('back')], 'front');
    expect(bytesOf(queue.cases.image(id, 'back')).equals(Buffer.from(back.bytes))).toBe(true);
  });

  it('stores neither side when writing the second fails (one commit, not two)', async () => {
    const { queue, id, front } = await caseWithFront();
    const before = capturedEvents(queue, id);
    // The second write fails as a full disk would make it fail (SQLite's own error), mid-transaction.
    const images = queue.store!.images;
    const put = images.put.bind(images);
    let calls = 0;
    images.put = (...args: Parameters<typeof put>) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return put(...args);
    };
    expect(() => queue.cases.addCaptures(id, [fakeImage('front'), fakeImage('back')], 'front')).toThrow();
    images.put = put;
    expect(calls).toBe(2);
    expect(bytesOf(queue.cases.image(id, 'front')).equals(Buffer.from(front.bytes))).toBe(true);
    expect(queue.cases.image(id, 'back')).toBeUndefined();
    expect(capturedEvents(queue, id)).toBe(before);
  });
});
