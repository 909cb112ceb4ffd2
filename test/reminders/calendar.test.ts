/**
 * Calendar links and events on their own: the sealed token (no plaintext, altered / other key / expired
 * refused) and the .ics parsed back with ical.js (a second library): the alarm of a deadline, a zone the
 * VTIMEZONE table does not know written in UTC.
 */
import { CalendarLinks, icsFor } from '../../bot/reminders/calendar';
import type { StoredItem } from '../../bot/reminders/store';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default = require('ical.js');

const NOW = new Date('2026-11-29T15:00:00Z');
const POLICY = { localTime: '09:00', deadlineLeadDays: 3, timedLeadMinutes: 60 };
const ITEM: StoredItem = {
  ref: 'abcdef0123456789',
  key: 'deadline',
  label: 'Appeal by',
  date: '2026-12-04',
  timeZone: 'America/New_York',
  deadline: true,
  ruleId: 'rule-b',
  ruleText: '14 days after the notice',
  sourceUrl: 'https://example.com/faq#appeal',
  question: 'My secret question about my results, é',
  display: 'Friday, December 4, 2026',
};

function vevent(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
}

describe('calendar links', () => {
  const links = new CalendarLinks('s'.repeat(40), 3_600_000, () => 'https://bot.example.org');

  test('a link is absolute, carries nothing in the clear, and opens back to the item', () => {
    const url = links.link(ITEM, NOW);
    expect(url).toMatch(/^https:\/\/bot\.example\.org\/api\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const token = url.split('/').pop()!.slice(0, -4);
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/secret|2026|Appeal|example/);
    expect(links.open(token, NOW)).toEqual({ ok: true, item: ITEM });
  });

  test('altered, foreign-key and expired tokens are refused', () => {
    const token = links.link(ITEM, NOW).split('/').pop()!.slice(0, -4);
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(links.open(raw.toString('base64url'), NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(new CalendarLinks('t'.repeat(40), 3_600_000, () => '').open(token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.open(token, new Date(NOW.getTime() + 3_600_000))).toEqual({ ok: false, reason: 'expired' });
    expect(links.open('x'.repeat(5000), NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.open('../../etc/passwd', NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('.ics events', () => {
  test('a day deadline: all-day, alarm 3 days ahead at 09:00, UID stable, source in DESCRIPTION and URL', () => {
    const ics = icsFor(ITEM, { policy: POLICY, uidHost: 'bot.example.org', now: NOW });
    const ev = vevent(ics);
    expect((ev.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toString()).toBe('2026-12-04');
    expect(ev.getFirstPropertyValue('uid')).toBe('abcdef0123456789@bot.example.org');
    expect(String(ev.getFirstPropertyValue('description'))).toContain('https://example.com/faq#appeal');
    expect(String(ev.getFirstPropertyValue('url'))).toBe('https://example.com/faq#appeal');
    const trigger = ev.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as InstanceType<typeof ICAL.Duration>;
    // 3 days before midnight, plus 9 hours: 2 days 15 hours before the start.
    expect(trigger.toSeconds()).toBe(-(2 * 86400 + 15 * 3600));
    expect(icsFor(ITEM, { policy: POLICY, uidHost: 'bot.example.org', now: new Date() })).toContain('UID:abcdef0123456789@bot.example.org');
  });

  test('a timed item in a zone without a VTIMEZONE entry (Etc/GMT+5) is written in UTC', () => {
    const ics = icsFor({ ...ITEM, time: '09:00', timeZone: 'Etc/GMT+5' }, { policy: POLICY, uidHost: 'h', now: NOW });
    const start = vevent(ics).getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    expect(start.toJSDate().toISOString()).toBe('2026-12-04T14:00:00.000Z');
    expect(start.zone?.tzid).toBe('UTC');
    const trigger = vevent(ics).getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as InstanceType<typeof ICAL.Duration>;
    expect(trigger.toSeconds()).toBe(-3600);
  });
});
