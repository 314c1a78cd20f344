// Issue 12, "capture commit ≤ 1.5× a preallocated write + fsync": the capture journal
// (src/main/store/image-journal.ts). Its framing refuses zeros, a torn or altered region and an
// oversized payload; a capture into pooled files is journalled and its rows commit with
// synchronous=NORMAL (one fsync: the files'), a capture into new files is not and commits FULL;
// the journal carries the personal fields sealed, never in clear; and a clean close leaves nothing
// to replay (the folder is listed for journals only after a crash). The crash instants themselves
// are in image-files-kill.test.ts (real SIGKILLs); the replay of captures a power cut took goes in
// capture order, the order the relay then sends them in.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/store/store';
import { runningMarkerOf } from '../../src/main/store/database';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import { WITHDRAW_STEP } from '../../src/main/sync/flow-types';
import { manualClock } from '../helpers/clock';
import {
  decodeJournal,
  encodeJournal,
  JOURNAL_BYTES,
  JOURNAL_PAYLOAD_MAX,
} from '../../src/main/store/image-journal';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { SPECIMEN, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const flows = registry(recordingFlow('http://127.0.0.1:9'));

/** A region as it sits in a pooled file: the encoded journal, then the file's zeros. */
function inRegion(encoded: Buffer): Buffer {
  const region = Buffer.alloc(JOURNAL_BYTES);
  encoded.copy(region);
  return region;
}

describe('the journal region', () => {
  it('reads back what was written, and nothing from zeros, a torn write or an altered byte', () => {
    const payload = Buffer.from('sealed capture bytes');
    const encoded = encodeJournal(payload)!;
    expect(decodeJournal(inRegion(encoded))).toEqual(payload);
    expect(decodeJournal(Buffer.alloc(JOURNAL_BYTES))).toBeUndefined();
    // Torn: the header reached the disk, the end of the payload did not.
    const torn = inRegion(encoded);
    torn.fill(0, encoded.byteLength - 4);
    expect(decodeJournal(torn)).toBeUndefined();
    const altered = inRegion(encoded);
    const at = altered.indexOf(payload) + 3;
    altered[at] = altered[at]! ^ 0x01;
    expect(decodeJournal(altered)).toBeUndefined();
    // A length past the region.
    const long = inRegion(encoded);
    long.writeUInt32BE(JOURNAL_BYTES, 8);
    expect(decodeJournal(long)).toBeUndefined();
  });

  it('refuses a payload larger than the region (the capture then commits FULL)', () => {
    expect(encodeJournal(Buffer.alloc(JOURNAL_PAYLOAD_MAX))).toBeDefined();
    expect(encodeJournal(Buffer.alloc(JOURNAL_PAYLOAD_MAX + 1))).toBeUndefined();
  });
});

describe('a capture commit with the journal', () => {
  it('journals a capture into pooled files and commits its rows NORMAL; into new files, FULL', async () => {
    const dir = tempDir();
    const { queue } = openQueue(dir, flows, { imageFiles: { manualFill: true } });
    const store = queue.store!;
    const files = store.images.files;
    // No pooled file yet: new files, no journal, the FULL commit.
    await queue.cases.capture(specimenCapture(200_000));
    expect(files.timings.journalled).toBe(0);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await files.fillPool();
    const id = (await queue.cases.capture(specimenCapture(200_000))).id;
    expect(files.timings.journalled).toBe(1);
    // What the capture's COMMIT ran with (store.ts setSynchronous leaves it until the next write).
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(queue.cases.image(id, 'front')!.bytes.byteLength).toBe(200_000);
    await queue.close();
  });

  it('keeps the personal fields it journals sealed, and leaves nothing to replay after a clean close', async () => {
    const dir = tempDir();
    const first = openQueue(dir, flows, { imageFiles: { manualFill: true } }).queue;
    await first.store!.images.files.fillPool();
    await first.cases.capture(specimenCapture(100_000));
    expect(first.store!.images.files.timings.journalled).toBe(1);
    for (const name of fs.readdirSync(join(dir, IMAGES_DIR))) {
      const raw = fs.readFileSync(join(dir, IMAGES_DIR, name));
      expect(raw.includes(Buffer.from(SPECIMEN.nationalId, 'utf8'))).toBe(false);
      expect(raw.includes(Buffer.from(SPECIMEN.name, 'utf8'))).toBe(false);
    }
    await first.close();
    const { queue } = openQueue(dir, flows, { imageFiles: { manualFill: true } });
    expect(queue.store!.integrityChecked).toBe(false);
    expect(queue.store!.journalledCaptures()).toEqual([]);
    expect(queue.store!.db.prepare('SELECT COUNT(*) FROM cases').pluck().get()).toBe(1);
    await queue.close();
  });

  it('replays the captures a power cut took with the WAL in capture order, the order the relay sends them in', async () => {
    const dir = tempDir();
    const clock = manualClock();
    const options = { imageFiles: { manualFill: true }, now: clock.now };
    const first = openQueue(dir, flows, options).queue;
    const store = first.store!;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      await store.images.files.fillPool();
      clock.advance(60_000);
      ids.push((await first.cases.capture(specimenCapture(20_000))).id);
    }
    expect(store.images.files.timings.journalled).toBe(8);
    // The power cut (simulated): the rows' NORMAL commits lost with the WAL, the files and the
    // journals in them durable, the running marker left behind.
    store.db.prepare('DELETE FROM cases').run();
    await first.close();
    fs.writeFileSync(runningMarkerOf(join(dir, DATABASE_FILE)), '');

    // The journals sit in files with random names; the replay goes by capture time.
    const { queue } = openQueue(dir, flows, options);
    const reopened = queue.store!;
    expect(reopened.integrityChecked).toBe(true);
    const recovered = reopened.db
      .prepare("SELECT case_id FROM case_events WHERE type = 'captured' AND code = 'recovered' ORDER BY id")
      .pluck()
      .all();
    expect(recovered).toEqual(ids);
    expect(reopened.steps.ready(clock.now(), ids.length, [], WITHDRAW_STEP).map((row) => row.caseId)).toEqual(
      ids,
    );
    await queue.close();
  });
});
