// The store's background integrity check (issue 14): PRAGMA quick_check of a real SQLite file on a
// read-only connection in a worker thread. A healthy file passes, a copy with a page of garbage fails
// (logged, audited, shown), the pages are read in the worker's thread and not the main one, and a
// stopped check ends without being waited for.
import { copyFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, memorySink } from '../../src/main/logging/logger';
import { checkInWorker, type IntegrityResult } from '../../src/main/store/background-check';
import { IntegrityService } from '../../src/main/store/integrity-service';
import { DATABASE_FILE } from '../../src/main/store/store';
import { seedDataDir } from '../helpers/seed-cases';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** A cleanly closed data folder with `count` seeded cases; answers the database file. */
function seededFile(count: number): string {
  const dir = tempDir();
  seedDataDir(dir, { count });
  return join(dir, DATABASE_FILE);
}

/**
 * A copy of `file` whose `cases` table root page is overwritten with 0xA5 bytes (not a valid b-tree
 * page type): the kind of damage a torn write or a failing disk leaves.
 */
function corruptedCopy(file: string): string {
  const copy = join(tempDir(), 'damaged.db');
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'cases'`).get() as {
    rootpage: number;
  };
  db.close();
  const fd = openSync(copy, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  return copy;
}

function service(file: string, audited: IntegrityResult[], lines: string[]) {
  const states: string[] = [];
  const integrity = new IntegrityService({
    file,
    checkedAtOpening: false,
    background: true,
    delayMs: 3_600_000,
    log: createLogger(memorySink(lines), 'debug'),
    now: () => Date.parse('2026-11-30T05:00:00Z'),
    auditFailure: (result) => audited.push(result),
    changed: (status) => states.push(status.state),
  });
  return { integrity, states };
}

describe('background integrity check', () => {
  it('reports ok for a healthy file, read in a worker thread, not the main one', async () => {
    const file = seededFile(200);
    const result = await checkInWorker(file).result;
    expect(result).toMatchObject({ outcome: 'ok', problems: [] });
    expect(threadId).toBe(0);
    expect(result!.threadId).toBeGreaterThan(0);
  });

  it('reports the damage in a copy with a page of garbage', async () => {
    const damaged = corruptedCopy(seededFile(200));
    const result = await checkInWorker(damaged).result;
    expect(result?.outcome).toBe('failed');
    expect(result?.problems.length).toBeGreaterThan(0);
    expect(result?.problems.join('\n')).toMatch(/page|corrupt|malformed/i);
  });

  it('logs, audits and shows a failure; a healthy file is only logged', async () => {
    const file = seededFile(50);
    const audited: IntegrityResult[] = [];
    const lines: string[] = [];
    const healthy = service(file, audited, lines);
    healthy.integrity.start();
    expect(healthy.integrity.status()).toEqual({ state: 'scheduled' });
    await healthy.integrity.runNow();
    expect(healthy.states).toEqual(['running', 'ok']);
    expect(healthy.integrity.status()).toEqual({
      state: 'ok',
      at: 'background',
      checkedAt: '2026-11-30T05:00:00.000Z',
    });
    expect(audited).toHaveLength(0);
    expect(lines.some((line) => line.includes('store.integrity_ok'))).toBe(true);

    const damaged = service(corruptedCopy(file), audited, lines);
    await damaged.integrity.runNow();
    expect(damaged.integrity.status().state).toBe('failed');
    expect(audited).toHaveLength(1);
    expect(audited[0]?.outcome).toBe('failed');
    expect(damaged.integrity.report().problems?.length).toBeGreaterThan(0);
    expect(damaged.integrity.report().advice).toMatch(/copy the whole data folder/i);
    expect(lines.some((line) => line.includes('store.integrity_failed'))).toBe(true);
  });

  it('keeps the main event loop turning while a large file is checked', async () => {
    const file = seededFile(3_000);
    // Grow the file with blobs so the check reads tens of MB (quick_check reads every page).
    const db = new Database(file);
    db.exec('CREATE TABLE ballast (b BLOB)');
    const insert = db.prepare('INSERT INTO ballast VALUES (zeroblob(?))');
    db.transaction(() => {
      for (let i = 0; i < 32; i++) insert.run(1024 * 1024);
    })();
    db.close();
    let turns = 0;
    let result: IntegrityResult | null | undefined;
    const running = checkInWorker(file);
    void running.result.then((r) => (result = r));
    // Count event-loop turns until the result arrives: a check on this thread would allow none.
    while (result === undefined) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turns++;
    }
    expect(result?.outcome).toBe('ok');
    expect(turns).toBeGreaterThan(1);
    expect(result?.threadId).not.toBe(threadId);
  });

  it('stops without waiting: a stopped check resolves null and reports nothing', async () => {
    const file = seededFile(50);
    const audited: IntegrityResult[] = [];
    const lines: string[] = [];
    const { integrity, states } = service(file, audited, lines);
    const pending = integrity.runNow();
    integrity.stop();
    await expect(pending).resolves.toBeNull();
    expect(states).toEqual(['running']);
    // Stopped for good: neither the timer nor a later call starts another worker.
    integrity.start();
    await expect(integrity.runNow()).resolves.toBeNull();
  });

  it('after an unclean shutdown the check at opening stands, and nothing runs in the background', () => {
    const audited: IntegrityResult[] = [];
    const integrity = new IntegrityService({
      file: seededFile(5),
      checkedAtOpening: true,
      background: true,
      delayMs: 0,
      log: createLogger(memorySink(), 'debug'),
      now: () => Date.parse('2026-11-30T05:00:00Z'),
      auditFailure: (result) => audited.push(result),
      changed: () => undefined,
    });
    integrity.start();
    expect(integrity.status()).toEqual({ state: 'ok', at: 'opening', checkedAt: '2026-11-30T05:00:00.000Z' });
  });

  it('sweeps orphan image files once, delayMs after start, even when the check is off or already ran', () => {
    vi.useFakeTimers();
    try {
      for (const variant of [
        { checkedAtOpening: true, background: true },
        { checkedAtOpening: false, background: false },
      ]) {
        const lines: string[] = [];
        let sweeps = 0;
        const integrity = new IntegrityService({
          file: seededFile(1),
          ...variant,
          delayMs: 120_000,
          log: createLogger(memorySink(lines), 'debug'),
          now: () => Date.parse('2026-11-30T05:00:00Z'),
          auditFailure: () => undefined,
          changed: () => undefined,
          check: () => {
            throw new Error('no check expected here');
          },
          sweep: () => {
            sweeps += 1;
            return 3;
          },
        });
        integrity.start();
        // Not at start-up: the first screen does not wait for the listing of images/.
        expect(sweeps).toBe(0);
        vi.advanceTimersByTime(119_999);
        expect(sweeps).toBe(0);
        vi.advanceTimersByTime(1);
        expect(sweeps).toBe(1);
        integrity.sweepOnce();
        expect(sweeps).toBe(1);
        expect(lines.join('\n')).toMatch(/store\.files_swept.*"removed":3/);
        integrity.stop();
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('a sweep that fails is logged and the check still runs', async () => {
    const lines: string[] = [];
    const integrity = new IntegrityService({
      file: seededFile(1),
      checkedAtOpening: false,
      background: true,
      delayMs: 3_600_000,
      log: createLogger(memorySink(lines), 'debug'),
      now: () => Date.parse('2026-11-30T05:00:00Z'),
      auditFailure: () => undefined,
      changed: () => undefined,
      sweep: () => {
        throw new Error('EACCES: images/ not readable');
      },
    });
    expect((await integrity.runNow())?.outcome).toBe('ok');
    expect(lines.join('\n')).toMatch(/store\.files_sweep_failed.*EACCES/);
  });
});
