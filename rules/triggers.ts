/**
 * Which date rule a personal question is about: the pack's triggers (the `triggers` section of its
 * rules.json), validated and compiled here. A question has a subject (what kind of thing it is about,
 * e.g. a course or a licence; never confused) and a topic (renewal, expiry, deadline...); a topic names
 * one rule, or one rule per subject. The search engine's top entry may give a `hint` rule, used only when
 * the words alone do not decide. The engine knows no subject or topic: they are all data.
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue';
import { formatPath } from './schema';

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TEXT = 1000;

/** A regular expression source (case-insensitive); `{{name}}` inserts the fragment of that name. */
const Pattern = z.string().min(1).max(2000);

/**
 * A condition on the question's words: true when one of `any` matches (if given), all of `all` match,
 * none of `none` matches, and (if given) one of the other topics named in `topics` matches too.
 */
const ConditionSchema = z
  .object({
    any: z.array(Pattern).min(1).optional(),
    all: z.array(Pattern).min(1).optional(),
    none: z.array(Pattern).min(1).optional(),
    topics: z.array(z.string().regex(NAME)).min(1).optional(),
  })
  .strict()
  .refine((c) => c.any || c.all || c.topics, 'needs "any", "all" or "topics"');

const TopicSchema = z
  .object({
    name: z.string().regex(NAME, 'must be lower-case words joined by hyphens'),
    /** The topic applies when one of these conditions holds. */
    when: z.array(ConditionSchema).min(1),
    /** ...and none of these. */
    unless: z.array(ConditionSchema).optional(),
    /**
     * One rule whatever the subject, or a rule per subject ("default": the rule when the subject has
     * none of its own or is unknown; without it, an unknown subject leaves the choice to the hint).
     */
    rule: z.union([z.string().regex(NAME), z.record(z.string().regex(NAME), z.string().regex(NAME))]),
    /**
     * Whether the topic's words, with a date in the question, choose the rule even when the search's
     * closest entry is another one: "always", only when the question asks when ("whenAsked"), or never.
     */
    decisive: z.enum(['always', 'whenAsked', 'never']).default('never'),
  })
  .strict();

const SubjectSchema = z
  .object({
    name: z.string().regex(NAME, 'must be lower-case words joined by hyphens'),
    /** Words that say a question is about this subject. */
    patterns: z.array(Pattern).default([]),
    /** The catalogue's names and codes also say so. */
    catalogue: z.boolean().optional(),
    /** The subject of a rule no topic ties to another subject. */
    default: z.boolean().optional(),
  })
  .strict();

export const TriggersSchema = z
  .object({
    $comment: z.string().optional(),
    /** Named pieces of patterns, inserted with {{name}}. */
    fragments: z.record(z.string().regex(/^[a-zA-Z][\w-]*$/), Pattern).default({}),
    /** In order: the first subject whose words appear is the question's. */
    subjects: z.array(SubjectSchema).default([]),
    /** In priority order: the first topic that applies decides. */
    topics: z.array(TopicSchema).min(1),
    /** Words besides "my", "I did..." and a date that make a question the asker's own case. */
    personal: z.array(Pattern).default([]),
    /** Words that say the event is still to come ("my appointment is on Friday"), for rules with `upcoming`. */
    upcoming: z.array(Pattern).default([]),
  })
  .strict();

export type TriggersFile = z.infer<typeof TriggersSchema>;
type TopicDef = z.infer<typeof TopicSchema>;
type ConditionDef = z.infer<typeof ConditionSchema>;

export interface RuleDetection {
  readonly ruleId: string;
  /** What decided: the question's own words, or the hint. */
  readonly decidedBy: 'words' | 'hint';
  readonly subject?: string;
  /** The topic whose words decided (absent when the hint alone decided). */
  readonly topic?: string;
  /** Whether that topic decides even against the search's closest entry (see TopicSchema.decisive). */
  readonly decisive?: 'always' | 'whenAsked' | 'never';
}

export class TriggersLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriggersLoadError';
  }
}

interface Condition {
  readonly any?: readonly RegExp[];
  readonly all?: readonly RegExp[];
  readonly none?: readonly RegExp[];
  readonly topics?: readonly string[];
}

