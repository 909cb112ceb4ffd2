/**
 * Numbers, times and dates that must NOT become the start of a date rule (durations, scores, counts,
 * ages, eras, dates of other events), through the real answer pipeline against a fixed clock (Sunday
 * 2026-11-29 10:00 in New York): each gets a clarifying question or a static answer, never a computed date.
 */
import { makePipeline } from '../support/botHarness';
import { fixedClock } from '../rules/fixtures';

const pipeline = makePipeline();
const clock = fixedClock();

describe('trap messages: no computed date', () => {
  it.each([
    // durations
    ["I'll be 25 minutes late to my online exam, when can I still check in?"],
    ['It took me 2 hours to finish the microcredential lab and I failed, when can I retry?'],
    ['My exam lasted 130 minutes and I failed, when can I retake it?'],
    ['I waited 45 minutes for the proctor, then failed. When can I retake the exam?'],
    ["It's been 3 weeks of studying since I failed, when can I retake my exam?"],
    ['The check-in takes 30 minutes, when can I check in for my online exam?'],
    ["I'll be 10 minutes late to my exam appointment, until when can I reschedule?"],
    ['I failed my microcredential 3 times in 2 weeks, when can I retry?'],
    // scores and counts
    ['I got 690 on my exam and failed, when can I retake?'],
    ['I scored 650, failed, how long until I can retake the exam?'],
    ['I need 720 to pass and I failed, when can I retake the exam?'],
    ['my result came back as 700 out of 1000, when can I retake the exam I failed?'],
    ['The exam has 65 questions and I failed it, when can I retake?'],
    ['I failed my microcredential twice, when can I try a 3rd time?'],
    // ages
    ["I'm 17 and failed my microcredential, when can I retry?"],
    ['my daughter is 15 and failed her microcredential, when can she retry?'],
    // years read as eras, years without a day
    ['I passed the Developer Associate in 2025 be it still valid now?'],
    ['I failed the microcredential in 2025 be honest can I retry now?'],
    ['I failed the exam after 2 attempts in 2026, when can I retake?'],
    // dates of other events
    ['the feature went GA last month; will it be on the test I take on the 14th?'],
    ['My exam is booked for December 12, when can I retake my microcredential that I failed?'],
    ["I'll take the exam on the 14th; I failed the lab before, when can I retry the lab?"],
    ['My exam is at 3pm on Friday, I failed the lab last time, when can I retry the lab?'],
    ["I'm taking the SAA-C03 on 2026-12-20, failed the microcredential, when can I retry the microcredential?"],
    ['My exam was supposed to be in March but I failed my lab, when can I retry the lab?'],
    ['My appointment is on December 12 at 9am; when can I retake the microcredential I failed?'],
    // words that collide with date grammar
    ["I'll march into the test centre again once allowed, when can I retake the exam I failed?"],
    ['May I ask when I can retake my microcredential after failing?'],
    ['I sat the exam and failed, when can I retake?'],
    ['On sun mornings I study; I failed the exam, when can I retake?'],
    ['I renewed my microcredential for 12 more months, when does it expire now?'],
    ['The exam is 170 minutes long, when will I get my results?'],
  ])('%s', (text) => {
    const outcome = pipeline.answer(text, clock);
    expect(outcome.decision).not.toBe('computed');
    expect(outcome.reply.facts ?? []).toEqual([]);
  });

  it('a date that a voucher expires on is no credential expiry: the voucher entry answers', () => {
    const outcome = pipeline.answer('I have an exam voucher from a conference that runs out on the 30th. Can I get the expiry date pushed back?', clock);
    expect(outcome.decision).toBe('answer');
    expect(outcome.reply.entryId).toBe('voucher-expiry');
  });

  it('a month without its day is asked about, with the general answer first', () => {
    const outcome = pipeline.answer('the feature went GA last month; will it be on the test I take on the 14th?', clock);
    expect(outcome.decision).toBe('askDate');
    expect(outcome.reply.text).toContain('On what day in October 2026');
    expect(outcome.pending?.month).toBe('2026-10');
  });

  it('a lone date competing with a date of another event is confirmed, with the candidate as a quick reply', () => {
    const outcome = pipeline.answer('My exam is on December 20 and I failed the lab too. November 14, I think. When can I retry the lab?', clock);
    expect(outcome.decision).toBe('askDate');
    expect(outcome.reply.text).toMatch(/November 14, 2026/);
    expect(outcome.reply.quickReplies).toEqual(['Yes, November 14, 2026', 'No']);
    expect(outcome.pending?.candidate).toBe('2026-11-14');
  });
});
