// Brief g12e point 4: one seeded generator (pure-rand's) for the tests and the simulators' fault
// injector, instead of two hand-written copies of mulberry32; replay by seed keeps working.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/simulators/common/faults';
import { seeded } from '../helpers/seeded';

/** The library's own sequence for `seed`, read straight from pure-rand. */
function library(seed: number, count: number): number[] {
  const generator = xoroshiro128plus(seed);
  return Array.from({ length: count }, () => uniformFloat64(generator));
}

describe('seeded random numbers come from pure-rand and replay by seed', () => {
  it('the tests’ generator is pure-rand’s xoroshiro128+ sequence, in [0, 1)', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) {
      const next = seeded(seed);
      const drawn = Array.from({ length: 50 }, () => next());
      expect(drawn).toEqual(library(seed, 50));
      for (const value of drawn) expect(value >= 0 && value < 1).toBe(true);
    }
  });

  it('the same seed replays the same sequence; another seed gives another', () => {
    const a = seeded(1234);
    const b = seeded(1234);
    const c = seeded(1235);
    const first = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(first);
  });

  it('the fault injector draws its faults from the same library sequence for its seed', () => {
    const injector = new FaultInjector();
    // One fault kind at rate 0.5: a request gets it exactly when the draw is below 0.5.
    injector.configure({ rates: { http_503: 0.5 }, seed: 7 });
    const picked = Array.from({ length: 64 }, () => injector.pick('/any') === 'http_503');
    expect(picked).toEqual(library(7, 64).map((value) => value < 0.5));
    expect(picked.some(Boolean) && !picked.every(Boolean)).toBe(true);
    // Configuring the same seed again replays the same faults.
    injector.configure({ rates: { http_503: 0.5 }, seed: 7 });
    expect(Array.from({ length: 64 }, () => injector.pick('/any') === 'http_503')).toEqual(picked);
  });
});
