// Listing many cases from a real store: keyset pages that reach every case, the inbox that holds
// exactly the cases needing a person, search by reference and by ID number through the blind index,
// filters, maintained totals, indexes for every query, and no ID number in clear on disk.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_LISTS, LIST_OF_STATE } from '../../src/shared/domain/case-lists';
import { caseReference } from '../../src/shared/domain/case-reference';
import type { CaseState } from '../../src/shared/domain/flows';
import type { CaseListQueryInput, CasePage } from '../../src/shared/ipc/queue';
import type { CaseService } from '../../src/main/sync/case-service';
import { recordingFlow } from '../helpers/recording-flow';
import { openQueue, registry } from '../helpers/queue';
import { seedStore, type SeededCase } from '../helpers/seed-cases';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const COUNT = 1_200;
const DAY = 86_400_000;

/** Five of the oldest cases and every 97th need a person; the rest as the seeder's default. */
function stateOf(index: number): CaseState {
  if (index < 5 || index % 97 === 3) return 'needs_attention';
  if (index % 10 === 9) return 'queued';
  if (index % 50 === 7) return 'cancelled';
  if (index % 211 === 5) return 'syncing';
  return 'completed';
}

function open(): { cases: CaseService; seeded: SeededCase[]; dir: string; close: () => Promise<void> } {
  const dir = tempDir();
  const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
  const seeded = seedStore(queue.store!, {
    count: COUNT,
    stateOf,
    spacingMs: DAY / 10,
    flowOf: (i) => (i % 3 === 0 ? 'argos.put-image' : 'lumin.kyc-national-id'),
    operatorOf: (i) =>
      i % 4 === 0 ? { id: 'op-b', name: 'Operator B' } : { id: 'op-a', name: 'Operator A' },
  });
  return { cases: queue.cases, seeded, dir, close: () => queue.close() };
}

/** Follows `next` until the last page; returns every id in order. */
function everyPage(fetch: (after: CasePage['next']) => CasePage): string[] {
  const ids: string[] = [];
  let after: CasePage['next'] = null;
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = fetch(after);
    ids.push(...page.cases.map((c) => c.id));
    if (!page.next) return ids;
    after = page.next;
  }
  throw new Error('pagination did not end');
}

const listAll = (cases: CaseService, query: CaseListQueryInput) =>
  everyPage((after) => cases.list({ ...query, limit: 37, ...(after ? { after } : {}) }));

