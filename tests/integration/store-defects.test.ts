// The store's defects from issue 12, each pinned by a test that failed before the fix: a retake
// accepted while its image was being uploaded, two processes on one data folder, a world-readable
// database file, record types borrowed from the relay.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/main/ipc/errors';
import { DATABASE_FILE } from '../../src/main/store/store';
import type { StepOutcome } from '../../src/main/sync/flow-types';
import { exited, lineFrom, spawnTs } from '../helpers/child-process';
import { recordingFlow } from '../helpers/recording-flow';
import { RecordingProvider } from '../helpers/recording-provider';
import { openQueue, registry } from '../helpers/queue';
import { fakeImage, specimenCapture } from '../helpers/specimen';
import { useTempDirs } from '../helpers/temp-dir';

// Each test starts a real child process (Node + tsx compiling the store): on a shared 2-core machine
// that alone took over the default 20 s once. A bound on waiting, not a speed check.
vi.setConfig({ testTimeout: 90_000 });

const tempDir = useTempDirs();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const CHILD = join(import.meta.dirname, '../helpers/relay-child.ts');

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('store defects (issue 12)', () => {
  it('refuses a retake of an image while it is being uploaded, and the provider keeps what the kiosk keeps', async () => {
    const provider = await new RecordingProvider().start();
    cleanup.push(() => provider.close());
    const flow = recordingFlow(provider.url);
    const upload = flow.steps[1]!;
    upload.sends = ['front'];
    const original = upload.run!.bind(upload);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    upload.run = async (context): Promise<StepOutcome> => {
      started();
      await gate;
      return original(context);
    };
    const { queue } = openQueue(tempDir(), registry(flow));
    cleanup.push(() => queue.close(500));
    const capture = specimenCapture();
    const { id } = await queue.cases.capture(capture);
    queue.start();
    await sending;
    const error = thrown(() => queue.cases.addCapture(id, fakeImage('front')));
    expect(error.code).toBe('already_sent');
    release();
    await queue.relay!.idle();
    expect(queue.cases.get(id).state).toBe('completed');
    expect(
      Buffer.from(queue.cases.image(id, 'front')!.bytes).equals(Buffer.from(capture.images[0]!.bytes)),
    ).toBe(true);
  });

  it('a second store on the same data folder is refused with a clear, translated "already open"', async () => {
    const dir = tempDir();
    const flows = registry(recordingFlow('http://127.0.0.1:9'));
    const first = openQueue(dir, flows).queue;
    const second = openQueue(dir, flows).queue;
    expect(second.serviceNeeded?.failure).toBe('already_open');
    expect(second.serviceNeeded?.code).toBe('store_already_open');
    expect(second.serviceNeeded?.message).toMatch(/already open in another kiosk process/);
    for (const locale of ['en', 'ar']) {
      const strings = JSON.parse(
        readFileSync(join(import.meta.dirname, `../../src/renderer/src/locales/${locale}.json`), 'utf8'),
      ) as { errors: Record<string, string> };
      expect(strings.errors.store_already_open, locale).toBeTruthy();
    }
    await second.close();
    await first.close();
    const third = openQueue(dir, flows).queue;
    expect(third.serviceNeeded).toBeUndefined();
    await third.close();
  });

  it('the lock holds across processes and is let go when its holder is killed', async () => {
    const dir = tempDir();
    const child = spawnTs(CHILD, { KIOSK_TEST_DATA: dir, KIOSK_TEST_PROVIDER: 'http://127.0.0.1:9' });
    cleanup.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    });
    await lineFrom(child, 'ready');
    const flows = registry(recordingFlow('http://127.0.0.1:9'));
    const refused = openQueue(dir, flows).queue;
    expect(refused.serviceNeeded?.failure).toBe('already_open');
    await refused.close();
    child.kill('SIGKILL');
    await exited(child);
    const opened = openQueue(dir, flows).queue;
    expect(opened.serviceNeeded).toBeUndefined();
    await opened.close();
  });

  it('creates the database, its WAL and the lock file readable by the owner only (0600)', async () => {
    const dir = tempDir();
    const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
    await queue.cases.capture(specimenCapture());
    for (const name of readdirSync(dir).filter((n) => n.startsWith('kiosk'))) {
      expect((statSync(join(dir, name)).mode & 0o777).toString(8), name).toBe('600');
    }
    expect(readdirSync(dir)).toContain(DATABASE_FILE);
    await queue.close();
  });

  it('the store imports nothing from the relay (its record types are its own)', () => {
    const folder = join(import.meta.dirname, '../../src/main/store');
    for (const name of readdirSync(folder)) {
      expect(readFileSync(join(folder, name), 'utf8'), name).not.toMatch(/from '\.\.\/sync\//);
    }
  });
});
