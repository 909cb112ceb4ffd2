/** Whole turns through TestAdapter for personal date questions: every rule, the dialog, locales, bad dates. */
import { BotHarness, visibleText } from '../support/botHarness';

// The fixed clock of these turns: Sunday, November 29, 2026, 10:00 in New York (en-US), unless a case says otherwise.
describe('whole turns: personal dates', () => {
  it.each([
    ['I failed my microcredential on Nov 3, when can I retry?', ['November 28, 2026', '25 days', 'November 3, 2026']],
    ['I passed my microcredential on April 10, 2026. When does it expire?', ['April 10, 2027', '12 months']],
    ['I passed a microcredential on 2026-04-10, when can I renew it?', ['January 10, 2027', '9 months']],
    ['I failed DVA-C02 on November 25, 2026. When can I retake it?', ['December 9, 2026', '14 days']],
    ['I passed SAA-C03 on 2026-01-20, when can I take the same exam again?', ['January 20, 2028', '2 years']],
    ['I passed SAA-C03 on 2024-03-15, when does it expire?', ['March 15, 2027', '3 years']],
    ['I took my exam on Wednesday, November 25, 2026. When should results arrive?', ['December 2, 2026', '5 business days']],
    ['My exam appointment is on December 10, 2026 at 9:00 AM, until when can I reschedule it?', ['December 9, 2026', '24 hours']],
    ['My online exam is on December 10, 2026 at 9:00 AM. When can I check in?', ['8:30', '30 minutes']],
    ['A feature became generally available on 2026-10-05. Can it be on the AI Practitioner exam?', ['January 5, 2027', '3 months']],
    ['My result was invalidated and I got the notice on November 20, 2026, until when can I appeal?', ['December 4, 2026', '14 days']],
    // Everyday and non-native wordings: a short exam name after "passed", "did not succeed", "give it again".
    ['passed saa on jan 31 2024 when dos it expire', ['January 31, 2027', 'Solutions Architect', '3 years']],
    ['I did not succeed the SAA-C03 on 3rd Nov, from which date I can give it again?', ['November 17, 2026', '14 days']],
    ['My exam is on Friday, December 4, 2026. By when should I have the results?', ['December 11, 2026', '5 business days']],
    ['My microcredential lapsed on October 20. Can I still get it back?', ['October 20, 2026', 'cannot be renewed', '25 days']],
    ['my microcredential attempt failed a fortnight ago, when can I have another go?', ['December 10, 2026', '25 days']],
  ])('%s', async (question, expected) => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say(question));
    for (const e of expected) expect(text).toContain(e);
    expect(text).toMatch(/https:\/\/aws\.amazon\.com\//);
  });

  it('gives both cutoffs for a GA date with no exam named', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('A new service went GA on 2026-10-05, when could it show up on my exam?'));
    expect(text).toContain('January 5, 2027');
    expect(text).toContain('April 5, 2027');
  });

  it('says when a microcredential has already expired', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('is my microcredential from June 10, 2025 still valid?'));
    expect(text).toMatch(/expired/i);
    expect(text).toContain('June 10, 2026');
  });

  it('reads 02/11/2026 as 2 November for en-GB and says the locale decided it', async () => {
    const gb = new BotHarness();
    const text = visibleText(await gb.say('I failed my microcredential on 02/11/2026, when can I retry?', { locale: 'en-GB', tz: 'Europe/London', now: '2026-11-29T12:00:00+00:00' }));
    expect(text).toMatch(/27 November 2026|November 27, 2026/);
    expect(text).toMatch(/en-GB/);
  });

  it('reads 02/11/2026 as February 11 for en-US', async () => {
    const us = new BotHarness();
    const text = visibleText(await us.say('I failed my microcredential on 02/11/2026, when can I retry?'));
    expect(text).toContain('March 8, 2026');
  });

  it('reads 12.11.2026 day first for de-DE (the locale order comes from Intl)', async () => {
    const bot = new BotHarness();
    const text = visibleText(
      await bot.say('I failed my microcredential lab on 12.11.2026. When can I try again?', { locale: 'de-DE', tz: 'Europe/Berlin', now: '2026-11-29T16:00:00+01:00' }),
    );
    expect(text).toMatch(/7 December 2026|December 7, 2026|7\. Dezember 2026/);
  });

  it("uses the user's local date, not UTC (Honolulu late evening)", async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('I failed my microcredential today. When can I retake it?', { now: '2026-11-29T22:00:00-10:00', tz: 'Pacific/Honolulu' }));
    expect(text).toContain('December 24, 2026');
    expect(text).not.toContain('December 25, 2026');
  });

  it('rejects an impossible date instead of rolling it over', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('I failed my microcredential on February 30, 2026, when can I retry?'));
    expect(text).toMatch(/not a valid date/);
    expect(text).not.toMatch(/March/);
  });

  it('says so when a past event is dated in the future', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('I failed my microcredential on December 15, 2026, when can I retry?'));
    expect(text).toMatch(/future/i);
  });

  it('asks for a missing date, then computes from the reply', async () => {
    const bot = new BotHarness();
    const ask = visibleText(await bot.say('When can I retry my microcredential?'));
    expect(ask).toMatch(/when|date/i);
    expect(ask).toContain('25 days');
    const done = visibleText(await bot.say('October 30'));
    expect(done).toContain('November 24, 2026');
    // The dialog is over: the next message is a new question.
    expect(visibleText(await bot.say('How long is a microcredential valid?'))).toContain('12 months');
  });

  it('re-asks with an example at most twice, then stops politely', async () => {
    const bot = new BotHarness();
    await bot.say('When can I retry my microcredential?');
    expect(visibleText(await bot.say('blorp'))).toMatch(/couldn't read a date.*For example/s);
    expect(visibleText(await bot.say('zzzz'))).toMatch(/couldn't read a date/);
    expect(visibleText(await bot.say('qqqq'))).toMatch(/stop asking/);
    // Stopped: a date now is not taken as the answer to a question no longer pending.
    expect(visibleText(await bot.say('How long is a microcredential valid?'))).toContain('12 months');
  });

  it.each(['cancel', 'never mind'])('"%s" ends the dialog', async (word) => {
    const bot = new BotHarness();
    await bot.say('When can I retry my microcredential?');
    expect(visibleText(await bot.say(word))).toMatch(/stopped/);
    expect(visibleText(await bot.say('October 30'))).not.toContain('November 24, 2026');
  });

  it('answers a new question asked during the dialog instead of swallowing it', async () => {
    const bot = new BotHarness();
    await bot.say('When can I retry my microcredential?');
    const text = visibleText(await bot.say('actually, where do I find a test center?'));
    expect(text).toMatch(/pearson/i);
  });

  it('keeps the exam named in the question when the date comes in the next message', async () => {
    const bot = new BotHarness();
    const ask = visibleText(await bot.say('A feature just went GA, when can it appear on my MLS-C01 exam?'));
    expect(ask).toMatch(/when|date/i);
    const done = visibleText(await bot.say('2026-10-05'));
    expect(done).toContain('January 5, 2027');
    expect(done).not.toContain('April 5, 2027');
  });

  it('states the age and the need for guardian consent from a birth date', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('I was born on March 3, 2011, can I take the exam?'));
    expect(text).toMatch(/15/);
    expect(text).toMatch(/consent/i);
  });
});

describe('whole turns: a FAQ question in the middle of the date dialog', () => {
  it('is answered, and the date question keeps waiting for its date', async () => {
    const bot = new BotHarness();
    await bot.say('When can I retry my microcredential?');
    expect(visibleText(await bot.say('How do I renew a microcredential?'))).toMatch(/9 months/);
    expect(visibleText(await bot.say('October 30'))).toContain('November 24, 2026');
  });
});
