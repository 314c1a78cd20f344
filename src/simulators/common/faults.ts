/**
 * Fault injection shared by the three simulators: added latency, a rate per kind of fault, and a
 * queue of faults for the next requests (deterministic, for tests). Random draws use a seeded
 * generator so a failing run can be repeated.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';

export const FAULT_KINDS = [
  /** HTTP 500 / 502 / 503 before the request has any effect. */
  'http_500',
  'http_502',
  'http_503',
  /** HTTP 429 with Retry-After: 1. */
  'http_429',
  /** A 502 HTML page from a "gateway". */
  'html_error',
  /** The socket is destroyed before any answer; the request had no effect. */
  'reset',
  /** The request takes effect, then the socket is destroyed before the answer. */
  'reset_after_effect',
  /** The request takes effect; the answer's JSON is cut in half. */
  'truncated',
  /** The request takes effect; the answer's body arrives after `slowBodyMs`. */
  'slow_body',
  /** The request takes effect; the answer is 200 with an empty body. */
  'empty_body',
  /** The request takes effect; the answer is a 3 MiB JSON body (a runaway proxy or error dump). */
  'huge_body',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSettingsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    rates: z.partialRecord(z.enum(FAULT_KINDS), z.number().min(0).max(1)).default({}),
    slowBodyMs: z.number().int().min(0).max(120_000).default(5_000),
    /** Only requests whose path starts with this are affected (default: all). */
    pathPrefix: z.string().default('/'),
    seed: z.number().int().default(1),
  })
  .strict();
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/**
 * A seeded source of numbers in [0, 1) (pure-rand's xoroshiro128+ through its uniform float
 * distribution): the same `seed` spreads the same faults, so a failing run can be repeated.
 */
function random(seed: number): () => number {
  // next() advances the generator in place (pure-rand 8): one instance per configuration.
  const generator = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(generator);
}

export class FaultInjector {
  private settings: FaultSettings = faultSettingsSchema.parse({});
  private draw = random(1);
  private readonly queue: { kind: FaultKind; pathPrefix: string }[] = [];

  configure(input: unknown): FaultSettings {
    this.settings = faultSettingsSchema.parse(input);
    this.draw = random(this.settings.seed);
    return this.settings;
  }

  /** The next request(s) under `pathPrefix` get these faults, in order. */
  enqueue(kind: FaultKind, options: { times?: number; pathPrefix?: string } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i += 1) {
      this.queue.push({ kind, pathPrefix: options.pathPrefix ?? '/' });
    }
  }

  reset(): void {
    this.queue.length = 0;
    this.configure({});
  }

  get current(): FaultSettings & { queued: FaultKind[] } {
    return { ...this.settings, queued: this.queue.map((q) => q.kind) };
  }

  latencyMs(): number {
    return this.settings.latencyMs;
  }

  slowBodyMs(): number {
    return this.settings.slowBodyMs;
  }

  /** The fault for this request, if any. Queued faults come first. */
  pick(path: string): FaultKind | undefined {
    const index = this.queue.findIndex((q) => path.startsWith(q.pathPrefix));
    if (index >= 0) return this.queue.splice(index, 1)[0]!.kind;
    if (!path.startsWith(this.settings.pathPrefix)) return undefined;
    for (const kind of FAULT_KINDS) {
      const rate = this.settings.rates[kind] ?? 0;
      if (rate > 0 && this.draw() < rate) return kind;
    }
    return undefined;
  }
}
