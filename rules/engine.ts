/**
 * The rules engine: pure (rule, inputs, clock) -> outcome with its working (the input used, the offsets
 * applied, the resulting dates, their status against the user's today, the rule text and its source).
 * The engine knows the answer kinds; the numbers and words are data (rules.json).
 */
import type { TurnClock } from './clock';
import {
  addCalendar,
  ageOn,
  diffDays,
  localDateTime,
  offsetChangesBetween,
  zonedInstant,
  type IsoDate,
  type WallTime,
} from './calendar';
import type { CatalogueItem } from './catalogue';
import { CLOCK_UNITS, type AnswerKind, type Rule, type RuleId, type RuleOffset } from './schema';

export interface RuleInputs {
  /** The rule's input date (failed attempt, date passed, appointment, date of birth...). */
  readonly date?: IsoDate;
  /** Wall-clock time of a datetime input (appointment), in the clock's zone. */
  readonly time?: WallTime;
  /** The catalogue item named, if any (answers word it; a perGroup rule picks its group's offset). */
  readonly item?: CatalogueItem;
  /** Age rules: the day the age counts on (the event's day); default the user's today. */
  readonly eventDate?: IsoDate;
  /** Age rules: an age stated outright, used when there is no date of birth. */
  readonly age?: number;
}

export type DayStatus = 'past' | 'today' | 'future';

export interface ComputedDate {
  /** The offset's key ("retake", "opens", "ai-ml"). */
  readonly key: string;
  readonly label: string;
  readonly date: IsoDate;
  readonly time?: WallTime;
  /** The date against the user's today. */
  readonly status: DayStatus;
  /** date - today, in days. */
  readonly daysFromToday: number;
  /** With a time: the instant minus now, in minutes. */
  readonly minutesFromNow?: number;
  readonly offset: RuleOffset;
}

export interface RuleOutcome {
  readonly ruleId: RuleId;
  readonly entryId: string;
  readonly sourceUrl: string;
  readonly answer: AnswerKind;
  /** The headline state (see ANSWER_STATES, plus "noTime" for a datetime input given without a time). */
  readonly state: string;
  /** The rule in words with its number(s), e.g. "25 days after a failed attempt". */
  readonly ruleText: string;
  readonly input: { readonly label: string; readonly date?: IsoDate; readonly time?: WallTime };
  readonly today: IsoDate;
  readonly nowTime: WallTime;
  readonly results: readonly ComputedDate[];
  readonly item?: CatalogueItem;
  /** Age rules: the age on eventDate. */
  readonly age?: number;
  readonly eventDate?: IsoDate;
  /** A daylight-saving change lies between the appointment and a computed time (hours count real time). */
  readonly clockChange?: boolean;
}

export class RuleInputError extends Error {
  constructor(ruleId: string, problem: string) {
    super(`rules: rule "${ruleId}": ${problem}`);
    this.name = 'RuleInputError';
  }
}

/** The rule in words, with its condition: "renewal opens 9 months after passing, only while ...". */
export function describeRule(rule: Rule): string {
  return rule.conditions ? `${rule.describe}, ${rule.conditions.describe}` : rule.describe;
}

function status(days: number): DayStatus {
  return days < 0 ? 'past' : days === 0 ? 'today' : 'future';
}

/**
 * One offset from the input date (and time). Hours and minutes are real elapsed time in the user's zone
 * ("24 hours before" a 10:00 appointment on the day clocks spring forward is 09:00 the day before, not
 * 10:00: the deadline never falls later than the rule allows, and never on a wall time that does not exist).
 */
function applyOffset(o: RuleOffset, date: IsoDate, time: WallTime | undefined, timeZone: string): { date: IsoDate; time?: WallTime; instant?: Date } {
  const amount = o.direction === 'after' ? o.amount : -o.amount;
  if (!CLOCK_UNITS.includes(o.unit)) return { date: addCalendar(date, amount, o.unit as Exclude<RuleOffset['unit'], 'hours' | 'minutes'>), ...(time ? { time } : {}) };
  const unit = o.unit as 'hours' | 'minutes';
  if (time) {
    const instant = new Date(zonedInstant(date, time, timeZone).getTime() + amount * (unit === 'hours' ? 3_600_000 : 60_000));
    const local = localDateTime(instant, timeZone);
    return { date: local.date, time: local.time, instant };
  }
  // No time given: the same time of day, so only whole days move the date.
  const minutes = unit === 'hours' ? amount * 60 : amount;
  return { date: addCalendar(date, Math.trunc(minutes / 1440), 'days') };
}

