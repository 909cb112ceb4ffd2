/**
 * The one entry point the bot calls for a personal date question: the text (and, when the user is
 * answering our "what date?" question, the original question), the turn's clock and the rule chosen ->
 * a computed answer with its working, a question for the missing date, or a rejection with the reason.
 * Wording here is plain text (no markdown); renderers decide the layout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TurnClock } from './clock';
import { daysInMonth, diffDays, localDateTime, zonedInstant, type IsoDate } from './calendar';
import { findDates, findStatedAge, findVagueDates, localToday, MAX_TEXT_LENGTH, type DateFinding, type VagueDate } from './dates';
import { NEUTRAL_EVENTS, type EventMention, type EventVocabulary } from './events';
import { describeRule, evaluate, type RuleInputs, type RuleOutcome } from './engine';
import { EMPTY_CATALOGUE, type Catalogue, type CatalogueItem } from './catalogue';
import { formatDate, formatDateTime, formatPlainDate, formatRelative, formatTime, MONTH_NAMES } from './format';
import { formatPath, RuleSchema, RulesFileSchema, type Rule, type RuleId } from './schema';
import { fillRuleTexts } from './numbers';
import { parseTriggers, TriggersLoadError, type Triggers } from './triggers';

export type { RuleId } from './schema';

export type RuleSet = ReadonlyMap<RuleId, Rule>;

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** Why a date was not computed from; 'expiryGiven': the date given is the expiry, not the date passed. */
export type RejectReason = 'invalid' | 'future' | 'past' | 'tooOld' | 'expiryGiven';

export type DateAnswer =
  | {
      readonly kind: 'computed';
      readonly ruleId: RuleId;
      readonly entryId: string;
      readonly sourceUrl: string;
      /** One sentence with the answer, e.g. "You can retake your microcredential from ... (in 4 days)." */
      readonly headline: string;
      /** The working: the input as understood, the rule, the result(s), today. */
      readonly facts: readonly Fact[];
      /** Assumptions made (year, locale reading) and what to do next. */
      readonly notes: readonly string[];
      /** The rule in words with its number: "25 days after a failed attempt". */
      readonly ruleText: string;
      /** The engine's structured result (ISO dates), for renderers and tests. */
      readonly outcome: RuleOutcome;
    }
  | {
      readonly kind: 'needInput';
      readonly ruleId: RuleId;
      readonly entryId: string;
      readonly sourceUrl: string;
      /** A question ending with "?" that says "when" or "date". */
      readonly ask: string;
      /** Example answers, e.g. "October 30 or 2026-10-30". */
      readonly example: string;
      readonly ruleText: string;
      /**
       * Set when a date was found but its role or its day is unclear: one short question instead of the
       * rule's own, the answers offered as quick replies, and what the answer to it refers to.
       */
      readonly clarify?: Clarify;
    }
  | {
      readonly kind: 'rejected';
      readonly ruleId: RuleId;
      readonly entryId: string;
      readonly sourceUrl: string;
      readonly reason: RejectReason;
      /** Why, in plain words, e.g. "February 30, 2026 is not a valid date." */
      readonly message: string;
      /** The question to ask again for the date. */
      readonly ask: string;
      readonly example: string;
    };

/** A short question about a date the message gave (see DateAnswer needInput). */
export interface Clarify {
  readonly question: string;
  readonly quickReplies: readonly string[];
  /** The date asked about ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"): a plain "yes" confirms it. */
  readonly candidate?: string;
  /** The month asked about ("YYYY-MM"): a day given in reply ("the 14th") is a day of it. */
  readonly month?: string;
}

