/**
 * From ranked hits to a decision: answer, "did you mean", or nothing good enough. The thresholds are
 * the constants below, in this one place, tuned on test/eval/dev.json with `npm run eval`; the score
 * floors (minScore, agreeMinScore) are scaled to the pack by knowledge/calibrate.ts.
 */
import type { FaqHit } from './index';

export const THRESHOLDS = {
  /** The top hit must cover at least this IDF-weighted share of the question's words. */
  minCoverage: 0.5,
  /**
   * ...and score at least this much (MiniSearch BM25 with boosts, times the phrasing factor), times the
   * pack's score scale (knowledge/calibrate.ts: 1 for the AWS pack).
   */
  minScore: 4,
  /**
   * A long, chatty question is accepted at a lower coverage when the words it does match weigh
   * this much in total (IDF; a rare word such as "voucher" weighs about 2.5-3.5, "exam" under 1)...
   */
  longMinMatched: 6.5,
  /** ...as long as it covers at least this much. */
  longMinCoverage: 0.15,
  /** A question naming another subject (an AWS service, another program) needs this coverage... */
  foreignMinCoverage: 0.8,
  /**
   * ...unless it is a long question whose other words match this much (IDF) at this coverage, with
   * one such word only: "the console froze during my microcredential" is about the microcredential.
   */
  foreignLongMinMatched: 10,
  foreignLongMinCoverage: 0.4,
  /** ...or lower, down to this, when it also outscores every other entry by `foreignLongDominance`. */
  foreignLongDominantCoverage: 0.3,
  foreignLongDominance: 1.5,
  foreignLongMaxTerms: 1,
  /** ...or this, for the best hit, when the other subjects are all in the story and none in the question sentences. */
  storyForeignMinCoverage: 0.35,
  /**
   * A hit that outscores every other by this factor is accepted at a lower coverage: the question's
   * words point at that one entry and at no other ("the lowest mark I can get and still pass").
   */
  dominance: 3,
  dominantMinCoverage: 0.4,
  /**
   * A best hit that the entry classifier (FaqHit.learned) is this sure of, and that leads the runner-up
   * by `learnedDominance`, is accepted at coverage down to `learnedMinCoverage`: the question is worded
   * like that entry's phrasings though many of its words are the user's own ("what even are they").
   */
  learnedMin: 0.7,
  learnedDominance: 4,
  learnedMinCoverage: 0.3,
  /**
   * The search and the classifier agreeing, each by a wide margin, make up for a low coverage (a pack
   * without synonyms meets many of a user's own words for the first time: "I traded in my old handset
   * and forgot to move the authenticator across"): the best hit is accepted at coverage down to
   * `agreeMinCoverage` when it outscores the runner-up by `agreeScoreLead`, and the classifier gives it
   * at least `agreeLearnedMin`, `agreeLearnedLead` times what it gives any other hit and
   * `agreeOutOfScopeLead` times its out-of-scope probability.
   */
  agreeMinCoverage: 0.2,
  /** ...and at a score down to this (instead of `minScore`). */
  agreeMinScore: 1,
  agreeScoreLead: 2,
  agreeLearnedMin: 0.2,
  agreeLearnedLead: 2,
  agreeOutOfScopeLead: 1.5,
  /** A runner-up scoring at least this share of the top score makes the choice ambiguous... */
  closeRatio: 0.85,
  /** ...unless the top hit covers clearly more of the question than the runner-up... */
  coverageLead: 0.08,
  /** ...or is clearly closer to one of its phrasings (FaqHit.phrasing). */
  phrasingLead: 0.1,
  /** When the best hit is not good enough, a lower one that is may answer if it scores this share of the best... */
  acceptableShareOfBest: 0.5,
  /** ...and the entry classifier gives it at least this share of the best hit's probability. */
  standInLearnedShare: 0.25,
  /**
   * A message with a story around its question is not answered with an entry that only its story
   * matches: when its question sentences hold at least this many content words...
   */
  questionMinWords: 6,
  /** ...and match the entry at no more than this coverage (or not at all). */
  questionMaxCoverage: 0.2,
  /**
   * The entry classifier also learns the pack's out-of-scope subjects from their examples: a question it
   * rates at least this likely to be on one of them, and likelier than on the hit's entry, is declined...
   */
  outOfScopeMin: 0.8,
  /**
   * ...and so is one it rates at least this likely out of scope while giving the hit's entry no more than
   * `weakLearnedMax`: nothing in the pack is worded like the question (an entry retired, a subject
   * nobody wrote), and the nearest entry only shares some of its words.
   */
  weakOutOfScopeMin: 0.5,
  weakLearnedMax: 0.1,
  /** ...unless the hit covers this much of the question and is close to one of the entry's own phrasings. */
  outOfScopeCoverage: 0.7,
  outOfScopePhrasing: 0.5,
  /** At most this many did-you-mean choices. */
  maxChoices: 3,
} as const;

export type Decision =
  | { readonly kind: 'answer'; readonly hit: FaqHit }
  | { readonly kind: 'didYouMean'; readonly hits: readonly FaqHit[] }
  | { readonly kind: 'none'; readonly best?: FaqHit };

/**
 * Whether a hit is good enough to answer with. `rivals` are given for the best hit only (the hits after
 * it): only the best hit can be accepted for leading every other entry.
 */
