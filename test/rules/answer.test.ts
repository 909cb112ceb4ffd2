import { readFileSync } from 'node:fs';
import path from 'node:path';
import devCases from './dev-cases.fixture.json';
import rulesJson from '../../knowledge/aws/rules.json';
import { parseRules, type DateAnswer } from '../../rules/answer';
import { answerDateQuestion, detectRule } from '../support/awsRules';
import type { RuleId } from '../../rules/schema';
import { dateRegex, fixedClock, type DevCase } from './fixtures';

const cases = devCases as DevCase[];
const ruleCases = cases.filter((c) => c.tags.includes('rule'));

function textOf(a: DateAnswer): string {
  if (a.kind === 'computed') return [a.headline, ...a.facts.map((f) => `${f.label}: ${f.value}`), ...a.notes].join('\n');
  if (a.kind === 'needInput') return `${a.ask} For example: ${a.example}`;
  return a.message;
}

function computed(a: DateAnswer): Extract<DateAnswer, { kind: 'computed' }> {
  if (a.kind !== 'computed') throw new Error(`expected computed, got ${JSON.stringify(a)}`);
  return a;
}

describe('dev cases tagged "rule"', () => {
  it('there are rule cases to reproduce', () => {
    expect(ruleCases.length).toBeGreaterThanOrEqual(11);
  });

  it.each(ruleCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const clock = fixedClock(c.now, c.tz, c.locale);
    for (const turn of c.turns) {
      const detected = detectRule(turn.text);
      expect(detected).toBeDefined();
      const answer = computed(answerDateQuestion(turn.text, clock, { ruleId: detected!.ruleId }));
      const text = textOf(answer);
      for (const d of turn.dates ?? []) {
        expect(text).toMatch(dateRegex(d));
        expect(answer.headline).toMatch(dateRegex(d));
      }
      for (const d of turn.noDates ?? []) expect(text).not.toMatch(dateRegex(d));
      for (const s of turn.all ?? []) expect(text.toLowerCase()).toContain(s.toLowerCase());
    }
  });

  it('d-ask: asks for the date, then answers "October 30" as the most recent past October 30', () => {
    const c = cases.find((x) => x.id === 'd-ask');
    expect(c).toBeDefined();
    const clock = fixedClock();
    const [q, reply] = c!.turns;
    const ruleId = detectRule(q.text)!.ruleId;
    expect(ruleId).toBe('mc-retake');
    const ask = answerDateQuestion(q.text, clock, { ruleId });
    expect(ask).toMatchObject({ kind: 'needInput', ruleId: 'mc-retake', entryId: 'microcredential-retake-wait', ruleText: '25 days after a failed attempt' });
    const second = computed(answerDateQuestion(reply.text, clock, { ruleId, pendingText: q.text }));
    for (const d of reply.dates ?? []) expect(second.headline).toMatch(dateRegex(d));
    expect(second.notes).toContain('Year assumed: 2026.');
  });
});

const NY = fixedClock(); // Sunday, November 29, 2026
const at = (now: string) => fixedClock(now);

