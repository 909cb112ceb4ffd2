/**
 * The search index over the knowledge base: one BM25 field index (knowledge/fieldIndex.ts, MiniSearch's
 * scoring) built once (per knowledge version) over question, alternatives, answer and topic, each entry
 * tokenised once (analysePack), with field boosts, prefix and fuzzy matching and the
 * domain's language handling (knowledge/text.ts), plus an entry classifier trained on the entries'
 * phrasings (knowledge/classifier.ts) whose probabilities re-rank the hits. Results leave this module as
 * typed FaqHit values.
 */
import { type ClassifierStats, EntryClassifier } from './classifier';
import { englishRank } from './english';
import { type FieldDocument, FieldIndex, type FieldIndexData } from './fieldIndex';
import type { ContentPack } from './pack';
import type { FaqEntry } from './schema';
import { ANY_CODE, TextModel } from './text';

/** The classifier's label for an out-of-scope subject of the pack (out-of-scope.json). */
export const OOS_PREFIX = 'oos:';

/** The share of an entry's phrasings that must use an out-of-scope subject's words for the entry to own it. */
const OWN_SUBJECT_SHARE = 0.3;

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
   * Whether a query term the index holds as it is is also matched fuzzily: no (its neighbours by one
   * or two letters are other words), which spares MiniSearch scoring their documents too (about 20%
   * of search time at 10,000 entries, npm run bench:scale).
   */
  fuzzyKnownTerms: false,
  /**
   * Families of the pack (lexicon.json) have different numbers: when a question is clearly about one
   * family, entries of the other are scaled by this. (An entry of a family the question does not name
   * is scaled by that family's own `unnamedFactor`.)
   */
  otherFamilyFactor: 0.25,
  /**
   * Nearest-phrasing re-ranking: each hit's score is multiplied by (phrasingFloor + sim) ^ phrasingPower, where
   * sim (0..1) is how closely the question matches the entry's closest phrasing (its question or one
   * of its alternatives): the harmonic mean of the share of the question's words the phrasing holds
   * and the share of the phrasing's words the question holds, both IDF-weighted. This is what picks
   * "exam results" over "exam result invalidated" when BM25 alone scores them alike.
   */
  phrasingFloor: 0.2,
  phrasingPower: 3,
  /**
   * Typo correction before stemming: a query word the knowledge base never uses is replaced by the
   * knowledge base word (or stop word, synonym) within this many edits (transpositions count one),
   * for words of at least `correctMinLength` characters; longer words (>= correctLongLength) may be
   * two edits away.
   */
  correctMinLength: 4,
  correctLongLength: 8,
  /** ...but never a word this common in everyday English (knowledge/english.ts), which is no typo. */
  correctMaxEnglishRank: 20000,
  /**
   * Work per message is bounded whatever its words: at most this many words are typo-corrected against
   * the vocabulary, and at most `maxExpansions` words are expanded by fuzzy and prefix matching (the rest
   * count as they are). Only useful results are cached, so junk words cannot fill the caches.
   */
  maxCorrections: 6,
  maxExpansions: 12,
  /** How many of MiniSearch's results (by BM25 score) are re-ranked by phrasing; the rest are dropped. */
  rerankDepth: 12,
  /** How much a long message's question sentences weigh beside the whole message (searchMessage). */
  focusWeight: 0.5,
  /** A query word met only by fuzzy or prefix matching counts this much in the phrasing similarity. */
  approximateMatch: 0.8,
  /**
   * A query word the knowledge base never uses weighs the most any word can, times a factor that grows
   * with its rarity in everyday English (knowledge/english.ts): log(rank) / log(unknownFullRank), at
   * least `unknownMinFactor`; a word ranked past `unknownFullRank`, or not listed at all, weighs fully.
   */
  unknownFullRank: 30000,
  unknownMinFactor: 0.3,
  /**
   * The entry classifier's say (knowledge/classifier.ts): each hit's score is multiplied by
   * ((classifierFloor + p) / (classifierFloor + pBest)) ^ classifierPower, p being the classifier's
   * probability for the hit's entry and pBest the highest it gives any entry it weighed (the re-ranked hits
   * and the entries competing for the question).
   */
  classifierFloor: 0.2,
  classifierPower: 1,
} as const;