interface Topic {
  readonly name: string;
  readonly when: readonly Condition[];
  readonly unless: readonly Condition[];
  readonly rule: string | Readonly<Record<string, string>>;
  readonly decisive: 'always' | 'whenAsked' | 'never';
}

interface Subject {
  readonly name: string;
  readonly patterns: readonly RegExp[];
  readonly catalogue: boolean;
}

// Generic English: whose case a question is about. (Subject words come from the pack.)
const OWN_RE = /\b(?:my|me|mine|myself)\b/i;
/** "I" as the one who did something: "I failed", "I passed", "I took", "I'm 16", "I was born". */
const I_DID_RE =
  /\bi(?:'ve|'m|'d|\s+have|\s+had|\s+am|\s+was|\s+will|\s+just|\s+already|\s+only)?\s+(?:just\s+|already\s+|recently\s+)?(?:failed|passed|took|sat|did|got|received|earned|completed|finished|booked|scheduled|registered|wrote|attempted|tried|was\s+born|born|turn(?:ed)?|am\s+\d|\d{1,2}\b|taking|sitting|writing)/i;
/** "When can I ...?": a question about the asker's own date, even without "my". */
const WHEN_CAN_I_RE = /\bwhen\s+(?:can|could|should|may|do|will|would)\s+i\b/i;
/** Chat style without the "I": "failed it on the 20th", "passed last week". */
const CHAT_DID_RE = /^\s*(?:just\s+)?(?:failed|flunked|passed|took|sat|booked|scheduled)\b/i;
const DATE_HINT_RE =
  /\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:on\s+)?the\s+\d{1,2}(?:st|nd|rd|th)|yesterday|today|tonight|last\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|(?:a|one)\s+fortnight\s+ago|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;
const ASKS_WHEN_RE = /\b(?:when|by\s+what\s+(?:date|day)|which\s+(?:date|day)|how\s+(?:long|soon|many\s+days)|due)\b/i;
/** "not the X", "not my X one": what a correction takes back (a determiner and one or two words). */
const NEGATED_RE = /\b(?:not|isn'?t|wasn'?t|no)\s+(?:the|my|a|an|that)\s+[\w-]+(?:\s+(?!(?:but|and|or|i|it|its|is|was)\b)[\w-]+)?/gi;

/** Whether the question holds something that reads as a date or a day ("on March 3", "last Tuesday", "2024-03-15"). */
export function mentionsDate(text: string): boolean {
  return DATE_HINT_RE.test((text ?? '').slice(0, MAX_TEXT));
}

/** Whether the question asks for a date or a time span ("when", "by what date", "how long"). */
export function asksWhen(text: string): boolean {
  return ASKS_WHEN_RE.test((text ?? '').slice(0, MAX_TEXT));
}

export class Triggers {
  private readonly topics: readonly Topic[];
  private readonly subjects: readonly Subject[];
  private readonly personal: readonly RegExp[];
  private readonly upcomingRes: readonly RegExp[];
  private readonly defaultSubject?: string;
  /** Rule id -> its subject, from the topics' per-subject rules. */
  private readonly subjectOfRuleId = new Map<string, string>();

  constructor(
    file: TriggersFile,
    private readonly catalogue?: Catalogue,
  ) {
    const compile = (source: string): RegExp => new RegExp(expand(source, file.fragments), 'i');
    const cond = (c: ConditionDef): Condition => ({
      ...(c.any ? { any: c.any.map(compile) } : {}),
      ...(c.all ? { all: c.all.map(compile) } : {}),
      ...(c.none ? { none: c.none.map(compile) } : {}),
      ...(c.topics ? { topics: c.topics } : {}),
    });
    this.topics = file.topics.map((t: TopicDef) => ({ name: t.name, when: t.when.map(cond), unless: (t.unless ?? []).map(cond), rule: t.rule, decisive: t.decisive }));
    this.subjects = file.subjects.map((s) => ({ name: s.name, patterns: s.patterns.map(compile), catalogue: s.catalogue === true }));
    this.personal = file.personal.map(compile);
    this.upcomingRes = file.upcoming.map(compile);
    this.defaultSubject = file.subjects.find((s) => s.default)?.name;
    for (const t of this.topics) {
      if (typeof t.rule === 'string') continue;
      for (const [subject, rule] of Object.entries(t.rule)) if (subject !== 'default' && !this.subjectOfRuleId.has(rule)) this.subjectOfRuleId.set(rule, subject);
    }
  }

