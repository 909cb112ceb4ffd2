/**
 * The BM25 field index behind KnowledgeIndex: the same scores, in the same order, as MiniSearch's
 * `search` with `combineWith: 'OR'` (BM25+ per field, field boosts, prefix and fuzzy expansion with
 * MiniSearch's weights), kept in typed arrays and scored into reused accumulators.
 *
 * Why not MiniSearch's own search: it builds a result object, a term list and a match map for every
 * document a query term meets, for each query term, then combines and sorts them all. A question
 * whose words are shared by thousands of entries (a 10,000-entry pack) spent about 80% of its search
 * time there, while only the best dozen are used. Here a query adds into one Float64Array and keeps
 * the best `limit` documents, nothing per document is allocated. Term lookup, prefix and fuzzy
 * expansion stay MiniSearch's (its radix tree, `minisearch/SearchableMap`), so the expanded terms and
 * their order are MiniSearch's. test/search/fieldIndex.test.ts checks the results against MiniSearch.
 */
import SearchableMap from 'minisearch/SearchableMap';

/** How many query terms' expansions a FieldIndex keeps (derivedTerms). */
const MAX_DERIVED = 10_000;

/** MiniSearch's defaults (weights of prefix and fuzzy matches, BM25+ parameters). */
const DEFAULTS = { weights: { fuzzy: 0.45, prefix: 0.375 }, bm25: { k: 1.2, b: 0.7, d: 0.5 } } as const;

export interface FieldSearchOptions {
  /** Boost per field name; a field not named (or boosted 0) counts 1, as in MiniSearch. */
  readonly boost: Readonly<Record<string, number>>;
  /** Whether a query term is prefix-matched (called after `fuzzy`, per term in order, as MiniSearch does). */
  readonly prefix: (term: string) => boolean;
  /** A query term's fuzziness (edit distance ratio < 1 or absolute distance), or false. */
  readonly fuzzy: (term: string) => number | false;
  readonly maxFuzzy: number;
}

export interface FieldHit {
  /** The document's number (its place in the documents given to the constructor). */
  readonly doc: number;
  readonly score: number;
  /** The query terms that met the document (directly or by prefix or fuzzy match), in query order. */
  readonly queryTerms: string[];
}

/** One document's fields: per field (in `fields` order) its raw tokens and, per token, the index terms it stands for. */
export type FieldDocument = ReadonlyArray<{ readonly tokens: readonly string[]; readonly terms: ReadonlyArray<readonly string[]> }>;

/** A FieldIndex as structured-clone data (toData / fromData): its terms as a list, the rest typed arrays. */
export interface FieldIndexData {
  readonly fields: readonly string[];
  readonly size: number;
  /** [term, term number], in the order the terms were first met. */
  readonly terms: Array<readonly [string, number]>;
  readonly postings: ReadonlyArray<{ readonly start: Int32Array; readonly docs: Int32Array; readonly freqs: Uint16Array }>;
  readonly lengths: readonly Float64Array[];
  readonly averages: readonly number[];
}

export class FieldIndex {
  readonly size: number;
  /** Term -> term number; its radix tree answers prefix and fuzzy lookups. */
  private readonly terms = new SearchableMap<number>();
  /** Per field: the documents holding term t are docs[start[t] .. start[t + 1]) (ascending), their term frequencies alongside. */
  private readonly postings: ReadonlyArray<{ readonly start: Int32Array; readonly docs: Int32Array; readonly freqs: Uint16Array }>;
  /** Per field: each document's length (its distinct raw tokens), and the average. */
  private readonly lengths: readonly Float64Array[];
  private readonly averages: readonly number[];
  /** Scratch reused by every query (the index answers one query at a time: JavaScript is single-threaded). */
  private readonly total: Float64Array;
  private readonly partial: Float64Array;
  private readonly firstSeen: Int32Array;
  private matched = new Uint32Array(0);
  /** derivedTerms' results (not part of the index's data: refilled after a transfer). */
  private readonly derived = new Map<string, readonly number[]>();

