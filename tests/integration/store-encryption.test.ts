// Personal data at rest: after storing a specimen case, no file of the data folder (the database's
// main file, WAL, shared memory, anything else SQLite left, and the sealed image files under
// images/) holds the name, the ID number or image bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordCipher, recordAad } from '../../src/main/store/record-cipher';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { JPEG_MAGIC, PNG_MAGIC, SPECIMEN, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

function needles(): Buffer[] {
  return [
    Buffer.from(SPECIMEN.name, 'utf8'),
    Buffer.from(SPECIMEN.nameArabic, 'utf8'),
    Buffer.from(SPECIMEN.nationalId, 'utf8'),
    Buffer.from('Specimen', 'utf8'),
    Buffer.concat([JPEG_MAGIC, Buffer.from([0xe0])]),
    PNG_MAGIC,
  ];
}

/** Every file under the data folder, with its bytes. */
function dataFolder(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

describe('encryption at rest', () => {
  it('leaves no name, ID number or image bytes in any file of the data folder (database, WAL, image files)', async () => {
    const dir = tempDir();
    const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
    const capture = specimenCapture(50_000);
    const { id } = await queue.cases.capture(capture);
    await queue.store!.images.files.idle(); // the pool's refill after the commit (background)
    // Snapshot while the store is open: the WAL still holds the capture.
    const snapshot = dataFolder(dir);
    expect(snapshot.map((file) => file.name)).toContain('kiosk.db-wal');
    // The two images' sealed files are among them (beside the pool's preallocated ones).
    const named = queue.store!.db.prepare('SELECT file FROM images WHERE file IS NOT NULL').pluck().all();
    expect(named).toHaveLength(2);
    for (const file of named as string[]) {
      expect(snapshot.map((entry) => entry.name)).toContain(`images/${file}.sealed`);
    }
    // The test can see the specimen when it looks through the store, so the needles are right.
    expect(queue.cases.reviewData(id).fields.fullName).toBe(SPECIMEN.name);
    expect(Buffer.from(queue.cases.image(id, 'front')!.bytes).subarray(0, 3)).toEqual(JPEG_MAGIC);
    await queue.close();
    const afterClose = dataFolder(dir);

    for (const { name, bytes } of [...snapshot, ...afterClose]) {
      for (const needle of needles()) {
        expect(bytes.indexOf(needle), `${needle.toString('hex')} in ${name}`).toBe(-1);
      }
    }
  });

  it('refuses a blob moved to another row or column (the record id is authenticated)', () => {
    const cipher = new RecordCipher(Buffer.alloc(32, 1));
    const sealed = cipher.seal(Buffer.from('secret'), recordAad('images', 'a', 'bytes'));
    expect(cipher.open(sealed, recordAad('images', 'a', 'bytes')).toString()).toBe('secret');
    expect(() => cipher.open(sealed, recordAad('images', 'b', 'bytes'))).toThrow();
    expect(() => cipher.open(sealed, recordAad('case_fields', 'a', 'bytes'))).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.open(tampered, recordAad('images', 'a', 'bytes'))).toThrow();
  });
});
