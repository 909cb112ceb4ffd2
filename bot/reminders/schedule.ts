/**
 * When a dated item's reminder is sent: a day's item at REMINDER_LOCAL_TIME (09:00) on that day in the
 * user's zone, a deadline's REMINDER_DEADLINE_LEAD_DAYS before it; an item with a time (an appointment
 * rule counted in hours) REMINDER_TIMED_LEAD_MINUTES before that moment. Daylight saving is the zone's:
 * 09:00 in New York is 14:00Z in winter and 13:00Z in summer. A time already past is refused.
 */
import { addCalendar, localDateTime, zonedInstant } from '../../rules/calendar';
import type { DatedItem } from '../reply';

export interface SchedulePolicy {
  /** HH:mm, the user's wall time for a day's reminder. */
  readonly localTime: string;
  readonly deadlineLeadDays: number;
  readonly timedLeadMinutes: number;
}

export type ReminderTime =
  | { readonly ok: true; readonly at: Date; readonly localDate: string; readonly localTime: string }
  | { readonly ok: false; readonly reason: 'past'; readonly at: Date; readonly localDate: string; readonly localTime: string };

export function reminderTime(item: Pick<DatedItem, 'date' | 'time' | 'timeZone' | 'deadline'>, now: Date, policy: SchedulePolicy): ReminderTime {
  let at: Date;
  if (item.time) {
    at = new Date(zonedInstant(item.date, item.time, item.timeZone).getTime() - policy.timedLeadMinutes * 60_000);
  } else {
    const day = item.deadline && policy.deadlineLeadDays > 0 ? addCalendar(item.date, -policy.deadlineLeadDays, 'days') : item.date;
    at = zonedInstant(day, policy.localTime, item.timeZone);
  }
  const local = localDateTime(at, item.timeZone);
  const base = { at, localDate: local.date, localTime: local.time };
  return at.getTime() > now.getTime() ? { ok: true, ...base } : { ok: false, reason: 'past', ...base };
}