export interface FaqHit {
  readonly entry: FaqEntry;
  /** The relevance score (MiniSearch's BM25 with boosts, knowledge/fieldIndex.ts); comparable only within one query. */
  readonly score: number;
  /**
   * Share (0..1) of the query's content words that this entry matched, each word weighted by its
   * rarity in the knowledge base (IDF): "exam" matters less than "voucher"; a word the knowledge base
   * never uses ("price", "EC2") weighs most.
   */
  readonly coverage: number;
  /**
   * The IDF weight of the query's words that this entry matched (coverage x the query's total weight):
   * a long question that matches several rare words of an entry is on topic even at a low coverage.
   */
  readonly matchedWeight: number;
  /** The query's content words that matched nothing in this entry (and foreign phrasings, in brackets). */
  readonly unmatched: readonly string[];
  /** Words of the query that mark another subject (AWS services, other certification programs). */
  readonly foreign: readonly string[];
  /** Similarity (0..1) of the question to the entry's closest phrasing (question or alternative). */
  readonly phrasing: number;
  /** The question is about another certification program (it names one and not AWS): never an answer. */
  readonly otherProgram: boolean;
  /**
   * An uncovered subject's phrasing (FOREIGN_PATTERNS) is in the part of the message that asks (its
   * question sentences, or all of a short message), not only in the story around it.
   */
  readonly askedForeign: boolean;
  /**
   * Every other subject the message names is in the story around its question: the question sentences
   * (questionFocus) name none ("...big Bedrock announcement at re:Invent. Do new launches get added to
   * the exams straight away?").
   */
  readonly foreignInStory: boolean;
  /** The question is clearly about the other credential family (exams vs microcredentials). */
  readonly otherFamily: boolean;
  /** The entry classifier's probability (0..1) that the question asks for this entry. */
  readonly learned: number;
  /** The classifier's probability (0..1) that the question is on one of the pack's out-of-scope subjects. */
  readonly outOfScope: number;
  /** The out-of-scope subject it rates highest, when the pack has examples for any, and its own probability. */
  readonly outOfScopeSubject?: string;
  readonly outOfScopeSubjectP?: number;
}

/** The fields searched (their boosts are SEARCH_OPTIONS.boost): an entry's alternatives form one field. */
export const INDEX_FIELDS = ['question', 'alternatives', 'answer', 'topic'] as const;

/** One entry's text, tokenised: its phrasings (question first, then alternatives), answer and topic. */
interface AnalysedEntry {
  readonly phrasings: ReadonlyArray<readonly string[]>;
  readonly answer: readonly string[];
  readonly topic: readonly string[];
}

/**
 * The pack's entries tokenised once (TextModel.tokenize per phrasing, answer and topic, each distinct
 * word kept once in memory), and the index terms of each distinct word worked out once (`termsOf`, a
 * cache of TextModel.processTerm for this build).
 */
export function analysePack(entries: readonly FaqEntry[], text: TextModel): { readonly entries: readonly AnalysedEntry[]; readonly termsOf: (token: string) => readonly string[] } {
  const cache = new Map<string, readonly string[]>();
  const termsOf = (token: string): readonly string[] => {
    let terms = cache.get(token);
    if (terms === undefined) {
      terms = text.processTerm(token);
      cache.set(token, terms);
    }
    return terms;
  };
  const words = new Map<string, string>();
  const tokenize = (s: string): string[] =>
    text.tokenize(s).map((t) => {
      const kept = words.get(t);
      if (kept !== undefined) return kept;
      words.set(t, t);
      return t;
    });
  return { entries: entries.map((e) => ({ phrasings: [e.question, ...e.alternatives].map(tokenize), answer: tokenize(e.answer), topic: tokenize(e.topic) })), termsOf };
}

/** An analysed entry as the field index's document (INDEX_FIELDS: the alternatives form one field). */
export function fieldDocument(a: AnalysedEntry, termsOf: (token: string) => readonly string[]): FieldDocument {
  const field = (tokens: readonly string[]) => ({ tokens, terms: tokens.map(termsOf) });
  return [field(a.phrasings[0]!), field(a.phrasings.slice(1).flat()), field(a.answer), field(a.topic)];
}

/** A built KnowledgeIndex as structured-clone data (KnowledgeIndex.toData / fromData). */
export interface KnowledgeIndexData {
  /** The index's own fields but its caches, its TextModel and its field index. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The field index (knowledge/fieldIndex.ts); its term list is the long part. */
  readonly search: FieldIndexData;
}

