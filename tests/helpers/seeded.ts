/**
 * The tests' one seeded random generator (mulberry32, a public-domain 32-bit generator), so a run
 * that fails at random instants can be replayed exactly from the seed it printed.
 */

/** A generator of numbers in [0, 1) from `seed` (any number; taken as an unsigned 32-bit integer). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The run's seed: the environment variable `name` when set (to replay a run), otherwise a fresh
 * one in [0, 2^31). The caller prints it with the variable's name.
 */
export function seedFromEnv(name: string): number {
  const given = process.env[name];
  return given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