  constructor(
    readonly fields: readonly string[],
    documents: readonly FieldDocument[],
  ) {
    const n = documents.length;
    this.size = n;
    const termCount = () => this.terms.size;
    // Terms are numbered in the order MiniSearch would first meet them: document by document, field by field.
    const triples = fields.map(() => ({ term: [] as number[], doc: [] as number[], freq: [] as number[] }));
    const lengths = fields.map(() => new Float64Array(n));
    const averages = fields.map(() => 0);
    const counts = new Map<number, number>();
    documents.forEach((document, d) => {
      fields.forEach((_, f) => {
        const field = document[f] ?? { tokens: [], terms: [] };
        const length = new Set(field.tokens).size;
        lengths[f]![d] = length;
        // MiniSearch's running average, in its order of operations (the same float).
        averages[f] = (averages[f]! * d + length) / (d + 1);
        counts.clear();
        for (const list of field.terms) {
          for (const term of list) {
            let id = this.terms.get(term);
            if (id === undefined) {
              id = termCount();
              this.terms.set(term, id);
            }
            counts.set(id, (counts.get(id) ?? 0) + 1);
          }
        }
        const t = triples[f]!;
        for (const [id, c] of counts) {
          t.term.push(id);
          t.doc.push(d);
          t.freq.push(Math.min(c, 65535));
        }
      });
    });
    const nt = termCount();
    // Counting sort by term (stable: documents stay ascending).
    this.postings = triples.map((t) => {
      const start = new Int32Array(nt + 1);
      for (const id of t.term) start[id + 1]! += 1;
      for (let i = 0; i < nt; i++) start[i + 1] = start[i + 1]! + start[i]!;
      const docs = new Int32Array(t.term.length);
      const freqs = new Uint16Array(t.term.length);
      const at = start.slice(0, nt);
      for (let i = 0; i < t.term.length; i++) {
        const j = at[t.term[i]!]!++;
        docs[j] = t.doc[i]!;
        freqs[j] = t.freq[i]!;
      }
      return { start, docs, freqs };
    });
    this.lengths = lengths;
    this.averages = averages;
    this.total = new Float64Array(n);
    this.partial = new Float64Array(n);
    this.firstSeen = new Int32Array(n).fill(-1);
  }

  /** The index as data another thread can receive (KnowledgeIndex.toData). */
  toData(): FieldIndexData {
    return {
      fields: this.fields,
      size: this.size,
      terms: [...this.terms],
      postings: this.postings,
      lengths: this.lengths,
      averages: this.averages,
    };
  }

  /** The index toData() described (its radix tree rebuilt from the term list, in the same order). */
  static fromData(data: FieldIndexData): FieldIndex {
    const index = Object.create(FieldIndex.prototype) as FieldIndex;
    const terms = new SearchableMap<number>();
    for (const [term, id] of data.terms) terms.set(term, id);
    return Object.assign(index, {
      fields: data.fields,
      size: data.size,
      terms,
      postings: data.postings,
      lengths: data.lengths,
      averages: data.averages,
      total: new Float64Array(data.size),
      partial: new Float64Array(data.size),
      firstSeen: new Int32Array(data.size).fill(-1),
      matched: new Uint32Array(0),
      derived: new Map(),
    });
  }

  /** Whether the index holds this term. */
  has(term: string): boolean {
    return this.terms.has(term);
  }

