/**
 * A content pack: everything the bot knows about its subject, in one folder (KNOWLEDGE_DIR). Files are
 * recognised by name; every other *.json file holds entries:
 *   pack.json          name, wording, example questions, support link (optional; defaults)
 *   lexicon.json       stop words, synonyms, rewrites, code-like tokens, families (optional)
 *   out-of-scope.json  subjects the FAQ does not cover, with example questions and redirects (optional)
 *   rules.json         date rules (optional; a pack without it computes no dates)
 *   *.json             { "entries": [...] }
 * Loading validates every file and the links between them (related ids, rule ids, rule placeholders in
 * answers) and throws a KnowledgeError naming the file, the entry and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { parseRuleBook, RulesLoadError, type RuleSet } from '../rules/answer';
import { CatalogueLoadError, parseCatalogue, type Catalogue } from '../rules/catalogue';
import type { Triggers } from '../rules/triggers';
import { EventsLoadError, parseEvents, type EventVocabulary } from '../rules/events';
import { offsetPhrase } from '../rules/numbers';
import { compileLexicon, EMPTY_LEXICON_FILE, EMPTY_OUT_OF_SCOPE, LexiconSchema, OutOfScopeSchema, type Lexicon, type OutOfScopeFile } from './lexicon';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, knowledgeFiles, SPECIAL_FILES, validateKnowledge } from './load';
import type { FaqEntry } from './schema';

/** The AWS Certification pack shipped with the bot. */
export const DEFAULT_PACK_DIR = DEFAULT_KNOWLEDGE_DIR;

const text = (max: number) => z.string().trim().min(1).max(max);

/** The wording a pack may set; every key has a neutral default (bot/render/wording.ts). */
export const PackWordingSchema = z
  .object({
    welcomeTitle: text(200),
    welcome: text(1000),
    greeting: text(500),
    help: text(1000),
    fallback: text(1000),
    fallbackLink: text(120),
    /** For an in-domain question the FAQ does not cover (a named out-of-scope subject without its own reply). */
    notCovered: text(1000),
    /** Before an out-of-scope subject's own redirect reply. */
    redirectIntro: text(300),
    thanks: text(300),
    goodbye: text(300),
    empty: text(500),
    feedbackSorry: text(500),
    dialogCancelled: text(300),
    dialogGiveUp: text(500),
    didYouMean: text(300),
    /** Under an answer to one part of a message: `{rest}` is replaced by the parts not covered. */
    partlyAnswered: text(500),
  })
  .partial()
  .strict();

export const PackFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: text(120),
    wording: PackWordingSchema.default({}),
    examples: z.array(text(200)).max(6).default([]),
    supportUrl: z.url({ protocol: /^https?$/ }).optional(),
    supportLabel: text(120).optional(),
  })
  .strict();

export type PackWording = z.infer<typeof PackWordingSchema>;
export type PackFile = z.infer<typeof PackFileSchema>;

export interface ContentPack {
  readonly dir: string;
  readonly name: string;
  readonly entries: readonly FaqEntry[];
  readonly fileOf: ReadonlyMap<string, string>;
  readonly lexicon: Lexicon;
  readonly outOfScope: OutOfScopeFile;
  readonly wording: PackWording;
  readonly examples: readonly string[];
  readonly supportUrl?: string;
  readonly supportLabel?: string;
  /** The pack's date rules (empty when it has none). */
  readonly rules: RuleSet;
  /** What selects each rule from a question's words (rules.json `triggers`); none: only the entry's rule. */
  readonly triggers?: Triggers;
  /** The named things rules talk about, with codes, short names and groups (catalogue.json). */
  readonly catalogue?: Catalogue;
  /** The words that give a date its role, and the dialog's cancel/yes/no/correction phrasings (events.json). */
  readonly events?: EventVocabulary;
  /** Problems that do not stop the load (an entry on a subject also listed as out of scope, ...). */
  readonly warnings: readonly string[];
}

