/**
 * The decoded pages of all dbengine hosts that queries read recently, least recently used first out, within one byte
 * budget (`page cache size`). Keys are the pages' index entries, so a rotated-out page is simply forgotten.
 */
export class PageCache<K> {
  private readonly entries = new Map<K, Float64Array>();
  private bytes = 0;
  /** The most recently used key: reading the same page slot after slot then costs one lookup, no reordering. */
  private newest: K | undefined;
  hits = 0;
  misses = 0;

  constructor(readonly budgetBytes: number) {}

  /** The decoded page of `key`, loading it on a miss with `load` (null when it cannot be read: not cached). */
  get(key: K, load: () => Float64Array | null): Float64Array | null {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      if (key !== this.newest) {
        // Map iteration follows insertion order: re-inserting makes this the most recently used
        this.entries.delete(key);
        this.entries.set(key, cached);
        this.newest = key;
      }
      return cached;
    }
    this.misses++;
    const loaded = load();
    if (!loaded) return null;
    this.entries.set(key, loaded);
    this.newest = key;
    this.bytes += loaded.byteLength;
    for (const [oldKey, old] of this.entries) {
      // the page just loaded stays even alone over budget: the caller is reading it
      if (this.bytes <= this.budgetBytes || oldKey === key) break;
      this.entries.delete(oldKey);
      this.bytes -= old.byteLength;
    }
    return loaded;
  }

  forget(key: K): void {
    const old = this.entries.get(key);
    if (!old) return;
    if (key === this.newest) this.newest = undefined;
    this.entries.delete(key);
    this.bytes -= old.byteLength;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}
