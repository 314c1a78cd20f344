/**
 * The tests' one seeded random generator, so a run that fails at random instants can be replayed
 * exactly from the seed it printed. The generator is pure-rand's xoroshiro128+ (the library
 * fast-check draws from), read through its uniform [0, 1) distribution.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A generator of numbers in [0, 1) (multiples of 2^-53) from `seed` (any number; pure-rand keeps
 * its low 32 bits). The same seed gives the same sequence on every run and machine.
 */
export function seeded(seed: number): () => number {
  // next() advances the generator in place (pure-rand 8): one instance per sequence.
  const generator = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(generator);
}

/**
 * The run's seed: the environment variable `name` when set (to replay a run), otherwise a fresh
 * one in [0, 2^31). The caller prints it with the variable's name.
 */
export function seedFromEnv(name: string): number {
  const given = process.env[name];
  return given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