  /**
   * The best `limit` documents for the query terms (OR), as MiniSearch's search(terms.join(' '), options)
   * would rank them: score = (sum of the terms' BM25+ field scores) x (number of distinct query terms met),
   * ties in the order the documents were first met.
   */
  search(queryTerms: readonly string[], options: FieldSearchOptions, limit: number): FieldHit[] {
    const { total, partial, firstSeen } = this;
    const unique = [...new Set(queryTerms)];
    const words = Math.max(1, Math.ceil(unique.length / 32));
    if (this.matched.length < this.size * words) this.matched = new Uint32Array(this.size * words);
    const matched = this.matched;
    const seen: number[] = [];
    const boosts = this.fields.map((f) => options.boost[f] || 1);
    for (const term of queryTerms) {
      const u = unique.indexOf(term);
      const fuzzy = options.fuzzy(term);
      const prefix = options.prefix(term);
      const maxDistance = fuzzy === false ? 0 : fuzzy < 1 ? Math.min(options.maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
      const touched: number[] = [];
      const derived = this.derivedTerms(term, maxDistance, prefix);
      for (let i = 0; i < derived.length; i += 2) this.score(derived[i]!, derived[i + 1]!, boosts, touched);
      // This term's sum joins the running total (MiniSearch's OR combination, in its order).
      const bit = 1 << (u % 32);
      for (const d of touched) {
        total[d] = total[d]! + partial[d]!;
        partial[d] = 0;
        matched[d * words + ((u / 32) | 0)]! |= bit;
        if (firstSeen[d] === -1) {
          firstSeen[d] = seen.length;
          seen.push(d);
        }
      }
    }
    // The best `limit`, by score then first met, kept in a small sorted array.
    const best: Array<{ doc: number; score: number }> = [];
    for (const d of seen) {
      let met = 0;
      for (let w = 0; w < words; w++) met += popcount(matched[d * words + w]!);
      const score = total[d]! * (met || 1);
      if (best.length === limit && !(score > best[limit - 1]!.score)) continue;
      let i = best.length < limit ? best.length : limit - 1;
      if (best.length < limit) best.push({ doc: d, score });
      while (i > 0 && score > best[i - 1]!.score) {
        best[i] = best[i - 1]!;
        i -= 1;
      }
      best[i] = { doc: d, score };
    }
    const hits = best.map(({ doc, score }) => ({
      doc,
      score,
      queryTerms: unique.filter((_, u) => (matched[doc * words + ((u / 32) | 0)]! & (1 << (u % 32))) !== 0),
    }));
    for (const d of seen) {
      total[d] = 0;
      firstSeen[d] = -1;
      for (let w = 0; w < words; w++) matched[d * words + w] = 0;
    }
    return hits;
  }

  /**
   * The index terms a query term stands for, with their weights, flat ([term number, weight, ...]), in
   * MiniSearch's order: the term itself, its prefix matches, then its other fuzzy matches (within
   * `maxDistance`). A pure function of the index: kept per (term, maxDistance, prefix) for the index's
   * life, as the radix tree's fuzzy walk is the costly part of a query; at most MAX_DERIVED kept.
   */
  private derivedTerms(term: string, maxDistance: number, prefix: boolean): readonly number[] {
    const key = `${maxDistance}${prefix ? '+' : '-'}${term}`;
    const cached = this.derived.get(key);
    if (cached) return cached;
    const out: number[] = [];
    const add = (t: string, weight: number): void => {
      const id = this.terms.get(t);
      if (id !== undefined) out.push(id, weight);
    };
    add(term, 1);
    let fuzzyMatches: Map<string, [number, number]> | undefined;
    if (maxDistance) fuzzyMatches = this.terms.fuzzyGet(term, maxDistance);
    if (prefix) {
      for (const [t] of this.terms.atPrefix(term)) {
        const distance = t.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(t);
        add(t, (DEFAULTS.weights.prefix * t.length) / (t.length + 0.3 * distance));
      }
    }
    if (fuzzyMatches) {
      for (const [t, [, distance]] of fuzzyMatches) {
        if (!distance) continue;
        add(t, (DEFAULTS.weights.fuzzy * t.length) / (t.length + distance));
      }
    }
    if (this.derived.size < MAX_DERIVED) this.derived.set(key, out);
    return out;
  }

  /** Adds one (possibly derived) term's BM25+ scores, field by field, into `partial`. */
  private score(id: number, weight: number, boosts: readonly number[], touched: number[]): void {
    const { k, b, d: delta } = DEFAULTS.bm25;
    const n = this.size;
    const partial = this.partial;
    for (let f = 0; f < this.fields.length; f++) {
      const { start, docs, freqs } = this.postings[f]!;
      const from = start[id]!;
      const to = start[id + 1]!;
      if (from === to) continue;
      const df = to - from;
      const lengths = this.lengths[f]!;
      const average = this.averages[f]!;
      const factor = weight * boosts[f]!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let j = from; j < to; j++) {
        const d = docs[j]!;
        const tf = freqs[j]!;
        const raw = idf * (delta + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[d]!) / average)));
        // Every score is positive: a zero sum means the document is new to this query term.
        if (partial[d] === 0) touched.push(d);
        partial[d] = partial[d]! + factor * raw;
      }
    }
  }
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
