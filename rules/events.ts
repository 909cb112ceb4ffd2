/**
 * The words that give a date its role (the pack's events.json, content validated here): which event a date
 * in a message belongs to ("failed on Nov 3", "the notice came Nov 20", "the test I take on the 14th"),
 * which events each rule may start from, and how people say "cancel", "yes" and "no, I meant...".
 * The engine knows no domain word: swap the file and the same code reads another vocabulary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatPath, type RuleId } from './schema';

const EVENT_NAME = /^[a-z]+(?:-[a-z]+)*$/;
/** A phrase: words (letters, digits, apostrophes, hyphens), a trailing * matches any word ending. */
const Phrase = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9' -]+\*?$/i, 'must be words (letters, digits, apostrophes, hyphens), optionally ending in *');

export const EventsFileSchema = z
  .object({
    $comment: z.string().optional(),
    $schema: z.string().optional(),
    /** Event name -> the words that name it. */
    events: z.record(z.string().regex(EVENT_NAME, 'event names are lower-case words joined by hyphens'), z.array(Phrase).min(1)),
    /** Rule id -> the events its date may belong to (its starting event first). */
    starts: z.record(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'rule ids are lower-case words joined by hyphens'), z.array(z.string()).min(1)),
    /** Whole messages that cancel a pending question, and words that may surround them ("ok", "please"). */
    cancel: z.array(Phrase).min(1),
    cancelFillers: z.array(Phrase),
    /** Whole messages that confirm a date the bot asked about. */
    yes: z.array(Phrase).min(1),
    /** Whole messages that say the date asked about is not the one. */
    no: z.array(Phrase).min(1),
    /** How a message that corrects the bot starts ("no", "sorry", "I meant"). */
    corrections: z.array(Phrase).min(1),
    /**
     * The short questions asked when a date or its role is unclear, with {placeholders}; `status` words a
     * status that holds whatever the day of a month ("<answer kind>.<state>": {month}, {result}).
     */
    questions: z
      .object({
        confirm: z.string().includes('{date}').includes('{event}'),
        which: z.string().includes('{dates}'),
        day: z.string().includes('{month}'),
        dayAhead: z.string().includes('{month}'),
        yes: z.string().includes('{date}'),
        no: z.string().min(1),
        status: z.record(z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, 'keys are "<answer kind>.<state>"'), z.string().min(10)),
      })
      .strict(),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [id, events] of Object.entries(file.starts)) {
      events.forEach((e, i) => {
        if (!file.events[e]) ctx.addIssue({ code: 'custom', path: ['starts', id, i], message: `unknown event "${e}"` });
      });
    }
  });

export type EventsFile = z.infer<typeof EventsFileSchema>;

/** An event word found in a message. */
export interface EventMention {
  readonly event: string;
  readonly start: number;
  readonly end: number;
}