export interface AnswerOptions {
  readonly ruleId: RuleId;
  /** The original question when `text` answers our "what date?" question. */
  readonly pendingText?: string;
  /** The pack's rules. */
  readonly rules: RuleSet;
  /** The pack's event words and questions; default none (neutral wording). */
  readonly events?: EventVocabulary;
  /** The pack's catalogue (items a question may name); default none. */
  readonly catalogue?: Catalogue;
  /** The pack's triggers (for its "still to come" words); default none. */
  readonly triggers?: Triggers;
  /** The month our last question asked about ("YYYY-MM"): "the 14th" or "March 14" in reply is in it. */
  readonly month?: string;
}

/** Dates this many years before today are refused as "tooOld". */
export const MAX_YEARS_BACK = 100;

// ---------------------------------------------------------------------------------------------------
// Loading the rules.

export class RulesLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesLoadError';
  }
}

/** Validates rules data (the parsed content of a rules file); `file` names it in errors. */
export function parseRules(data: unknown, file: string): RuleSet {
  const top = RulesFileSchema.safeParse(fillRuleTexts(data));
  if (!top.success) {
    const i = top.error.issues[0];
    throw new RulesLoadError(`rules: ${file}: ${formatPath(i.path)}: ${i.message}`);
  }
  const out = new Map<RuleId, Rule>();
  top.data.rules.forEach((raw, n) => {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : `#${n}`;
    const parsed = RuleSchema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new RulesLoadError(`rules: ${file} rule "${id}": ${formatPath(i.path)}: ${i.message}`);
    }
    if (out.has(parsed.data.id)) throw new RulesLoadError(`rules: ${file} rule "${id}": id: duplicate id`);
    out.set(parsed.data.id, parsed.data);
  });
  return out;
}

/** The rules and their triggers (the file's `triggers` section) of a rules file's data. */
export interface RuleBook {
  readonly rules: RuleSet;
  readonly triggers?: Triggers;
}

/**
 * Validates a rules file with its triggers: every rule a topic names exists, and a per-group rule has an
 * offset for each group of the catalogue. Throws RulesLoadError.
 */
export function parseRuleBook(data: unknown, file: string, catalogue?: Catalogue): RuleBook {
  const rules = parseRules(data, file);
  const raw = (data as { triggers?: unknown }).triggers;
  let triggers: Triggers | undefined;
  if (raw !== undefined) {
    try {
      triggers = parseTriggers(raw, file, catalogue);
    } catch (e) {
      if (e instanceof TriggersLoadError) throw new RulesLoadError(e.message);
      throw e;
    }
    const missing = triggers.ruleIds().find((id) => !rules.has(id));
    if (missing) throw new RulesLoadError(`rules: ${file}: triggers.topics: rule "${missing}" is not in rules`);
  }
  for (const [id, rule] of rules) {
    if (rule.answer !== 'perGroup') continue;
    const groups = new Set(rule.offsets.map((o) => o.group));
    const missing = (catalogue?.groups ?? []).find((g) => !groups.has(g));
    if (missing) throw new RulesLoadError(`rules: ${file} rule "${id}": offsets: no offset for the catalogue's group "${missing}"`);
  }
  return { rules, ...(triggers ? { triggers } : {}) };
}

/** Loads and validates a rules file. Throws RulesLoadError. */
export function loadRules(file: string): RuleSet {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RulesLoadError(`rules: ${path.basename(file)}: ${(e as Error).message}`);
  }
  return parseRules(data, path.basename(file));
}

// ---------------------------------------------------------------------------------------------------
// Answering.

function getRule(rules: RuleSet, ruleId: RuleId): Rule {
  const rule = rules.get(ruleId);
  if (!rule) throw new RulesLoadError(`rules: unknown rule "${String(ruleId)}"`);
  return rule;
}

function needInput(rule: Rule): DateAnswer {
  return {
    kind: 'needInput',
    ruleId: rule.id,
    entryId: rule.entry,
    sourceUrl: rule.sourceUrl,
    ask: rule.input.ask,
    example: rule.input.example,
    ruleText: describeRule(rule),
  };
}

