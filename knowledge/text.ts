/**
 * Language handling shared by indexing and search. Generic English (tokenising, common stop words, a
 * light stemmer, question sentences and clauses) is code here; everything about the pack's subject (its
 * stop words, synonyms, rewrites, code-like tokens, families, out-of-scope words and phrasings) comes
 * from the pack's lexicon (knowledge/lexicon.ts): a TextModel is built per pack version.
 */
import type { Lexicon } from './lexicon';

/** The term that stands for any code-like token (lexicon.codes) in phrasings and classifier features. */
export const ANY_CODE = '#code';

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of at by for with about to from in into on onto off over under again further then once ' +
    'here there all any both each few more most other some such no nor only own same so than too very ' +
    'can will just should would could shall may might must do does did doing done have has had having ' +
    'i me my mine myself we our ours you your yours he him his she her it its they them their this that these those ' +
    'am is are was were be been being what which who whom whose when why how ' +
    'please hi hello hey thanks thank tell know want need get got getting ' +
    'whats hows wheres whens thats theres im ive id dont doesnt didnt cant wont isnt arent u ur pls plz also still really actually ' +
    // Dates are read by rules/dates.ts; as search words they only add noise.
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday ' +
    'today yesterday tomorrow ago st nd rd th am pm ' +
    // Conversational filler of long, chatty questions: it carries no FAQ meaning.
    'like really honestly basically sure pretty just anyway okay ok so well um uh hmm guess wondering wonder ' +
    'something anything everything thing things stuff kind sort lot lots bit little bunch ' +
    'now already yet ever soon recently eventually later earlier currently ' +
    'able allowed possible way ways make made want wants wanted going gonna wanna come came gave give ' +
    'said say says saying heard hear think thought idea ask asking asked tried try trying ' +
    'understand mean means exactly super very much many someone somebody anyone people person ' +
    'one ones guy guys folks stay stays remain remains ' +
    // Words that join a sentence together and carry no subject of their own.
    'until till together out up back whether either etc via per hw wat wen thru midway halfway quick ' +
    'even hes shes theyre youre weve theyve youve ill youll itll lets whos beforehand em lol presumably ' +
    // Formal politeness: "I would be grateful if you could advise...".
    'grateful obliged kindly appreciate appreciated advise clarify clarification inform regarding concerning dear sir madam obtained'
  ).split(' '),
);

/** A light suffix stemmer: enough to meet "exams"/"exam", "scheduled"/"schedule", "accounts"/"account". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}


export interface ContentToken {
  readonly token: string;
  readonly terms: readonly string[];
  /** Numbers ("14", "2026", "03") weigh in the score but not in the coverage of a hit. */
  readonly numeric: boolean;
}

const QUESTION_START =
  /^(?:what|whats|when|where|who|which|why|how|can|could|is|are|am|do|does|did|should|may|might|will|would|shall|have|has|any|kindly|please|pls|tell me|so (?:what|when|how|can|is|do)|any idea)\b/i;

