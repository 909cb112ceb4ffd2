import { evaluate, RuleInputError, type RuleInputs } from '../../rules/engine';
import { awsRules, examByCode } from '../support/awsRules';
import type { RuleId } from '../../rules/schema';
import { fixedClock } from './fixtures';

const rules = awsRules();
const rule = (id: RuleId) => {
  const r = rules.get(id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

const NY = fixedClock(); // Sunday 2026-11-29 10:00 New York

describe('engine: one result date per rule', () => {
  it.each<[RuleId, RuleInputs, string, string, string]>([
    // rule, inputs, expected first result, expected state, clock "now"
    ['mc-retake', { date: '2026-11-03' }, '2026-11-28', 'now', '2026-11-29T10:00:00-05:00'],
    ['mc-retake', { date: '2026-11-04' }, '2026-11-29', 'today', '2026-11-29T10:00:00-05:00'],
    ['mc-retake', { date: '2026-11-27' }, '2026-12-22', 'future', '2026-11-29T10:00:00-05:00'],
    ['mc-expiry', { date: '2026-04-10' }, '2027-04-10', 'future', '2026-11-29T10:00:00-05:00'],
    ['mc-expiry', { date: '2025-06-10' }, '2026-06-10', 'past', '2026-11-29T10:00:00-05:00'],
    ['mc-expiry', { date: '2025-11-29' }, '2026-11-29', 'today', '2026-11-29T10:00:00-05:00'],
    ['mc-expiry', { date: '2026-01-31' }, '2027-01-31', 'future', '2026-11-29T10:00:00-05:00'],
    ['mc-expiry', { date: '2028-02-29' }, '2029-02-28', 'future', '2028-03-01T10:00:00-05:00'],
    ['exam-retake', { date: '2026-11-25' }, '2026-12-09', 'future', '2026-11-29T10:00:00-05:00'],
    ['exam-retake', { date: '2026-11-01' }, '2026-11-15', 'now', '2026-11-29T10:00:00-05:00'],
    ['same-exam-again', { date: '2025-03-03' }, '2027-03-03', 'future', '2026-11-29T10:00:00-05:00'],
    ['same-exam-again', { date: '2028-02-29' }, '2030-02-28', 'future', '2028-03-01T10:00:00-05:00'],
    ['cert-expiry', { date: '2025-02-14' }, '2028-02-14', 'future', '2026-11-29T10:00:00-05:00'],
    ['cert-expiry', { date: '2028-02-29' }, '2031-02-28', 'future', '2028-03-01T10:00:00-05:00'],
    ['cert-expiry', { date: '2023-01-31' }, '2026-01-31', 'past', '2026-11-29T10:00:00-05:00'],
    ['results-due', { date: '2026-11-25' }, '2026-12-02', 'future', '2026-11-29T10:00:00-05:00'],
    ['results-due', { date: '2026-11-27' }, '2026-12-04', 'future', '2026-11-29T10:00:00-05:00'],
    ['results-due', { date: '2026-11-20' }, '2026-11-27', 'past', '2026-11-29T10:00:00-05:00'],
    ['results-due', { date: '2026-11-21' }, '2026-11-27', 'past', '2026-11-29T10:00:00-05:00'],
    ['appeal-deadline', { date: '2026-11-20' }, '2026-12-04', 'future', '2026-11-29T10:00:00-05:00'],
    ['appeal-deadline', { date: '2026-11-15' }, '2026-11-29', 'today', '2026-11-29T10:00:00-05:00'],
    ['appeal-deadline', { date: '2026-11-01' }, '2026-11-15', 'past', '2026-11-29T10:00:00-05:00'],
    ['feature-on-exam', { date: '2026-10-05', item: examByCode('AIF-C01') }, '2027-01-05', 'itemFuture', '2026-11-29T10:00:00-05:00'],
    ['feature-on-exam', { date: '2026-10-05', item: examByCode('DOP-C02') }, '2027-04-05', 'itemFuture', '2026-11-29T10:00:00-05:00'],
    ['feature-on-exam', { date: '2026-05-31', item: examByCode('MLS-C01') }, '2026-08-31', 'itemPast', '2026-11-29T10:00:00-05:00'],
    ['feature-on-exam', { date: '2025-08-31', item: examByCode('SAA-C03') }, '2026-02-28', 'itemPast', '2026-11-29T10:00:00-05:00'],
  ])('%s %j -> %s (%s) at %s', (id, inputs, want, state, now) => {
    const out = evaluate(rule(id), inputs, fixedClock(now));
    expect(out.results[0].date).toBe(want);
    expect(out.state).toBe(state);
    expect(out.entryId).toBe(rule(id).entry);
    expect(out.sourceUrl).toMatch(/^https:\/\/aws\.amazon\.com\//);
    expect(out.ruleText).toMatch(/\d/);
  });

  it('feature-on-exam without an exam gives both cutoffs', () => {
    const out = evaluate(rule('feature-on-exam'), { date: '2026-10-05' }, NY);
    expect(out.state).toBe('allGroups');
    expect(out.results.map((r) => [r.key, r.date])).toEqual([
      ['ai-ml', '2027-01-05'],
      ['other', '2027-04-05'],
    ]);
    expect(out.ruleText).toContain('3 months');
    expect(out.ruleText).toContain('6 months');
  });

  it('results-due is 5 business days, skipping the weekend', () => {
    const out = evaluate(rule('results-due'), { date: '2026-11-27' }, NY); // Friday
    expect(out.results[0]).toMatchObject({ date: '2026-12-04', status: 'future', daysFromToday: 5 });
  });

  it('reports days between the result and today', () => {
    const out = evaluate(rule('mc-retake'), { date: '2026-11-03' }, fixedClock('2026-11-24T10:00:00-05:00'));
    expect(out.results[0]).toMatchObject({ date: '2026-11-28', status: 'future', daysFromToday: 4 });
    expect(out.today).toBe('2026-11-24');
  });
});

describe('engine: microcredential renewal window (opens +9 months, closes at the 12-month expiry)', () => {
  it.each([
    ['2026-04-10', 'notYet', '2027-01-10', '2027-04-10'],
    ['2026-01-10', 'open', '2026-10-10', '2027-01-10'],
    ['2026-02-28', 'open', '2026-11-28', '2027-02-28'],
    ['2025-11-29', 'closed', '2026-08-29', '2026-11-29'], // expires today: no longer valid
    ['2025-10-01', 'closed', '2026-07-01', '2026-10-01'],
    ['2026-02-28', 'open', '2026-11-28', '2027-02-28'],
  ])('passed %s -> %s (opens %s, expires %s)', (passed, state, opens, expiry) => {
    const out = evaluate(rule('mc-renewal'), { date: passed }, NY);
    expect(out.state).toBe(state);
    expect(out.results.find((r) => r.key === 'opens')?.date).toBe(opens);
    expect(out.results.find((r) => r.key === 'expiry')?.date).toBe(expiry);
  });
});

describe('engine: appointment rules on the wall clock', () => {
  it('reschedule deadline across the Nov 1 DST end: 09:00 local the day before', () => {
    const out = evaluate(rule('reschedule-deadline'), { date: '2026-11-02', time: '09:00' }, fixedClock('2026-10-30T10:00:00-04:00'));
    expect(out.results[0]).toMatchObject({ date: '2026-11-01', time: '09:00', status: 'future' });
    expect(out.state).toBe('future');
    // 2026-10-30T10:00-04:00 to 2026-11-01T09:00-05:00 = 2 days and 0 h (the fall-back hour adds one)
    expect(out.results[0].minutesFromNow).toBe(2 * 24 * 60);
  });

  it('reschedule deadline counts 24 real hours when a DST change lies in between (with a note)', () => {
    // 12:00 EST on Nov 1 is 17:00 UTC; 24 hours earlier is 17:00 UTC on Oct 31, 13:00 EDT.
    const out = evaluate(rule('reschedule-deadline'), { date: '2026-11-01', time: '12:00' }, fixedClock('2026-10-28T10:00:00-04:00'));
    expect(out.results[0]).toMatchObject({ date: '2026-10-31', time: '13:00' });
    expect(out.clockChange).toBe(true);
    // Spring forward: 10:00 EDT on 2027-03-14 less 24 hours is 09:00 EST the day before (never later than the rule allows).
    const spring = evaluate(rule('reschedule-deadline'), { date: '2027-03-14', time: '10:00' }, NY);
    expect(spring.results[0]).toMatchObject({ date: '2027-03-13', time: '09:00' });
  });

  it.each([
    ['2026-11-29T10:00:00-05:00', '2026-12-05', '09:00', 'future'],
    ['2026-12-04T08:59:00-05:00', '2026-12-05', '09:00', 'today'],
    ['2026-12-04T09:00:00-05:00', '2026-12-05', '09:00', 'past'],
    ['2026-12-04T10:00:00-05:00', '2026-12-05', '09:00', 'past'],
  ])('at %s, appointment %s %s -> %s', (now, date, time, state) => {
    expect(evaluate(rule('reschedule-deadline'), { date, time }, fixedClock(now)).state).toBe(state);
  });

  it('reschedule deadline without a time: the day before, "noTime"', () => {
    const out = evaluate(rule('reschedule-deadline'), { date: '2026-12-05' }, NY);
    expect(out.state).toBe('noTime');
    expect(out.results[0].date).toBe('2026-12-04');
    expect(out.results[0].time).toBeUndefined();
  });

  it.each([
    ['2026-12-05T08:29:00-05:00', 'notYet'],
    ['2026-12-05T08:30:00-05:00', 'open'],
    ['2026-12-05T09:00:00-05:00', 'open'],
    ['2026-12-05T09:15:00-05:00', 'open'],
    ['2026-12-05T09:16:00-05:00', 'closed'],
  ])('online check-in for a 09:00 appointment, at %s: %s', (now, state) => {
    const out = evaluate(rule('online-checkin'), { date: '2026-12-05', time: '09:00' }, fixedClock(now));
    expect(out.state).toBe(state);
    expect(out.results.map((r) => `${r.key} ${r.date} ${r.time}`)).toEqual(['opens 2026-12-05 08:30', 'closes 2026-12-05 09:15']);
  });

  it('online check-in window around midnight and in the DST repeated hour', () => {
    const mid = evaluate(rule('online-checkin'), { date: '2026-12-05', time: '00:10' }, NY);
    expect(mid.results.map((r) => `${r.date} ${r.time}`)).toEqual(['2026-12-04 23:40', '2026-12-05 00:25']);
    const dst = evaluate(rule('online-checkin'), { date: '2026-11-01', time: '01:50' }, fixedClock('2026-11-01T01:10:00-04:00'));
    // 01:50 EDT + 15 minutes is 01:05 EST (the repeated hour), not a wall-clock 02:05.
    expect(dst.results.map((r) => `${r.date} ${r.time}`)).toEqual(['2026-11-01 01:20', '2026-11-01 01:05']);
    expect(dst.state).toBe('notYet');
    expect(dst.clockChange).toBe(true);
  });

  it('online check-in opens 30 real minutes before an appointment just after the spring-forward gap', () => {
    const out = evaluate(rule('online-checkin'), { date: '2027-03-14', time: '03:15' }, NY);
    expect(out.results.map((r) => `${r.date} ${r.time}`)).toEqual(['2027-03-14 01:45', '2027-03-14 03:30']);
  });

  it('uses the user zone: Tokyo at 06:00 local is still Nov 29 in UTC', () => {
    const tokyo = fixedClock('2026-11-30T06:00:00+09:00', 'Asia/Tokyo');
    const out = evaluate(rule('online-checkin'), { date: '2026-11-30', time: '06:20' }, tokyo);
    expect(out.today).toBe('2026-11-30');
    expect(out.state).toBe('open');
    expect(out.results[1].minutesFromNow).toBe(35);
  });
});

describe('engine: teen consent', () => {
  it.each([
    ['2011-05-05', undefined, 15, 'consent'],
    ['2013-11-29', undefined, 13, 'consent'],
    ['2013-11-30', undefined, 12, 'underMin'],
    ['2008-11-30', undefined, 17, 'consent'],
    ['2008-11-29', undefined, 18, 'adult'],
    ['2008-12-15', '2026-12-20', 18, 'adult'],
    ['2014-01-01', '2027-01-01', 13, 'consent'],
  ])('born %s, exam %s -> age %i, %s', (birth, examDay, age, state) => {
    const out = evaluate(rule('teen-consent'), { date: birth, ...(examDay ? { eventDate: examDay } : {}) }, NY);
    expect(out.age).toBe(age);
    expect(out.state).toBe(state);
    expect(out.eventDate).toBe(examDay ?? '2026-11-29');
  });

  it('accepts an age stated outright', () => {
    expect(evaluate(rule('teen-consent'), { age: 16 }, NY).state).toBe('consent');
  });
});

describe('engine: local today in other zones', () => {
  it('Los Angeles at 23:30 local: today is the local date, not UTC', () => {
    const la = fixedClock('2026-11-29T23:30:00-08:00', 'America/Los_Angeles');
    const out = evaluate(rule('mc-retake'), { date: '2026-11-04' }, la);
    expect(out.today).toBe('2026-11-29');
    expect(out.state).toBe('today');
  });

  it('throws a named error when the input is missing', () => {
    expect(() => evaluate(rule('mc-retake'), {}, NY)).toThrow(RuleInputError);
    expect(() => evaluate(rule('mc-retake'), {}, NY)).toThrow('rules: rule "mc-retake": needs the failed attempt');
  });
});