function rejected(rule: Rule, reason: RejectReason, message: string, entryId: string = rule.entry): DateAnswer {
  return {
    kind: 'rejected',
    ruleId: rule.id,
    entryId,
    sourceUrl: rule.sourceUrl,
    reason,
    message,
    ask: rule.input.ask,
    example: rule.input.example,
  };
}

/** Where a clause ends: punctuation, a comma, or a word that starts another clause. */
const CLAUSE_BREAK_RE = /[.;!?\n]|,\s|\s(?:and|but|while|whereas|although|though|because|so|when|what|how|can|could|will|would|should|does|do)\s/gi;
const SENTENCE_BREAK_RE = /[.;!?\n]/g;

function bounds(text: string, start: number, end: number, re: RegExp): [number, number] {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i + m[0].length <= start) from = i + m[0].length;
    else if (i >= end) {
      to = i;
      break;
    }
  }
  return [from, to];
}

/**
 * The event a date belongs to: the nearest event word in its clause ("I booked a retake for Dec 20 |
 * and failed on November 22"), else in its sentence; undefined when neither names one.
 */
export function eventOf(text: string, at: { readonly index: number; readonly text: string }, mentions: readonly EventMention[]): string | undefined {
  const start = at.index;
  const end = at.index + at.text.length;
  for (const re of [CLAUSE_BREAK_RE, SENTENCE_BREAK_RE]) {
    const [from, to] = bounds(text, start, end, re);
    let best: EventMention | undefined;
    let bestDist = Infinity;
    for (const m of mentions) {
      if (m.start < from || m.end > to || (m.start < end && start < m.end)) continue;
      // A word before the date wins a tie ("failed on Nov 3, took it again on...").
      const dist = m.end <= start ? start - m.end : m.start - end + 0.5;
      if (dist < bestDist) [best, bestDist] = [m, dist];
    }
    if (best) return best.event;
  }
  return undefined;
}

type Pick =
  | { readonly kind: 'input'; readonly input?: DateFinding; readonly event?: DateFinding }
  | { readonly kind: 'confirm'; readonly finding: DateFinding }
  | { readonly kind: 'which'; readonly findings: readonly DateFinding[] };

const keyOf = (f: DateFinding): string => `${f.date}T${f.time ?? ''}`;

function distinct(findings: readonly DateFinding[]): DateFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => (seen.has(keyOf(f)) ? false : (seen.add(keyOf(f)), true)));
}

/**
 * Picks the rule's input date from the findings by role: a date tied to one of the rule's starting events
 * counts; a date tied to another event never does. A single date with no event word is the rule's when
 * nothing else competes; otherwise the user is asked (one date: "is it that one?", several: "which?").
 */
function pickInputs(rule: Rule, findings: readonly DateFinding[], today: IsoDate, source: string, events: EventVocabulary): Pick {
  if (rule.input.kind === 'birthDate') {
    const usable = findings.filter((f) => !f.error);
    const input =
      findings.find((f) => f.birth) ??
      usable.filter((f) => f.date < today && !f.relative).sort((a, b) => (a.date < b.date ? -1 : 1))[0] ??
      findings.find((f) => f.error);
    const event = usable.find((f) => f !== input && f.date >= today);
    return { kind: 'input', input, event };
  }
  if (findings.length === 0) return { kind: 'input' };
  const starts = events.starts(rule.id);
  const mentions = events.mentions(source);
  const roles = findings.map((f) => eventOf(source, f, mentions));
  const rank = (r: string | undefined): number => (r === undefined ? -1 : starts.indexOf(r));
  const ranked = findings.map((f, i) => ({ f, rank: rank(roles[i]), role: roles[i] }));
  const mine = ranked.filter((x) => x.rank >= 0);
  if (mine.length > 0) {
    const best = Math.min(...mine.map((x) => x.rank));
    const top = distinct(mine.filter((x) => x.rank === best).map((x) => x.f));
    return top.length === 1 ? { kind: 'input', input: top[0] } : { kind: 'which', findings: top };
  }
  const free = distinct(ranked.filter((x) => x.role === undefined).map((x) => x.f));
  const others = ranked.filter((x) => x.role !== undefined);
  if (free.length === 1) return others.length === 0 ? { kind: 'input', input: free[0] } : { kind: 'confirm', finding: free[0]! };
  if (free.length > 1) return { kind: 'which', findings: free };
  return { kind: 'input' };
}