describe('answerDateQuestion: wording', () => {
  it('future result: date with weekday, relative days, the working', () => {
    const a = computed(answerDateQuestion('I failed my microcredential on November 3, 2026', at('2026-11-24T10:00:00-05:00'), { ruleId: 'mc-retake' }));
    expect(a.headline).toBe('You can retake your microcredential from Saturday, November 28, 2026 (in 4 days).');
    expect(a.facts).toEqual([
      { label: 'Failed attempt', value: 'Tuesday, November 3, 2026' },
      { label: 'Rule', value: '25 days after a failed attempt' },
      { label: 'Retake from', value: 'Saturday, November 28, 2026 (in 4 days)' },
      { label: 'Today', value: 'Tuesday, November 24, 2026' },
    ]);
    expect(a).toMatchObject({ entryId: 'microcredential-retake-wait', sourceUrl: 'https://aws.amazon.com/certification/faqs/', ruleText: '25 days after a failed attempt' });
    expect(a.outcome.results[0].date).toBe('2026-11-28');
  });

  it('past result: you can retake now', () => {
    const a = computed(answerDateQuestion('I failed my microcredential on November 3, 2026', NY, { ruleId: 'mc-retake' }));
    expect(a.headline).toBe('The 25-day wait ended on Saturday, November 28, 2026: you can retake your microcredential now.');
  });

  it('an expired microcredential says what to do now', () => {
    const a = computed(answerDateQuestion('I passed my microcredential on June 10, 2025', NY, { ruleId: 'mc-expiry' }));
    expect(a.headline).toBe('Your microcredential expired on Wednesday, June 10, 2026.');
    expect(a.notes.join(' ')).toContain('retake it at any time, provided 25 days have passed since any failed attempt');
    expect(a.facts).toContainEqual({ label: 'Rule', value: 'valid for 12 months after passing' });
  });

  it('notes the assumed year and the locale reading', () => {
    const us = computed(answerDateQuestion('I failed my exam on March 1', NY, { ruleId: 'exam-retake' }));
    expect(us.notes).toContain('Year assumed: 2026.');
    expect(us.facts[0]).toEqual({ label: 'Failed exam', value: 'Sunday, March 1, 2026' });
    const gb = computed(answerDateQuestion('I failed on 02/11/2026', fixedClock('2026-11-29T12:00:00+00:00', 'Europe/London', 'en-GB'), { ruleId: 'mc-retake' }));
    expect(gb.notes).toContain('Read 02/11/2026 as 2 November 2026 (your locale, en-GB).');
    expect(gb.headline).toContain('Friday 27 November 2026');
  });

  it.each<[RuleId, string, string, string]>([
    ['mc-renewal', 'I passed my microcredential on 2026-04-10', 'You can renew your microcredential from Sunday, January 10, 2027 (in 42 days) until it expires on Saturday, April 10, 2027.', '9 months'],
    ['mc-renewal', 'I passed my microcredential on 2026-01-10', 'You can renew your microcredential now: renewal opened on Saturday, October 10, 2026 and stays open until it expires on Sunday, January 10, 2027 (in 42 days).', '12 months'],
    ['mc-renewal', 'I passed my microcredential on 2025-10-01', 'Your microcredential expired on Thursday, October 1, 2026, so it can no longer be renewed.', '9 months'],
    ['same-exam-again', 'I passed SAA-C03 on March 3, 2025', 'You can take the Solutions Architect - Associate exam (SAA-C03) again from Wednesday, March 3, 2027 (in 94 days).', '2 years'],
    ['cert-expiry', 'I passed on 2023-01-31', 'Your certification expired on Saturday, January 31, 2026.', '3 years'],
    ['results-due', 'I took my exam on Friday, November 27, 2026', 'Your full results should be in your certification account by Friday, December 4, 2026 (in 5 days).', '5 business days'],
    ['appeal-deadline', 'I got the notice on November 20', 'You have until Friday, December 4, 2026 (in 5 days) to ask customer service for details or to appeal.', '14 days'],
    ['reschedule-deadline', 'My appointment is on December 5 at 9:00 AM', 'You can reschedule or cancel free of charge until Friday, December 4, 2026 at 9:00 AM (in 5 days).', '24 hours'],
    ['feature-on-exam', 'GA on 2026-10-05, when can it be on exams?', 'A feature generally available since Monday, October 5, 2026 can appear on the four AI/ML exams from Tuesday, January 5, 2027 and on all other exams from Monday, April 5, 2027.', '6 months'],
    ['teen-consent', 'I was born on May 5, 2011 and my exam is on March 1, 2027', 'At 15 on Monday, March 1, 2027, you need the consent of a parent or legal guardian to take the exam.', '13 to 17'],
    ['teen-consent', 'my birthday is 2008-11-29', 'At 18 on Sunday, November 29, 2026 (today), you do not need the consent of a parent or guardian.', '13 to 17'],
  ])('%s: %s', (ruleId, text, headline, number) => {
    const a = computed(answerDateQuestion(text, NY, { ruleId }));
    expect(a.headline).toBe(headline);
    expect(a.facts.find((f) => f.label === 'Rule')?.value).toContain(number);
    expect(textOf(a)).not.toMatch(/[*_`#]/); // plain text, no markdown
  });

  it('online check-in window in local times', () => {
    const a = computed(answerDateQuestion('My online exam is on December 5 at 9:00 AM', at('2026-12-05T08:00:00-05:00'), { ruleId: 'online-checkin' }));
    expect(a.headline).toBe('Check-in for your online exam opens on Saturday, December 5, 2026 at 8:30 AM (in 30 minutes); you must start by Saturday, December 5, 2026 at 9:15 AM.');
  });

  it('under 13: no published rule, points to customer service', () => {
    const a = computed(answerDateQuestion("I'm 12, can I take the exam?", NY, { ruleId: 'teen-consent' }));
    expect(a.headline).toContain('customer service');
    expect(a.notes.join(' ')).toContain('https://aws.amazon.com/contact-us/aws-training/');
  });

  it('a clock change between appointment and deadline is noted', () => {
    const a = computed(answerDateQuestion('My appointment is on 2026-11-01 at 12:00 PM', at('2026-10-28T10:00:00-04:00'), { ruleId: 'reschedule-deadline' }));
    expect(a.headline).toContain('Saturday, October 31, 2026 at 1:00 PM');
    expect(a.notes.join(' ')).toMatch(/daylight saving/);
  });

  it('the exam named in the pending question still counts', () => {
    const a = computed(
      answerDateQuestion('October 5, 2026', NY, { ruleId: 'feature-on-exam', pendingText: 'When can a new feature be on the AI Practitioner exam?' }),
    );
    expect(a.headline).toContain('Tuesday, January 5, 2027');
    expect(a.ruleText).toContain('3 months');
  });

  it('uses the rules it is given (a data edit changes the answer)', () => {
    const data = JSON.parse(JSON.stringify(rulesJson)) as { rules: { id: string; offsets: { amount: number }[]; describe: string }[] };
    const mc = data.rules.find((r) => r.id === 'mc-retake')!;
    mc.offsets[0].amount = 30;
    mc.describe = '30 days after a failed attempt';
    const a = computed(answerDateQuestion('I failed on 2026-11-20', NY, { ruleId: 'mc-retake', rules: parseRules(data, 'edited.json') }));
    expect(a.outcome.results[0].date).toBe('2026-12-20');
    expect(a.ruleText).toBe('30 days after a failed attempt');
  });
});

describe('answerDateQuestion: missing and rejected dates', () => {
  it('needInput asks a question with "when"/"date"', () => {
    for (const ruleId of ['mc-retake', 'exam-retake', 'reschedule-deadline', 'teen-consent'] as const) {
      const a = answerDateQuestion('when can I do it?', NY, { ruleId });
      expect(a.kind).toBe('needInput');
      if (a.kind !== 'needInput') continue;
      expect(a.ask).toMatch(/\?$/);
      expect(a.ask).toMatch(/\b(when|date)\b/i);
      expect(a.example.length).toBeGreaterThan(3);
    }
  });

  it('a birthday without a year asks for the date of birth', () => {
    expect(answerDateQuestion('my birthday is May 5', NY, { ruleId: 'teen-consent' }).kind).toBe('needInput');
  });

  it.each([
    ['I failed my microcredential on February 30', 'February 30, 2026 is not a valid date.'],
    ['I failed on 2026-02-29', 'February 29, 2026 is not a valid date.'],
    ['I failed on February 29, 2027', 'February 29, 2027 is not a valid date.'],
  ])('invalid: %s', (text, message) => {
    expect(answerDateQuestion(text, NY, { ruleId: 'mc-retake' })).toMatchObject({ kind: 'rejected', reason: 'invalid', message, ruleId: 'mc-retake' });
  });

  it('invalid in en-GB: 31/04/2026', () => {
    const gb = fixedClock('2026-11-29T12:00:00+00:00', 'Europe/London', 'en-GB');
    expect(answerDateQuestion('I failed on 31/04/2026', gb, { ruleId: 'mc-retake' })).toMatchObject({ reason: 'invalid', message: '31 April 2026 is not a valid date.' });
  });

  it('results for an exam still to come are due 5 business days after it; a past exam reads its weekday as the last one', () => {
    const soon = answerDateQuestion('My exam is on Friday, December 4, 2026. By when should I have the results?', NY, { ruleId: 'results-due' });
    expect(soon.kind === 'computed' && soon.headline).toContain('Friday, December 11, 2026');
    const newYear = answerDateQuestion('Taking my exam on 2026-12-31. When will the results be available?', NY, { ruleId: 'results-due' });
    expect(newYear.kind === 'computed' && newYear.headline).toContain('Thursday, January 7, 2027');
    const past = answerDateQuestion('I took my exam on Friday, when are results due?', NY, { ruleId: 'results-due' });
    expect(past.kind === 'computed' && past.headline).toContain('Friday, December 4, 2026');
    // Other past events stay past: a failed attempt dated in the future is still rejected.
    expect(answerDateQuestion('I failed the exam on December 10, 2026? When can I retake it?', NY, { ruleId: 'exam-retake' }).kind).toBe('rejected');
    // ...and the date of an exam still to be taken is no failed attempt: the user is asked for that date.
    expect(answerDateQuestion('I will take the exam on December 10, 2026, failed it?', NY, { ruleId: 'exam-retake' }).kind).toBe('needInput');
  });

  it('a past event dated in the future is rejected', () => {
    const a = answerDateQuestion('I failed my microcredential on December 25, 2026', NY, { ruleId: 'mc-retake' });
    expect(a).toMatchObject({ kind: 'rejected', reason: 'future' });
    if (a.kind === 'rejected') expect(a.message).toContain('Friday, December 25, 2026 is in the future');
  });

  it('a future date given as the expiry ("my cert expires on ...") is read as the expiry, with what to do before it', () => {
    const a = answerDateQuestion('my cert expires on 2027-01-10, when should I recertify?', NY, { ruleId: 'cert-expiry' });
    expect(a).toMatchObject({ kind: 'rejected', reason: 'expiryGiven' });
    if (a.kind !== 'rejected') return;
    expect(a.message).toContain('Sunday, January 10, 2027 (in 42 days) reads as the date your certification expires');
    expect(a.message).toContain('recertify before then');
    const mc = answerDateQuestion('the expiry date of my microcredential is March 3, 2027', NY, { ruleId: 'mc-expiry' });
    expect(mc.kind === 'rejected' && mc.message).toContain('Wednesday, March 3, 2027 (in 94 days) reads as the date your microcredential expires');
  });

  it('a past date given as the expiry ("it ran out on ...") says what an expired credential means, from the facts', () => {
    const mc = answerDateQuestion('My microcredential ran out on 2026-10-01. Can I just retake it now?', NY, { ruleId: 'mc-renewal' });
    expect(mc).toMatchObject({ kind: 'rejected', reason: 'expiryGiven' });
    expect(mc.kind === 'rejected' && mc.message).toBe(
      'Thursday, October 1, 2026 (59 days ago) reads as the date your microcredential expired, not the date you passed: a microcredential that is no longer valid cannot be renewed, but you can take it again at any time, as long as 25 days have passed since any failed attempt.',
    );
    const cert = answerDateQuestion('my SAA-C03 expired on 3 March 2026, can I still recertify?', NY, { ruleId: 'cert-expiry' });
    expect(cert.kind === 'rejected' && cert.message).toContain('reads as the date your certification expired, not the date you passed: an expired certification cannot be recertified');
    // What an expired credential means belongs to the renewal entries, not to the validity ones.
    expect([mc.entryId, cert.entryId]).toEqual(['microcredential-renewal', 'recertification']);
    expect(answerDateQuestion('my cert expires on 2027-01-10', NY, { ruleId: 'cert-expiry' }).entryId).toBe('certification-validity');
    // A date passed is still computed from, even when the question says "expire".
    expect(answerDateQuestion('I passed SAA-C03 on 2024-03-15, when does it expire?', NY, { ruleId: 'cert-expiry' }).kind).toBe('computed');
  });

  it('a future date given as the date passed stays a plain rejection, even when the question says "expire"', () => {
    const a = answerDateQuestion('I passed SAA-C03 on 2027-02-01, when does it expire?', NY, { ruleId: 'cert-expiry' });
    expect(a.kind === 'rejected' && a.message).toBe(
      'Monday, February 1, 2027 is in the future, but the date you passed (or recertified) must be a date that has already happened.',
    );
  });

  it('a born date in the future is rejected; an appointment in the past too', () => {
    expect(answerDateQuestion('I was born on 2027-01-01', NY, { ruleId: 'teen-consent' })).toMatchObject({ kind: 'rejected', reason: 'future' });
    expect(answerDateQuestion('my appointment was on 2026-11-20 at 9:00', NY, { ruleId: 'reschedule-deadline' })).toMatchObject({ kind: 'rejected', reason: 'past' });
  });

  it('a date more than 100 years ago is rejected', () => {
    expect(answerDateQuestion('I passed on 1900-01-01', NY, { ruleId: 'cert-expiry' })).toMatchObject({ kind: 'rejected', reason: 'tooOld' });
  });

  it('an unknown rule id throws a named error', () => {
    expect(() => answerDateQuestion('x', NY, { ruleId: 'nope' as RuleId })).toThrow('rules: unknown rule "nope"');
  });
});

describe('the dev-case fixture', () => {
  // test/rules/dev-cases.fixture.json holds the rule, dialog and faq cases of the development set
  // (test/fixtures/dev-cases.json, played whole over HTTP by test/http/conversations.test.ts): the copy must
  // match it case for case and hold every rule case.
  it('matches test/fixtures/dev-cases.json', () => {
    const all = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'dev-cases.json'), 'utf8')) as DevCase[];
    const byId = new Map(all.map((c) => [c.id, c]));
    for (const c of cases) expect(c).toEqual(byId.get(c.id));
    for (const c of all.filter((x) => x.tags.includes('rule'))) expect(cases.map((x) => x.id)).toContain(c.id);
  });
});

describe('a wall time the clocks skip', () => {
  it('says that 2:30 AM does not exist on the spring-forward night and what it is read as', () => {
    const clock = fixedClock('2026-02-20T10:00:00-05:00', 'America/New_York', 'en-US');
    const a = computed(answerDateQuestion('exam booked for 2026-03-08 02:30, when can I cancel for free?', clock, { ruleId: 'reschedule-deadline' }));
    expect(a.notes).toContain('2:30 AM does not exist on March 8, 2026 in your time zone (the clocks move forward); it is read as 3:30 AM.');
    expect(a.headline).toContain('Saturday, March 7, 2026 at 2:30 AM');
  });
});