  /** The topics' names, in priority order. */
  topicNames(): string[] {
    return this.topics.map((t) => t.name);
  }

  /** Every rule id the topics name (checked against the pack's rules at load). */
  ruleIds(): string[] {
    return [...new Set(this.topics.flatMap((t) => (typeof t.rule === 'string' ? [t.rule] : Object.values(t.rule))))];
  }

  /** Subject names the topics use that no subject defines (checked at load). */
  unknownSubjects(): string[] {
    const known = new Set(this.subjects.map((s) => s.name));
    return [...new Set(this.topics.flatMap((t) => (typeof t.rule === 'string' ? [] : Object.keys(t.rule).filter((k) => k !== 'default' && !known.has(k)))))];
  }

  /** Topic names that conditions refer to but no topic has (checked at load). */
  unknownTopics(): string[] {
    const known = new Set(this.topics.map((t) => t.name));
    return [...new Set(this.topics.flatMap((t) => [...t.when, ...t.unless].flatMap((c) => (c.topics ?? []).filter((n) => !known.has(n)))))];
  }

  /** The subject a text names, if any. */
  subjectOf(text: string): string | undefined {
    const t = (text ?? '').slice(0, MAX_TEXT);
    for (const s of this.subjects) {
      if (s.patterns.some((re) => re.test(t))) return s.name;
      if (s.catalogue && this.catalogue && (this.catalogue.find(t) || this.catalogue.mentionsCode(t))) return s.name;
    }
    return undefined;
  }

  /** The subject a rule belongs to: the one a topic ties it to, else the default subject. */
  subjectOfRule(ruleId: string): string | undefined {
    return this.subjectOfRuleId.get(ruleId) ?? this.defaultSubject;
  }

  /** Whether the question is about the user's own case: "my", "I failed", a date, "when can I", or the pack's words. */
  isPersonal(text: string): boolean {
    const t = (text ?? '').slice(0, MAX_TEXT);
    return OWN_RE.test(t) || I_DID_RE.test(t) || CHAT_DID_RE.test(t) || DATE_HINT_RE.test(t) || WHEN_CAN_I_RE.test(t) || this.personal.some((re) => re.test(t));
  }

  /** Whether the question says the event is still to come. */
  upcoming(text: string): boolean {
    const t = (text ?? '').slice(0, MAX_TEXT);
    return this.upcomingRes.some((re) => re.test(t));
  }

  private holds(c: Condition, t: string, self: string): boolean {
    if (c.any && !c.any.some((re) => re.test(t))) return false;
    if (c.all && !c.all.every((re) => re.test(t))) return false;
    if (c.none && c.none.some((re) => re.test(t))) return false;
    if (c.topics && !this.topics.some((o) => o.name !== self && c.topics!.includes(o.name) && o.when.some((w) => this.holds(w, t, o.name)))) return false;
    return true;
  }

  private applies(topic: Topic, t: string): boolean {
    return topic.when.some((c) => this.holds(c, t, topic.name)) && !topic.unless.some((c) => this.holds(c, t, topic.name));
  }

  /**
   * The rule a question is about, or undefined when neither its words nor the hint decide.
   * `hint` is the rule of the search engine's top entry (ignored when `isRule` says it is none).
   */
  detect(text: string, hint?: string, isRule: (id: string) => boolean = () => true): RuleDetection | undefined {
    const t = (text ?? '').slice(0, MAX_TEXT);
    const validHint = hint !== undefined && isRule(hint) ? hint : undefined;
    const wordsSubject = this.subjectOf(t);
    const subject = wordsSubject ?? (validHint ? this.subjectOfRule(validHint) : undefined);
    const extra = subject ? { subject } : {};
    for (const topic of this.topics) {
      if (!this.applies(topic, t)) continue;
      const words = { decidedBy: 'words' as const, topic: topic.name, decisive: topic.decisive };
      if (typeof topic.rule === 'string') return { ruleId: topic.rule, ...words, ...extra };
      const bySubject = subject !== undefined ? topic.rule[subject] : undefined;
      const fallback = topic.rule.default;
      if (fallback !== undefined) return { ruleId: bySubject ?? fallback, ...words, ...extra };
      if (bySubject !== undefined) return { ruleId: bySubject, ...words, ...(wordsSubject ? {} : { decidedBy: 'hint' as const }), ...extra };
      // Topic known, subject not: only a hint of the same topic can decide.
      if (validHint && Object.values(topic.rule).includes(validHint)) return { ruleId: validHint, decidedBy: 'hint', ...extra };
      return undefined;
    }
    return validHint ? { ruleId: validHint, decidedBy: 'hint', ...extra } : undefined;
  }