/** The year assumed for a day and month is doubtful: 300+ days away, the other year's date within 45 days. */
const FAR_DAYS = 300;
/** "December 5 last year": the year is said in words. */
const YEAR_SAID_RE = /\b(?:last|this|next|previous|coming)\s+year\b/i;
const NEAR_DAYS = 45;
function doubtfulYear(f: DateFinding, today: IsoDate, tense: 'past' | 'future' | 'any'): boolean {
  if (!f.yearAssumed || f.monthAssumed || f.error || tense === 'any') return false;
  const away = diffDays(today, f.date);
  if (Math.abs(away) < FAR_DAYS) return false;
  const y = Number(f.date.slice(0, 4)) + (away > 0 ? -1 : 1);
  const md = f.date.slice(5);
  if (md === '02-29') return false;
  const other = `${String(y).padStart(4, '0')}-${md}`;
  return Math.abs(diffDays(today, other)) <= NEAR_DAYS;
}

function tooOld(date: IsoDate, today: IsoDate): boolean {
  const y = Number(today.slice(0, 4)) - MAX_YEARS_BACK;
  return date < `${String(y).padStart(4, '0')}${today.slice(4)}`;
}

/** Words shortly before a date that say it is when something expires ("expires on", "valid until", "runs out on"). */
const EXPIRY_WORDS = /\b(?:expir\w*|valid (?:until|till|through)|good (?:until|till)|r[au]ns? out|lapse[sd]?)\b/i;

/**
 * Answers a personal date question with the given rule. Never reads the real clock: "now", the zone and
 * the locale come from `clock`.
 */