export class KnowledgeIndex {
  /** BM25 over the entries' fields (knowledge/fieldIndex.ts). */
  private readonly fieldIndex: FieldIndex;
  private readonly byId: ReadonlyMap<string, FaqEntry>;
  /** Document frequency of each index term, for the IDF weights of the coverage. */
  private readonly df = new Map<string, number>();
  /**
   * The entries' phrasings (question and alternatives, those with index terms), held by number: the
   * terms of entry e's phrasings are phrasingTerm[entryTerms[e] .. entryTerms[e + 1]) (ascending term
   * numbers), and the phrasings holding the j-th of them are phrasingOf[termPhrasings[j] .. termPhrasings[j + 1])
   * (ascending, numbered within the entry). Each phrasing's total term weight is phrasingTotal[phrasingStart[e] + i].
   * Only the phrasings sharing a term with the query are visited.
   */
  private readonly phrasingTermId = new Map<string, number>();
  private readonly phrasingTermWeight: Float64Array;
  private readonly entryTerms: Int32Array;
  private readonly phrasingTerm: Int32Array;
  private readonly termPhrasings: Int32Array;
  private readonly phrasingOf: Int32Array;
  private readonly phrasingStart: Int32Array;
  private readonly phrasingTotal: Float64Array;
  /** Every index term, for the fuzzy and prefix expansion of query words. */
  private readonly vocabulary: readonly string[];
  /** Raw words of the knowledge base (and known stop words, synonyms, foreign terms) with their counts. */
  private readonly lexicon = new Map<string, number>();
  private readonly corrections = new Map<string, string>();
  /** Each query term's fuzzy and prefix expansion (fixed for this index), cached like the corrections. */
  private readonly expansions = new Map<string, ReadonlyArray<readonly [number, number]>>();
  /** phrasingSimilarity's scratch space, made at its first call (not part of the index's data). */
  private scratch?: { readonly queryShare: Float64Array; readonly phraseMet: Float64Array; readonly best: Float64Array; readonly credit: Float64Array };
  /** Trained on the entries' phrasings (and the out-of-scope examples) when the index is built. */
  private readonly classifier: EntryClassifier;
  /** Per entry, the out-of-scope words and phrasings its own phrasings use: never foreign to that entry. */
  private readonly ownForeign = new Map<string, ReadonlySet<string>>();
  /** The pack's language handling. */
  readonly text: TextModel;
  /** Entries that answer a subject also listed as out of scope (a load warning for the content owner). */
  readonly overlaps: string[] = [];
  readonly entries: readonly FaqEntry[];

  constructor(readonly pack: ContentPack) {
    const entries = pack.entries;
    this.entries = entries;
    const text = new TextModel(pack.lexicon);
    this.text = text;
    this.byId = new Map(entries.map((e) => [e.id, e]));
    // Each entry's text is tokenised once, and each distinct word turned into index terms once: the
    // field index, the term statistics, the phrasings and the classifier all use this one analysis.
    const analysed = analysePack(entries, text);
    const { termsOf } = analysed;
    this.fieldIndex = new FieldIndex(
      INDEX_FIELDS,
      analysed.entries.map((a) => fieldDocument(a, termsOf)),
    );
    analysed.entries.forEach(({ phrasings, answer, topic }) => {
      const terms = new Set<string>();
      for (const tokens of [...phrasings, answer, topic]) {
        for (const t of tokens) {
          for (const term of termsOf(t)) terms.add(term);
          this.lexicon.set(t, (this.lexicon.get(t) ?? 0) + 1);
        }
      }
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    });
    // In phrasings, any code stands for "a code": "does my SAA-C03 expire" is as close to "does my
    // CLF-C02 expire" as to itself.
    const codes = (terms: string[]) => terms.map((t) => (text.isCode(t) ? ANY_CODE : t));
    let codeDf = 0;
    const sets = new Map<string, Array<Set<string>>>();
    entries.forEach((e, i) => {
      const entrySets = analysed.entries[i]!.phrasings.map((tokens) => new Set(codes(tokens.flatMap(termsOf))));
      if (entrySets.some((set) => set.has(ANY_CODE))) codeDf += 1;
      sets.set(e.id, entrySets.filter((set) => set.size > 0));
    });
    this.vocabulary = [...this.df.keys()];
    this.df.set(ANY_CODE, codeDf);
    // The phrasings' term weights depend on the index only: computed once here, not per search.
    const termWeights: number[] = [];
    const totals: number[] = [];
    const entryTerms = [0];
    const phrasingTerm: number[] = [];
    const termPhrasings = [0];
    const phrasingOf: number[] = [];
    const phrasingStart = [0];
    for (const entrySets of sets.values()) {
      const byTerm = new Map<number, number[]>();
      entrySets.forEach((set, i) => {
        let total = 0;
        for (const t of set) {
          let id = this.phrasingTermId.get(t);
          if (id === undefined) {
            id = termWeights.length;
            this.phrasingTermId.set(t, id);
            termWeights.push(Math.max(0, this.termWeight(t)));
          }
          total += termWeights[id]!;
          const l = byTerm.get(id) ?? [];
          l.push(i);
          byTerm.set(id, l);
        }
        totals.push(total);
      });
      phrasingStart.push(totals.length);
      for (const id of [...byTerm.keys()].sort((x, y) => x - y)) {
        phrasingTerm.push(id);
        phrasingOf.push(...byTerm.get(id)!);
        termPhrasings.push(phrasingOf.length);
      }
      entryTerms.push(phrasingTerm.length);
    }
    this.phrasingTermWeight = Float64Array.from(termWeights);
    this.phrasingTotal = Float64Array.from(totals);
    this.entryTerms = Int32Array.from(entryTerms);
    this.phrasingTerm = Int32Array.from(phrasingTerm);
    this.termPhrasings = Int32Array.from(termPhrasings);
    this.phrasingOf = Int32Array.from(phrasingOf);
    this.phrasingStart = Int32Array.from(phrasingStart);
    for (const w of text.knownWords()) if (!this.lexicon.has(w)) this.lexicon.set(w, 0);
    // An entry on a subject the pack also lists as out of scope (its question, or a good share of its
    // phrasings, uses that subject's words or phrasings) answers it: the overlap is reported, not vetoed.
    // A word met once among many phrasings is incidental and still counts against the entry.
    entries.forEach((e, i) => {
      const phrasings = [e.question, ...e.alternatives];
      const tokens = analysed.entries[i]!.phrasings;
      const counts = new Map<string, number>();
      const inQuestion = new Set(text.foreignTerms(e.question, tokens[0]));
      phrasings.forEach((p, j) => {
        for (const f of new Set(j === 0 ? inQuestion : text.foreignTerms(p, tokens[j]))) counts.set(f, (counts.get(f) ?? 0) + 1);
      });
      const own = new Set([...counts].filter(([f, n]) => inQuestion.has(f) || n / phrasings.length >= OWN_SUBJECT_SHARE).map(([f]) => f));
      if (own.size > 0) {
        this.ownForeign.set(e.id, own);
        this.overlaps.push(`entry "${e.id}" is on a subject listed as out of scope (${[...own].join(', ')}): it answers it`);
      }
    });
    // The out-of-scope subjects with examples are classes of their own: the classifier learns what the
    // pack does not answer from the same kind of evidence as what it does. A subject an entry owns
    // (above) is left out: that entry answers it now.
    const owned = new Set([...this.ownForeign.values()].flatMap((set) => [...set]));
    const subjects = pack.outOfScope.subjects.filter((x) => x.examples.length > 0 && !owned.has(`[${x.id}]`));
    // A generator: each phrasing's feature strings are made when the classifier reads them, and die young.
    const examples = function* (): Generator<{ label: string; features: string[] }> {
      for (let i = 0; i < entries.length; i++) for (const tokens of analysed.entries[i]!.phrasings) yield { label: entries[i]!.id, features: text.features(tokens, termsOf) };
      for (const x of subjects) for (const p of x.examples) yield { label: `${OOS_PREFIX}${x.id}`, features: text.features(text.tokenize(p), termsOf) };
    };
    this.classifier = new EntryClassifier(examples());
  }

