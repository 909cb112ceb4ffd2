/**
 * The one entry point the bot calls for a personal date question: the text (and, when the user is
 * answering our "what date?" question, the original question), the turn's clock and the rule chosen ->
 * a computed answer with its working, a question for the missing date, or a rejection with the reason.
 * Wording here is plain text (no markdown); renderers decide the layout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TurnClock } from './clock';
import { diffDays, type IsoDate } from './calendar';
import { findDates, findStatedAge, localToday, MAX_TEXT_LENGTH, type DateFinding } from './dates';
import { describeRule, evaluate, type RuleInputs, type RuleOutcome } from './engine';
import { findExam, type ExamInfo } from './exams';
import { formatDate, formatDateTime, formatPlainDate, formatRelative, MONTH_NAMES } from './format';
import { formatPath, RULE_IDS, RuleSchema, RulesFileSchema, type Rule, type RuleId } from './schema';
import bundledRules from '../knowledge/aws/rules.json';
import { fillRuleTexts } from './numbers';

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

export interface AnswerOptions {
  readonly ruleId: RuleId;
  /** The original question when `text` answers our "what date?" question. */
  readonly pendingText?: string;
  /** Rules to use; default the bundled rules.json (validated once). */
  readonly rules?: RuleSet;
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
  for (const id of RULE_IDS) if (!out.has(id)) throw new RulesLoadError(`rules: ${file}: rules: missing rule "${id}"`);
  return out;
}

/** Loads and validates a rules file (default: the bundled rules/rules.json). Throws RulesLoadError. */
export function loadRules(file?: string): RuleSet {
  if (!file) return parseRules(bundledRules, 'rules.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RulesLoadError(`rules: ${path.basename(file)}: ${(e as Error).message}`);
  }
  return parseRules(data, path.basename(file));
}