export function answerDateQuestion(text: string, clock: TurnClock, opts: AnswerOptions): DateAnswer {
  const rule = getRule(opts.rules, opts.ruleId);
  const catalogue = opts.catalogue ?? EMPTY_CATALOGUE;
  const locale = clock.locale;
  const today = localToday(clock);
  const capped = (text ?? '').slice(0, MAX_TEXT_LENGTH);
  const pending = opts.pendingText?.slice(0, MAX_TEXT_LENGTH);
  // The event's tense: the rule's, or "future" for an event the question says is still to come.
  const eventTense = rule.input.upcoming && opts.triggers?.upcoming(capped) ? 'future' : rule.input.tense;
  const tense = rule.input.kind === 'birthDate' ? 'any' : eventTense;

  const events = opts.events ?? NEUTRAL_EVENTS;
  let source = capped;
  let findings = findDates(capped, clock, { tense });
  if (findings.length === 0 && pending) {
    const fromPending = findDates(pending, clock, { tense });
    if (fromPending.length > 0) [findings, source] = [fromPending, pending];
  }
  if (opts.month) findings = findings.map((f) => inMonth(f, opts.month!));
  const item = catalogue.find(capped) ?? (pending ? catalogue.find(pending) : undefined);
  const pick = pickInputs(rule, findings, today, source, events);
  if (pick.kind === 'confirm') return clarifyConfirm(rule, pick.finding, locale, events);
  if (pick.kind === 'which') return clarifyWhich(rule, pick.findings, locale, events);
  const { input, event } = pick;
  // A day and month said without a year that lands almost a year away, while the same day of the other
  // year is only days away ("my exam is on December 2", said on December 5): ask rather than assume.
  if (input && doubtfulYear(input, today, tense) && !YEAR_SAID_RE.test(source.slice(input.index, input.index + input.text.length + 20))) {
    return clarifyConfirm(rule, input, locale, events);
  }

  const inputs: { -readonly [K in keyof RuleInputs]: RuleInputs[K] } = {};
  if (item) inputs.item = item;

  if (!input && rule.input.kind !== 'birthDate') {
    // A month without its day ("in March 2023", "mid-March", "last month"): ask for the day, with the
    // status when it is the same whatever the day.
    for (const src of pending ? [capped, pending] : [capped]) {
      const vague = vagueStart(rule, src, clock, tense, events);
      if (vague) return clarifyDay(rule, vague, clock, tense, item, events);
      if (findDates(src, clock, { tense }).length > 0) break;
    }
  }

  if (!input) {
    const age = rule.answer === 'age' ? findStatedAge(capped) ?? (pending ? findStatedAge(pending) : undefined) : undefined;
    if (age === undefined) return needInput(rule);
    inputs.age = age;
  } else {
    if (input.error === 'invalid') {
      // "2026-13-01" is quoted as written: there is no month 13 to name.
      const month = Number(input.date.slice(-5, -3));
      const shown = month >= 1 && month <= 12 ? formatPlainDate(input.date, locale) : `"${input.text.trim()}"`;
      return rejected(rule, 'invalid', `${shown} is not a valid date.`);
    }
    if (rule.input.kind === 'birthDate' && input.yearAssumed) return needInput(rule);
    const when = formatDate(input.date, locale);
    // A date worded as the expiry itself ("it expires on <date>", "ran out on <date>"), for a rule
    // computed from the date something was obtained: say what that means instead of computing from it.
    const expiry = rule.expiryGiven;
    if (expiry && eventTense === 'past') {
      const source = capped.slice(input.index, input.index + input.text.length) === input.text ? capped : (pending ?? '');
      const before = source.slice(Math.max(0, input.index - 60), input.index);
      if (EXPIRY_WORDS.test(before) && !/\bpass/i.test(before.split(EXPIRY_WORDS).pop() ?? '')) {
        const values = { date: when, rel: formatRelative(diffDays(today, input.date)) };
        return input.date > today
          ? rejected(rule, 'expiryGiven', fill(expiry.future, values))
          : rejected(rule, 'expiryGiven', fill(expiry.past, values), expiry.pastEntry ?? rule.entry);
      }
    }
    // An event still to come has results due after it too ("my appointment is on December 4"), however it was worded.
    if (eventTense === 'past' && input.date > today && !rule.input.upcoming) {
      return rejected(rule, 'future', `${when} is in the future, but the ${rule.input.event} must be a date that has already happened.`);
    }
    if (eventTense === 'future' && input.date < today) {
      return rejected(rule, 'past', `${when} has already passed, but the ${rule.input.event} must be today or a later date.`);
    }
    if (tooOld(input.date, today)) {
      return rejected(rule, 'tooOld', `${when} is more than ${MAX_YEARS_BACK} years ago; please check the date.`);
    }
    inputs.date = input.date;
    if (input.time) inputs.time = input.time;
  }
  if (event) inputs.eventDate = event.date;

  const outcome = evaluate(rule, inputs, clock);
  return render(rule, outcome, input, event, locale, catalogue, clock.timeZone);
}


/** A day given in reply to "On what day in March 2023?": "the 14th" or "March 14" is a day of that month. */
function inMonth(f: DateFinding, month: string): DateFinding {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = Number(f.date.slice(8, 10));
  const sameMonth = Number(f.date.slice(5, 7)) === m;
  if (!(f.monthAssumed || (f.yearAssumed && sameMonth)) || d > daysInMonth(y, m)) return f;
  return { ...f, date: `${month}-${f.date.slice(8, 10)}`, yearAssumed: false, monthAssumed: false };
}

const fill = (template: string, values: Readonly<Record<string, string>>): string => template.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole);

const withTime = (f: DateFinding): string => (f.time ? `${f.date}T${f.time}` : f.date);