  /**
   * The built index as data a worker thread can post (structured clone: plain objects, Maps, Sets,
   * arrays, typed arrays, RegExps), for fromData() on another thread: no training there. The caches
   * stay behind (they refill), the language handling is rebuilt from the pack's lexicon, the field index
   * goes as its own data (FieldIndex.toData). Every other field travels as it is; a field holding an
   * instance of a class loses its prototype in the clone, so knowledge/transfer.ts lists such objects to revive.
   */
  toData(): KnowledgeIndexData {
    const { fieldIndex, text, corrections, expansions, scratch, ...fields } = this as unknown as Record<string, unknown>;
    void [fieldIndex, text, corrections, expansions, scratch];
    return { fields, search: this.fieldIndex.toData() };
  }

  /**
   * The index toData() described, its fields' classes already revived (knowledge/transfer.ts). The field
   * index's radix tree is rebuilt in one go: a few ms at 10,000 entries.
   */
  static fromData(data: KnowledgeIndexData): KnowledgeIndex {
    const text = new TextModel((data.fields.pack as ContentPack).lexicon);
    const index = Object.create(KnowledgeIndex.prototype) as KnowledgeIndex;
    return Object.assign(index, data.fields, { text, fieldIndex: FieldIndex.fromData(data.search), corrections: new Map(), expansions: new Map() });
  }

  /** The out-of-scope words and phrasings of a message that count against an entry (not its own phrasings'). */
  private foreignFor(entryId: string, foreign: readonly string[]): readonly string[] {
    const own = this.ownForeign.get(entryId);
    return own ? foreign.filter((f) => !own.has(f)) : foreign;
  }

