/**
 * Date understanding: the dates in a user's message, relative to the turn's clock (DESIGN.md, data flow
 * step 5). chrono-node reads the many phrasings; on top of it we
 * - read "today" and relative dates as the user's local day (clock.now seen in clock.timeZone),
 * - assume the year of a bare "March 1" from the event's tense (a failed attempt lies in the past, an
 *   appointment in the future) instead of chrono's nearest date, and say so (`yearAssumed`),
 * - read numeric dates ourselves by the user's locale (en-GB: 02/11/2026 = 2 November) and say when the
 *   locale decided an ambiguous one (`localeDecided`),
 * - reject impossible dates (February 30, 2026-02-29, 31/04/2026) instead of rolling them over,
 * - drop phrases that only look like dates here ("now", "in 3 months", "24 hours before", "sat the exam").
 * Never throws; the text is capped at MAX_TEXT_LENGTH and every pattern is linear.
 */
// English only: the package's index loads every locale (about 4x the modules and start time).
import * as chronoEn from 'chrono-node/en';
import type { TurnClock } from './clock';
import {
  addDays,
  daysInMonth,
  isLeapYear,
  isValidCivil,
  localDateTime,
  type IsoDate,
  type WallTime,
} from './calendar';

export type Tense = 'past' | 'future' | 'any';

export interface DateFinding {
  /** The date read, "YYYY-MM-DD". With error "invalid": the date as written (not a real date). */
  readonly date: IsoDate;
  /** Wall-clock time in the user's zone when the text gives one. */
  readonly time?: WallTime;
  /** The matched text. */
  readonly text: string;
  /** Where the match starts in the (capped) text. */
  readonly index: number;
  /** True when the text gave day and month but no year and the year was chosen from the tense. */
  readonly yearAssumed: boolean;
  /** True when the month (and year) were chosen too ("on the 3rd"). */
  readonly monthAssumed?: boolean;
  /** The locale (e.g. "en-GB") that decided a numeric date both of whose parts could be the month. */
  readonly localeDecided?: string;
  /** A relative phrase ("3 weeks ago", "yesterday", "last Tuesday"). */
  readonly relative?: boolean;
  /** The text introduces it as a date of birth ("born on", "my birthday is"). */
  readonly birth?: boolean;
  /** Read from a description ("the first Monday of October", "end of last month", "two Fridays ago"). */
  readonly descriptive?: boolean;
  /** The time was given in another zone ("14:00 CET", "...T14:00Z"): date and time are converted to the user's. */
  readonly zoneGiven?: string;
  readonly error?: 'invalid';
}

export interface FindDatesOptions {
  readonly tense: Tense;
}

/** Longer messages are cut here before any parsing (bounded time). */
export const MAX_TEXT_LENGTH = 500;

/** English locales that write the day first (02/11/2026 = 2 November 2026), for when Intl cannot tell. */
export const DAY_FIRST_LOCALES: readonly string[] = ['en-GB', 'en-IE', 'en-AU', 'en-NZ', 'en-IN', 'en-ZA'];

const dayFirstCache = new Map<string, boolean>();

/**
 * Whether the locale writes a numeric date day first: asked of Intl (the order of day and month in the
 * locale's short date: de-DE "2.11.2026", en-US "11/2/2026"), so every locale the runtime knows is
 * read its own way.
 */
export function isDayFirst(locale: string): boolean {
  const cached = dayFirstCache.get(locale);
  if (cached !== undefined) return cached;
  let dayFirst = DAY_FIRST_LOCALES.some((l) => l.toLowerCase() === locale.toLowerCase());
  try {
    const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 10, 2)));
    const day = parts.findIndex((p) => p.type === 'day');
    const month = parts.findIndex((p) => p.type === 'month');
    if (day >= 0 && month >= 0) dayFirst = day < month;
  } catch {
    // An invalid locale tag: the list above decides.
  }
  if (dayFirstCache.size < 1000) dayFirstCache.set(locale, dayFirst);
  return dayFirst;
}

