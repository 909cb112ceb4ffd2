/**
 * Fixed-window rate limiting per key (a conversation, a client address), in process memory.
 * Behind a load balancer each instance limits on its own; that is enough to blunt a flood.
 *
 * Bounded: a key's window is forgotten once it has passed (lru-cache TTL), at most `maxKeys` windows are
 * held (the least recently used go first, so a flood of new keys never resets the limits of the keys
 * in use), and a long key (conversation ids are the client's choice, up to 1 KB) is kept as its hash.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { countBound, ShrinkingLru } from './memoryStore';

export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  readonly retryAfterSeconds: number;
}

/** Keys longer than this are kept as a SHA-256 digest. */
const MAX_KEY_CHARS = 64;

export class RateLimiter {
  private readonly windows: ShrinkingLru<string, { start: number; count: number }>;
  private lastSweep: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
    maxKeys = 100_000,
  ) {
    this.windows = new ShrinkingLru(() => new LRUCache({ ...countBound(maxKeys), ttl: windowMs, ttlResolution: 0, perf: { now } }));
    this.lastSweep = now();
  }

  /** Windows held right now (expired ones not counted). */
  get size(): number {
    this.windows.sweep();
    return this.windows.cache.size;
  }

  hit(rawKey: string): RateDecision {
    const key = rawKey.length > MAX_KEY_CHARS ? createHash('sha256').update(rawKey).digest('base64url') : rawKey;
    const t = this.now();
    // lru-cache drops an expired window when it meets it; once a window, sweep the ones never met again.
    if (t - this.lastSweep >= this.windowMs) {
      this.lastSweep = t;
      this.windows.sweep();
    }
    let w = this.windows.cache.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
    return { allowed: w.count <= this.limit, retryAfterSeconds };
  }
}
