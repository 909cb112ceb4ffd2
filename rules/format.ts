/**
 * Plain-text wording of dates for answers: always unambiguous (weekday, month name, day, year), in the
 * user's locale order ("Saturday, November 28, 2026" / "Saturday 28 November 2026").
 */
import { parseIso, weekday, type IsoDate, type WallTime } from './calendar';
import { isDayFirst } from './dates';

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function parts(iso: IsoDate): { y: number; m: number; d: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return { y, m, d };
}

/** Month name, day and year without weekday; works for impossible dates too ("February 30, 2026"). */
export function formatPlainDate(iso: IsoDate, locale: string): string {
  const { y, m, d } = parts(iso);
  const month = MONTH_NAMES[m - 1] ?? `month ${m}`;
  return isDayFirst(locale) ? `${d} ${month} ${y}` : `${month} ${d}, ${y}`;
}

/** "Saturday, November 28, 2026" (en-US) or "Saturday 28 November 2026" (en-GB). */
export function formatDate(iso: IsoDate, locale: string): string {
  if (!parseIso(iso)) return formatPlainDate(iso, locale);
  const day = WEEKDAY_NAMES[weekday(iso)];
  return isDayFirst(locale) ? `${day} ${formatPlainDate(iso, locale)}` : `${day}, ${formatPlainDate(iso, locale)}`;
}

/** "9:00 AM" (en-US) or "09:00" (day-first locales). */
export function formatTime(time: WallTime, locale: string): string {
  if (isDayFirst(locale)) return time;
  const [h, m] = time.split(':').map(Number);
  const suffix = h < 12 ? 'AM' : 'PM';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${suffix}`;
}

export function formatDateTime(iso: IsoDate, time: WallTime | undefined, locale: string): string {
  return time ? `${formatDate(iso, locale)} at ${formatTime(time, locale)}` : formatDate(iso, locale);
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "in 4 days", "tomorrow", "today", "3 days ago"; with minutes under a day: "in 2 hours", "in 45 minutes". */
export function formatRelative(days: number, minutes?: number): string {
  if (minutes !== undefined && Math.abs(minutes) < 24 * 60) {
    const abs = Math.abs(minutes);
    const amount = abs < 60 ? plural(abs, 'minute') : abs % 60 === 0 ? plural(abs / 60, 'hour') : `${plural(Math.floor(abs / 60), 'hour')} ${plural(abs % 60, 'minute')}`;
    if (abs === 0) return 'now';
    return minutes > 0 ? `in ${amount}` : `${amount} ago`;
  }
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${plural(days, 'day')}` : `${plural(-days, 'day')} ago`;
}
