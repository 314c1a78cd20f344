// The preload and the harness bridge build `window.kiosk` from names.ts (no zod); main dispatches
// from the contract. The two lists must name exactly the same operations and events.
import { describe, expect, it } from 'vitest';
import { eventNames, operationNames } from '../../src/shared/ipc/contract';
import { EVENT_NAMES, OPERATION_NAMES } from '../../src/shared/ipc/names';

describe('IPC names without schemas', () => {
  it('lists every operation of the contract, and nothing else', () => {
    expect([...OPERATION_NAMES].sort()).toEqual([...operationNames].sort());
  });

  it('lists every event of the contract, and nothing else', () => {
    expect([...EVENT_NAMES].sort()).toEqual([...eventNames].sort());
  });
});
