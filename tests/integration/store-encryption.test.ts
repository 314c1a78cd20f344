// Personal data at rest: after storing a specimen case, no copy of the database files (main file,
// WAL, shared memory, anything else SQLite left) holds the name, the ID number or image bytes.
import { readdirSync, readFileSync } from 'node:fs';
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

describe('encryption at rest', () => {
  it('leaves no name, ID number or image bytes in the database, its WAL or temp files', async () => {
    const dir = tempDir();
    const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
    const capture = specimenCapture(50_000);
    const { id } = await queue.cases.capture(capture);
    // Snapshot while the store is open: the WAL still holds the capture.
    const files = readdirSync(dir).filter((name) => name.startsWith('kiosk.db'));
    expect(files).toContain('kiosk.db-wal');
    const snapshot = files.map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
    // The test can see the specimen when it looks through the store, so the needles are right.
    expect(queue.cases.reviewData(id).fields.fullName).toBe(SPECIMEN.name);
    expect(Buffer.from(queue.cases.image(id, 'front')!.bytes).subarray(0, 3)).toEqual(JPEG_MAGIC);
    await queue.close();
    const afterClose = readdirSync(dir)
      .filter((name) => name.startsWith('kiosk.db'))
      .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));

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
