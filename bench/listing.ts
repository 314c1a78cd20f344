/**
 * list_page_ratio: one page (50 rows, with summaries and decrypted names) of each listing query the
 * screens send, on a real store of 10,000 cases, divided by the same page on a store of 200 cases,
 * measured side by side in this run. The ratio is the worst of the queries' median ratios; the
 * detail has each query's median, mean and p95 at both sizes. Target: at most 1.5 (an index per
 * query, keyset pagination, totals kept by triggers: the cost of a page does not grow with the
 * store). Also reported: the inbox of the 10,000-case store holds exactly the seeded cases that need
 * a person (inbox_exact, 1 or 0), and the oldest case is found by reference and by ID number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseReference } from '../src/shared/domain/case-reference';
import type { CaseState } from '../src/shared/domain/flows';
import type { CaseListQueryInput, PageCursor } from '../src/shared/ipc/queue';
import type { CaseService } from '../src/main/sync/case-service';
import { recordingFlow } from '../tests/helpers/recording-flow';
import { openQueue, registry } from '../tests/helpers/queue';
import { seedStore, type SeededCase } from '../tests/helpers/seed-cases';
import { type Benchmark, type Figure, median, round } from './types';

const LARGE = 10_000;
const SMALL = 200;
const RUNS = 300;
const WARM_UP = 20;
const BLOCK = 5;

/**
 * Large store: the five oldest cases and every 100th need a person, every 10th waits to send, most
 * are completed. Small store: a quarter each need a person and wait, half are completed. Either way
 * every list measured fills a whole page of 50, so both sides of a ratio return the same rows.
 */
function largeState(index: number): CaseState {
  if (index < 5 || index % 100 === 50) return 'needs_attention';
  if (index % 10 === 9) return 'queued';
  if (index % 50 === 7) return 'cancelled';
  return 'completed';
}

function smallState(index: number): CaseState {
  return index % 4 === 0 ? 'needs_attention' : index % 4 === 1 ? 'queued' : 'completed';
}

interface Store {
  cases: CaseService;
  seeded: SeededCase[];
  close(): Promise<void>;
}

function openSeeded(count: number, stateOf: (index: number) => CaseState): Store {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-list-'));
  const { queue } = openQueue(dir, registry(recordingFlow('http://127.0.0.1:9')));
  const seeded = seedStore(queue.store!, { count, stateOf, spacingMs: 30_000 });
  return {
    cases: queue.cases,
    seeded,
    close: async () => {
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Query = (store: Store) => unknown;

/** The queries the screens send; a later page starts from the cursor of the middle of the store. */
function queries(): Record<string, Query> {
  const page =
    (query: CaseListQueryInput): Query =>
    (store) =>
      store.cases.list({ ...query, limit: 50 });
  const middle = (store: Store): PageCursor => {
    const c = store.seeded[Math.floor(store.seeded.length / 2)]!;
    return { at: c.createdAt, id: c.id };
  };
  return {
    allRecent: page({ order: 'recent' }),
    waitingList: page({ list: 'waiting', order: 'recent' }),
    completedOldest: page({ list: 'completed', order: 'oldest' }),
    middlePage: (store) => store.cases.list({ order: 'newest', after: middle(store), limit: 50 }),
    inbox: (store) => store.cases.inbox(undefined, 50),
    searchReference: (store) => store.cases.list({ search: caseReference(store.seeded[0]!.id), limit: 50 }),
    searchNationalId: (store) => store.cases.list({ search: store.seeded[0]!.nationalId, limit: 50 }),
    totals: (store) => store.cases.totals(),
  };
}

/** Times `runs` calls of the query (ms each). */
function timings(store: Store, query: Query, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    query(store);
    out.push(performance.now() - started);
  }
  return out;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const p95 = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

function checks(store: Store): Record<string, number> {
  const expected = store.seeded.filter((c) => c.state === 'needs_attention').map((c) => c.id);
  const inbox: string[] = [];
  let after: PageCursor | undefined;
  for (;;) {
    const page = store.cases.inbox(after, 50);
    inbox.push(...page.cases.map((c) => c.id));
    if (!page.next) break;
    after = page.next;
  }
  const oldest = store.seeded[0]!;
  const found = (search: string) => store.cases.list({ search }).cases.map((c) => c.id);
  return {
    inboxExact: Number(JSON.stringify(inbox) === JSON.stringify(expected)),
    inboxCases: inbox.length,
    oldestByReference: Number(
      JSON.stringify(found(caseReference(oldest.id))) === JSON.stringify([oldest.id]),
    ),
    oldestByNationalId: Number(JSON.stringify(found(oldest.nationalId)) === JSON.stringify([oldest.id])),
  };
}

export const listingBenchmark: Benchmark = {
  name: 'listing',
  async run(): Promise<Figure[]> {
    const seedStart = performance.now();
    const large = openSeeded(LARGE, largeState);
    const seedMs = performance.now() - seedStart;
    const small = openSeeded(SMALL, smallState);
    const detail: Record<string, number | string> = { runs: RUNS, largeCases: LARGE, smallCases: SMALL };
    let worst = 0;
    let worstName = '';
    try {
      for (const [name, query] of Object.entries(queries())) {
        // Side by side: the two stores alternate in short blocks, so the load of a shared machine
        // at any moment weighs on both alike.
        timings(small, query, WARM_UP);
        timings(large, query, WARM_UP);
        const atLarge: number[] = [];
        const atSmall: number[] = [];
        for (let block = 0; block < RUNS / BLOCK; block++) {
          atSmall.push(...timings(small, query, BLOCK));
          atLarge.push(...timings(large, query, BLOCK));
        }
        const ratio = median(atLarge) / median(atSmall);
        detail[`${name}Ratio`] = round(ratio);
        detail[`${name}LargeMedianMs`] = round(median(atLarge));
        detail[`${name}LargeMeanMs`] = round(mean(atLarge));
        detail[`${name}LargeP95Ms`] = round(p95(atLarge));
        detail[`${name}SmallMedianMs`] = round(median(atSmall));
        detail[`${name}SmallP95Ms`] = round(p95(atSmall));
        if (name !== 'totals' && ratio > worst) {
          worst = ratio;
          worstName = name;
        }
      }
      detail.worstQuery = worstName;
      detail.seed10kMs = round(seedMs, 0);
      const verified = checks(large);
      return [
        { name: 'list_page_ratio', value: round(worst), unit: 'x', target: '<= 1.5', detail },
        {
          name: 'inbox_exact_10k',
          value: verified.inboxExact!,
          unit: 'bool',
          target: '= 1',
          detail: verified,
        },
      ];
    } finally {
      await large.close();
      await small.close();
    }
  },
};