describe('listing thousands of cases', () => {
  it('reaches every case through keyset pages, in order, once each, in every list', async () => {
    const { cases, seeded, close } = open();
    const all = listAll(cases, { order: 'oldest' });
    expect(all).toEqual(seeded.map((c) => c.id));
    expect(listAll(cases, { order: 'newest' })).toEqual(seeded.map((c) => c.id).reverse());
    // recent: newest change first; the seeder changes each case one second after capture.
    expect(new Set(listAll(cases, { order: 'recent' }))).toEqual(new Set(all));

    const totals = cases.totals();
    for (const list of CASE_LISTS) {
      const expected = seeded.filter((c) => LIST_OF_STATE[c.state] === list).map((c) => c.id);
      expect(listAll(cases, { list, order: 'oldest' }), list).toEqual(expected);
      expect(totals.byList[list], list).toBe(expected.length);
    }
    await close();
  });

  it('lists in the inbox exactly the cases that need a person, oldest first, whatever their age', async () => {
    const { cases, seeded, close } = open();
    const expected = seeded.filter((c) => c.state === 'needs_attention').map((c) => c.id);
    expect(expected.length).toBeGreaterThan(5);
    expect(everyPage((after) => cases.inbox(after ?? undefined, 4))).toEqual(expected);
    expect(cases.totals().byState.needs_attention).toBe(expected.length);
    // Home says how long the oldest has waited: case 0, the first to need a person (the seeder
    // moves each case to its state 1 s after its capture).
    expect(seeded[0]!.state).toBe('needs_attention');
    expect(cases.totals().oldestAttentionAt).toBe(seeded[0]!.createdAt + 1000);
    await close();
  });

  it('has no oldest waiting case when nothing needs a person', async () => {
    const { queue } = openQueue(tempDir(), registry(recordingFlow('http://127.0.0.1:9')));
    seedStore(queue.store!, { count: 20, stateOf: () => 'completed' });
    expect(queue.cases.totals()).toMatchObject({ oldestAttentionAt: null, byList: { attention: 0 } });
    await queue.close();
  });

  it('finds the oldest case by its reference and by its ID number, as staff type them', async () => {
    const { cases, seeded, close } = open();
    const oldest = seeded[0]!;
    const found = (search: string) => cases.list({ search, limit: 10 }).cases.map((c) => c.id);
    expect(found(caseReference(oldest.id))).toEqual([oldest.id]);
    expect(found(caseReference(oldest.id).toLowerCase())).toEqual([oldest.id]);
    expect(found(oldest.nationalId)).toEqual([oldest.id]);
    // Spaced out and in Arabic-Indic digits, as read off the card.
    const arabic = oldest.nationalId.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    expect(found(` ${arabic.slice(0, 7)} ${arabic.slice(7)} `)).toEqual([oldest.id]);
    // The row carries the customer's name, decrypted for this page.
    expect(cases.list({ search: oldest.nationalId }).cases[0]?.customerName).toBe(oldest.name);
    expect(found('29912319999999')).toEqual([]);
    expect(found('not a number')).toEqual([]);
    await close();
  });

  it('filters by flow, operator and capture dates', async () => {
    const { cases, seeded, close } = open();
    const argos = listAll(cases, { flow: 'argos.put-image', order: 'oldest' });
    expect(argos).toEqual(seeded.filter((_, i) => i % 3 === 0).map((c) => c.id));
    const opB = listAll(cases, { operatorId: 'op-b', list: 'completed', order: 'oldest' });
    expect(opB).toEqual(seeded.filter((c, i) => i % 4 === 0 && c.state === 'completed').map((c) => c.id));
    const from = seeded[100]!.createdAt;
    const before = seeded[200]!.createdAt;
    expect(listAll(cases, { createdFrom: from, createdBefore: before, order: 'oldest' })).toEqual(
      seeded.slice(100, 200).map((c) => c.id),
    );
    expect(cases.filters()).toEqual({
      flows: ['argos.put-image', 'lumin.kyc-national-id'],
      operators: [
        { id: 'op-a', name: 'Operator A' },
        { id: 'op-b', name: 'Operator B' },
      ],
    });
    await close();
  });

  it('serves every listing query from an index, without sorting the table', async () => {
    const { cases, close, dir } = open();
    await close();
    const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
    const db = queue.store!.db;
    const plan = (sql: string, params: Record<string, unknown>) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    const shapes = [
      `SELECT * FROM cases ORDER BY updated_at DESC, id DESC LIMIT 51`,
      `SELECT * FROM cases WHERE list = 'attention' AND (created_at, id) > (0, '') ORDER BY created_at ASC, id ASC LIMIT 51`,
      `SELECT * FROM cases WHERE list = 'waiting' ORDER BY updated_at DESC, id DESC LIMIT 51`,
      `SELECT * FROM cases WHERE flow = 'argos.put-image' ORDER BY created_at DESC, id DESC LIMIT 51`,
      `SELECT * FROM cases WHERE operator_id = 'op-a' ORDER BY created_at DESC, id DESC LIMIT 51`,
    ];
    for (const sql of shapes) expect(plan(sql, {}), sql).not.toMatch(/TEMP B-TREE|SCAN cases$/);
    expect(plan('SELECT state, n FROM case_totals WHERE n > 0', {})).not.toMatch(/cases /);
    void cases;
    await queue.close();
  });

  it('keeps no ID number in clear in the database files after indexing (only keyed digests)', async () => {
    const { cases, seeded, dir, close } = open();
    const sample = [seeded[0]!, seeded[1]!, seeded[COUNT - 1]!];
    // The index works, so the numbers were indexed...
    for (const c of sample)
      expect(cases.list({ search: c.nationalId }).cases.map((x) => x.id)).toEqual([c.id]);
    await close();
    // ...and no file SQLite left holds a number, in ASCII, UTF-16 or as its plain SHA-256.
    const files = readdirSync(dir).filter((name) => name.startsWith('kiosk.db'));
    expect(files).toContain('kiosk.db');
    const { createHash } = await import('node:crypto');
    for (const name of files) {
      const bytes = readFileSync(join(dir, name));
      for (const { nationalId } of sample) {
        expect(bytes.indexOf(Buffer.from(nationalId, 'utf8')), `${nationalId} in ${name}`).toBe(-1);
        expect(bytes.indexOf(Buffer.from(nationalId, 'utf16le')), `${nationalId} in ${name}`).toBe(-1);
        const sha = createHash('sha256').update(nationalId).digest();
        expect(bytes.indexOf(sha), `sha256(${nationalId}) in ${name}`).toBe(-1);
      }
    }
  });
});
