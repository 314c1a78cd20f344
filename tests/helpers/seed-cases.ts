/**
 * Fills a real store with many synthetic cases fast (10,000 in a few seconds): straight through the
 * store's repositories in one transaction, with sealed fields (so the blind index is written the way
 * a capture writes it) and steps, but without images. Each case has a synthetic, valid-looking
 * national ID number (built by the shared generator, never a real person's) and a specimen name.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseState, FlowId } from '../../src/shared/domain/flows';
import { PROVIDER_OF_FLOW } from '../../src/shared/domain/flows';
import { buildNationalId } from '../../src/shared/validation/egyptian-national-id';
import { FileKeyProvider } from '../../src/main/store/key-provider';
import type { NewStep } from '../../src/main/store/steps-repo';
import { KioskStore } from '../../src/main/store/store';
import { KEY_FILE } from '../../src/main/sync/queue-service';

export interface SeededCase {
  id: string;
  state: CaseState;
  createdAt: number;
  nationalId: string;
  name: string;
}

export interface SeedOptions {
  /** How many cases. */
  count: number;
  /** Case i is captured at `start + i * spacingMs` (ms since the epoch): case 0 is the oldest. */
  start?: number;
  spacingMs?: number;
  /** The state of case i; default: mostly completed, some queued, a few cancelled. */
  stateOf?: (index: number) => CaseState;
  flowOf?: (index: number) => FlowId;
  operatorOf?: (index: number) => { id: string; name: string };
}

const STEPS: readonly Omit<NewStep, 'state'>[] = [
  { key: 'capture-front', kind: 'capture', idempotent: true },
  { key: 'upload-front', kind: 'remote', idempotent: true },
  { key: 'review-front', kind: 'review', idempotent: true },
  { key: 'approve-front', kind: 'remote', idempotent: false },
];

function defaultState(index: number): CaseState {
  if (index % 10 === 9) return 'queued';
  if (index % 50 === 7) return 'cancelled';
  return 'completed';
}

/** A synthetic UUID whose first eight hex digits (the reference) are unique per index and seed. */
function seededId(index: number, seed: number): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
  const head = hex((index * 2654435761 + seed) >>> 0, 8);
  return `${head}-${hex(seed, 4)}-4${hex(index, 3)}-8${hex(index >> 12, 3)}-${hex(index, 12)}`;
}

/** The synthetic national ID number of case `index` (unique for up to 36,000 cases). */
export function seededNationalId(index: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
  return buildNationalId({ birthDate: birth, governorateCode: '01', serial: index % 1000, gender: 'female' });
}

/** Seeds an open store; returns what was written, oldest case first. */
export function seedStore(store: KioskStore, options: SeedOptions): SeededCase[] {
  const start = options.start ?? Date.UTC(2026, 0, 1);
  const spacing = options.spacingMs ?? 60_000;
  const stateOf = options.stateOf ?? defaultState;
  const flowOf = options.flowOf ?? (() => 'lumin.kyc-national-id' as const);
  const operatorOf = options.operatorOf ?? (() => ({ id: 'kiosk-operator', name: 'Branch operator' }));
  const seed = Math.floor(Math.random() * 0xffff);
  const seeded: SeededCase[] = [];
  store.tx(() => {
    for (let index = 0; index < options.count; index += 1) {
      const id = seededId(index, seed);
      const state = stateOf(index);
      const createdAt = start + index * spacing;
      const flow = flowOf(index);
      const operator = operatorOf(index);
      const nationalId = seededNationalId(index);
      const name = `Specimen Customer ${index}`;
      store.cases.insert({
        id,
        flow,
        provider: PROVIDER_OF_FLOW[flow],
        state,
        operator_id: operator.id,
        operator_name: operator.name,
        language: 'en',
        created_at: createdAt,
      });
      store.fields.set(id, 'typed', { fullName: name, idNumber: nationalId }, createdAt);
      const done = state === 'completed' ? STEPS.length : state === 'needs_attention' ? 2 : 1;
      store.steps.insertAll(
        id,
        STEPS.map((step, seq) => ({
          ...step,
          state: seq < done ? 'done' : state === 'needs_attention' && seq === done ? 'waiting' : 'pending',
        })),
        createdAt,
      );
      if (state !== 'queued') {
        store.cases.setState(
          id,
          state,
          state === 'needs_attention' ? 'review_required' : null,
          createdAt + 1000,
        );
      }
      seeded.push({ id, state, createdAt, nationalId, name });
    }
  });
  return seeded;
}

/** Seeds the store in a data folder (creating it and its key as the kiosk would), then closes it. */
export function seedDataDir(dataDir: string, options: SeedOptions): SeededCase[] {
  mkdirSync(dataDir, { recursive: true });
  const store = KioskStore.open({ dataDir, keys: new FileKeyProvider(join(dataDir, KEY_FILE)) });
  try {
    return seedStore(store, options);
  } finally {
    store.close();
  }
}
