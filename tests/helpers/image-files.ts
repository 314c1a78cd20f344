// What the image-file tests (store-image-files, image-files-pool) share: a queue opened on a real
// folder with the image-file options under test, the sealed files beside the database, a digest to
// compare bytes, and the file report of a store where nothing is missing or stray.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { IMAGES_DIR } from '../../src/main/store/image-files';
import type { QueueServiceOptions } from '../../src/main/sync/queue-service';
import { openQueue, registry } from './queue';
import { recordingFlow } from './recording-flow';

/** One recording flow whose provider address nobody listens on (these tests never send). */
const flows = registry(recordingFlow('http://127.0.0.1:9'));

/**
 * A real QueueService in `dir` with `imageFiles` options (pool size, pooled file bytes, a file-system
 * layer); the recorded events are not needed by the image-file tests.
 */
export function openImageQueue(dir: string, imageFiles: QueueServiceOptions['imageFiles'] = {}) {
  return openQueue(dir, flows, { imageFiles }).queue;
}

/** The names in the images folder (`<name>.sealed`), sorted. */
export function sealedFiles(dir: string): string[] {
  return fs.readdirSync(join(dir, IMAGES_DIR)).sort();
}

/** SHA-256 of `bytes`, hex: compares an image's bytes without printing megabytes on a failure. */
export function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The `images.fileReport()` of a consistent store: every named file present, no stray file; only
 * `named` (rows), `onDisk` (files) and `pooled` (ready unnamed files) vary.
 */
export function consistentFiles(counts: { named: number; onDisk: number; pooled: number }) {
  return { named: counts.named, onDisk: counts.onDisk, missing: 0, pooled: counts.pooled, unnamed: 0 };
}
