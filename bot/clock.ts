/**
 * The turn's clock (DESIGN.md, data flow step 3), built in this one module:
 *   now      = activity.localTimestamp when present, else activity.timestamp, else the server clock;
 *   timeZone = activity.localTimezone (IANA) when valid, else the UTC offset of localTimestamp,
 *              else the configured default;
 *   locale   = activity.locale when it looks like a BCP 47 tag, else the configured default.
 * Every date computation receives this clock; nothing else reads the current time for an answer.
 */
import type { TurnClock } from '../rules/clock';

export interface ClockDefaults {
  readonly timeZone: string;
  readonly locale: string;
}

/** The activity fields the clock reads. Over the wire the timestamps are ISO strings; botbuilder's types say Date. */
export interface ClockSource {
  readonly timestamp?: Date | string | null;
  readonly localTimestamp?: Date | string | null;
  readonly localTimezone?: string | null;
  readonly locale?: string | null;
  /** The raw localTimestamp string keeps the user's offset, which a Date loses. */
  readonly rawLocalTimestamp?: string;
}

/** A BCP 47 language tag, loosely ("en", "en-GB", "zh-Hant-TW"); config.ts checks DEFAULT_LOCALE with it too. */
export const LOCALE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const OFFSET = /([+-])(\d{2}):?(\d{2})$/;

/** Answers per zone name (constructing an Intl.DateTimeFormat is costly; the set of zones is small). */
const zoneValidity = new Map<string, boolean>();
const MAX_CACHED_ZONES = 1000;

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  const known = zoneValidity.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneValidity.size < MAX_CACHED_ZONES) zoneValidity.set(tz, valid);
  return valid;
}

/** A client clock further than this from the server's is not believed ("0001-01-01T00:00:00Z"). */
const MAX_CLOCK_SKEW_MS = 20 * 365.25 * 24 * 3600 * 1000;

function toDate(v: Date | string | undefined | null, server: Date): Date | undefined {
  if (v === undefined || v === null) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  const t = d.getTime();
  return Number.isNaN(t) || Math.abs(t - server.getTime()) > MAX_CLOCK_SKEW_MS ? undefined : d;
}

/**
 * An IANA zone for the UTC offset of an ISO timestamp ("...-05:00" -> "Etc/GMT+5"; note the inverted
 * sign of the Etc zones), or undefined when it has none, is Z, or is not a whole hour (Intl on Node 20
 * knows no fixed-offset zones, so such a user falls back to the default zone).
 */
export function offsetZone(iso: string | undefined): string | undefined {
  if (typeof iso !== 'string') return undefined;
  const m = OFFSET.exec(iso.trim());
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes !== 0) return undefined;
  if (hours === 0) return 'Etc/UTC';
  return `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
}

export function clockFromActivity(activity: ClockSource, defaults: ClockDefaults, serverNow: () => Date = () => new Date()): TurnClock {
  const rawLocal = activity.rawLocalTimestamp ?? (typeof activity.localTimestamp === 'string' ? activity.localTimestamp : undefined);
  const server = serverNow();
  const now = toDate(activity.localTimestamp, server) ?? toDate(activity.timestamp, server) ?? server;
  const zone =
    (typeof activity.localTimezone === 'string' && isValidTimeZone(activity.localTimezone) ? activity.localTimezone : undefined) ??
    offsetZone(rawLocal) ??
    defaults.timeZone;
  const locale = typeof activity.locale === 'string' && LOCALE_TAG.test(activity.locale) ? activity.locale : defaults.locale;
  return { now, timeZone: zone, locale };
}