function acceptable(h: FaqHit, scale: number, rivals: readonly FaqHit[] = [], best = false): boolean {
  const runnerUp = rivals[0];
  if (h.otherProgram || learnedOutOfScope(h)) return false;
  if (h.score < THRESHOLDS.minScore * scale) return best && h.foreign.length === 0 && h.score >= THRESHOLDS.agreeMinScore * scale && agreed(h, rivals);
  if (h.foreign.length > 0) {
    if (h.coverage >= THRESHOLDS.foreignMinCoverage) return true;
    // A phrasing that asks about an uncovered subject ("which order should I take...?") is never
    // incidental; one in the story around the question ("...I watched YouTube videos...") may be.
    if (h.askedForeign) return false;
    // Other subjects only in the story, none in the question sentences: the question is ours.
    if (best && h.foreignInStory && h.coverage >= THRESHOLDS.storyForeignMinCoverage) return true;
    if (h.foreign.length > THRESHOLDS.foreignLongMaxTerms || h.matchedWeight < THRESHOLDS.foreignLongMinMatched) return false;
    if (h.coverage >= THRESHOLDS.foreignLongMinCoverage) return true;
    return best && h.coverage >= THRESHOLDS.foreignLongDominantCoverage && (runnerUp === undefined || h.score >= runnerUp.score * THRESHOLDS.foreignLongDominance);
  }
  if (h.coverage >= THRESHOLDS.minCoverage) return true;
  if (h.matchedWeight >= THRESHOLDS.longMinMatched && h.coverage >= THRESHOLDS.longMinCoverage) return true;
  if (!best) return false;
  if (h.coverage >= THRESHOLDS.dominantMinCoverage && (runnerUp === undefined || h.score >= runnerUp.score * THRESHOLDS.dominance)) return true;
  if (h.learned >= THRESHOLDS.learnedMin && h.coverage >= THRESHOLDS.learnedMinCoverage && (runnerUp === undefined || h.score >= runnerUp.score * THRESHOLDS.learnedDominance)) return true;
  return agreed(h, rivals);
}

/** Whether the search and the classifier both put the best hit well ahead of every rival (THRESHOLDS.agree*). */
function agreed(h: FaqHit, rivals: readonly FaqHit[]): boolean {
  const t = THRESHOLDS;
  if (h.coverage < t.agreeMinCoverage || h.learned < t.agreeLearnedMin || h.learned < h.outOfScope * t.agreeOutOfScopeLead) return false;
  const runnerUp = rivals[0];
  if (runnerUp !== undefined && h.score < runnerUp.score * t.agreeScoreLead) return false;
  return rivals.every((r) => h.learned >= r.learned * t.agreeLearnedLead);
}

/** Whether the classifier places the question on an out-of-scope subject rather than on the hit's entry. */
export function learnedOutOfScope(h: FaqHit): boolean {
  const strong = h.outOfScope >= THRESHOLDS.outOfScopeMin && h.outOfScope > h.learned;
  const weak = h.outOfScope >= THRESHOLDS.weakOutOfScopeMin && h.learned <= THRESHOLDS.weakLearnedMax;
  if (!strong && !weak) return false;
  return !(h.coverage >= THRESHOLDS.outOfScopeCoverage && h.phrasing >= THRESHOLDS.outOfScopePhrasing);
}

/**
 * Whether a lower hit may answer in place of the best one (which is not good enough): never one of the
 * other credential family (an exam question is not answered with a microcredential's 25 days because it
 * matched more of its words), nor one the entry classifier rates far below the best ("Failed an mc exam
 * lab. Is the wait 14 days like normal certs?" is no question about exam results).
 */
export function mayStandIn(h: FaqHit, best: FaqHit): boolean {
  return !h.otherFamily && h.learned >= best.learned * THRESHOLDS.standInLearnedShare;
}

/**
 * Whether an answer found for a whole message also answers what its question sentences ask: false when
 * they say enough of their own (THRESHOLDS.questionMinWords) and barely match the entry ("My son's
 * guardian consent is sorted and his account is set up. Which programming language should he learn
 * first?" is no question about teen accounts).
 */
export function answersTheQuestion(hit: FaqHit, questionHits: readonly FaqHit[], questionWords: number): boolean {
  if (questionWords < THRESHOLDS.questionMinWords) return true;
  const own = questionHits.find((h) => h.entry.id === hit.entry.id);
  return own !== undefined && own.coverage > THRESHOLDS.questionMaxCoverage;
}

/** `scale` multiplies the score floors: the pack's score scale (knowledge/calibrate.ts scoreScale). */
export function decide(hits: readonly FaqHit[], scale = 1): Decision {
  const best = hits[0];
  // The best-scoring hit that is good enough; a lower one only when it is not far behind the best
  // (the best then scored on a few words while this one matches the question as a whole) and may
  // stand in for it (mayStandIn).
  const top = hits.find((h, i) => (i === 0 || mayStandIn(h, best!)) && acceptable(h, scale, i === 0 ? hits.slice(1) : [], i === 0));
  if (!best || !top || top.score < best.score * THRESHOLDS.acceptableShareOfBest) return { kind: 'none', best };
  const close = hits.filter(
    (h) =>
      h !== top &&
      acceptable(h, scale) &&
      h.score >= top.score * THRESHOLDS.closeRatio &&
      top.coverage - h.coverage < THRESHOLDS.coverageLead &&
      top.phrasing - h.phrasing < THRESHOLDS.phrasingLead,
  );
  if (close.length === 0) return { kind: 'answer', hit: top };
  return { kind: 'didYouMean', hits: [top, ...close].slice(0, THRESHOLDS.maxChoices) };
}
