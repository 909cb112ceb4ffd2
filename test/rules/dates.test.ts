import { findDates, findStatedAge, MAX_TEXT_LENGTH, type Tense } from '../../rules/dates';
import { fixedClock } from './fixtures';

const US = fixedClock(); // Sunday 2026-11-29 10:00 New York, en-US
const GB = fixedClock('2026-11-29T12:00:00+00:00', 'Europe/London', 'en-GB');

function first(text: string, tense: Tense = 'past', clock = US) {
  const found = findDates(text, clock, { tense });
  return found[0];
}

describe('findDates: phrase forms (now Sunday 2026-11-29, New York)', () => {
  it.each<[string, Tense, string, boolean]>([
    ['I failed on November 3, 2026', 'past', '2026-11-03', false],
    ['I failed on Nov 3', 'past', '2026-11-03', true],
    ['I failed on 2026-11-03', 'past', '2026-11-03', false],
    ['yesterday', 'past', '2026-11-28', false],
    ['I failed today', 'past', '2026-11-29', false],
    ['3 weeks ago', 'past', '2026-11-08', false],
    ['2 days ago', 'past', '2026-11-27', false],
    ['last Tuesday', 'past', '2026-11-24', false],
    ['on Tuesday', 'past', '2026-11-24', false],
    ['on Tuesday', 'future', '2026-12-01', false],
    ['the 10th of November', 'past', '2026-11-10', true],
    ['on the 3rd', 'past', '2026-11-03', true],
    ['on the 30th', 'past', '2026-10-30', true],
    ['on the 3rd', 'future', '2026-12-03', true],
    ['March 1', 'past', '2026-03-01', true], // most recent past one, not chrono's nearest (2027)
    ['March 1', 'future', '2027-03-01', true],
    ['December 5', 'past', '2025-12-05', true],
    ['December 5', 'future', '2026-12-05', true],
    ['Nov 29', 'past', '2026-11-29', true],
    ['Nov 29', 'future', '2026-11-29', true],
    ['Feb 29', 'past', '2024-02-29', true],
    ['Feb 29', 'future', '2028-02-29', true],
    ['I sat the exam on 3 Nov', 'past', '2026-11-03', true],
    ['Wednesday, November 25, 2026', 'past', '2026-11-25', false],
    ['2026/11/03', 'past', '2026-11-03', false],
    ['a week ago', 'past', '2026-11-22', false],
  ])('%j (%s) -> %s, yearAssumed %s', (text, tense, date, yearAssumed) => {
    const f = first(text, tense);
    expect(f).toBeDefined();
    expect(f.date).toBe(date);
    expect(f.yearAssumed).toBe(yearAssumed);
    expect(f.error).toBeUndefined();
  });

  it('reads a time with the date', () => {
    expect(first('December 5 at 9:00 AM', 'future')).toMatchObject({ date: '2026-12-05', time: '09:00', yearAssumed: true });
    expect(first('my exam is on 12/05/2026 at 2:30 pm', 'future')).toMatchObject({ date: '2026-12-05', time: '14:30' });
    expect(first('2026-12-05 at 9:00', 'future')).toMatchObject({ date: '2026-12-05', time: '09:00' });
  });

  it('finds several dates in text order', () => {
    const found = findDates('I was born on May 5, 2011 and my exam is on March 1, 2027', US, { tense: 'any' });
    expect(found.map((f) => f.date)).toEqual(['2011-05-05', '2027-03-01']);
    expect(found[0].birth).toBe(true);
  });

  it.each(['born on 5 May 2011', 'my birthday is 2011-05-05', 'date of birth: 05/05/2011'])('flags a birth date: %s', (text) => {
    const f = first(text, 'any');
    expect(f).toMatchObject({ date: '2011-05-05', birth: true });
  });
});