/** Evaluates one rule for the user's inputs at the clock's "now". Throws RuleInputError when an input is missing. */
export function evaluate(rule: Rule, inputs: RuleInputs, clock: TurnClock): RuleOutcome {
  const now = localDateTime(clock.now, clock.timeZone);
  const today = now.date;
  const base = {
    ruleId: rule.id,
    entryId: rule.entry,
    sourceUrl: rule.sourceUrl,
    answer: rule.answer,
    today,
    nowTime: now.time,
    ...(inputs.item ? { item: inputs.item } : {}),
  };
  const ruleText = describeRule(rule);

  if (rule.answer === 'age') {
    const ages = rule.ages;
    if (!ages) throw new RuleInputError(rule.id, 'an age rule needs ages');
    const eventDate = inputs.eventDate ?? today;
    const age = inputs.date ? ageOn(inputs.date, eventDate) : inputs.age;
    if (age === undefined) throw new RuleInputError(rule.id, 'needs a date of birth or an age');
    const state = age < ages.consentFrom ? 'underMin' : age < ages.adultAt ? 'consent' : 'adult';
    return {
      ...base,
      state,
      ruleText,
      input: { label: rule.input.label, ...(inputs.date ? { date: inputs.date } : {}) },
      results: [],
      age,
      eventDate,
    };
  }

  const input = inputs.date;
  if (!input) throw new RuleInputError(rule.id, `needs the ${rule.input.event}`);
  const time = rule.input.kind === 'datetime' ? inputs.time : undefined;

  let offsets = rule.offsets;
  let text = ruleText;
  const group = inputs.item?.group;
  if (rule.answer === 'perGroup' && group !== undefined && rule.offsets.some((o) => o.group === group)) {
    offsets = rule.offsets.filter((o) => o.group === group);
    text = offsets[0]?.describe ?? ruleText;
  }

  // The instants of computed times (an hour repeated when clocks fall back is told apart by its instant).
  const instants: Date[] = [];
  const results: ComputedDate[] = offsets.map((o) => {
    const r = applyOffset(o, input, time, clock.timeZone);
    if (r.instant) instants.push(r.instant);
    const days = diffDays(today, r.date);
    const at = r.instant ?? (r.time ? zonedInstant(r.date, r.time, clock.timeZone) : undefined);
    const minutes = at ? Math.round((at.getTime() - clock.now.getTime()) / 60_000) : undefined;
    return {
      key: o.key,
      label: o.label,
      date: r.date,
      ...(r.time ? { time: r.time } : {}),
      status: status(days),
      daysFromToday: days,
      ...(minutes !== undefined ? { minutesFromNow: minutes } : {}),
      offset: o,
    };
  });
  const byKey = (k: string): ComputedDate => {
    const r = results.find((x) => x.key === k);
    if (!r) throw new RuleInputError(rule.id, `no offset "${k}"`);
    return r;
  };
  const first = results[0];
  const inputDays = diffDays(today, input);

  let state: string;
  switch (rule.answer) {
    case 'retakeFrom':
      state = first.status === 'future' ? 'future' : first.status === 'today' ? 'today' : 'now';
      break;
    case 'expiresOn':
    case 'dueBy':
      state = first.status;
      break;
    case 'deadline':
      if (rule.input.kind !== 'datetime') state = first.status;
      else if (first.minutesFromNow !== undefined) state = first.minutesFromNow <= 0 ? 'past' : first.status === 'today' ? 'today' : 'future';
      else state = first.status === 'past' ? 'past' : 'noTime';
      break;
    case 'windowOpens': {
      const opens = byKey('opens');
      const closes = byKey(rule.conditions?.onlyBefore ?? 'closes');
      state = opens.daysFromToday > 0 ? 'notYet' : closes.daysFromToday > 0 ? 'open' : 'closed';
      break;
    }
    case 'window': {
      const opens = byKey('opens');
      const closes = byKey('closes');
      if (opens.minutesFromNow !== undefined && closes.minutesFromNow !== undefined) {
        state = opens.minutesFromNow > 0 ? 'notYet' : closes.minutesFromNow >= 0 ? 'open' : 'closed';
      } else {
        state = inputDays < 0 ? 'closed' : 'noTime';
      }
      break;
    }
    case 'perGroup':
      // An item of one of the rule's groups was named: its group's offset alone; otherwise every group's.
      state = offsets !== rule.offsets ? (first.status === 'future' ? 'itemFuture' : 'itemPast') : 'allGroups';
      break;
  }

  const clockChange =
    time !== undefined &&
    instants.some((at) => offsetChangesBetween(zonedInstant(input, time, clock.timeZone), at, clock.timeZone));

  return {
    ...base,
    state,
    ruleText: text,
    input: { label: rule.input.label, date: input, ...(time ? { time } : {}) },
    results,
    ...(clockChange ? { clockChange } : {}),
  };
}
