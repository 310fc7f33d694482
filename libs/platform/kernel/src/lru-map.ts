/**
 * A map of at most `capacity` entries that drops the least recently used one when full: for caches
 * of answers that are cheap to recompute and must not grow with the traffic (a pipeline's kept
 * states, a key's verified signatures). A `Map` keeps insertion order, so moving an entry to the
 * end on each use makes its first key the least recently used.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** `capacity` 0 holds nothing (caching switched off). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`an LruMap's capacity is a whole number ≥ 0: ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Whether the key is held, marking it used like `get`. */
  has(key: K): boolean {
    if (!this.entries.has(key)) return false;
    this.get(key);
    return true;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