  /**
   * The rule a correction or a short reply means, given the rule it corrects: "not the X, the Y" keeps
   * the topic and changes the subject; "I failed it, I didn't pass" keeps the subject and changes the
   * topic. What follows "not the ..." is taken back, not meant.
   */
  corrected(previous: string, correction: string): string {
    const meant = (correction ?? '').slice(0, MAX_TEXT).replace(NEGATED_RE, ' ');
    const subject = this.subjectOf(meant) ?? this.subjectOfRule(previous);
    const own = this.detect(meant, previous);
    const topicName = own?.topic ?? this.topicOfRule(previous);
    const topic = this.topics.find((t) => t.name === topicName);
    if (!topic) return own?.ruleId ?? previous;
    if (typeof topic.rule === 'string') return topic.rule;
    return (subject !== undefined ? topic.rule[subject] : undefined) ?? topic.rule.default ?? own?.ruleId ?? previous;
  }

  /** The topic a rule belongs to: the last topic that names it (a later topic is the more general one). */
  private topicOfRule(ruleId: string): string | undefined {
    return [...this.topics].reverse().find((t) => (typeof t.rule === 'string' ? t.rule === ruleId : Object.values(t.rule).includes(ruleId)))?.name;
  }
}

/** No triggers: no subject or topic words; detection keeps the hint. */
export const EMPTY_TRIGGERS = new Triggers({ fragments: {}, subjects: [], topics: [], personal: [], upcoming: [] });

function expand(source: string, fragments: Readonly<Record<string, string>>): string {
  return source.replace(/\{\{([a-zA-Z][\w-]*)\}\}/g, (whole, name: string) => fragments[name] ?? whole);
}

/** Validates the triggers section; `file` names it in errors. Every pattern must compile. */
export function parseTriggers(data: unknown, file: string, catalogue?: Catalogue): Triggers {
  const parsed = TriggersSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new TriggersLoadError(`rules: ${file}: triggers.${formatPath(i.path)}: ${i.message}`);
  }
  const f = parsed.data;
  const check = (path: string, source: string): void => {
    const expanded = expand(source, f.fragments);
    const missing = /\{\{([a-zA-Z][\w-]*)\}\}/.exec(expanded);
    if (missing) throw new TriggersLoadError(`rules: ${file}: triggers.${path}: no fragment "${missing[1]}"`);
    try {
      new RegExp(expanded, 'i');
    } catch (e) {
      throw new TriggersLoadError(`rules: ${file}: triggers.${path}: not a valid regular expression: ${(e as Error).message}`);
    }
  };
  f.subjects.forEach((s, i) => s.patterns.forEach((p, j) => check(`subjects[${i}].patterns[${j}]`, p)));
  f.personal.forEach((p, i) => check(`personal[${i}]`, p));
  f.upcoming.forEach((p, i) => check(`upcoming[${i}]`, p));
  f.topics.forEach((t, i) => {
    for (const [part, list] of [['when', t.when], ['unless', t.unless ?? []]] as const) {
      list.forEach((c, j) => {
        for (const key of ['any', 'all', 'none'] as const) (c[key] ?? []).forEach((p, k) => check(`topics[${i}].${part}[${j}].${key}[${k}]`, p));
      });
    }
  });
  const names = f.topics.map((t) => t.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) throw new TriggersLoadError(`rules: ${file}: triggers.topics[${i}].name: duplicate topic "${n}"`);
  });
  const triggers = new Triggers(f, catalogue);
  const unknownSubject = triggers.unknownSubjects()[0];
  if (unknownSubject) throw new TriggersLoadError(`rules: ${file}: triggers.topics: subject "${unknownSubject}" is not in triggers.subjects`);
  const unknownTopic = triggers.unknownTopics()[0];
  if (unknownTopic) throw new TriggersLoadError(`rules: ${file}: triggers.topics: condition names topic "${unknownTopic}", which does not exist`);
  return triggers;
}
