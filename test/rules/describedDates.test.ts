/**
 * Descriptive dates, months without a day, and words that collide with date grammar (rules/dates.ts),
 * against a fixed clock: Sunday 2026-11-29 10:00 in New York, en-US.
 */
import { findDates, findVagueDates, type Tense } from '../../rules/dates';
import { fixedClock } from './fixtures';

const US = fixedClock();

const dates = (text: string, tense: Tense = 'past'): string[] => findDates(text, US, { tense }).map((f) => (f.time ? `${f.date} ${f.time}` : f.date));

describe('descriptive dates chrono-node does not read', () => {
  it.each<[string, Tense, string]>([
    ['I failed on the 3rd of last month', 'past', '2026-10-03'],
    ['they told me on the 28th of last month', 'past', '2026-10-28'],
    ['the 2nd of this month', 'past', '2026-11-02'],
    ['the 5th of next month', 'future', '2026-12-05'],
    ['the first Monday of October', 'past', '2026-10-05'],
    ['the second Tuesday in October 2025', 'past', '2025-10-14'],
    ['the last Friday in March 2026', 'past', '2026-03-27'],
    ['the last Sunday of last month', 'past', '2026-10-25'],
    ['the first Monday of next month', 'future', '2026-12-07'],
    ['the last day of August', 'past', '2026-08-31'],
    ['the last day of February 2024', 'past', '2024-02-29'],
    ['the first day of last month', 'past', '2026-10-01'],
    ['at the end of last month', 'past', '2026-10-31'],
    ['end of September', 'past', '2026-09-30'],
    ['two Fridays ago', 'past', '2026-11-20'],
    ['a Friday ago', 'past', '2026-11-27'],
    ['3 Sundays ago', 'past', '2026-11-08'],
    ['2 years ago today', 'past', '2024-11-29'],
    ['the first Monday of December', 'past', '2025-12-01'],
  ])('%s (%s) -> %s', (text, tense, expected) => {
    expect(dates(text, tense)).toEqual([expected]);
  });

  it('marks a descriptive date as such, and rejects the fifth Monday a month does not have', () => {
    expect(findDates('the first Monday of October', US, { tense: 'past' })[0]?.descriptive).toBe(true);
    const fifth = findDates('the fifth Monday of February 2026', US, { tense: 'past' });
    expect(fifth).toHaveLength(1);
    expect(fifth[0]!.error).toBe('invalid');
  });
});

describe('numbers and words that are not dates', () => {
  it.each<[string, Tense]>([
    ["I'll be 25 minutes late to my online exam", 'future'],
    ["I'll be 25 minutes late to my online exam", 'past'],
    ['it took me 2 hours', 'past'],
    ['it took me 2 hours', 'future'],
    ['I waited 45 mins for the proctor', 'future'],
    ['I passed the Developer Associate in 2025 be it still valid', 'past'],
    ['in 2025 be honest', 'future'],
    ['I got 690 on the exam', 'past'],
    ['May I ask when', 'past'],
    ["I'll march into the test centre", 'past'],
    ['I sat the exam', 'past'],
    ['on sun mornings I study', 'past'],
    ['the 2nd attempt', 'past'],
    ['my exam lasted 130 minutes', 'past'],
  ])('%s (%s): no date', (text, tense) => {
    expect(dates(text, tense)).toEqual([]);
  });

  it('still reads the weekday abbreviations and months inside a real date', () => {
    expect(dates('I failed on Sat Nov 21')).toEqual(['2026-11-21']);
    expect(dates('failed back on sun 22 nov')).toEqual(['2026-11-22']);
    expect(dates('I passed on May 5')).toEqual(['2026-05-05']);
    expect(dates('my exam is Dec 3 at 9 am and I will be 10 minutes late', 'future')).toEqual(['2026-12-03 09:00']);
  });
});

describe('months without a day (findVagueDates)', () => {
  it.each<[string, Tense, string, string | undefined]>([
    ['I passed in March 2023', 'past', '2023-03', undefined],
    ['I failed mid-March', 'past', '2026-03', 'mid'],
    ['early October', 'past', '2026-10', 'early'],
    ['late December', 'past', '2025-12', 'late'],
    ['the feature went GA last month', 'past', '2026-10', undefined],
    ['since January 2025', 'past', '2025-01', undefined],
    ['in March', 'future', '2027-03', undefined],
  ])('%s (%s) -> %s', (text, tense, month, part) => {
    const found = findVagueDates(text, US, { tense });
    expect(found).toHaveLength(1);
    expect(found[0]!.month).toBe(month);
    expect(found[0]!.part).toBe(part);
  });

  it.each(['May I ask', "I'll march in", 'I passed on March 3, 2023', 'the 3rd of last month'])('%s: no month without a day', (text) => {
    expect(findVagueDates(text, US, { tense: 'past' }, findDates(text, US, { tense: 'past' }))).toEqual([]);
  });
});
