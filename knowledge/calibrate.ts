/**
 * The pack's own score scale, from a self-check: a sample of its phrasings (entries' questions and
 * alternatives) searched as they are, and the median of the score each gets from its own entry. Scores
 * (BM25 with boosts, times the phrasing and classifier factors) depend on the pack: how many entries
 * it has, how many phrasings each, how long they are. decide.ts's score floors are set on the AWS pack
 * (test/eval/dev.json); a pack whose own phrasings score lower (a small pack with fewer, shorter
 * phrasings per entry) gets its floors lowered in the same proportion, never raised. Computed once per
 * index (cached); KnowledgeStore computes it for the index it starts with, and a reload's build worker
 * for the index it builds (so no question after a reload waits for it).
 */
import type { KnowledgeIndex } from './index';

export const CALIBRATION = {
  /** At most this many phrasings are searched (evenly spread over the pack): bounded work at any size. */
  sample: 160,
  /**
   * The median self-score the score floors were set at (the AWS pack's is 290-300): a pack at or above
   * it keeps the floors as they are.
   */
  referenceSelfScore: 280,
  /** The floors are never lowered below this share. */
  minScale: 0.5,
} as const;

const cache = new WeakMap<KnowledgeIndex, number>();

/** Sets an index's scale worked out elsewhere (the reload's build worker computes it with the index). */
export function presetScoreScale(index: KnowledgeIndex, scale: number): void {
  cache.set(index, scale);
}

/** The factor (CALIBRATION.minScale..1) decide()'s score floors are multiplied by for this index's pack. */
export function scoreScale(index: KnowledgeIndex): number {
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  const phrasings = index.entries.flatMap((e) => [e.question, ...e.alternatives].map((text) => ({ id: e.id, text })));
  const count = Math.min(CALIBRATION.sample, phrasings.length);
  const scores: number[] = [];
  for (let k = 0; k < count; k++) {
    const p = phrasings[Math.floor((k * phrasings.length) / count)]!;
    const own = index.search(p.text, 3).find((h) => h.entry.id === p.id);
    if (own) scores.push(own.score);
  }
  scores.sort((a, b) => a - b);
  const median = scores.length > 0 ? scores[Math.floor(scores.length / 2)]! : CALIBRATION.referenceSelfScore;
  const scale = Math.min(1, Math.max(CALIBRATION.minScale, median / CALIBRATION.referenceSelfScore));
  cache.set(index, scale);
  return scale;
}
