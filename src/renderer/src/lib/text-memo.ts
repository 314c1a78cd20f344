/**
 * A bounded map from a key to a text already made (translated, formatted): a plain cache, never
 * reactive state (reading it must not make a template depend on it). A long list's rows repeat a
 * few hundred distinct strings; past `limit` entries the map is dropped whole rather than
 * tracking recency, which costs more per hit than it saves on a list this size.
 */
export class TextMemo {
  private readonly texts = new Map<string, string>();

  /** `limit`: most entries kept (count). */
  constructor(private readonly limit = 2000) {}

  /** The text remembered under `id`, or `make()`'s, remembered. */
  get(id: string, make: () => string): string {
    const hit = this.texts.get(id);
    if (hit !== undefined) return hit;
    if (this.texts.size >= this.limit) this.texts.clear();
    const text = make();
    this.texts.set(id, text);
    return text;
  }

  get size(): number {
    return this.texts.size;
  }
}
