/**
 * Calendar events for computed dates: an RFC 5545 .ics (ical-generator) served from a short-lived link
 * GET /api/calendar/<token>.ics. The token is the event's data sealed with AES-256-GCM under a key
 * derived (HKDF-SHA256) from CALENDAR_LINK_SECRET, with its expiry inside: nothing personal (the question,
 * the date) can be read from the link, and the GCM tag authenticates it (a changed byte is refused). Being
 * self-contained, a link made by one instance opens on any other that shares the secret.
 * Day rules give all-day events; a time (hour rules) gives a timed event with its TZID and VTIMEZONE.
 * Every event has a stable UID (the same date of the same question updates, not duplicates, an event),
 * the source link in DESCRIPTION and URL, and a VALARM at the time the bot itself would remind.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { addCalendar, parseTime } from '../../rules/calendar';
import { REMINDER_WORDING, WORDING } from '../render/wording';
import type { DatedItem } from '../reply';
import type { SchedulePolicy } from './schedule';
import type { StoredItem } from './store';

export const CALENDAR_PATH = '/api/calendar';
/** Longest token accepted (a sealed item with a 200-character question is about 900). */
export const MAX_TOKEN_LENGTH = 4096;
const AAD = Buffer.from('calendar-link-v1');
/** A timed event lasts this long (the moment itself matters, not a span). */
const TIMED_EVENT_MINUTES = 15;

interface Sealed {
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  readonly item: StoredItem;
}

export type OpenResult = { readonly ok: true; readonly item: StoredItem } | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

export class CalendarLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly baseUrl: () => string,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'cert-bot-calendar', 'aes-256-gcm calendar links', 32));
  }

  /** The absolute link to an item's event, valid for the TTL from `now`. */
  link(item: DatedItem, now: Date): string {
    const { calendarUrl: _url, ...stored } = item;
    return `${this.baseUrl()}${CALENDAR_PATH}/${this.seal({ exp: Math.floor((now.getTime() + this.ttlMs) / 1000), item: stored })}.ics`;
  }

  seal(data: Sealed): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(token: string, now: Date): OpenResult {
    if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'invalid' };
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 12 + 16 + 2) return { ok: false, reason: 'invalid' };
    let data: Sealed;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(12, 28));
      data = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Sealed;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof data?.exp !== 'number' || !data.item || typeof data.item.date !== 'string') return { ok: false, reason: 'invalid' };
    if (data.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, item: data.item };
  }
}

export interface IcsOptions {
  readonly policy: SchedulePolicy;
  /** The host part of UIDs ("ref@host"). */
  readonly uidHost: string;
  readonly now: Date;
}

/** The .ics text of one dated item. */
export function icsFor(item: StoredItem, options: IcsOptions): string {
  const { policy } = options;
  const cal = ical({ prodId: { company: options.uidHost, product: 'reminders', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  const summary = REMINDER_WORDING.calendarSummary(item.label);
  const description = REMINDER_WORDING.calendarDescription(
    item.question,
    item.label,
    item.display,
    item.ruleText,
    item.sourceLabel ?? WORDING.sourceLabel,
    item.sourceUrl,
  );
  const common = { id: `${item.ref}@${options.uidHost}`, stamp: options.now, summary, description, url: item.sourceUrl };
  const wall = item.time ? parseTime(item.time) : undefined;
  let alarmMinutesFromStart: number;
  if (item.time && wall) {
    // Etc/GMT±N zones are written in UTC: @touch4it/ical-timezones 1.9 gives them the inverted offset
    // (Etc/GMT+5 as +0500; POSIX signs), and a fixed offset needs no zone anyway.
    const zoned = !/^Etc\//i.test(item.timeZone) && item.timeZone !== 'UTC' && getVtimezoneComponent(item.timeZone) !== null;
    const start = DateTime.fromISO(`${item.date}T${item.time}`, { zone: item.timeZone });
    if (zoned) cal.timezone({ name: item.timeZone, generator: getVtimezoneComponent });
    cal.createEvent({
      ...common,
      start: zoned ? start : start.toUTC(),
      end: (zoned ? start : start.toUTC()).plus({ minutes: TIMED_EVENT_MINUTES }),
      ...(zoned ? { timezone: item.timeZone } : {}),
    });
    alarmMinutesFromStart = -policy.timedLeadMinutes;
  } else {
    // All-day: DTSTART;VALUE=DATE and an exclusive DTEND the next day.
    cal.createEvent({
      ...common,
      allDay: true,
      start: DateTime.fromISO(item.date, { zone: 'UTC' }),
      end: DateTime.fromISO(addCalendar(item.date, 1, 'days'), { zone: 'UTC' }),
    });
    const t = parseTime(policy.localTime) ?? { h: 9, min: 0 };
    const lead = item.deadline ? policy.deadlineLeadDays : 0;
    alarmMinutesFromStart = -lead * 1440 + t.h * 60 + t.min;
  }
  const event = cal.events()[0]!;
  const alarm = { type: ICalAlarmType.display, description: REMINDER_WORDING.calendarAlarm(item.label) };
  if (alarmMinutesFromStart >= 0) event.createAlarm({ ...alarm, triggerAfter: alarmMinutesFromStart * 60 });
  else event.createAlarm({ ...alarm, triggerBefore: -alarmMinutesFromStart * 60 });
  // ical-generator writes DTSTAMP in the calendar's zone when one is set, without a zone: RFC 5545 wants UTC.
  const stamp = DateTime.fromJSDate(options.now, { zone: 'UTC' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
  return cal.toString().replace(/^DTSTAMP:[0-9T]+Z?\r$/m, `DTSTAMP:${stamp}\r`);
}