function clarified(rule: Rule, clarify: Clarify): DateAnswer {
  return { kind: 'needInput', ruleId: rule.id, entryId: rule.entry, sourceUrl: rule.sourceUrl, ask: rule.input.ask, example: rule.input.example, ruleText: describeRule(rule), clarify };
}

/** "Just to be sure: is November 14, 2026 the failed attempt?" with "Yes, November 14, 2026" / "No". */
function clarifyConfirm(rule: Rule, f: DateFinding, locale: string, events: EventVocabulary): DateAnswer {
  const q = events.questions;
  const date = f.time ? `${formatPlainDate(f.date, locale)} at ${formatTime(f.time, locale)}` : formatPlainDate(f.date, locale);
  return clarified(rule, {
    question: fill(q.confirm, { date, event: rule.input.event }),
    quickReplies: [fill(q.yes, { date }), q.no],
    candidate: withTime(f),
  });
}

/** "Which date is the failed attempt: November 3, 2026 or November 5, 2026?" with each as a quick reply. */
function clarifyWhich(rule: Rule, findings: readonly DateFinding[], locale: string, events: EventVocabulary): DateAnswer {
  const shown = findings.slice(0, 4).map((f) => (f.time ? `${formatPlainDate(f.date, locale)} at ${formatTime(f.time, locale)}` : formatPlainDate(f.date, locale)));
  return clarified(rule, {
    question: fill(events.questions.which, { event: rule.input.event, dates: shown.join(' or ') }),
    quickReplies: shown,
  });
}

/** A month without a day tied to the rule's starting event. */
function vagueStart(rule: Rule, text: string, clock: TurnClock, tense: 'past' | 'future' | 'any', events: EventVocabulary): VagueDate | undefined {
  const vague = findVagueDates(text, clock, { tense }, findDates(text, clock, { tense }));
  if (vague.length === 0) return undefined;
  const starts = events.starts(rule.id);
  const mentions = events.mentions(text);
  // Only a month said with the rule's own starting event (its first) counts: "it lapsed last month" or "its
  // end date last month" is no month it was passed in.
  const fitting = vague.filter((v) => eventOf(text, v, mentions) === starts[0]);
  return fitting.length === 1 ? fitting[0] : undefined;
}

