/**
 * Calendar arithmetic on the user's local calendar. Dates are plain ISO strings ("2026-11-29"), never a
 * UTC Date, so a user's local day can never shift by a time zone. Times are wall-clock "HH:mm" in the
 * user's zone. Everything here is pure: no function reads the current time.
 */

/** A calendar date "YYYY-MM-DD" (proleptic Gregorian, years 1..9999). */
export type IsoDate = string;
/** A wall-clock time "HH:mm" (24-hour). */
export type WallTime = string;

export interface CivilDate {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

export type CalendarUnit = 'days' | 'weeks' | 'months' | 'years' | 'businessDays';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export function isValidCivil(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
  );
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function toIso(c: CivilDate): IsoDate {
  return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
}

/** The parts of an ISO date string; undefined when malformed or not a real date (2026-02-29). */
export function parseIso(iso: string): CivilDate | undefined {
  const m = ISO_RE.exec(iso);
  if (!m) return undefined;
  const c = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isValidCivil(c.y, c.m, c.d) ? c : undefined;
}

function civil(iso: IsoDate): CivilDate {
  const c = parseIso(iso);
  if (!c) throw new Error(`calendar: "${iso}" is not a valid YYYY-MM-DD date`);
  return c;
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(iso: IsoDate): number {
  const c = civil(iso);
  const ms = Date.UTC(c.y, c.m - 1, c.d);
  // Date.UTC maps years 0..99 to 1900..1999; correct for them.
  const fix = c.y < 100 ? new Date(ms).setUTCFullYear(c.y) : ms;
  return Math.round(fix / MS_PER_DAY);
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * MS_PER_DAY);
  return toIso({ y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() });
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(iso: IsoDate): number {
  return (((dayNumber(iso) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(iso) + n);
}

/** Month arithmetic clamps to the last day of the month: Jan 31 + 1 month = Feb 28 (29). */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const c = civil(iso);
  const index = c.y * 12 + (c.m - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return toIso({ y, m, d: Math.min(c.d, daysInMonth(y, m)) });
}

export function addYears(iso: IsoDate, n: number): IsoDate {
  return addMonths(iso, 12 * n);
}

export function isWeekend(iso: IsoDate): boolean {
  const w = weekday(iso);
  return w === 0 || w === 6;
}

/** Business days are Monday to Friday (no public holidays). n may be negative. */
export function addBusinessDays(iso: IsoDate, n: number): IsoDate {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let day = iso;
  while (left > 0) {
    day = addDays(day, step);
    if (!isWeekend(day)) left--;
  }
  return day;
}

/** Adds a signed amount of a calendar unit. */
export function addCalendar(iso: IsoDate, amount: number, unit: CalendarUnit): IsoDate {
  switch (unit) {
    case 'days':
      return addDays(iso, amount);
    case 'weeks':
      return addDays(iso, 7 * amount);
    case 'months':
      return addMonths(iso, amount);
    case 'years':
      return addYears(iso, amount);
    case 'businessDays':
      return addBusinessDays(iso, amount);
  }
}

/** b - a in days. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Whole years from `birth` to `on` (the age on that day; a Feb 29 birthday counts on Mar 1 in common years). */
export function ageOn(birth: IsoDate, on: IsoDate): number {
  const b = civil(birth);
  const o = civil(on);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age--;
  return age;
}

// ---------------------------------------------------------------------------------------------------
// Time zones: wall clock <-> instant.

const FIXED_OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/i;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      f = null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** What formatterFor's formatters print: "11/29/2026, 10:00:00" (en-US, h23). */
const FORMATTED_RE = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/** Per formatter, whether its format() reads back through FORMATTED_RE as its formatToParts() says (checked once). */
const readsBack = new WeakMap<Intl.DateTimeFormat, boolean>();

function partsOf(f: Intl.DateTimeFormat, instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as unknown as WallClock;
}

/**
 * The wall clock a formatter shows at an instant. format() and a regular expression cost a third of
 * formatToParts() (which builds an object per part: this runs several times in every date answer);
 * any text the expression does not read (years before 1000, another ICU layout) goes through formatToParts.
 */
function wallClockOf(f: Intl.DateTimeFormat, instant: Date): WallClock {
  let ok = readsBack.get(f);
  if (ok === undefined) {
    const probe = new Date(Date.UTC(2001, 10, 23, 14, 5, 6));
    const m = FORMATTED_RE.exec(f.format(probe));
    const p = partsOf(f, probe);
    ok = m !== null && Number(m[1]) === p.month && Number(m[2]) === p.day && Number(m[3]) === p.year && Number(m[4]) === p.hour && Number(m[5]) === p.minute && Number(m[6]) === p.second;
    readsBack.set(f, ok);
  }
  const m = ok ? FORMATTED_RE.exec(f.format(instant)) : null;
  if (m === null) return partsOf(f, instant);
  return { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
}

/** True when the zone is an IANA zone Intl knows, "UTC", or a fixed offset such as "+09:00". */
export function isKnownTimeZone(timeZone: string): boolean {
  return FIXED_OFFSET_RE.test(timeZone) || formatterFor(timeZone) !== null;
}

/**
 * Minutes to add to UTC to get the zone's wall clock at `instant` (New York in winter: -300).
 * An unknown zone is read as UTC (never throws).
 */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const fixed = FIXED_OFFSET_RE.exec(timeZone.trim());
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    return fixed[1] === '-' ? -minutes : minutes;
  }
  const f = formatterFor(timeZone);
  if (!f || Number.isNaN(instant.getTime())) return 0;
  const parts = wallClockOf(f, instant);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - seconds) / MS_PER_MINUTE);
}

export interface LocalDateTime {
  readonly date: IsoDate;
  readonly time: WallTime;
  /** The zone's offset from UTC at that instant, in minutes. */
  readonly offsetMinutes: number;
}

/** The user's local calendar date and wall time of an instant. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const offsetMinutes = zoneOffsetMinutes(instant, timeZone);
  const wall = new Date(instant.getTime() + offsetMinutes * MS_PER_MINUTE);
  return {
    date: toIso({ y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() }),
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
    offsetMinutes,
  };
}

export function parseTime(time: WallTime): { h: number; min: number } | undefined {
  const m = TIME_RE.exec(time);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? { h, min } : undefined;
}

/** Wall-clock minutes since 1970-01-01T00:00 of a local date + time (no zone). */
function wallMinutes(date: IsoDate, time: WallTime): number {
  const t = parseTime(time);
  if (!t) throw new Error(`calendar: "${time}" is not a valid HH:mm time`);
  return dayNumber(date) * 1440 + t.h * 60 + t.min;
}

/**
 * The instant of a local date + time in a zone. In the hour skipped by a spring-forward change the
 * time is read with the offset in force before the change; in the repeated fall-back hour, the first one.
 */
export function zonedInstant(date: IsoDate, time: WallTime, timeZone: string): Date {
  const wallMs = wallMinutes(date, time) * MS_PER_MINUTE;
  const before = zoneOffsetMinutes(new Date(wallMs - 86_400_000 / 2), timeZone);
  const after = zoneOffsetMinutes(new Date(wallMs + 86_400_000 / 2), timeZone);
  // Try both candidate offsets; keep one that reproduces the wall clock, earlier first.
  const candidates = [Math.max(before, after), Math.min(before, after)];
  for (const off of candidates) {
    const instant = new Date(wallMs - off * MS_PER_MINUTE);
    if (zoneOffsetMinutes(instant, timeZone) === off) return instant;
  }
  return new Date(wallMs - before * MS_PER_MINUTE);
}

/** True when the zone's UTC offset differs between two instants (a daylight-saving change lies between). */
export function offsetChangesBetween(a: Date, b: Date, timeZone: string): boolean {
  return zoneOffsetMinutes(a, timeZone) !== zoneOffsetMinutes(b, timeZone);
}
