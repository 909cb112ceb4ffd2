/**
 * The pack's language files, validated and compiled: `lexicon.json` (stop words, synonyms, rewrites,
 * code-like tokens, the families of things the pack talks about, the words naming its own subject) and
 * `out-of-scope.json` (the subjects the pack does not cover, with example questions the entry classifier
 * learns, optional marker words and phrasings, and an optional redirect reply). Both are optional: a
 * pack without them gets generic English handling only.
 */
import { z } from 'zod';

const regexSource = z
  .string()
  .min(1)
  .max(4000)
  .refine((src) => {
    try {
      new RegExp(src, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

const word = z.string().trim().min(1).max(60);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const LexiconSchema = z
  .object({
    $schema: z.string().optional(),
    /** Words searched as nothing, beside generic English stop words. */
    stopWords: z.array(word).max(5000).default([]),
    /** Each word is indexed and searched as the terms given (QnA Maker's "alterations"). */
    synonyms: z.record(word, z.array(word).min(1).max(5)).default({}),
    /**
     * Rewrites applied in order to the lower-cased text before it is split into words: a phrasing that
     * means one thing ("called off" -> "cancel"), a combination marked with a term of its own. `$&` and
     * `$1` work as in String.replace.
     */
    rewrites: z.array(z.object({ pattern: regexSource, replace: z.string().max(200) }).strict()).max(500).default([]),
    /**
     * Code-like tokens (product codes, course codes): a token matching `term` (after rewrites) is kept
     * whole, indexed as itself plus `stands` (e.g. "exam"), and any code stands for any other in phrasings.
     */
    codes: z.object({ term: regexSource, stands: word }).strict().optional(),
    /**
     * The families of things the pack talks about when they have different numbers (two kinds of
     * credential, two kinds of contract): a question clearly about one is not answered with an entry of
     * the other. `terms` are index terms naming the family, `names` phrases that name one of its members,
     * `topics` the entry topics that belong to it, `hint` what a question part is completed with.
     */
    families: z
      .array(
        z
          .object({
            id: z.string().regex(ID),
            terms: z.array(word).min(1),
            names: z.array(z.string().trim().min(2).max(100)).default([]),
            topics: z.array(z.string().regex(ID)).default([]),
            hint: z.string().trim().min(1).max(60),
            /** Entries of this family weigh this much when the question names no family and not this one. */
            unnamedFactor: z.number().min(0).max(1).default(1),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    /** A pattern naming the pack's own subject: a question after a story about another subject must name it. */
    ownSubject: regexSource.optional(),
    /** Words naming the organisation itself: a question naming another program but also these is ours. */
    ownNames: z.array(word).default([]),
  })
  .strict();

const PatternSchema = z
  .object({
    pattern: regexSource,
    /** The pattern does not count when this one also matches. */
    unless: regexSource.optional(),
  })
  .strict();

export const OutOfScopeSubjectSchema = z
  .object({
    id: z.string().regex(ID, 'must be lower-case words joined by hyphens'),
    /** Example questions on this subject: the entry classifier learns them as a class of their own. */
    examples: z.array(z.string().trim().min(3).max(500)).max(200).default([]),
    /** Words that name the subject ("kubernetes", "salary"): a question using one needs a strong match to be answered. */
    terms: z.array(word).max(2000).default([]),
    /** Phrasings that mark a question as being about this subject. */
    patterns: z.array(PatternSchema).max(50).default([]),
    /**
     * A subject whose words, in the story around a question, mean the question must name the pack's
     * own subject (lexicon.ownSubject) to be answered: "My queue keeps retrying... how do I set the limit?".
     */
    storyNeedsOwnSubject: z.boolean().default(false),
    /** The subject's terms do not count when the text matches all of these patterns. */
    exemptWhen: z.array(regexSource).max(5).default([]),
    /** Another organisation's program: a question naming one (and none of lexicon.ownNames) is never answered. */
    otherProgram: z.boolean().default(false),
    /** A short redirect shown instead of the bare fallback. */
    reply: z.string().trim().min(10).max(1000).optional(),
    source: z.object({ label: z.string().trim().min(2).max(120), url: z.url({ protocol: /^https?$/ }) }).strict().optional(),
  })
  .strict();

export const OutOfScopeSchema = z
  .object({
    $schema: z.string().optional(),
    subjects: z.array(OutOfScopeSubjectSchema).max(2000),
  })
  .strict();

export type LexiconFile = z.infer<typeof LexiconSchema>;
export type OutOfScopeSubject = z.infer<typeof OutOfScopeSubjectSchema>;
export type OutOfScopeFile = z.infer<typeof OutOfScopeSchema>;

export interface CompiledPattern {
  readonly label: string;
  readonly pattern: RegExp;
  readonly unless?: RegExp;
}

export interface Family {
  readonly id: string;
  readonly terms: ReadonlySet<string>;
  readonly names: readonly RegExp[];
  readonly topics: ReadonlySet<string>;
  readonly hint: string;
  readonly unnamedFactor: number;
}

/** Everything the text model needs from a pack, compiled once per pack version. */
export interface Lexicon {
  readonly stopWords: ReadonlySet<string>;
  readonly synonyms: Readonly<Record<string, readonly string[]>>;
  readonly rewrites: ReadonlyArray<{ readonly pattern: RegExp; readonly replace: string }>;
  readonly codeTerm?: RegExp;
  readonly codeStands?: string;
  readonly families: readonly Family[];
  readonly ownSubject?: RegExp;
  readonly ownNames: ReadonlySet<string>;
  /** Out-of-scope marker words, each with the subject it names. */
  readonly foreignTerms: ReadonlyMap<string, string>;
  /** Marker words whose subject needs the pack's own subject named in the question after a story. */
  readonly storyTerms: ReadonlySet<string>;
  /** Per subject with exemptions: its terms do not count when the text matches every pattern. */
  readonly exemptions: ReadonlyArray<{ readonly terms: ReadonlySet<string>; readonly when: readonly RegExp[] }>;
  readonly foreignPatterns: readonly CompiledPattern[];
  readonly otherPrograms: ReadonlySet<string>;
  readonly otherProgramPatterns: readonly RegExp[];
  readonly subjects: readonly OutOfScopeSubject[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileLexicon(lex: LexiconFile, oos: OutOfScopeFile): Lexicon {
  const foreignTerms = new Map<string, string>();
  const storyTerms = new Set<string>();
  const exemptions: Array<{ terms: ReadonlySet<string>; when: RegExp[] }> = [];
  const foreignPatterns: CompiledPattern[] = [];
  const otherPrograms = new Set<string>();
  const otherProgramPatterns: RegExp[] = [];
  for (const s of oos.subjects) {
    const terms = s.terms.map((t) => t.toLowerCase());
    if (s.otherProgram) {
      for (const t of terms) otherPrograms.add(t);
      for (const p of s.patterns) otherProgramPatterns.push(new RegExp(p.pattern, 'i'));
    }
    for (const t of terms) if (!foreignTerms.has(t)) foreignTerms.set(t, s.id);
    if (s.storyNeedsOwnSubject) for (const t of terms) storyTerms.add(t);
    if (s.exemptWhen.length > 0) exemptions.push({ terms: new Set(terms), when: s.exemptWhen.map((w) => new RegExp(w, 'i')) });
    if (!s.otherProgram) {
      for (const p of s.patterns) foreignPatterns.push({ label: `[${s.id}]`, pattern: new RegExp(p.pattern, 'i'), unless: p.unless ? new RegExp(p.unless, 'i') : undefined });
    }
  }
  return {
    stopWords: new Set(lex.stopWords.map((w) => w.toLowerCase())),
    synonyms: Object.fromEntries(Object.entries(lex.synonyms).map(([k, v]) => [k.toLowerCase(), v.map((x) => x.toLowerCase())])),
    rewrites: lex.rewrites.map((r) => ({ pattern: new RegExp(r.pattern, 'gi'), replace: r.replace })),
    codeTerm: lex.codes ? new RegExp(lex.codes.term, 'i') : undefined,
    codeStands: lex.codes?.stands.toLowerCase(),
    families: lex.families.map((f) => ({
      id: f.id,
      terms: new Set(f.terms.map((t) => t.toLowerCase())),
      names: f.names.map((n) => new RegExp(`\\b${n.toLowerCase().split(/\s+/).map(escapeRegex).join('[\\s-]+')}\\b`, 'i')),
      topics: new Set(f.topics),
      hint: f.hint,
      unnamedFactor: f.unnamedFactor,
    })),
    ownSubject: lex.ownSubject ? new RegExp(lex.ownSubject, 'i') : undefined,
    ownNames: new Set(lex.ownNames.map((w) => w.toLowerCase())),
    foreignTerms,
    storyTerms,
    exemptions,
    foreignPatterns,
    otherPrograms,
    otherProgramPatterns,
    subjects: oos.subjects,
  };
}

export const EMPTY_LEXICON_FILE: LexiconFile = LexiconSchema.parse({});
export const EMPTY_OUT_OF_SCOPE: OutOfScopeFile = OutOfScopeSchema.parse({ subjects: [] });
