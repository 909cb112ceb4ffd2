/**
 * The search index over the knowledge base: one MiniSearch index built once (per knowledge version)
 * over question, alternatives, answer and topic, with field boosts, prefix and fuzzy matching and the
 * domain's language handling (knowledge/text.ts). Results leave this module as typed FaqHit values.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { FaqEntry } from './schema';
import { contentTokens, familyOf, foreignTerms, processTerm, tokenize } from './text';

/** Field boosts and matching options: tuned on test/eval/dev.json with `npm run eval`. */
export const SEARCH_OPTIONS = {
  boost: { question: 2.5, alternatives: 2, answer: 0.6, topic: 0.5 },
  /** Prefix matching for terms of at least this many characters. */
  prefixMinLength: 5,
  /** Fuzzy matching (edit distance ratio) for terms of at least this many characters. */
  fuzzyMinLength: 5,
  fuzzy: 0.25,
  maxFuzzy: 2,
  /**
   * Certification exams and microcredentials have different numbers (14 vs 25 days, 3 years vs 12
   * months): when a question is clearly about one family, entries of the other are scaled by this.
   */
  otherFamilyFactor: 0.25,
} as const;

/** The credential family an entry belongs to, by topic; undefined for entries about neither. */
function entryFamily(entry: FaqEntry): 'microcredential' | 'exam' | undefined {
  if (entry.topic === 'microcredentials') return 'microcredential';
  if (entry.topic === 'certification' || entry.topic === 'scoring' || entry.topic === 'scheduling') return 'exam';
  return undefined;
}

export interface FaqHit {
  readonly entry: FaqEntry;
  /** MiniSearch's relevance score (BM25 with boosts); comparable only within one query. */
  readonly score: number;
  /**
   * Share (0..1) of the query's content words that this entry matched, each word weighted by its
   * rarity in the knowledge base (IDF): "exam" matters less than "voucher"; a word the knowledge base
   * never uses ("price", "EC2") weighs most.
   */
  readonly coverage: number;
  /** The query's content words that matched nothing in this entry. */
  readonly unmatched: readonly string[];
  /** Words of the query that mark another subject (AWS services, other certification programs). */
  readonly foreign: readonly string[];
}

interface IndexedDoc {
  id: string;
  question: string;
  alternatives: string;
  answer: string;
  topic: string;
}

export class KnowledgeIndex {
  private readonly mini: MiniSearch<IndexedDoc>;
  private readonly byId: ReadonlyMap<string, FaqEntry>;
  /** Document frequency of each index term, for the IDF weights of the coverage. */
  private readonly df = new Map<string, number>();

  constructor(readonly entries: readonly FaqEntry[]) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.mini = new MiniSearch<IndexedDoc>({
      fields: ['question', 'alternatives', 'answer', 'topic'],
      storeFields: [],
      tokenize,
      processTerm,
    });
    const docs = entries.map((e) => ({ id: e.id, question: e.question, alternatives: e.alternatives.join(' \n '), answer: e.answer, topic: e.topic }));
    this.mini.addAll(docs);
    for (const d of docs) {
      const terms = new Set(tokenize(`${d.question} ${d.alternatives} ${d.answer} ${d.topic}`).flatMap(processTerm));
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
  }

  /** IDF weight of a query word: the rarest of the terms it stands for. */
  private weight(terms: readonly string[]): number {
    const n = this.entries.length;
    return Math.max(...terms.map((t) => Math.log((n + 1) / ((this.df.get(t) ?? 0) + 0.5))));
  }

  entry(id: string): FaqEntry | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Ranked hits for a user's text, best first; empty when nothing matched at all. */
  search(text: string, limit = 5): FaqHit[] {
    const tokens = contentTokens(text);
    if (tokens.length === 0) return [];
    const query = tokens.flatMap((t) => t.terms).join(' ');
    const results: SearchResult[] = this.mini.search(query, {
      boost: SEARCH_OPTIONS.boost,
      prefix: (term) => term.length >= SEARCH_OPTIONS.prefixMinLength,
      fuzzy: (term) => (term.length >= SEARCH_OPTIONS.fuzzyMinLength ? SEARCH_OPTIONS.fuzzy : false),
      maxFuzzy: SEARCH_OPTIONS.maxFuzzy,
      combineWith: 'OR',
      // The query is already tokenised and processed: split on spaces only, keep terms as they are.
      tokenize: (q) => q.split(' '),
      processTerm: (t) => t,
    });
    const family = familyOf(text);
    const foreign = foreignTerms(text);
    const words = tokens.filter((t) => !t.numeric).map((t) => ({ ...t, weight: this.weight(t.terms) }));
    const total = words.reduce((sum, w) => sum + w.weight, 0);
    const hits = results.flatMap((r): FaqHit[] => {
      const entry = this.byId.get(String(r.id));
      if (!entry) return [];
      const matched = new Set(r.queryTerms);
      const missing = words.filter((t) => !t.terms.some((term) => matched.has(term)));
      const unmatched = missing.map((t) => t.token);
      const coverage = total > 0 ? 1 - missing.reduce((sum, w) => sum + w.weight, 0) / total : 0;
      const other = family !== undefined && entryFamily(entry) !== undefined && entryFamily(entry) !== family;
      return [{ entry, score: other ? r.score * SEARCH_OPTIONS.otherFamilyFactor : r.score, coverage, unmatched, foreign }];
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