describe('findDates: locale', () => {
  it.each([
    ['02/11/2026', 'en-US', '2026-02-11'],
    ['02/11/2026', 'en-GB', '2026-11-02'],
    ['03/11/2026', 'en-US', '2026-03-11'],
    ['03/11/2026', 'en-GB', '2026-11-03'],
    ['03.11.2026', 'en-GB', '2026-11-03'],
    ['03-11-2026', 'en-US', '2026-03-11'],
  ])('%s in %s -> %s', (text, locale, date) => {
    expect(first(text, 'past', locale === 'en-GB' ? GB : US)).toMatchObject({ date, localeDecided: locale });
  });

  it('an unambiguous numeric date is read the only possible way, without a locale note', () => {
    const us = first('13/02/2026', 'past', US);
    expect(us.date).toBe('2026-02-13');
    expect(us.localeDecided).toBeUndefined();
    const gb = first('11/30/2026', 'past', GB);
    expect(gb.date).toBe('2026-11-30');
    expect(gb.localeDecided).toBeUndefined();
    expect(first('05/05/2026', 'past', GB).localeDecided).toBeUndefined();
  });

  it('en-GB reads a month name before a day of 13 or more as that day, not as a year', () => {
    // chrono's British parser takes "Nov 13" for November 2013 and "Monday Nov 16" for two dates.
    expect(findDates('I failed my exam on Nov 13', GB, { tense: 'past' }).map((f) => f.date)).toEqual(['2026-11-13']);
    expect(findDates('November 15', GB, { tense: 'past' }).map((f) => f.date)).toEqual(['2026-11-15']);
    expect(findDates('I failed on Monday Nov 16', GB, { tense: 'past' }).map((f) => f.date)).toEqual(['2026-11-16']);
    expect(findDates('my exam is on Thursday Dec 10 at 9am', GB, { tense: 'future' }).map((f) => [f.date, f.time])).toEqual([['2026-12-10', '09:00']]);
  });

  it('a time written in another zone is converted to the user\'s zone, and says so', () => {
    const ny = { tense: 'future' as const };
    // New York is UTC-5 in December; CET is UTC+1 and 2027-03-04 is before New York's clock change.
    expect(findDates('my exam is 2026-12-10T14:00:00Z', US, ny)).toMatchObject([{ date: '2026-12-10', time: '09:00', zoneGiven: '2026-12-10T14:00:00Z' }]);
    expect(findDates('at 2pm UTC on 10 December', US, ny)).toMatchObject([{ date: '2026-12-10', time: '09:00' }]);
    expect(findDates('03/04/2027 at 14:00 CET', US, ny)).toMatchObject([{ date: '2027-03-04', time: '08:00' }]);
    expect(findDates('December 10 at 11pm PST', US, ny)).toMatchObject([{ date: '2026-12-11', time: '02:00' }]);
    // The user's own zone written out changes nothing.
    expect(findDates('Dec 10 at 9am EST', US, ny)[0]).toMatchObject({ date: '2026-12-10', time: '09:00' });
    expect(findDates('Dec 10 at 9am EST', US, ny)[0]?.zoneGiven).toBeUndefined();
  });

  it('a year that cannot be right is an invalid date, not an assumed year', () => {
    expect(first('I failed on 3 March 0999', 'past', GB)).toMatchObject({ date: '0999-03-03', error: 'invalid', yearAssumed: false });
    expect(first('I failed on 3 March 20266', 'past', GB)).toMatchObject({ error: 'invalid', text: 'on 3 March 20266' });
    expect(first('I failed on 1 January 275760', 'past', GB)).toMatchObject({ error: 'invalid' });
    expect(first('I failed on 3 March 2026 at 10:00', 'past', GB)).toMatchObject({ date: '2026-03-03', time: '10:00' });
    expect(first('I failed on 3 March, 2026', 'past', GB)).toMatchObject({ date: '2026-03-03', yearAssumed: false });
  });

  it('en-GB reads a bare day/month the British way', () => {
    expect(first('on 2/11', 'past', GB)).toMatchObject({ date: '2026-11-02', localeDecided: 'en-GB' });
    expect(first('on 2/11', 'past', US)).toMatchObject({ date: '2026-02-11', localeDecided: 'en-US' });
  });
});