/** Where one asked thing ends and another begins inside a sentence: ", also ...", "... and how hard is it". */
const CLAUSE_BREAK =
  /\s*(?:;|,?\s*\b(?:and also|also|plus|and|but)\b,?)\s+(?=(?:how|what|whats|when|where|who|which|why|is|are|does|do|can|could|will|would|should|am|did|any)\b(?![’']))|,\s*also\b,?\s*/i;

/**
 * The things one sentence asks, when it asks more than one ("how long do I wait to resit, and also is
 * the exam worth it for a junior dev job?"): its clauses joined by "and", "also" or a semicolon before
 * a new question. Undefined for a message that asks one thing.
 */
export function askedClauses(text: string): string[] | undefined {
  // One sentence only: in a longer message the story's "and ..." is no second question.
  if (text.trim().split(/(?<=[.?!])\s+(?=\S)/).length > 1) return undefined;
  const parts = text
    .split(CLAUSE_BREAK)
    .map((x) => x.trim())
    .filter((x) => /[a-z]/i.test(x));
  return parts.length >= 2 ? parts : undefined;
}

/**
 * How many recent texts keep their analysis (TextModel.analysisOf): one message is looked at as a whole,
 * as its question sentences and as its clauses, by search, rules and decision alike, each part several times.
 */
const RECENT_TEXTS = 16;

/** How many tokens' index terms a TextModel keeps (processTerm). */
const MAX_CACHED_TERMS = 10_000;

/** What TextModel worked out about one text, each part when first asked for (pure functions of the text). */
interface TextAnalysis {
  tokens?: readonly string[];
  content?: readonly ContentToken[];
  foreign?: readonly string[];
  family?: { readonly id: string | undefined };
  otherProgram?: boolean;
}

/** The text model of one pack: every function that needs the pack's words. */
export class TextModel {
  private readonly stopWords: ReadonlySet<string>;
  /**
   * The analyses of the last RECENT_TEXTS texts, oldest first: a message's text is tokenised (the pack's
   * rewrites are a few dozen regular expressions) and its out-of-scope phrasings matched once per turn,
   * not once per question asked about it. Bounded, so no text stays long.
   */
  private readonly recent = new Map<string, TextAnalysis>();
  /** processTerm's results by token (at most MAX_CACHED_TERMS: words recur across messages, junk stops adding). */
  private readonly termCache = new Map<string, readonly string[]>();

  constructor(readonly lexicon: Lexicon) {
    this.stopWords = new Set([...STOP_WORDS, ...lexicon.stopWords]);
  }

  isStopWord(word: string): boolean {
    return this.stopWords.has(word);
  }

  /** Every word the model knows without the pack's entries: stop words, synonyms, out-of-scope words. */
  knownWords(): string[] {
    return [...this.stopWords, ...Object.keys(this.lexicon.synonyms), ...this.lexicon.foreignTerms.keys()];
  }

  /** Whether a token (or index term) is a code-like token of the pack (lexicon.codes). */
  isCode(token: string): boolean {
    return this.lexicon.codeTerm?.test(token) ?? false;
  }

  /** The analysis kept for a text (a new, empty one when it is not among the recent ones). */
  private analysisOf(text: string): TextAnalysis {
    let a = this.recent.get(text);
    if (a === undefined) {
      if (this.recent.size >= RECENT_TEXTS) this.recent.delete(this.recent.keys().next().value!);
      a = {};
      this.recent.set(text, a);
    }
    return a;
  }

  /** Splits text into raw lower-case tokens, after the pack's rewrites. */
  tokenize = (text: string): string[] => {
    const a = this.analysisOf(text);
    a.tokens ??= this.tokenizeNow(text);
    return [...a.tokens];
  };

  private tokenizeNow(text: string): string[] {
    let lowered = text.toLowerCase();
    for (const r of this.lexicon.rewrites) lowered = lowered.replace(r.pattern, r.replace);
    lowered = lowered.replace(/[’']/g, '');
    return lowered.split(/[^a-z0-9%]+/).filter((t) => t.length > 0);
  }

  /**
   * Turns one token into the index terms it stands for (none for a stop word). Used by MiniSearch both
   * when indexing and when searching.
   */
  processTerm = (token: string): readonly string[] => {
    let terms = this.termCache.get(token);
    if (terms === undefined) {
      terms = this.termsNow(token);
      if (this.termCache.size < MAX_CACHED_TERMS) this.termCache.set(token, terms);
    }
    return terms;
  };

  private termsNow(token: string): readonly string[] {
    const t = token.toLowerCase();
    if (this.stopWords.has(t)) return [];
    if (this.lexicon.codeStands && this.isCode(t)) return [this.lexicon.codeStands, t];
    // Own keys only: "constructor" or "toString" typed by a user is no synonym (an inherited property is a function).
    const syn = Object.hasOwn(this.lexicon.synonyms, t) ? this.lexicon.synonyms[t] : undefined;
    // The word's own stem is kept beside its synonyms, so a typo of it still meets it by fuzzy matching.
    if (syn) return [...new Set([...syn.map(stem), stem(t)])];
    if (t.length === 1 && !/\d/.test(t)) return [];
    return [stem(t)];
  }

  /** The content tokens of a text (after stop words), each with the terms it expands to. */
  contentTokens(text: string): ContentToken[] {
    const a = this.analysisOf(text);
    if (a.content === undefined) {
      const out: ContentToken[] = [];
      for (const token of this.tokenize(text)) {
        const terms = this.processTerm(token);
        if (terms.length) out.push({ token, terms, numeric: /^\d+(?:st|nd|rd|th)?$/.test(token) });
      }
      a.content = out;
    }
    return [...a.content];
  }

  /**
   * The out-of-scope words a text uses, and the labels ("[subject]") of the out-of-scope phrasings it
   * matches. `tokens`: the text's tokens when the caller has them already (tokenize(text)).
   */
  foreignTerms(text: string, tokens?: readonly string[]): string[] {
    if (tokens !== undefined) return this.foreignTermsNow(text, tokens);
    const a = this.analysisOf(text);
    a.foreign ??= this.foreignTermsNow(text, this.tokenize(text));
    return [...a.foreign];
  }

  private foreignTermsNow(text: string, tokens: readonly string[]): string[] {
    const lowered = text.toLowerCase().replace(/[’']/g, '');
    const lex = this.lexicon;
    // A subject counts once, however many of its patterns match.
    const labels = [...new Set(lex.foreignPatterns.filter((p) => p.pattern.test(lowered) && !(p.unless?.test(lowered) ?? false)).map((p) => p.label))];
    const exempt = new Set<string>();
    for (const e of lex.exemptions) if (e.when.every((w) => w.test(lowered))) for (const t of e.terms) exempt.add(t);
    return [...tokens.filter((t) => lex.foreignTerms.has(t) && !exempt.has(t)), ...labels];
  }

  /** Whether out-of-scope words include one whose story needs the pack's own subject named (lexicon). */
  needsOwnSubject(terms: readonly string[]): boolean {
    return terms.some((t) => this.lexicon.storyTerms.has(t));
  }

  /** Whether a text names the pack's own subject (lexicon.ownSubject); true when the pack defines none. */
  namesOwnSubject(text: string): boolean {
    return this.lexicon.ownSubject?.test(text) ?? true;
  }

  /** Whether a text is about another organisation's program: it names one and none of the pack's own names. */
  namesOtherProgram(text: string): boolean {
    const a = this.analysisOf(text);
    a.otherProgram ??= this.namesOtherProgramNow(text);
    return a.otherProgram;
  }

  private namesOtherProgramNow(text: string): boolean {
    const lex = this.lexicon;
    if (lex.otherPrograms.size === 0 && lex.otherProgramPatterns.length === 0) return false;
    const tokens = this.tokenize(text);
    const other = tokens.some((t) => lex.otherPrograms.has(t)) || lex.otherProgramPatterns.some((p) => p.test(text));
    return other && !tokens.some((t) => lex.ownNames.has(t) || this.isCode(t));
  }

  /** Which family (lexicon.families) a text is about, from its words; several or none -> undefined. */
  familyOf(text: string): string | undefined {
    const a = this.analysisOf(text);
    a.family ??= { id: this.familyOfNow(text) };
    return a.family.id;
  }

  private familyOfNow(text: string): string | undefined {
    const families = this.lexicon.families;
    if (families.length === 0) return undefined;
    const terms = new Set(this.contentTokens(text).flatMap((t) => t.terms));
    const named = families.filter((f) => [...f.terms].some((t) => terms.has(t)) || f.names.some((n) => n.test(text)));
    return named.length === 1 ? named[0]!.id : undefined;
  }

  /** The family an entry belongs to, by its topic. */
  familyOfTopic(topic: string): string | undefined {
    return this.lexicon.families.find((f) => f.topics.has(topic))?.id;
  }

  /** Whether a text names a family's own terms (not only one of its members' names). */
  namesFamilyTerm(familyId: string, terms: ReadonlyArray<{ readonly terms: readonly string[] }>): boolean {
    const f = this.lexicon.families.find((x) => x.id === familyId);
    return f !== undefined && terms.some((t) => t.terms.some((term) => f.terms.has(term)));
  }

  familyFactor(familyId: string): number {
    return this.lexicon.families.find((x) => x.id === familyId)?.unnamedFactor ?? 1;
  }

  private hintOf(familyId: string): string {
    return ` (${this.lexicon.families.find((f) => f.id === familyId)?.hint ?? familyId})`;
  }

  /** A question focus without the family hint questionFocus appended to it: the user's own words. */
  withoutFamilyHint(focus: string): string {
    for (const f of this.lexicon.families) {
      const hint = this.hintOf(f.id);
      if (focus.endsWith(hint)) return focus.slice(0, -hint.length);
    }
    return focus;
  }

  /**
   * The question a long, chatty message asks, without the story around it: its sentences that end with
   * "?" or start like a question ("How do I...", "Kindly tell me..."), plus the family the whole message
   * is about when those sentences do not say it ("Is it gone forever?" after a story naming the thing).
   * Undefined when the message is a single sentence or has no such part.
   */
  questionFocus(text: string): string | undefined {
    const sentences = text
      .split(/(?<=[.?!])\s+|\n+/)
      .map((x) => x.trim())
      .filter((x) => x.length > 0);
    if (sentences.length < 2) return undefined;
    const isAsked = (x: string) => x.endsWith('?') || QUESTION_START.test(x);
    // A question that says nothing of its own ("How do I do that?", "Is that possible?") asks about the
    // sentence before it, which joins the focus.
    const asked = sentences.filter(
      (x, i) => isAsked(x) || (i + 1 < sentences.length && isAsked(sentences[i + 1]!) && this.contentTokens(sentences[i + 1]!).filter((t) => !t.numeric).length === 0),
    );
    if (asked.length === 0 || asked.length === sentences.length) return undefined;
    let focus = asked.join(' ');
    const family = this.familyOf(text);
    if (family !== undefined && this.familyOf(focus) === undefined) focus += this.hintOf(family);
    return focus;
  }

  /**
   * The classifier's features of a text already tokenised (and typo-corrected): its content terms (as
   * the index sees them, synonyms included), the stop words among its words, and pairs of neighbouring
   * stems, stop words included ("how long", "need pass"). Code-like tokens stand for any code.
   * `termsOf`: processTerm, or a cache of it (the index build analyses each word once).
   */
  features(tokens: readonly string[], termsOf: (token: string) => readonly string[] = this.processTerm): string[] {
    const out = new Set<string>();
    const stems: string[] = [];
    for (const raw of tokens) {
      const code = this.isCode(raw);
      const terms = termsOf(raw);
      for (const t of terms) out.add(`t:${this.isCode(t) ? ANY_CODE : t}`);
      if (terms.length === 0 && this.stopWords.has(raw)) out.add(`s:${raw}`);
      if (/^\d+$/.test(raw)) continue;
      stems.push(code ? ANY_CODE : stem(raw));
    }
    for (let i = 1; i < stems.length; i++) out.add(`b:${stems[i - 1]}_${stems[i]}`);
    return [...out];
  }
}