const MONTH_RE_SRC =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number {
  return MONTH_PREFIXES.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const ISO_RE = /\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\b/g;
const NUMERIC_RE = /\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/g;
const MONTH_DAY_RE = new RegExp(`\\b${MONTH_RE_SRC}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const DAY_MONTH_RE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE_SRC}(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const DAY_ONLY_RE = /\b(?:on\s+)?the\s+(\d{1,2})(st|nd|rd|th)\b/gi;
const NEXT_WORD_RE = /^\s*([a-z]+)/i;
const FOLLOW_MONTH_RE = new RegExp(`^\\s+(?:of\\s+)?${MONTH_RE_SRC}`, 'i');
/** Words that may follow "the 3rd" when it is a date ("on the 3rd at 9", "the 3rd and ..."). */
const DAY_ONLY_FOLLOWERS = new Set(['at', 'and', 'but', 'so', 'when', 'how', 'can', 'could', 'what', 'is', 'was', 'i', 'will', 'this', 'of', 'in']);

const BIRTH_RE = /\b(?:born|birthday|birth\s*date|date\s+of\s+birth|dob|b-day|bday)\b[^.?!]{0,40}$/i;
const RELATIVE_RE = /\b(?:ago|today|tonight|tomorrow|yesterday|last|next|this|past|coming|later|from now|within|in)\b/i;
const TODAYISH_RE = /\b(?:ago|today|tonight|tomorrow|yesterday|this\s+(?:morning|afternoon|evening))\b/i;
const UNIT_RE = /\b(?:minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|years?|yrs?)\b/i;
const DURATION_FRAME_RE = /^(?:in|within|for|after)\s|(?:before|after|later|from now)$/i;
const NOW_RE = /^(?:right\s+)?now$/i;
const BARE_DURATION_RE = /^(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|few|several|couple(?:\s+of)?)\s*(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|fortnights?|months?|years?|yrs?)$/i;
const BARE_WEEKDAY_ABBR_RE = /^(?:sat|sun|mon|tue|wed|thu|fri)$/;
const MONTH_NAME_OR_NUMBER_RE = new RegExp(`${MONTH_RE_SRC}|\\d{1,2}[/.-]\\d{1,2}`, 'i');
const TIME_GAP_RE = /^[\s,]*(?:at|on|@)?[\s,]*$/i;

const pad = (n: number): string => String(n).padStart(2, '0');

function rawIso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

interface Draft {
  finding: DateFinding;
  span: Span;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The user's today as y/m/d. */
function todayOf(clock: TurnClock): { iso: IsoDate; y: number; m: number; d: number } {
  const iso = localDateTime(clock.now, clock.timeZone).date;
  const [y, m, d] = iso.split('-').map(Number);
  return { iso, y, m, d };
}

/** Chooses the year of a day+month for the tense: past -> most recent on or before today, future -> next on or after. */
function yearFor(m: number, d: number, tense: Tense, today: { iso: IsoDate; y: number }, fallbackYear: number): number | undefined {
  if (tense === 'any') return isValidCivil(fallbackYear, m, d) ? fallbackYear : undefined;
  const step = tense === 'past' ? -1 : 1;
  for (let y = today.y, i = 0; i < 9; i++, y += step) {
    if (!isValidCivil(y, m, d)) continue;
    const iso = rawIso(y, m, d);
    if (tense === 'past' ? iso <= today.iso : iso >= today.iso) return y;
  }
  return undefined;
}

function nearestLeapYear(m: number, d: number, today: { iso: IsoDate; y: number }): number {
  let best = today.y;
  let bestDist = Infinity;
  for (let y = today.y - 4; y <= today.y + 4; y++) {
    if (!isLeapYear(y)) continue;
    const dist = Math.abs(Date.UTC(y, m - 1, d) - Date.UTC(today.y, 0, 1));
    if (dist < bestDist) {
      best = y;
      bestDist = dist;
    }
  }
  return best;
}

/** A text with the given spans blanked out (same length, so indices stay). */
function mask(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) chars[i] = ' ';
  return chars.join('');
}

function isBirth(text: string, index: number): boolean {
  return BIRTH_RE.test(text.slice(Math.max(0, index - 60), index));
}

/** ISO-like year-first dates (2026-11-03, 2026/11/03); impossible ones (2026-02-29) rejected. */
function readIso(text: string): Draft[] {
  const out: Draft[] = [];
  for (const m of text.matchAll(ISO_RE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const index = m.index ?? 0;
    const valid = isValidCivil(y, mo, d);
    out.push({
      span: { start: index, end: index + m[0].length },
      finding: { date: rawIso(y, mo, d), text: m[0], index, yearAssumed: false, ...(valid ? {} : { error: 'invalid' as const }) },
    });
  }
  return out;
}

/** Numeric day/month/year by the locale (03/11/2026); the only possible reading wins when one part is over 12. */
function readNumeric(text: string, locale: string): Draft[] {
  const out: Draft[] = [];
  const dayFirst = isDayFirst(locale);
  for (const m of text.matchAll(NUMERIC_RE)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const fourDigitYear = m[4].length === 4;
    const y = fourDigitYear ? Number(m[4]) : 2000 + Number(m[4]);
    const index = m.index ?? 0;
    if (a < 1 || b < 1 || a > 31 || b > 31) continue;
    let [d, mo] = dayFirst ? [a, b] : [b, a];
    if (mo > 12 && d <= 12) [d, mo] = [mo, d];
    if (mo > 12 && !fourDigitYear) continue;
    const valid = isValidCivil(y, mo, d);
    if (!valid && !fourDigitYear) continue;
    const ambiguous = a <= 12 && b <= 12 && a !== b;
    out.push({
      span: { start: index, end: index + m[0].length },
      finding: {
        date: rawIso(y, Math.min(mo, 99), d),
        text: m[0],
        index,
        yearAssumed: false,
        ...(valid && ambiguous ? { localeDecided: locale } : {}),
        ...(valid ? {} : { error: 'invalid' as const }),
      },
    });
  }
  return out;
}

/**
 * Month-name dates chrono would roll over or ignore: "February 30", "April 31, 2026", "Feb 29, 2027"
 * (rejected) and "February 29" with no year (the leap day of the year the tense picks).
 */
function readMonthNameEdges(text: string, tense: Tense, today: { iso: IsoDate; y: number }): Draft[] {
  const out: Draft[] = [];
  const handle = (index: number, matched: string, mo: number, d: number, yearText: string | undefined): void => {
    if (mo < 1 || d < 1 || d > 31) return;
    const span = { start: index, end: index + matched.length };
    if (yearText) {
      const y = Number(yearText);
      if (!isValidCivil(y, mo, d)) {
        out.push({ span, finding: { date: rawIso(y, mo, d), text: matched, index, yearAssumed: false, error: 'invalid' } });
      }
      return;
    }
    const maxDays = mo === 2 ? 29 : daysInMonth(2000, mo);
    if (d > maxDays) {
      out.push({ span, finding: { date: rawIso(today.y, mo, d), text: matched, index, yearAssumed: true, error: 'invalid' } });
    } else if (mo === 2 && d === 29) {
      const y = yearFor(2, 29, tense, today, nearestLeapYear(2, 29, today)) ?? nearestLeapYear(2, 29, today);
      out.push({ span, finding: { date: rawIso(y, 2, 29), text: matched, index, yearAssumed: true } });
    }
  };
  for (const m of text.matchAll(MONTH_DAY_RE)) handle(m.index ?? 0, m[0], monthNumber(m[1]), Number(m[2]), m[3]);
  for (const m of text.matchAll(DAY_MONTH_RE)) handle(m.index ?? 0, m[0], monthNumber(m[2]), Number(m[1]), m[3]);
  return out;
}

/** "on the 3rd": the day of the current month, or the nearest month on the side the tense picks. */
function readDayOnly(text: string, tense: Tense, today: { iso: IsoDate; y: number; m: number }): Draft[] {
  const out: Draft[] = [];
  for (const m of text.matchAll(DAY_ONLY_RE)) {
    const index = m.index ?? 0;
    const after = text.slice(index + m[0].length, index + m[0].length + 30);
    if (FOLLOW_MONTH_RE.test(after)) continue; // "the 3rd of March": chrono reads it
    const next = NEXT_WORD_RE.exec(after);
    if (next && !/^\s*[,.;:!?)]/.test(after) && !DAY_ONLY_FOLLOWERS.has(next[1].toLowerCase())) continue; // "the 2nd attempt"
    const d = Number(m[1]);
    if (d < 1 || d > 31) continue;
    const step = tense === 'future' ? 1 : -1;
    let found: IsoDate | undefined;
    for (let i = 0, idx = today.y * 12 + today.m - 1; i < 24 && !found; i++, idx += step) {
      const y = Math.floor(idx / 12);
      const mo = (idx % 12) + 1;
      if (!isValidCivil(y, mo, d)) continue;
      const iso = rawIso(y, mo, d);
      if (tense === 'future' ? iso >= today.iso : iso <= today.iso) found = iso;
    }
    if (!found) continue;
    out.push({
      span: { start: index, end: index + m[0].length },
      finding: { date: found, text: m[0].trim(), index, yearAssumed: true, monthAssumed: true },
    });
  }
  return out;
}


// ---------------------------------------------------------------------------------------------------
// Descriptive dates chrono-node does not read (or misreads): generic English date grammar, no domain words.

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SRC = '(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|sday|rsday|urday)?';
const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, last: -1,
};
const COUNT_WORDS: Readonly<Record<string, number>> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6 };
/** Which month a phrase names: "October", "October 2025", "last month", "this month", "next month", "the previous month". */
const MONTH_REF_SRC = `(?:(last|this|next|previous|the\\s+previous|the\\s+last)\\s+month|${MONTH_RE_SRC}(?:,?\\s+(\\d{4}))?)`;

const DAY_OF_REL_MONTH_RE = new RegExp(`\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+of\\s+(last|this|next|previous|the\\s+previous|the\\s+last)\\s+month\\b`, 'gi');
const NTH_WEEKDAY_RE = new RegExp(`\\b(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\\s+${WEEKDAY_SRC}\\s+(?:of|in)\\s+${MONTH_REF_SRC}`, 'gi');
const EDGE_DAY_RE = new RegExp(`\\b(?:the\\s+)?(?:(first|last)\\s+day|(end|start|beginning))\\s+of\\s+(?:the\\s+)?${MONTH_REF_SRC}`, 'gi');
const WEEKDAYS_AGO_RE = new RegExp(`\\b(a|one|two|three|four|five|six|[1-6])\\s+${WEEKDAY_SRC}s\\s+(?:ago|back)\\b`, 'gi');

function weekdayIndex(abbr: string): number {
  return WEEKDAYS.findIndex((w) => w.startsWith(abbr.slice(0, 3).toLowerCase()));
}

/** The year and month a month reference names, relative to today; a bare month name is the nearest on the tense's side. */
function monthRef(rel: string | undefined, name: string | undefined, yearText: string | undefined, tense: Tense, today: { y: number; m: number }): { y: number; m: number } | undefined {
  if (rel) {
    const r = rel.toLowerCase().replace(/\s+/g, ' ');
    const delta = r === 'this' ? 0 : r === 'next' ? 1 : -1;
    const idx = today.y * 12 + today.m - 1 + delta;
    return { y: Math.floor(idx / 12), m: (idx % 12) + 1 };
  }
  if (!name) return undefined;
  const m = monthNumber(name);
  if (m < 1) return undefined;
  if (yearText) return { y: Number(yearText), m };
  if (tense === 'future') return { y: m >= today.m ? today.y : today.y + 1, m };
  return { y: m <= today.m ? today.y : today.y - 1, m };
}

/**
 * "the 3rd of last month", "the first Monday of October", "the last Friday in March 2026", "the last day
 * of August", "end of last month", "two Fridays ago". chrono-node reads none of these as the day meant.
 */
function readDescriptive(text: string, tense: Tense, today: { iso: IsoDate; y: number; m: number }): Draft[] {
  const out: Draft[] = [];
  const push = (index: number, matched: string, date: IsoDate | undefined, invalid = false): void => {
    if (!date) return;
    out.push({
      span: { start: index, end: index + matched.length },
      finding: { date, text: matched, index, yearAssumed: false, descriptive: true, ...(invalid ? { error: 'invalid' as const } : {}) },
    });
  };
  for (const m of text.matchAll(DAY_OF_REL_MONTH_RE)) {
    const ref = monthRef(m[2], undefined, undefined, tense, today);
    const d = Number(m[1]);
    if (!ref || d < 1 || d > 31) continue;
    push(m.index ?? 0, m[0], rawIso(ref.y, ref.m, d), !isValidCivil(ref.y, ref.m, d));
  }
  for (const m of text.matchAll(NTH_WEEKDAY_RE)) {
    const nth = ORDINAL_WORDS[m[1].toLowerCase()];
    const wd = weekdayIndex(m[2]);
    const ref = monthRef(m[3], m[4], m[5], tense, today);
    if (nth === undefined || wd < 0 || !ref) continue;
    let date: IsoDate | undefined;
    if (nth > 0) {
      const first = rawIso(ref.y, ref.m, 1);
      const firstWd = new Date(Date.UTC(ref.y, ref.m - 1, 1)).getUTCDay();
      const d = 1 + ((wd - firstWd + 7) % 7) + (nth - 1) * 7;
      // "the fifth Monday of February 2026" does not exist: an invalid date, said so, never rolled over.
      if (d > daysInMonth(ref.y, ref.m)) {
        push(m.index ?? 0, m[0], rawIso(ref.y, ref.m, d), true);
        continue;
      }
      date = addDays(first, d - 1);
    } else {
      const lastDay = daysInMonth(ref.y, ref.m);
      const lastWd = new Date(Date.UTC(ref.y, ref.m - 1, lastDay)).getUTCDay();
      date = rawIso(ref.y, ref.m, lastDay - ((lastWd - wd + 7) % 7));
    }
    push(m.index ?? 0, m[0], date);
  }
  for (const m of text.matchAll(EDGE_DAY_RE)) {
    const ref = monthRef(m[3], m[4], m[5], tense, today);
    if (!ref) continue;
    const first = (m[1] ?? m[2]).toLowerCase();
    const atStart = first === 'first' || first === 'start' || first === 'beginning';
    // "start of March" is vague (a few days); only "the first day of" is one day.
    if (!m[1] && atStart) continue;
    push(m.index ?? 0, m[0], rawIso(ref.y, ref.m, atStart ? 1 : daysInMonth(ref.y, ref.m)));
  }
  for (const m of text.matchAll(WEEKDAYS_AGO_RE)) {
    const n = COUNT_WORDS[m[1].toLowerCase()];
    const wd = weekdayIndex(m[2]);
    if (!n || wd < 0) continue;
    // The most recent such weekday before today is "one ago"; each further one is a week earlier.
    const todayWd = new Date(Date.UTC(today.y, today.m - 1, Number(today.iso.slice(8, 10)))).getUTCDay();
    const back = ((todayWd - wd + 7) % 7) || 7;
    push(m.index ?? 0, m[0], addDays(today.iso, -(back + 7 * (n - 1))));
  }
  return out;
}

/** A month without its day: "in March 2023", "mid-March", "last month", "early October". */
export interface VagueDate {
  /** "YYYY-MM". */
  readonly month: string;
  readonly text: string;
  readonly index: number;
  /** A part of the month was named ("mid-March", "early October"). */
  readonly part?: 'early' | 'mid' | 'late';
}

const VAGUE_MONTH_RE = new RegExp(
  `\\b(?:(early|mid|middle\\s+of|late|end\\s+of|start\\s+of|beginning\\s+of)[\\s-]*|(in|of|since|during|from|around|about)\\s+)${MONTH_RE_SRC}(?:,?\\s+(\\d{4}))?\\b(?!\\s*\\d)|\\b${MONTH_RE_SRC},?\\s+(\\d{4})\\b|\\b(?:(early|mid|late|end\\s+of|start\\s+of|beginning\\s+of|middle\\s+of)[\\s-]+)?(?:the\\s+)?(last|this|previous)\\s+month\\b`,
  'gi',
);

/**
 * Months named without a day, for a question to ask ("On what day in March 2023?") or a status that
 * holds whatever the day. Spans already read as dates are skipped. "May I", "march into" are no months:
 * a month name counts only after a preposition or a part word, or before a year.
 */
export function findVagueDates(text: string, clock: TurnClock, opts: FindDatesOptions, dates: readonly DateFinding[] = []): VagueDate[] {
  try {
    const t = (typeof text === 'string' ? text : '').slice(0, MAX_TEXT_LENGTH);
    const today = todayOf(clock);
    const out: VagueDate[] = [];
    for (const m of t.matchAll(VAGUE_MONTH_RE)) {
      const index = m.index ?? 0;
      if (dates.some((d) => d.index < index + m[0].length && index < d.index + d.text.length)) continue;
      const partWord = (m[1] ?? m[7] ?? '').toLowerCase();
      const ref = m[8] ? monthRef(m[8], undefined, undefined, opts.tense, today) : monthRef(undefined, m[3] ?? m[5], m[4] ?? m[6], opts.tense, today);
      if (!ref) continue;
      const name = m[3] ?? m[5];
      // "may" and "march" are words too: lower-case they count only before a year or after "in"/"of".
      if (name && /^(?:may|march|mar)$/.test(name) && !(m[4] ?? m[6]) && !m[2]) continue;
      const part = /^(?:early|start|beginning)/.test(partWord) ? 'early' : /^(?:mid|middle)/.test(partWord) ? 'mid' : /^(?:late|end)/.test(partWord) ? 'late' : undefined;
      out.push({ month: `${String(ref.y).padStart(4, '0')}-${pad(ref.m)}`, text: m[0], index, ...(part ? { part } : {}) });
    }
    return out;
  } catch {
    return [];
  }
}

const NUMERIC_DAY_MONTH_RE = /\b\d{1,2}[/.-]\d{1,2}\b/;

interface ChronoDraft extends Draft {
  timeOnly: boolean;
  /** A zone written with the time ("CET", "Z", "GMT+1"): its offset from UTC in minutes. */
  zoneOffset?: number;
}

/** A wall date and time written in a zone of `offset` minutes, as date and time in the user's zone. */
function fromZone(date: IsoDate, time: WallTime, offset: number, timeZone: string): { date: IsoDate; time: WallTime } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const local = localDateTime(new Date(Date.UTC(y, m - 1, d, h, mi) - offset * 60_000), timeZone);
  return { date: local.date, time: local.time };
}

function readChrono(text: string, clock: TurnClock, tense: Tense, today: { iso: IsoDate; y: number }): ChronoDraft[] {
  const offset = localDateTime(clock.now, clock.timeZone).offsetMinutes;
  const ref = { instant: clock.now, timezone: offset };
  let results = chronoEn.parse(text, ref, { forwardDate: tense === 'future' });
  // A day-first locale reads a numeric day/month ("2/11") the British way, but only there: chrono.en.GB
  // also reads "Nov 13" as November 2013 and "Monday Nov 16" as two dates.
  if (isDayFirst(clock.locale) && results.some((r) => NUMERIC_DAY_MONTH_RE.test(r.text))) {
    const gb = chronoEn.GB.parse(text, ref, { forwardDate: tense === 'future' });
    results = results.map((r) => (NUMERIC_DAY_MONTH_RE.test(r.text) ? (gb.find((g) => g.index === r.index) ?? r) : r));
  }
  const out: ChronoDraft[] = [];
  for (const r of results) {
    const t = r.text.trim();
    const c = r.start;
    const hasDay = c.isCertain('day');
    const hasMonth = c.isCertain('month');
    const hasYear = c.isCertain('year');
    const hasWeekday = c.isCertain('weekday');
    const hasHour = c.isCertain('hour');
    const span = { start: r.index, end: r.index + r.text.length };
    const time = hasHour ? `${pad(c.get('hour') ?? 0)}:${pad(c.get('minute') ?? 0)}` : undefined;
    if (NOW_RE.test(t)) continue;
    // A year chrono could not read: "3 March 0999", "3 March 20266" (read as "3 March 2026" + "6"). The
    // user gave a year: say the date cannot be right rather than assume one.
    if (hasDay && hasMonth) {
      const after = text.slice(r.index + r.text.length);
      const glued = hasYear ? /^\d+/.exec(after) : null;
      const loose = hasYear ? null : /^(?:,\s*|\s+)(\d{3}|\d{4}|\d{5,6})(?![\d:.]|\s*(?:am|pm|h)\b)/i.exec(after);
      const year = glued ? Number(`${c.get('year') ?? ''}${glued[0]}`) : loose ? Number(loose[1]) : undefined;
      if (year !== undefined && (year < 1000 || year > 9999)) {
        const shown = `${r.text}${(glued ?? loose)![0]}`;
        out.push({ span: { start: r.index, end: r.index + shown.length }, timeOnly: false, finding: { date: rawIso(year, c.get('month') ?? 1, c.get('day') ?? 1), text: shown, index: r.index, yearAssumed: false, error: 'invalid' } });
        continue;
      }
    }
    if (UNIT_RE.test(t) && DURATION_FRAME_RE.test(t)) continue; // "in 3 months", "24 hours before"
    if (BARE_DURATION_RE.test(t)) continue; // "I'll be 25 minutes late", "it took 2 hours": a length of time, not a point in it
    const todayish = TODAYISH_RE.test(t);
    if (!hasDay && !hasWeekday && !todayish) {
      if (hasHour && !hasMonth) {
        out.push({ span, timeOnly: true, ...(c.isCertain('timezoneOffset') ? { zoneOffset: c.get('timezoneOffset') ?? 0 } : {}), finding: { date: today.iso, time, text: r.text, index: r.index, yearAssumed: false } });
      }
      continue; // "November 2026", "in March": no day
    }
    if (hasWeekday && !hasDay && BARE_WEEKDAY_ABBR_RE.test(t)) continue; // "sat the exam"
    // "on sun mornings", "on sat I revised": lower-case "sun"/"sat" alone is a word; "on Sat" stays a day.
    if (hasWeekday && !hasDay && /^[Oo]n\s+(?:sat|sun)$/.test(t)) continue;
    let y = c.get('year') ?? today.y;
    const m = c.get('month') ?? 1;
    const d = c.get('day') ?? 1;
    if (!isValidCivil(y, m, d)) continue;
    const relative = todayish || (!hasMonth && hasWeekday) || (RELATIVE_RE.test(t) && !MONTH_NAME_OR_NUMBER_RE.test(t));
    let date = rawIso(y, m, d);
    let yearAssumed = false;
    if (hasDay && hasMonth && !hasYear && !relative) {
      yearAssumed = true;
      const chosen = yearFor(m, d, tense, today, y);
      if (chosen === undefined) continue;
      y = chosen;
      date = rawIso(y, m, d);
    } else if (hasWeekday && !hasDay) {
      while (tense === 'past' && date > today.iso) date = addDays(date, -7);
      while (tense === 'future' && date < today.iso) date = addDays(date, 7);
    }
    if (relative && tense === 'past' && date > today.iso) continue; // "tomorrow", "next week": not when it happened
    if (relative && tense === 'future' && date < today.iso) continue;
    const numericNoYear = /^\d{1,2}[/.]\d{1,2}\b/.exec(t);
    let localeDecided: string | undefined;
    if (numericNoYear) {
      const [a, b] = t.split(/[/.]/).map((s) => parseInt(s, 10));
      if (a <= 12 && b <= 12 && a !== b) localeDecided = clock.locale;
    }
    let wall = time;
    let zoneGiven: string | undefined;
    if (time && c.isCertain('timezoneOffset')) {
      const converted = fromZone(date, time, c.get('timezoneOffset') ?? 0, clock.timeZone);
      if (converted.date !== date || converted.time !== time) [date, wall, zoneGiven] = [converted.date, converted.time, r.text.trim()];
    }
    out.push({
      span,
      timeOnly: false,
      finding: {
        date,
        ...(wall ? { time: wall } : {}),
        ...(zoneGiven ? { zoneGiven } : {}),
        text: r.text,
        index: r.index,
        yearAssumed,
        ...(localeDecided ? { localeDecided } : {}),
        ...(relative ? { relative: true } : {}),
      },
    });
  }
  return out;
}

/**
 * The dates in a message, in text order. Each is the user's local calendar date; `tense` is the tense of
 * the event asked about (a failed attempt: past; an appointment: future; any: no preference).
 */
export function findDates(text: string, clock: TurnClock, opts: FindDatesOptions): DateFinding[] {
  try {
    return findDatesUnsafe(typeof text === 'string' ? text.slice(0, MAX_TEXT_LENGTH) : '', clock, opts.tense);
  } catch {
    return [];
  }
}

function findDatesUnsafe(raw: string, clock: TurnClock, tense: Tense): DateFinding[] {
  const text = raw
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')
    // "a fortnight ago" is two weeks ago (chrono knows no fortnight); padded so positions in the text stay put.
    .replace(/\b(?:a|one) fortnight\b/gi, (m) => '2 weeks'.padEnd(m.length))
    // A year followed by "be", "bc", "ad"... is not an era here ("in 2025 be honest"): chrono would read
    // "2025 BE" as a Buddhist-era year. The word is blanked (same length, positions stay).
    .replace(/\b(\d{4})(\s+)(be|bc|bce|ad|ce)\b/gi, (_m, y: string, sp: string, era: string) => `${y}${sp}${' '.repeat(era.length)}`);
  if (!/\d|day|now|ago|tonight|tomorrow|fortnight|morning|afternoon|evening|week|month|year|last|next|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i.test(text)) {
    return [];
  }
  const today = todayOf(clock);
  const own: Draft[] = [];
  const take = (drafts: Draft[]): void => {
    for (const dr of drafts) if (!own.some((o) => overlaps(o.span, dr.span))) own.push(dr);
  };
  take(readDescriptive(text, tense, today));
  take(readIso(text));
  take(readNumeric(text, clock.locale));
  take(readMonthNameEdges(text, tense, today));
  take(readDayOnly(text, tense, today));

  const chronoDrafts = readChrono(mask(text, own.map((o) => o.span)), clock, tense, today);
  // A time next to one of our own dates ("05/12/2026 at 9:00") belongs to it.
  const all: Draft[] = [...own];
  for (const c of chronoDrafts) {
    if (c.timeOnly) {
      const owner = own.find((o) => {
        const gap = o.span.end <= c.span.start ? text.slice(o.span.end, c.span.start) : c.span.end <= o.span.start ? text.slice(c.span.end, o.span.start) : undefined;
        return gap !== undefined && gap.length <= 6 && TIME_GAP_RE.test(gap) && !o.finding.time;
      });
      if (owner && c.finding.time) {
        const start = Math.min(owner.span.start, c.span.start);
        const end = Math.max(owner.span.end, c.span.end);
        const written = text.slice(start, end).trim();
        let at = { date: owner.finding.date, time: c.finding.time };
        let zoneGiven: string | undefined;
        if (c.zoneOffset !== undefined && !owner.finding.error) {
          const converted = fromZone(at.date, at.time, c.zoneOffset, clock.timeZone);
          if (converted.date !== at.date || converted.time !== at.time) [at, zoneGiven] = [converted, written];
        }
        owner.finding = { ...owner.finding, date: at.date, time: at.time, text: written, index: start, ...(zoneGiven ? { zoneGiven } : {}) };
        owner.span = { start, end };
      }
      continue;
    }
    if (!all.some((o) => overlaps(o.span, c.span))) all.push(c);
  }
  // "2 years ago today": "today" only says the day of the month is today's; the "ago" date is the one.
  const kept = all.filter((dr) => {
    if (!/^today$/i.test(dr.finding.text.trim())) return true;
    return !all.some((o) => o !== dr && /\bago$/i.test(o.finding.text.trim()) && o.span.end <= dr.span.start && /^\s*$/.test(text.slice(o.span.end, dr.span.start)));
  });
  return kept
    .sort((a, b) => a.span.start - b.span.start)
    .map((dr) => (isBirth(text, dr.span.start) ? { ...dr.finding, birth: true } : dr.finding));
}

/** An age stated outright: "I am 15", "I'm 16 years old", "aged 14". */
export function findStatedAge(text: string): number | undefined {
  const t = text.slice(0, MAX_TEXT_LENGTH);
  const m =
    /\b(?:i\s+am|i'm|im|i\s+will\s+be|i'll\s+be|aged?)\s+(\d{1,2})\b(?!\s*(?:%|percent|minutes?|hours?|days?|weeks?|months?))/i.exec(t) ??
    /\b(\d{1,2})\s*(?:years?|yrs?)[\s-]*old\b/i.exec(t);
  if (!m) return undefined;
  const age = Number(m[1]);
  return age >= 1 && age <= 99 ? age : undefined;
}

/** For tests and callers: the local today of a clock. */
export function localToday(clock: TurnClock): IsoDate {
  return todayOf(clock).iso;
}