function readJson(dir: string, file: string): unknown {
  const text = readFileSync(join(dir, file), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new KnowledgeError(`knowledge: ${file}: not valid JSON: ${(e as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, file: string, json: unknown): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '(file)';
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new KnowledgeError(`knowledge: ${file}: ${where}: ${message}`);
}

/** Runs a rules-side parser, its own load error ("rules: ...") turned into the pack's ("knowledge: ..."). */
function asKnowledge<T>(kind: abstract new (...args: never[]) => Error, prefix: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof kind) throw new KnowledgeError(`knowledge: ${e.message.replace(new RegExp(`^${prefix}: `), '')}`);
    throw e;
  }
}

/** The entries files of a pack folder (names only): every *.json except the special files and JSON Schemas. */
export function entryFiles(dir: string): string[] {
  return knowledgeFiles(dir).map((p) => basename(p));
}

export { SPECIAL_FILES };

/** `{{rule:<rule id>.<offset key>}}` in an answer: the rule's number with its unit ("14 days"). */
const RULE_PLACEHOLDER_IN_ANSWER = /\{\{\s*rule:([a-z0-9-]+)\.([a-z0-9-]+)\s*\}\}/g;

/** An answer with its rule placeholders filled from the pack's rules; throws on one that points nowhere. */
export function fillRuleNumbers(answer: string, rules: RuleSet, where: string): string {
  return answer.replace(RULE_PLACEHOLDER_IN_ANSWER, (_m, ruleId: string, key: string) => {
    const rule = (rules as ReadonlyMap<string, { offsets?: ReadonlyArray<{ key: string; amount: number; unit: string }> }>).get(ruleId);
    if (!rule) throw new KnowledgeError(`knowledge: ${where}: answer: placeholder {{rule:${ruleId}.${key}}}: no rule "${ruleId}" in rules.json`);
    const offset = rule.offsets?.find((o) => o.key === key);
    if (!offset) throw new KnowledgeError(`knowledge: ${where}: answer: placeholder {{rule:${ruleId}.${key}}}: rule "${ruleId}" has no offset "${key}"`);
    return offsetPhrase(offset)!;
  });
}

function exampleQuestions(entries: readonly FaqEntry[], max = 3): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of entries) {
    if (seen.has(e.topic)) continue;
    seen.add(e.topic);
    out.push(e.question);
    if (out.length === max) return out;
  }
  for (const e of entries) if (out.length < max && !out.includes(e.question)) out.push(e.question);
  return out;
}

/** Loads, validates and links a content pack folder. Throws KnowledgeError (or its message for rules). */
export function loadPack(dir: string = DEFAULT_PACK_DIR): ContentPack {
  let files: string[];
  try {
    files = entryFiles(dir);
  } catch (e) {
    throw new KnowledgeError(`knowledge: cannot read folder ${dir}: ${(e as Error).message}`);
  }
  const has = (f: string) => existsSync(join(dir, f));
  const packFile = has('pack.json') ? parseWith(PackFileSchema, 'pack.json', readJson(dir, 'pack.json')) : PackFileSchema.parse({ name: 'FAQ' });
  const lexiconFile = has('lexicon.json') ? parseWith(LexiconSchema, 'lexicon.json', readJson(dir, 'lexicon.json')) : EMPTY_LEXICON_FILE;
  const outOfScope = has('out-of-scope.json') ? parseWith(OutOfScopeSchema, 'out-of-scope.json', readJson(dir, 'out-of-scope.json')) : EMPTY_OUT_OF_SCOPE;
  const catalogue = has('catalogue.json') ? asKnowledge(CatalogueLoadError, 'catalogue', () => parseCatalogue(readJson(dir, 'catalogue.json'), 'catalogue.json')) : undefined;
  const { rules, triggers }: { rules: RuleSet; triggers?: Triggers } = has('rules.json')
    ? asKnowledge(RulesLoadError, 'rules', () => parseRuleBook(readJson(dir, 'rules.json'), 'rules.json', catalogue))
    : { rules: new Map() };
  const events = has('events.json') ? asKnowledge(EventsLoadError, 'events', () => parseEvents(readJson(dir, 'events.json'), 'events.json')) : undefined;
  if (events) {
    const stray = events.ruleIds().find((id) => !rules.has(id));
    if (stray) throw new KnowledgeError(`knowledge: events.json: starts.${stray}: no rule "${stray}" in rules.json`);
  }
  const kb = validateKnowledge(files.map((file) => ({ file, json: readJson(dir, file) })));
  const seenOos = new Set<string>();
  for (const s of outOfScope.subjects) {
    if (seenOos.has(s.id)) throw new KnowledgeError(`knowledge: out-of-scope.json: subject "${s.id}": duplicate id`);
    seenOos.add(s.id);
  }
  const entries = kb.entries.map((entry): FaqEntry => {
    const where = `${kb.fileOf.get(entry.id)} entry "${entry.id}"`;
    if (entry.rule !== undefined && !rules.has(entry.rule as never)) {
      throw new KnowledgeError(`knowledge: ${where}: rule: "${entry.rule}" is no rule of this pack${has('rules.json') ? ' (rules.json)' : ' (it has no rules.json)'}`);
    }
    const answer = fillRuleNumbers(entry.answer, rules, where);
    const variants = entry.variants?.map((v) => ({ ...v, answer: fillRuleNumbers(v.answer, rules, where) }));
    return answer === entry.answer && variants === entry.variants ? entry : { ...entry, answer, ...(variants ? { variants } : {}) };
  });
  for (const [id, rule] of rules) {
    const entryId = (rule as { entry?: string }).entry;
    if (entryId !== undefined && !kb.fileOf.has(entryId)) throw new KnowledgeError(`knowledge: rules.json rule "${id}": entry: "${entryId}" points to no entry`);
  }
  // A rule nothing selects: no trigger topic names it and no entry carries it.
  const warnings: string[] = [];
  const named = new Set([...(triggers?.ruleIds() ?? []), ...entries.flatMap((e) => (e.rule !== undefined ? [e.rule] : []))]);
  for (const id of rules.keys()) if (!named.has(id)) warnings.push(`rules.json rule "${id}": no trigger topic names it and no entry has it as its rule, so it is never used`);
  return {
    dir,
    name: packFile.name,
    entries,
    fileOf: kb.fileOf,
    lexicon: compileLexicon(lexiconFile, outOfScope),
    outOfScope,
    wording: packFile.wording,
    // Without examples of its own, a pack offers the questions of its first entries of different topics
    // (greeting and help say "For example:" before them).
    examples: packFile.examples.length > 0 ? packFile.examples : exampleQuestions(entries),
    supportUrl: packFile.supportUrl,
    supportLabel: packFile.supportLabel,
    rules,
    ...(triggers ? { triggers } : {}),
    ...(catalogue ? { catalogue } : {}),
    ...(events ? { events } : {}),
    warnings,
  };
}