const monthText = (month: string): string => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** "On what day in March 2023 did...?", after the status when every day of that month gives the same one. */
function clarifyDay(rule: Rule, vague: VagueDate, clock: TurnClock, tense: 'past' | 'future' | 'any', item: CatalogueItem | undefined, events: EventVocabulary): DateAnswer {
  const q = events.questions;
  const month = monthText(vague.month);
  const question = fill(tense === 'future' ? q.dayAhead : q.day, { month, event: rule.input.event });
  let status: string | undefined;
  const today = localToday(clock);
  const first = `${vague.month}-01`;
  const [y, m] = vague.month.split('-').map(Number) as [number, number];
  const lastOfMonth = `${vague.month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  const last = tense === 'past' && lastOfMonth > today ? today : lastOfMonth;
  if (tense === 'past' && first <= today && rule.input.kind === 'date') {
    const at = (date: IsoDate): RuleOutcome => evaluate(rule, { date, ...(item ? { item } : {}) }, clock);
    const [a, b] = [at(first), at(last)];
    const template = q.status[`${rule.answer}.${a.state}`];
    const pickResult = (o: RuleOutcome): IsoDate | undefined => (rule.answer === 'windowOpens' ? o.results.at(-1) : o.results[0])?.date;
    const [ra, rb] = [pickResult(a), pickResult(b)];
    if (a.state === b.state && template && ra && rb) {
      const [ma, mb] = [monthText(ra.slice(0, 7)), monthText(rb.slice(0, 7))];
      status = fill(template, { month, result: ma === mb ? ma : `${ma} or ${mb}` });
    }
  }
  return clarified(rule, { question: status ? `${status} ${question}` : question, quickReplies: [], month: vague.month });
}

function render(rule: Rule, outcome: RuleOutcome, input: DateFinding | undefined, event: DateFinding | undefined, locale: string, catalogue: Catalogue, timeZone: string): DateAnswer {
  const primary = outcome.results[0];
  const values: Record<string, string> = {
    today: formatDate(outcome.today, locale),
    item: catalogue.phrase(outcome.item),
    input: outcome.input.date ? formatDateTime(outcome.input.date, outcome.input.time, locale) : '',
    date: primary ? formatDateTime(primary.date, primary.time, locale) : '',
    rel: primary ? formatRelative(primary.daysFromToday, primary.minutesFromNow) : '',
    age: outcome.age !== undefined ? String(outcome.age) : '',
    eventDate: outcome.eventDate ? `${formatDate(outcome.eventDate, locale)}${outcome.eventDate === outcome.today ? ' (today)' : ''}` : '',
  };
  for (const r of outcome.results) {
    values[r.key] = formatDateTime(r.date, r.time, locale);
    values[`${r.key}.rel`] = formatRelative(r.daysFromToday, r.minutesFromNow);
  }
  const fill = (template: string): string =>
    template.replace(/\{([^}]*)\}/g, (whole, key: string) => (key in values ? values[key] : whole));

  const facts: Fact[] = [];
  if (outcome.input.date) facts.push({ label: rule.input.label, value: values.input });
  else if (outcome.age !== undefined) facts.push({ label: 'Age given', value: values.age });
  if (outcome.item) facts.push({ label: catalogue.label, value: `${outcome.item.name} (${outcome.item.code})` });
  facts.push({ label: 'Rule', value: outcome.ruleText });
  for (const r of outcome.results) facts.push({ label: r.label, value: `${values[r.key]} (${values[`${r.key}.rel`]})` });
  if (rule.answer === 'age' && outcome.eventDate) {
    facts.push({ label: rule.ages?.eventLabel ?? 'Event day', value: values.eventDate });
    if (outcome.input.date) facts.push({ label: rule.ages?.ageLabel ?? 'Age on the day', value: values.age });
  }
  facts.push({ label: 'Today', value: values.today });

  const notes: string[] = [];
  for (const f of [input, event]) {
    if (!f) continue;
    const [y, m] = f.date.split('-');
    if (f.monthAssumed) notes.push(`Month and year assumed: ${MONTH_NAMES[Number(m) - 1]} ${y}.`);
    else if (f.yearAssumed) notes.push(`Year assumed: ${y}.`);
    if (f.zoneGiven) notes.push(`Read "${f.zoneGiven}" in your time zone: ${formatDateTime(f.date, f.time, locale)}.`);
    if (f.localeDecided) notes.push(`Read ${f.text.trim()} as ${formatPlainDate(f.date, locale)} (your locale, ${f.localeDecided}).`);
  }
  // A wall time the clocks skip ("2:30 AM" on the night they spring forward) is read as the same instant's
  // real time; say so.
  if (outcome.input.date && outcome.input.time) {
    const real = localDateTime(zonedInstant(outcome.input.date, outcome.input.time, timeZone), timeZone);
    if (real.time !== outcome.input.time) {
      notes.push(`${formatTime(outcome.input.time, locale)} does not exist on ${formatPlainDate(outcome.input.date, locale)} in your time zone (the clocks move forward); it is read as ${formatTime(real.time, locale)}.`);
    }
  }
  if (outcome.clockChange) {
    notes.push('The clocks change (daylight saving time) between these times: the hours are counted in real time, and all times shown are your local clock times.');
  }
  notes.push(...(rule.notes?.all ?? []).map(fill), ...(rule.notes?.[outcome.state] ?? []).map(fill));

  return {
    kind: 'computed',
    ruleId: rule.id,
    entryId: rule.entry,
    sourceUrl: rule.sourceUrl,
    headline: fill(rule.headline[outcome.state] ?? ''),
    facts,
    notes,
    ruleText: outcome.ruleText,
    outcome,
  };
}