  /** A query word, or the knowledge base word it is most likely a typo of (see SEARCH_OPTIONS). */
  correct(token: string, budget?: { corrections: number }): string {
    if (this.lexicon.has(token) || token.length < SEARCH_OPTIONS.correctMinLength - 1 || /\d/.test(token)) return token;
    // A three-letter word is only read as a longer word with one letter left out ("lng", "pas", "hav").
    const short = token.length < SEARCH_OPTIONS.correctMinLength;
    // A real, everyday English word is what the user meant ("spare" is not a typo of "share").
    const rank = englishRank(token);
    if (rank !== undefined && rank <= SEARCH_OPTIONS.correctMaxEnglishRank) return token;
    const cached = this.corrections.get(token);
    if (cached !== undefined) return cached;
    if (budget) {
      if (budget.corrections <= 0) return token;
      budget.corrections -= 1;
    }
    const max = token.length >= SEARCH_OPTIONS.correctLongLength ? 2 : 1;
    let best = token;
    let bestDistance = max + 1;
    let bestCount = -1;
    for (const [word, count] of this.lexicon) {
      if (Math.abs(word.length - token.length) > max || word.length < SEARCH_OPTIONS.correctMinLength) continue;
      if (short && word.length !== token.length + 1) continue;
      const d = editDistance(token, word, max);
      if (d > max) continue;
      // Nearest first; then the same first letter; then a letter left out or doubled (the commonest
      // typo: "redy" is "ready" before "redo", "pasing" is "passing" before "paying"); then the word
      // the knowledge base uses more.
      const sameFirst = (word[0] === token[0]) === (best[0] === token[0]);
      const omission = (word.length !== token.length) > (best.length !== token.length);
      const sameKind = (word.length !== token.length) === (best.length !== token.length);
      const better =
        d < bestDistance ||
        (d === bestDistance && (word[0] === token[0]) > (best[0] === token[0])) ||
        (d === bestDistance && sameFirst && omission) ||
        (d === bestDistance && sameFirst && sameKind && count > bestCount);
      if (better) {
        best = word;
        bestDistance = d;
        bestCount = count;
      }
    }
    // Only real corrections are kept: a junk word that meets nothing is not worth a place in the cache.
    if (best !== token && this.corrections.size < 10_000) this.corrections.set(token, best);
    return best;
  }

  /** IDF weight of one index term. */
  private termWeight(term: string): number {
    return Math.log((this.entries.length + 1) / ((this.df.get(term) ?? 0) + 0.5));
  }

  /**
   * The phrasing terms (by number, phrasingTermId) a query word can meet, with how much each counts (1
   * exact, less for fuzzy or prefix matches), following the same prefix and fuzzy rules as the search
   * itself; in the order of the words' expansions, each term once at its best credit.
   */
  private expand(terms: readonly string[], budget?: { expansions: number }): ReadonlyArray<readonly [number, number]> {
    if (terms.length === 1) return this.expandTerm(terms[0]!, budget);
    const out: Array<[number, number]> = [];
    const at = new Map<number, number>();
    for (const t of terms) {
      for (const [id, credit] of this.expandTerm(t, budget)) {
        const i = at.get(id);
        if (i === undefined) {
          at.set(id, out.length);
          out.push([id, credit]);
        } else if (credit > out[i]![1]) out[i]![1] = credit;
      }
    }
    return out;
  }

  /** One term's expansion (expand), as the phrasing terms it meets. */
  private expandTerm(t: string, budget?: { expansions: number }): ReadonlyArray<readonly [number, number]> {
    const cached = this.expansions.get(t);
    if (cached) return cached;
    const out = new Map<string, number>([[t, 1]]);
    if (this.text.isCode(t)) out.set(ANY_CODE, 1);
    if (budget) {
      if (budget.expansions <= 0) return this.phrasingTermsOf(out);
      budget.expansions -= 1;
    }
    const prefix = t.length >= SEARCH_OPTIONS.prefixMinLength;
    const maxDistance = t.length >= SEARCH_OPTIONS.fuzzyMinLength ? Math.min(SEARCH_OPTIONS.maxFuzzy, Math.round(t.length * SEARCH_OPTIONS.fuzzy)) : 0;
    if (prefix || maxDistance > 0) {
      for (const v of this.vocabulary) {
        if (out.has(v)) continue;
        if ((prefix && v.startsWith(t)) || (maxDistance > 0 && Math.abs(v.length - t.length) <= maxDistance && editDistance(t, v, maxDistance) <= maxDistance)) {
          out.set(v, SEARCH_OPTIONS.approximateMatch);
        }
      }
    }
    const terms = this.phrasingTermsOf(out);
    // Cached only for a term the index knows or one that met something: junk cannot fill the cache.
    if ((this.df.has(t) || out.size > 1) && this.expansions.size < 10_000) this.expansions.set(t, terms);
    return terms;
  }

  /** The terms of an expansion that phrasings hold, by number, in the expansion's order. */
  private phrasingTermsOf(expansion: ReadonlyMap<string, number>): ReadonlyArray<readonly [number, number]> {
    const out: Array<readonly [number, number]> = [];
    for (const [term, credit] of expansion) {
      const id = this.phrasingTermId.get(term);
      if (id !== undefined) out.push([id, credit]);
    }
    return out;
  }