describe('findDates: the user local day', () => {
  it('Honolulu at 22:00 on Nov 29 (already Nov 30 in UTC): today is Nov 29', () => {
    const hnl = fixedClock('2026-11-29T22:00:00-10:00', 'Pacific/Honolulu');
    expect(first('today', 'past', hnl).date).toBe('2026-11-29');
    expect(first('yesterday', 'past', hnl).date).toBe('2026-11-28');
  });
  it('Tokyo at 06:00 on Nov 30 (still Nov 29 in UTC): today is Nov 30', () => {
    const tokyo = fixedClock('2026-11-30T06:00:00+09:00', 'Asia/Tokyo');
    expect(first('today', 'past', tokyo).date).toBe('2026-11-30');
    expect(first('2 days ago', 'past', tokyo).date).toBe('2026-11-28');
  });
  it('Los Angeles at 23:30 local', () => {
    const la = fixedClock('2026-11-29T23:30:00-08:00', 'America/Los_Angeles');
    expect(first('today', 'past', la).date).toBe('2026-11-29');
  });
  it('does not depend on the process time zone', () => {
    // The same instant read in two zones gives two local days.
    const instant = '2026-11-30T02:00:00Z';
    expect(first('today', 'past', fixedClock(instant, 'America/New_York')).date).toBe('2026-11-29');
    expect(first('today', 'past', fixedClock(instant, 'Europe/Berlin')).date).toBe('2026-11-30');
  });
});

describe('findDates: impossible dates are rejected, not rolled over', () => {
  it.each([
    ['February 30', '2026-02-30'],
    ['February 30, 2026', '2026-02-30'],
    ['30 February', '2026-02-30'],
    ['2026-02-29', '2026-02-29'],
    ['February 29, 2027', '2027-02-29'],
    ['April 31', '2026-04-31'],
    ['31/04/2026', '2026-04-31'],
    ['2026-13-01', '2026-13-01'],
  ])('%s', (text) => {
    const f = first(text, 'past', text.includes('/') ? GB : US);
    expect(f).toMatchObject({ error: 'invalid' });
  });
  it('keeps the date as written for the message', () => {
    expect(first('February 30')).toMatchObject({ date: '2026-02-30', error: 'invalid', text: 'February 30' });
    expect(first('31/04/2026', 'past', US)).toMatchObject({ date: '2026-04-31', error: 'invalid' });
  });
});

describe('findDates: what is not a date here', () => {
  it.each([
    'Can I retake it now?',
    'How long is a microcredential valid?',
    'Can I take it again in 2 years?',
    'free up to 24 hours before the appointment',
    'check in 30 minutes before',
    'valid for 12 months',
    'I sat the exam',
    'my 2nd attempt',
    'the 2nd attempt failed',
    'I failed DVA-C02',
    'a 14 year old',
    'version 10.0.12 of the app',
    '',
  ])('%j has no date', (text) => {
    expect(findDates(text, US, { tense: 'past' })).toEqual([]);
  });

  it('a past event never gets a date from "tomorrow" or "next week"', () => {
    expect(findDates('tomorrow', US, { tense: 'past' })).toEqual([]);
    expect(findDates('next week', US, { tense: 'past' })).toEqual([]);
    expect(first('tomorrow', 'future').date).toBe('2026-11-30');
  });

  it('an explicit future date of a past event is kept (the answer rejects it)', () => {
    expect(first('I failed on December 25, 2026')).toMatchObject({ date: '2026-12-25', yearAssumed: false });
  });

  it('never throws and caps the text', () => {
    const long = `${'x '.repeat(MAX_TEXT_LENGTH)} November 3, 2026`;
    expect(findDates(long, US, { tense: 'past' })).toEqual([]);
    expect(findDates(undefined as unknown as string, US, { tense: 'past' })).toEqual([]);
    expect(findDates('today', { ...US, timeZone: 'No/Such_Zone' }, { tense: 'past' })).toHaveLength(1);
  });
});

describe('findStatedAge', () => {
  it.each([
    ["I'm 16", 16],
    ['I am 12 years old', 12],
    ['a 14 year old', 14],
    ['I am 15, can I take the exam?', 15],
    ['I am going to take the exam', undefined],
    ['I am 30 minutes late', undefined],
  ])('%j -> %s', (text, age) => {
    expect(findStatedAge(text)).toBe(age);
  });
});
