/** Fixed clocks for the rules tests: nothing here reads the real time. */
import type { TurnClock } from '../../rules/clock';

/** The project's default "now": 2026-11-29T10:00 in New York, en-US. */
export const DEFAULT_NOW = '2026-11-29T10:00:00-05:00';

export function fixedClock(now: string = DEFAULT_NOW, timeZone = 'America/New_York', locale = 'en-US'): TurnClock {
  const instant = new Date(now);
  if (Number.isNaN(instant.getTime())) throw new Error(`fixedClock: bad instant "${now}"`);
  return { now: instant, timeZone, locale };
}

export interface DevTurn {
  text: string;
  dates?: string[];
  noDates?: string[];
  all?: string[];
}
export interface DevCase {
  id: string;
  tags: string[];
  turns: DevTurn[];
  now?: string;
  tz?: string;
  locale?: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The same date renderings the project's bot probe accepts (ISO, "December 3, 2026", "3 December 2026"). */
export function dateRegex(iso: string): RegExp {
  const [y, m, d] = iso.split('-').map(Number);
  const full = MONTHS[m - 1];
  const mon = `(?:${full}|${full.slice(0, 3)}\\.?)`;
  const day = `0?${d}(?:st|nd|rd|th)?`;
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  return new RegExp(`(?:${y}-${mm}-${dd}|${mon}\\s+${day},?\\s+${y}|${day}\\s+(?:of\\s+)?${mon},?\\s+${y})`, 'i');
}