  /** Scratch space of phrasingSimilarity, sized for the largest entry (all zero between calls). */
  private similarityScratch(): { readonly queryShare: Float64Array; readonly phraseMet: Float64Array; readonly best: Float64Array; readonly credit: Float64Array } {
    if (this.scratch === undefined) {
      let phrasings = 0;
      let terms = 0;
      for (let e = 0; e + 1 < this.phrasingStart.length; e++) phrasings = Math.max(phrasings, this.phrasingStart[e + 1]! - this.phrasingStart[e]!);
      for (let e = 0; e + 1 < this.entryTerms.length; e++) terms = Math.max(terms, this.entryTerms[e + 1]! - this.entryTerms[e]!);
      this.scratch = { queryShare: new Float64Array(phrasings), phraseMet: new Float64Array(phrasings), best: new Float64Array(phrasings), credit: new Float64Array(terms) };
    }
    return this.scratch;
  }

  /**
   * Similarity of the query words to the entry's closest phrasing (see SEARCH_OPTIONS.phrasingFloor):
   * computed through the entry's term postings, so only phrasings sharing a term with the query are
   * visited. Adds into reused scratch arrays (nothing allocated per phrasing or term).
   */
  private phrasingSimilarity(e: number, words: ReadonlyArray<{ weight: number; phrasingTerms: ReadonlyArray<readonly [number, number]> }>, total: number): number {
    const first = this.phrasingStart[e]!;
    const count = this.phrasingStart[e + 1]! - first;
    if (count === 0 || total <= 0) return 0;
    const { phrasingTerm, termPhrasings, phrasingOf } = this;
    const from = this.entryTerms[e]!;
    const to = this.entryTerms[e + 1]!;
    // Per phrasing: the query's matched weight (each word counted once, at its best credit there) and
    // the phrasing's matched weight (each of its terms at the best credit any query word gives it).
    // `credit` holds each of the entry's terms' best credit (by its place from `from`), `met` those
    // terms in the order first met; `best` a word's best credit per phrasing, `touched` those phrasings.
    const { queryShare, phraseMet, best, credit } = this.similarityScratch();
    const met: number[] = [];
    const touched: number[] = [];
    for (const w of words) {
      for (const [id, c] of w.phrasingTerms) {
        // Where the entry holds term `id` (an index into phrasingTerm), if it does.
        let lo = from;
        let hi = to - 1;
        let j = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const v = phrasingTerm[mid]!;
          if (v === id) {
            j = mid;
            break;
          }
          if (v < id) lo = mid + 1;
          else hi = mid - 1;
        }
        if (j < 0) continue;
        if (c > credit[j - from]!) {
          if (credit[j - from] === 0) met.push(j);
          credit[j - from] = c;
        }
        for (let k = termPhrasings[j]!; k < termPhrasings[j + 1]!; k++) {
          const i = phrasingOf[k]!;
          if (c > best[i]!) {
            if (best[i] === 0) touched.push(i);
            best[i] = c;
          }
        }
      }
      for (const i of touched) {
        queryShare[i] = queryShare[i]! + w.weight * best[i]!;
        best[i] = 0;
      }
      touched.length = 0;
    }
    for (const j of met) {
      const weight = this.phrasingTermWeight[phrasingTerm[j]!]!;
      const c = credit[j - from]!;
      credit[j - from] = 0;
      for (let k = termPhrasings[j]!; k < termPhrasings[j + 1]!; k++) {
        const i = phrasingOf[k]!;
        phraseMet[i] = phraseMet[i]! + weight * c;
      }
    }
    let bestSim = 0;
    for (let i = 0; i < count; i++) {
      const q = queryShare[i]! / total;
      const phraseTotal = this.phrasingTotal[first + i]!;
      const p = phraseTotal > 0 ? phraseMet[i]! / phraseTotal : 0;
      const sim = q + p > 0 ? (2 * q * p) / (q + p) : 0;
      if (sim > bestSim) bestSim = sim;
      queryShare[i] = 0;
      phraseMet[i] = 0;
    }
    return bestSim;
  }

  /**
   * IDF weight of a query word: the rarest of the terms it stands for. A word the knowledge base never
   * uses weighs by how rare it is in everyday English (SEARCH_OPTIONS.unknownFullRank).
   */
  private weight(token: string, terms: readonly string[]): number {
    if (terms.some((t) => this.df.has(t))) return Math.max(...terms.map((t) => this.termWeight(t)));
    const full = this.termWeight('\u0000');
    const rank = englishRank(token);
    if (rank === undefined) return full;
    const factor = Math.log(rank) / Math.log(SEARCH_OPTIONS.unknownFullRank);
    return full * Math.min(1, Math.max(SEARCH_OPTIONS.unknownMinFactor, factor));
  }

  /** What the entry classifier holds and how long it trained (for npm run bench:scale). */
  classifierStats(): ClassifierStats {
    return this.classifier.stats();
  }

  entry(id: string): FaqEntry | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Ranked hits for a user's message. A message with a story around its question (questionFocus) is
   * searched twice, whole and on its question sentences, and each entry ranked by the two scores
   * together (each relative to its search's best, the question part weighing SEARCH_OPTIONS.focusWeight):
   * the story keeps the context ("my microcredential expired..."), the question says what is asked.
   * Message-level facts (foreign words, another program) come from the whole message. `question` holds
   * the question sentences' own hits (undefined for a message without a story), for a caller that
   * cannot place the message as a whole, and `questionWords` the number of content words they hold.
   */
  searchMessage(text: string, limit = 5): { readonly hits: FaqHit[]; readonly question?: FaqHit[]; readonly questionWords?: number } {
    const focus = this.text.questionFocus(text);
    const whole = this.searchText(text, 10, focus);
    if (focus === undefined) return { hits: whole.slice(0, limit) };
    // The question sentences are all "asked": they have no story of their own (questionFocus is undefined for them).
    const part = this.searchText(focus, 10, undefined);
    const question = part.slice(0, limit);
    // How much the question sentences say of their own (content words, numbers aside).
    const questionWords = this.text.contentTokens(focus).filter((t) => !t.numeric).length;
    const first = whole[0];
    const partBest = part[0];
    if (first === undefined || partBest === undefined || SEARCH_OPTIONS.focusWeight <= 0) return { hits: whole.slice(0, limit), question, questionWords };
    const w = SEARCH_OPTIONS.focusWeight;
    const scale = Math.max(first.score, partBest.score) / (1 + w);
    const byId = new Map<string, { whole?: FaqHit; part?: FaqHit }>();
    for (const h of whole) byId.set(h.entry.id, { whole: h });
    for (const h of part) byId.set(h.entry.id, { ...byId.get(h.entry.id), part: h });
    const merged = [...byId.values()].map(({ whole: a, part: b }): FaqHit => {
      const relative = (a ? a.score / first.score : 0) + w * (b ? b.score / partBest.score : 0);
      const base = b && (!a || b.coverage > a.coverage) ? b : (a ?? b)!;
      return { ...base, score: relative * scale, foreign: this.foreignFor(base.entry.id, first.foreign), askedForeign: first.askedForeign, foreignInStory: first.foreignInStory, otherProgram: first.otherProgram };
    });
    return { hits: merged.sort((x, y) => y.score - x.score).slice(0, limit), question, questionWords };
  }

  /** Ranked hits for a user's text, best first; empty when nothing matched at all. */
  search(text: string, limit = 5): FaqHit[] {
    return this.searchText(text, limit, this.text.questionFocus(text));
  }

  /** search(), with the text's question sentences (questionFocus) already worked out. */
  private searchText(text: string, limit: number, focus: string | undefined): FaqHit[] {
    const model = this.text;
    const budget = { corrections: SEARCH_OPTIONS.maxCorrections, expansions: SEARCH_OPTIONS.maxExpansions };
    const correctedTokens = model.tokenize(text).map((t) => this.correct(t, budget));
    const corrected = correctedTokens.join(' ');
    const tokens = model.contentTokens(corrected);
    if (tokens.length === 0) return [];
    const family = model.familyOf(corrected);
    const foreign = model.foreignTerms(text);
    const otherProgram = model.namesOtherProgram(text);
    const focusForeign = focus === undefined ? undefined : model.foreignTerms(focus);
    const askedForeign = foreign.some((f) => f.startsWith('[')) && (focusForeign === undefined || focusForeign.some((f) => f.startsWith('[')));
    // When the story names a subject that needs it (out-of-scope.json storyNeedsOwnSubject), the question
    // must name the pack's own subject: "How do I set the retry limit?" after "My SQS consumer keeps
    // retrying" is still about SQS.
    const foreignInStory =
      foreign.length > 0 &&
      focus !== undefined &&
      focusForeign?.length === 0 &&
      (!model.needsOwnSubject(foreign) || model.namesOwnSubject(model.withoutFamilyHint(focus)));
    const query = tokens.flatMap((t) => t.terms).join(' ');
    // Approximate matching of terms the index does not know is the costly part of a query: bounded per
    // message like the corrections (a message of junk words searches them exactly).
    let approximate = SEARCH_OPTIONS.maxExpansions;
    const approximateOk = (term: string): boolean => this.df.has(term) || approximate-- > 0;
    // Only the best BM25 results can end up on top after the phrasing re-ranking: the rest are never ranked.
    const top = this.fieldIndex.search(
      query.split(' ').filter((t) => t.length > 0),
      {
        boost: SEARCH_OPTIONS.boost,
        prefix: (term) => term.length >= SEARCH_OPTIONS.prefixMinLength && approximateOk(term),
        fuzzy: (term) =>
          term.length >= SEARCH_OPTIONS.fuzzyMinLength && (SEARCH_OPTIONS.fuzzyKnownTerms || !this.df.has(term)) && approximateOk(term) ? SEARCH_OPTIONS.fuzzy : false,
        maxFuzzy: SEARCH_OPTIONS.maxFuzzy,
      },
      SEARCH_OPTIONS.rerankDepth,
    );
    const words = tokens
      .filter((t) => !t.numeric)
      .map((t) => {
        // The expanded terms the phrasings hold, by number (in the expansion's order).
        const phrasingTerms = this.expand(t.terms, budget);
        return { ...t, weight: this.weight(t.token, t.terms), phrasingTerms };
      });
    const wordsWeight = words.reduce((sum, w) => sum + w.weight, 0);
    // The classifier weighs them against each other and the classes it finds competing for the text
    // (out-of-scope subjects among them); its probabilities sum to 1 over that set.
    const probs = this.classifier.predict(this.text.features(correctedTokens), top.map((r) => this.entries[r.doc]!.id));
    let pBest = 0;
    let outOfScope = 0;
    let outOfScopeSubject: string | undefined;
    let oosBest = 0;
    for (const [label, p] of probs) {
      if (label.startsWith(OOS_PREFIX)) {
        outOfScope += p;
        if (p > oosBest) [oosBest, outOfScopeSubject] = [p, label.slice(OOS_PREFIX.length)];
      } else if (p > pBest) pBest = p;
    }
    const hits = top.flatMap((r): FaqHit[] => {
      const entry = this.entries[r.doc];
      if (!entry) return [];
      const matched = new Set(r.queryTerms);
      const hitForeign = this.foreignFor(entry.id, foreign);
      // A foreign phrasing ("how many questions...") counts as one more word that matched nothing, and
      // weighs as much as a word the knowledge base never uses.
      const markers = hitForeign.filter((f) => f.startsWith('['));
      const markersWeight = markers.length * this.termWeight('\u0000');
      const total = wordsWeight + markersWeight;
      // A word naming another subject counts as unmatched even when fuzzy matching met it ("rescore" ~ "score").
      const missing = words.filter((t) => hitForeign.includes(t.token) || !t.terms.some((term) => matched.has(term)));
      const unmatched = [...missing.map((t) => t.token), ...markers];
      const missingWeight = missing.reduce((sum, w) => sum + w.weight, 0) + markersWeight;
      const coverage = total > 0 ? 1 - missingWeight / total : 0;
      const matchedWeight = total - missingWeight;
      const entryFamily = model.familyOfTopic(entry.topic);
      const other = family !== undefined && entryFamily !== undefined && entryFamily !== family;
      const phrasing = this.phrasingSimilarity(r.doc, words, total);
      const familyFactor = other
        ? SEARCH_OPTIONS.otherFamilyFactor
        : family === undefined && entryFamily !== undefined && !model.namesFamilyTerm(entryFamily, tokens)
          ? model.familyFactor(entryFamily)
          : 1;
      const learned = probs.get(entry.id) ?? 0;
      const learnedFactor = ((SEARCH_OPTIONS.classifierFloor + learned) / (SEARCH_OPTIONS.classifierFloor + pBest)) ** SEARCH_OPTIONS.classifierPower;
      const score = r.score * (SEARCH_OPTIONS.phrasingFloor + phrasing) ** SEARCH_OPTIONS.phrasingPower * familyFactor * learnedFactor;
      const hitAskedForeign = askedForeign && markers.length > 0;
      return [
        { entry, score, coverage, matchedWeight, unmatched, foreign: hitForeign, phrasing, otherProgram, askedForeign: hitAskedForeign, foreignInStory, otherFamily: other, learned, outOfScope, outOfScopeSubject, outOfScopeSubjectP: oosBest },
      ];
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/**
 * Edit distance between a and b (insertions, deletions, substitutions and transpositions of two
 * neighbouring letters each count one), giving up (returning max + 1) once it must exceed max.
 */
export function editDistance(a: string, b: string, max: number): number {
  // Three rows of reused scratch (no allocation per call: this runs for every vocabulary word in range).
  const n = b.length;
  if (n + 1 > scratch.size) scratch.grow(n + 1);
  let before = scratch.rows[0]!;
  let prev = scratch.rows[1]!;
  let cur = scratch.rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      const sub = prev[j - 1]! + (ai === bj ? 0 : 1);
      if (sub < v) v = sub;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        const t = before[j - 2]! + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}

/** editDistance's reused rows (grown for longer words when needed). */
const scratch = {
  size: 64,
  rows: [new Int32Array(64), new Int32Array(64), new Int32Array(64)],
  grow(size: number): void {
    this.size = size;
    this.rows = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  },
};
