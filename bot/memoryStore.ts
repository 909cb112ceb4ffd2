/**
 * The in-memory Storage, bounded. botbuilder's MemoryStorage keeps every conversation forever (about
 * 5 KB of heap each); this one behaves the same for the bot (JSON copies in and out, eTags, the same
 * conflict error) but forgets a conversation idle for longer than its time to live and holds at most
 * `maxItems` of them, evicting the least recently used. The LRU and TTL bookkeeping is lru-cache's.
 *
 * Keys under a `keep` prefix live apart from the conversations, in caches of their own bounds: the
 * quality documents (one per server day, a long TTL) and the reminders (no TTL: a reminder due in months
 * must still be there; their number is bounded by the per-user cap), so a flood of conversations never
 * evicts them.
 */
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/**
 * lru-cache options bounding a cache to `n` items without allocating for all of them up front: with `max`
 * lru-cache preallocates its key, value, link (and TTL) arrays at that length (the reminders' bound of
 * 1,000,000 alone took about 30 MB and 100-200 ms at start); counted as a size of 1 per item it grows
 * as items come and evicts the least recently used past `n` all the same.
 */
export function countBound(n: number): { maxSize: number; sizeCalculation: () => number } {
  return { maxSize: n, sizeCalculation: () => 1 };
}

/** A count-bounded cache this many slots long or longer is rebuilt when three quarters of it stand empty. */
const MIN_SLOTS_TO_SHRINK = 1024;

/**
 * A count-bounded lru-cache that gives its memory back. lru-cache never shortens its key, value, link,
 * TTL and size arrays: after a flood of conversations has expired they stay as long as the flood made
 * them (about 64 bytes a slot: 6.4 MB for a rate limiter that held 100,000 windows). `sweep()` drops the
 * stale entries and, when at most a quarter of the longest the cache has been is left (and that was at
 * least MIN_SLOTS_TO_SHRINK), moves what is left into a new cache: same order, same ages.
 */
export class ShrinkingLru<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private current: LRUCache<K, V>;
  private longest = 0;

  constructor(private readonly make: () => LRUCache<K, V>) {
    this.current = make();
  }

  /** The cache in use now (a sweep may replace it: do not keep it). */
  get cache(): LRUCache<K, V> {
    return this.current;
  }

  set(key: K, value: V): void {
    this.current.set(key, value);
    if (this.current.size > this.longest) this.longest = this.current.size;
  }

  sweep(): void {
    const old = this.current;
    old.purgeStale();
    if (this.longest < MIN_SLOTS_TO_SHRINK || old.size * 4 > this.longest) return;
    const fresh = this.make();
    const now = old.perf.now();
    // Least recently used first, so the recency order carries over; each entry keeps its age.
    for (const [key, value] of old.rentries() as Iterable<[K, V]>) {
      const left = old.getRemainingTTL(key);
      fresh.set(key, value, old.ttl > 0 && Number.isFinite(left) ? { start: now - (old.ttl - left) } : {});
    }
    this.current = fresh;
    this.longest = fresh.size;
  }
}

export interface BoundedMemoryOptions {
  /** A conversation idle this long is forgotten. */
  readonly ttlMs: number;
  /** At most this many conversation items; the least recently used go first. */
  readonly maxItems: number;
  /** Keys kept apart from the conversation items, with their own bounds (ttlMs 0: never expire). */
  readonly keep?: ReadonlyArray<{ readonly prefix: string; readonly ttlMs: number; readonly maxItems: number }>;
  /** The clock (milliseconds); tests pass a fake one. */
  readonly now?: () => number;
}

/** The store sweeps its expired items at least this often (on the next read or write). */
const MAX_SWEEP_INTERVAL_MS = 60_000;

export class BoundedMemoryStorage implements Storage {
  private etag = 1;
  private readonly now: () => number;
  private readonly sweepEveryMs: number;
  private lastSweep: number;
  private readonly items: ShrinkingLru<string, string>;
  private readonly kept: Array<{ readonly prefix: string; readonly lru: ShrinkingLru<string, string> }> = [];

  constructor(options: BoundedMemoryOptions) {
    this.now = options.now ?? Date.now;
    this.sweepEveryMs = Math.min(options.ttlMs, MAX_SWEEP_INTERVAL_MS);
    this.lastSweep = this.now();
    const perf = options.now ? { now: options.now } : undefined;
    const common = { updateAgeOnGet: true, updateAgeOnHas: false, ttlResolution: perf ? 0 : 1, ...(perf ? { perf } : {}) };
    this.items = new ShrinkingLru(() => new LRUCache<string, string>({ ...countBound(options.maxItems), ttl: options.ttlMs, ...common }));
    for (const k of options.keep ?? []) {
      const lru = new ShrinkingLru(
        () => new LRUCache<string, string>({ ...countBound(k.maxItems), ...(k.ttlMs > 0 ? { ttl: k.ttlMs } : {}), ...common }),
      );
      this.kept.push({ prefix: k.prefix, lru });
    }
  }

  /** How many conversation items (and kept items) are held, stale ones not counted. */
  size(): { readonly items: number; readonly kept: number } {
    this.sweep();
    return { items: this.items.cache.size, kept: this.kept.reduce((n, k) => n + k.lru.cache.size, 0) };
  }

  /** Characters of the documents kept apart (quality records, reminders): data kept on purpose, within its own caps. */
  keptChars(): number {
    let n = 0;
    for (const k of this.kept) for (const v of k.lru.cache.values()) n += v.length;
    return n;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    this.sweepWhenDue();
    const data: StoreItems = {};
    for (const key of keys) {
      const raw = this.lruOf(key).cache.get(key);
      if (raw !== undefined) data[key] = JSON.parse(raw) as StoreItem;
    }
    return data;
  }

  /** As MemoryStorage: '*' or no eTag overwrites; a stale eTag is a conflict (nothing of that key written). */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    let conflict: Error | undefined;
    for (const [key, item] of Object.entries(changes)) {
      const lru = this.lruOf(key);
      const next = item as StoreItem;
      const old = lru.cache.get(key);
      if (old !== undefined && next.eTag && next.eTag !== '*' && (JSON.parse(old) as StoreItem).eTag !== next.eTag) {
        conflict ??= new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        continue;
      }
      lru.set(key, JSON.stringify({ ...next, eTag: String(this.etag++) }));
    }
    // Stale entries are dropped as they are met; a sweep now and then frees the ones never read again:
    // every 256 writes, and on the first read or write once a minute (or the TTL) has passed, so a quiet
    // store gives back the conversations of a burst on its next turn after their TTL.
    if (this.etag % 256 === 0) this.sweep();
    else this.sweepWhenDue();
    if (conflict) throw conflict;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.lruOf(key).cache.delete(key);
  }

  private sweepWhenDue(): void {
    if (this.now() - this.lastSweep >= this.sweepEveryMs) this.sweep();
  }

  private sweep(): void {
    this.lastSweep = this.now();
    this.items.sweep();
    for (const k of this.kept) k.lru.sweep();
  }

  private lruOf(key: string): ShrinkingLru<string, string> {
    return this.kept.find((k) => key.startsWith(k.prefix))?.lru ?? this.items;
  }
}