let defaultRules: RuleSet | undefined;
function bundled(): RuleSet {
  defaultRules ??= loadRules();
  return defaultRules;
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

function examPhrase(exam: ExamInfo | undefined): string {
  return exam ? `the ${exam.name} exam (${exam.code})` : 'the exam';
}

/** Picks the input dates of the rule from the findings. */
function pickInputs(
  rule: Rule,
  findings: readonly DateFinding[],
  today: IsoDate,
): { input?: DateFinding; event?: DateFinding } {
  if (rule.input.kind !== 'birthDate') return { input: findings[0] };
  const usable = findings.filter((f) => !f.error);
  const input =
    findings.find((f) => f.birth) ??
    usable.filter((f) => f.date < today && !f.relative).sort((a, b) => (a.date < b.date ? -1 : 1))[0] ??
    findings.find((f) => f.error);
  const event = usable.find((f) => f !== input && f.date >= today);
  return { input, event };
}

function tooOld(date: IsoDate, today: IsoDate): boolean {
  const y = Number(today.slice(0, 4)) - MAX_YEARS_BACK;
  return date < `${String(y).padStart(4, '0')}${today.slice(4)}`;
}

/** Words shortly before a date that say it is when something expires ("expires on", "valid until", "runs out on"). */
const EXPIRY_WORDS = /\b(?:expir\w*|valid (?:until|till|through)|good (?:until|till)|r[au]ns? out|lapse[sd]?)\b/i;

/** For rules computed from the date passed: what expires, and what to do before it does (knowledge-facts.md). */
const MC_EXPIRED =
  'a microcredential that is no longer valid cannot be renewed, but you can take it again at any time, as long as 25 days have passed since any failed attempt.';
const EXPIRY_RULES: Partial<Record<RuleId, { readonly what: string; readonly advice: string; readonly expired: string; readonly expiredEntry: string }>> = {
  'cert-expiry': {
    what: 'certification',
    advice: 'recertify before then; once it has expired it cannot be recertified and the exam must be passed again.',
    expired: 'an expired certification cannot be recertified; to hold it again, pass the exam again.',
    expiredEntry: 'recertification',
  },
  'mc-expiry': { what: 'microcredential', advice: 'you can renew it until then (renewal opens 9 months after you passed).', expired: MC_EXPIRED, expiredEntry: 'microcredential-renewal' },
  'mc-renewal': { what: 'microcredential', advice: 'you can renew it until then (renewal opens 9 months after you passed).', expired: MC_EXPIRED, expiredEntry: 'microcredential-renewal' },
};

/** A question about an exam still to come: "my exam is on Friday", "I'm taking it on 2026-12-31", "booked for". */
const UPCOMING_RE =
  /\b(?:(?:exam|test|appointment)\s+is\s+(?:on|scheduled|booked|set|tomorrow|next|this|in|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|(?:i'?m|i\s+am|am)\s+(?:taking|sitting|writing|doing)|taking\s+(?:my|the)\s+(?:exam|test)|will\s+(?:take|sit|write|do)|going\s+to\s+(?:take|sit|write|do)|(?:booked|scheduled)\s+(?:for|on)|upcoming)\b/i;

/**
 * Answers a personal date question with the given rule. Never reads the real clock: "now", the zone and
 * the locale come from `clock`.
 */
export function answerDateQuestion(text: string, clock: TurnClock, opts: AnswerOptions): DateAnswer {
  const rules = opts.rules ?? bundled();
  const rule = getRule(rules, opts.ruleId);
  const locale = clock.locale;
  const today = localToday(clock);
  const capped = (text ?? '').slice(0, MAX_TEXT_LENGTH);
  const pending = opts.pendingText?.slice(0, MAX_TEXT_LENGTH);
  // The event's tense: the rule's, or "future" for an event the question says is still to come.
  const eventTense = rule.input.upcoming && UPCOMING_RE.test(capped) ? 'future' : rule.input.tense;
  const tense = rule.input.kind === 'birthDate' ? 'any' : eventTense;

  let findings = findDates(capped, clock, { tense });
  if (findings.length === 0 && pending) findings = findDates(pending, clock, { tense });
  const exam = findExam(capped) ?? (pending ? findExam(pending) : undefined);
  const { input, event } = pickInputs(rule, findings, today);

  const inputs: { -readonly [K in keyof RuleInputs]: RuleInputs[K] } = {};
  if (exam) inputs.exam = exam;

  if (!input) {
    const age = rule.answer === 'age' ? findStatedAge(capped) ?? (pending ? findStatedAge(pending) : undefined) : undefined;
    if (age === undefined) return needInput(rule);
    inputs.age = age;
  } else {
    if (input.error === 'invalid') return rejected(rule, 'invalid', `${formatPlainDate(input.date, locale)} is not a valid date.`);
    if (rule.input.kind === 'birthDate' && input.yearAssumed) return needInput(rule);
    const when = formatDate(input.date, locale);
    // "My certification expires on <date>", "my microcredential ran out on <date>": the date given is
    // the expiry itself, not the date passed. Say what that means instead of computing from it.
    const expiry = EXPIRY_RULES[rule.id];
    if (expiry && eventTense === 'past') {
      const source = capped.slice(input.index, input.index + input.text.length) === input.text ? capped : (pending ?? '');
      const before = source.slice(Math.max(0, input.index - 60), input.index);
      if (EXPIRY_WORDS.test(before) && !/\bpass/i.test(before.split(EXPIRY_WORDS).pop() ?? '')) {
        const rel = formatRelative(diffDays(today, input.date));
        return input.date > today
          ? rejected(rule, 'expiryGiven', `${when} (${rel}) reads as the date your ${expiry.what} expires, not the date you passed: ${expiry.advice} To check the date from when you passed, tell me that date.`)
          : // What an expired credential means is the renewal entry's subject (its follow-ups and quality records go there).
            rejected(rule, 'expiryGiven', `${when} (${rel}) reads as the date your ${expiry.what} expired, not the date you passed: ${expiry.expired}`, expiry.expiredEntry);
      }
    }
    // An exam still to come has results due after it too ("my exam is on December 4"), however it was worded.
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
  return render(rule, outcome, input, event, locale);
}

function render(rule: Rule, outcome: RuleOutcome, input: DateFinding | undefined, event: DateFinding | undefined, locale: string): DateAnswer {
  const primary = outcome.results[0];
  const values: Record<string, string> = {
    today: formatDate(outcome.today, locale),
    exam: examPhrase(outcome.exam),
    input: outcome.input.date ? formatDateTime(outcome.input.date, outcome.input.time, locale) : '',
    date: primary ? formatDateTime(primary.date, primary.time, locale) : '',
    rel: primary ? formatRelative(primary.daysFromToday, primary.minutesFromNow) : '',
    age: outcome.age !== undefined ? String(outcome.age) : '',
    examDate: outcome.eventDate ? `${formatDate(outcome.eventDate, locale)}${outcome.eventDate === outcome.today ? ' (today)' : ''}` : '',
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
  if (outcome.exam) facts.push({ label: 'Exam', value: `${outcome.exam.name} (${outcome.exam.code})` });
  facts.push({ label: 'Rule', value: outcome.ruleText });
  for (const r of outcome.results) facts.push({ label: r.label, value: `${values[r.key]} (${values[`${r.key}.rel`]})` });
  if (rule.answer === 'age' && outcome.eventDate) {
    facts.push({ label: 'Exam day', value: values.examDate });
    if (outcome.input.date) facts.push({ label: 'Age on exam day', value: values.age });
  }
  facts.push({ label: 'Today', value: values.today });

  const notes: string[] = [];
  for (const f of [input, event]) {
    if (!f) continue;
    const [y, m] = f.date.split('-');
    if (f.monthAssumed) notes.push(`Month and year assumed: ${MONTH_NAMES[Number(m) - 1]} ${y}.`);
    else if (f.yearAssumed) notes.push(`Year assumed: ${y}.`);
    if (f.localeDecided) notes.push(`Read ${f.text.trim()} as ${formatPlainDate(f.date, locale)} (your locale, ${f.localeDecided}).`);
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