export class EventsLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventsLoadError';
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function phraseSource(phrase: string): string {
  const wild = phrase.endsWith('*');
  const words = (wild ? phrase.slice(0, -1) : phrase).trim().split(/\s+/).map((w) => escape(w).replace(/'/g, "['\u2019]?"));
  return `${words.join('\\s+')}${wild ? '\\w*' : ''}`;
}

/** Lower case, apostrophes dropped, anything else but letters and digits a space. */
export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MAX_WORDS_SHORT = 8;

export class EventVocabulary {
  private readonly patterns: ReadonlyArray<readonly [string, RegExp]>;
  private readonly cancel: ReadonlySet<string>;
  private readonly fillers: readonly string[];
  private readonly yes: ReadonlySet<string>;
  private readonly no: ReadonlySet<string>;
  private readonly correction: RegExp;

  constructor(private readonly file: EventsFile) {
    this.patterns = Object.entries(file.events).map(([name, phrases]) => [name, new RegExp(`\\b(?:${phrases.map(phraseSource).join('|')})(?![\\w'])`, 'gi')] as const);
    this.cancel = new Set(file.cancel.map(normaliseWords));
    // Longest first, so "thank you" goes before "thank".
    this.fillers = [...new Set(file.cancelFillers.map(normaliseWords))].sort((a, b) => b.length - a.length);
    this.yes = new Set(file.yes.map(normaliseWords));
    this.no = new Set(file.no.map(normaliseWords));
    this.correction = new RegExp(`^(?:${file.corrections.map((c) => phraseSource(normaliseWords(c))).join('|')})\\b`, 'i');
  }

  get questions(): EventsFile['questions'] {
    return this.file.questions;
  }

  /** The rule ids the file lists starting events for. */
  ruleIds(): string[] {
    return Object.keys(this.file.starts);
  }

  /** The events a rule's date may belong to. */
  starts(ruleId: RuleId): readonly string[] {
    return this.file.starts[ruleId] ?? [];
  }

  /** Event words in the text, in order; a match inside a longer one ("pass" in "did not pass") is dropped. */
  mentions(text: string): EventMention[] {
    const all: EventMention[] = [];
    for (const [event, re] of this.patterns) {
      for (const m of text.matchAll(re)) all.push({ event, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    }
    return all
      .filter((a) => !all.some((b) => b !== a && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start))
      .sort((a, b) => a.start - b.start);
  }

  /** The whole message cancels ("forget it", "nah skip that", "ok never mind thanks"). */
  isCancel(text: string): boolean {
    let t = normaliseWords(text);
    if (t.length === 0 || t.split(' ').length > MAX_WORDS_SHORT) return false;
    for (let i = 0; i < 6; i++) {
      if (this.cancel.has(t)) return true;
      const before = t;
      for (const f of this.fillers) {
        if (t.startsWith(`${f} `)) t = t.slice(f.length + 1);
        else if (t.endsWith(` ${f}`)) t = t.slice(0, -f.length - 1);
        else continue;
        break;
      }
      if (t === before) return false;
    }
    return this.cancel.has(t);
  }

  /** The whole message says yes ("yes", "yep, that's right"). */
  isYes(text: string): boolean {
    const t = normaliseWords(text);
    if (this.yes.has(t)) return true;
    const parts = t.split(' ');
    return parts.length <= 4 && this.yes.has(parts[0] ?? '') && parts.slice(1).every((w) => this.yes.has(w) || /^(?:it|is|was|that|thats|one|the|day|date)$/.test(w));
  }

  /** The whole message says no ("no", "nope, that's wrong"). */
  isNo(text: string): boolean {
    return this.no.has(normaliseWords(text));
  }

  /** The message starts the way a correction does ("no, the 24th", "sorry, I meant the exam", "not the lab"). */
  isCorrection(text: string): boolean {
    return this.correction.test(normaliseWords(text));
  }
}

/** Validates events data; `file` names it in errors. */
export function parseEvents(data: unknown, file: string): EventVocabulary {
  const parsed = EventsFileSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new EventsLoadError(`events: ${file}: ${formatPath(i.path)}: ${i.message}`);
  }
  return new EventVocabulary(parsed.data);
}

/** Loads and validates an events file. Throws EventsLoadError. */
export function loadEvents(file: string): EventVocabulary {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EventsLoadError(`events: ${path.basename(file)}: ${(e as Error).message}`);
  }
  return parseEvents(data, path.basename(file));
}

/**
 * For a pack with rules but no events.json: no event words (a single date in a question is the rule's),
 * plain English for cancel, yes, no and the clarifying questions.
 */
export const NEUTRAL_EVENTS = new EventVocabulary({
  events: {},
  starts: {},
  cancel: ['cancel', 'stop', 'never mind', 'forget it'],
  cancelFillers: ['ok', 'okay', 'please', 'thanks', 'thank you'],
  yes: ['yes', 'yeah', 'yep', 'correct', 'right'],
  no: ['no', 'nope', 'wrong'],
  corrections: ['no', 'sorry', 'i meant', 'not the'],
  questions: {
    confirm: 'Just to be sure: is {date} the {event}?',
    which: 'Which date is the {event}: {dates}?',
    day: 'On what day in {month} was the {event}?',
    dayAhead: 'On what day in {month} is the {event}?',
    yes: 'Yes, {date}',
    no: 'No',
    status: {},
  },
});
