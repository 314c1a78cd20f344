// Real files in a real folder watched by chokidar: good files are taken once their writing has
// finished, hostile ones are moved aside with a reason, nothing crashes the watcher.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { WatchedFolderSource } from '../../src/main/devices/folder/watched-folder';
import { renderSyntheticCard } from '../../src/main/imaging/synthetic-card';
import { errorCode, pseudoRandomBytes } from '../helpers/images';
import { quietLogger } from '../helpers/sane';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A watched folder on `dir`; `stableMs`: how long a file's size must hold before it is taken. */
async function watched(dir: string, stableMs = 200) {
  const events: { file: string; accepted: boolean; code?: string }[] = [];
  const { log } = quietLogger();
  const source = new WatchedFolderSource({ path: dir, log, stableMs, onFile: (e) => events.push(e) });
  await source.start();
  return { source, events };
}

describe('watched folder', () => {
  it('takes a dropped JPEG under a neutral name, hands it over once, and then removes the original', async () => {
    const dir = tempDir();
    const { source, events } = await watched(dir);
    const jpeg = await sharp(await renderSyntheticCard({ dpi: 200 }))
      .jpeg()
      .toBuffer();
    // Names like this are what scanners' "scan to folder" produce from what the operator typed.
    await writeFile(join(dir, 'Hassan 29001011234567.jpg'), jpeg);
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ file: 'Hassan 29001011234567.jpg', accepted: true, waiting: 1 });
    expect(existsSync(join(dir, 'Hassan 29001011234567.jpg'))).toBe(false);
    const pending = readdirSync(join(dir, 'pending'));
    expect(pending).toEqual([expect.stringMatching(/^[0-9]{15}-[0-9a-f-]{36}\.jpg$/)]);
    const [page] = await source.scan();
    expect(Buffer.compare(page!.bytes, jpeg)).toBe(0);
    // Handed over to the capture: no copy in clear is left anywhere in the folder.
    expect(readdirSync(join(dir, 'pending'))).toEqual([]);
    expect(await errorCode(source.scan())).toBe('scanner_no_docs');
    await source.close();
  });

  it('finds an accepted file again after a restart, and empties the old processed/ folder', async () => {
    const dir = tempDir();
    const first = await watched(dir);
    const png = await renderSyntheticCard({ dpi: 150 });
    await writeFile(join(dir, 'card.png'), png);
    await until(() => first.events.length === 1);
    await first.source.close();
    mkdirSync(join(dir, 'processed'));
    writeFileSync(join(dir, 'processed', '1700000000000-Mona 29001011234567.png'), png);
    const second = await watched(dir);
    expect(existsSync(join(dir, 'processed'))).toBe(false);
    expect(second.source.waitingCount).toBe(1);
    expect(Buffer.compare((await second.source.scan())[0]!.bytes, png)).toBe(0);
    await second.source.close();
  });

  it('keeps a refused file only as long as an operator needs to see why', async () => {
    const dir = tempDir();
    let now = Date.now();
    const { log } = quietLogger();
    const events: { accepted: boolean }[] = [];
    const source = new WatchedFolderSource({
      path: dir,
      log,
      stableMs: 200,
      rejectedKeepMs: 3_600_000,
      now: () => now,
      onFile: (e) => events.push(e),
    });
    await source.start();
    await writeFile(join(dir, 'Mona 29001011234567.jpg'), pseudoRandomBytes(5_000));
    await until(() => events.length === 1);
    const rejected = readdirSync(join(dir, 'rejected'));
    expect(rejected).toHaveLength(2);
    expect(rejected.join(' ')).not.toMatch(/Mona|2900/);
    now += 3_599_000;
    await source.expireRejected();
    expect(readdirSync(join(dir, 'rejected'))).toHaveLength(2);
    now += 2_000;
    await source.expireRejected();
    expect(readdirSync(join(dir, 'rejected'))).toEqual([]);
    await source.close();
  });

  it('rejects hostile files with a reason and keeps working', async () => {
    const dir = tempDir();
    const { source, events } = await watched(dir);
    const card = await renderSyntheticCard({ dpi: 150 });
    await writeFile(
      join(dir, 'evil.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    await writeFile(join(dir, 'noise.jpg'), pseudoRandomBytes(10_000));
    await writeFile(join(dir, 'cut.png'), card.subarray(0, card.length / 2));
    await writeFile(join(dir, 'empty.png'), Buffer.alloc(0));
    await symlink('/etc/hostname', join(dir, 'link.png'));
    await until(() => events.length === 5);
    const byFile = Object.fromEntries(events.map((e) => [e.file, e.code]));
    expect(byFile).toEqual({
      'evil.svg': 'image_format',
      'noise.jpg': 'image_format',
      'cut.png': 'image_unreadable',
      'empty.png': 'image_unreadable',
      'link.png': 'image_format',
    });
    const rejected = readdirSync(join(dir, 'rejected'));
    expect(rejected.filter((f) => f.endsWith('.reason.txt'))).toHaveLength(5);
    const reasons = rejected
      .filter((f) => f.endsWith('.reason.txt'))
      .map((f) => readFileSync(join(dir, 'rejected', f), 'utf8'));
    expect(reasons.some((text) => /^image_format: A svg image/.test(text))).toBe(true);
    // Still alive: a good file after the bad ones is taken.
    await writeFile(join(dir, 'good.png'), card);
    await until(() => events.length === 6);
    expect(events[5]).toMatchObject({ file: 'good.png', accepted: true });
    await source.close();
  });

  it('waits for a slow writer to finish instead of taking half a file', async () => {
    const dir = tempDir();
    // The writer pauses 60 ms between pieces; the folder waits for 1 s of no change (the product's
    // default is 800 ms). With 200 ms, a pause of ~150 ms in this process (a loaded machine)
    // between two pieces would let chokidar's size check and the writer's next piece race: the
    // margin is the test's only clock (chokidar keeps real time), so it is wide.
    const { source, events } = await watched(dir, 1000);
    const png = await renderSyntheticCard({ dpi: 200 });
    const path = join(dir, 'slow.png');
    await writeFile(path, png.subarray(0, 1000));
    for (let offset = 1000; offset < png.length; offset += Math.ceil(png.length / 4)) {
      await new Promise((r) => setTimeout(r, 60));
      await appendFile(path, png.subarray(offset, Math.min(png.length, offset + Math.ceil(png.length / 4))));
    }
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ file: 'slow.png', accepted: true });
    expect(Buffer.compare((await source.scan())[0]!.bytes, png)).toBe(0);
    await source.close();
  });

  it('picks up files that were already there when it started', async () => {
    const dir = tempDir();
    await writeFile(join(dir, 'before.png'), await renderSyntheticCard({ dpi: 150 }));
    const { source, events } = await watched(dir);
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ file: 'before.png', accepted: true });
    await source.close();
  });
});
