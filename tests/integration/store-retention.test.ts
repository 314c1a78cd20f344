// Retention: personal data of completed cases goes after the configured period (or at once on a
// supervisor's request), and leaves the WAL too; cases not completed are never touched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry, waitFor } from '../helpers/queue';
import { SPECIMEN, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
let provider: RecordingProvider | undefined;
afterEach(async () => provider?.close());

describe('retention', () => {
  it('purges completed cases only, keeps their history, and truncates the WAL', async () => {
    provider = await new RecordingProvider().start();
    const flow = recordingFlow(provider.url);
    const dir = tempDir();
    const { queue } = openQueue(dir, registry(flow), { settings: { retentionMs: 60_000 } });
    const done = await queue.cases.capture(specimenCapture());
    queue.start();
    await waitFor(() => queue.cases.get(done.id).state === 'completed', 'completion');
    queue.pause();
    const waiting = await queue.cases.capture(specimenCapture());

    // Not old enough yet: the periodic sweep leaves it.
    expect(queue.cases.purgeCompleted(60_000)).toBe(0);
    expect(queue.cases.image(done.id, 'front')).toBeDefined();

    // The supervisor's request: everything completed, now.
    expect(queue.purgeCompletedNow()).toBe(1);
    const detail = queue.cases.get(done.id);
    expect(detail.purged).toBe(true);
    expect(detail.images.every((image) => image.purged)).toBe(true);
    expect(detail.history.some((entry) => entry.type === 'purged')).toBe(true);
    expect(queue.cases.image(done.id, 'front')).toBeUndefined();
    expect(queue.cases.reviewData(done.id)).toEqual({ fields: {}, answers: {}, extracted: {} });
    // The queued case keeps everything.
    expect(queue.cases.image(waiting.id, 'front')).toBeDefined();
    expect(queue.cases.reviewData(waiting.id).fields.fullName).toBe(SPECIMEN.name);
    expect(readFileSync(join(dir, 'kiosk.db-wal'))).toHaveLength(0);
    await queue.close();
  });
});
