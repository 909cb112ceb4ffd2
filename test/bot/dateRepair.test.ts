/**
 * Whole turns through TestAdapter: the user steers the date dialog. Corrections of the credential, the
 * event or the date recompute; the common ways of saying cancel end the question, and a bare date after
 * a cancel is not used for the old rule; short replies fill the pending question; yes/no answer a
 * confirmation; status questions about a month. Fixed clock: Sunday 2026-11-29 10:00, New York, en-US.
 */
import { AWS_WORDING as WORDING } from '../support/wording';
import { BotHarness, visibleText } from '../support/botHarness';

async function conversation(turns: readonly string[]): Promise<string[]> {
  const bot = new BotHarness();
  const out: string[] = [];
  for (const t of turns) out.push(visibleText(await bot.say(t)));
  return out;
}

describe('corrections recompute', () => {
  it.each<[string, readonly string[], readonly string[], readonly string[]]>([
    ['the credential', ['I failed the lab on November 14, when can I retry?', 'not the lab, the exam'], ['November 28, 2026', '14 days'], ['December 9, 2026']],
    ['the day', ['I failed my microcredential on the 14th, when can I retry?', 'no, the 24th'], ['December 19, 2026', 'November 24, 2026'], ['December 9, 2026']],
    ['the day, said differently', ['I failed SAA-C03 on November 12, when can I retake?', 'sorry, it was the 21st'], ['December 5, 2026'], ['November 26, 2026']],
    ['the event', ['I passed my microcredential on November 2, when does it expire?', "oh wait no, I failed it on November 2, I didn't pass. when can I retry?"], ['November 27, 2026', '25 days'], ['November 2, 2027']],
    ['the credential while the date is pending', ['when can I renew my microcredential?', 'sorry I meant my certification, passed it on 2024-02-01'], ['February 1, 2027', '3 years'], ['November 1, 2024']],
    ['a short reply naming the credential', ['I passed on 2026-02-10, when does it expire?', 'the Associate one'], ['February 10, 2029'], []],
    ['a short reply naming the credential while pending', ['When does my credential expire?', 'the microcredential one', 'April 10, 2026'], ['April 10, 2027', '12 months'], []],
    ['the credential, then the day', ['I failed the lab on November 14, when can I retry?', 'not the lab, the exam', 'no, the 20th'], ['December 4, 2026'], ['December 9, 2026']],
  ])('%s', async (_what, turns, expected, forbidden) => {
    const replies = await conversation(turns);
    const last = replies.at(-1)!;
    for (const e of expected) expect(last).toContain(e);
    for (const f of forbidden) expect(last).not.toContain(f);
  });

  it('a new question after a computed date is answered as new, not read as a correction', async () => {
    const [, next] = await conversation(['I failed my microcredential on November 3, when can I retry?', 'actually, where do I find a test center?']);
    expect(next).toMatch(/pearson/i);
  });
});

describe('cancel, in the ways people say it', () => {
  it.each(['cancel', 'stop', 'forget it', 'nah skip that', 'never mind', 'nevermind', 'ok never mind thanks', 'no thanks', 'scratch that', 'forget about it', 'nah', 'skip it please'])(
    '"%s" ends the question and a bare date afterwards is not used for it',
    async (cancel) => {
      const [, cancelled, after] = await conversation(['When can I retake my microcredential?', cancel, 'November 20']);
      expect(cancelled).toContain(WORDING.dialogCancelled);
      expect(after).not.toContain('December 15, 2026');
      expect(after).not.toMatch(/Retake from/);
    },
  );
});

describe('the pending question resumes and is answered', () => {
  it('answers an FAQ question in between and then takes the date', async () => {
    const [, faq, done] = await conversation(['I failed my microcredential, when can I retry?', 'how long is a microcredential valid?', 'it was November 20']);
    expect(faq).toContain('12 months');
    expect(done).toContain('December 15, 2026');
  });

  it('a short reply that refers to the pending question ("it was online") keeps it, and the date then computes', async () => {
    const [, again, done] = await conversation(['when can I check in for my exam?', 'it was online', 'December 12 at 3pm']);
    expect(again).toMatch(/When is your online exam appointment/);
    expect(again).not.toMatch(/check-in opens up to 30 minutes/);
    expect(done).toContain('2:30 PM');
  });

  it('a date said with its event is read with it: the notice on the 28th of last month', async () => {
    const [reply] = await conversation(['on the 28th of last month they told me my result was withdrawn, what now?']);
    expect(reply).toContain('October 28, 2026');
    expect(reply).toContain('November 11, 2026');
  });

  it('confirms a candidate date with yes', async () => {
    const bot = new BotHarness();
    const ask = await bot.say('My exam is on December 20 and I failed the lab too. November 14, I think. When can I retry the lab?');
    expect(visibleText(ask)).toMatch(/is November 14, 2026 the failed attempt\?/);
    expect(ask[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, November 14, 2026', 'No']);
    const done = visibleText(await bot.say('yes'));
    expect(done).toContain('December 9, 2026');
  });

  it('the confirmation quick reply itself computes; "no" asks the rule question instead', async () => {
    const yes = await conversation(['My exam is on December 20 and I failed the lab too. November 14, I think. When can I retry the lab?', 'Yes, November 14, 2026']);
    expect(yes[1]).toContain('December 9, 2026');
    const no = await conversation(['My exam is on December 20 and I failed the lab too. November 14, I think. When can I retry the lab?', 'No', 'November 10']);
    expect(no[1]).toMatch(/When was your failed attempt\?/);
    expect(no[1]).not.toContain('December 9, 2026');
    expect(no[2]).toContain('December 5, 2026');
  });

  it('a day and month that would land almost a year away is confirmed, not assumed', async () => {
    // Today is Sunday, November 29, 2026: "December 10" of a failure is 2025 (354 days ago), 11 days
    // before the same day of this year; "November 20" of an appointment would be 2027.
    const past = await conversation(['I failed my microcredential on December 10, when can I retry?', 'yes']);
    expect(past[0]).toMatch(/is December 10, 2025 the failed attempt\?/);
    expect(past[1]).toContain('January 4, 2026');
    const ahead = await conversation(['My online exam is at 2 PM on November 20, when does check-in open?']);
    expect(ahead[0]).toMatch(/is November 20, 2027 at 2:00 PM the appointment\?/);
    // Said with its year in words, it is not asked about.
    const said = await conversation(['I passed my microcredential on December 5 last year, when does it expire?']);
    expect(said[0]).toContain('December 5, 2026');
  });

  it('asks which of two candidate dates, then computes from the one chosen', async () => {
    const [ask, done] = await conversation(["I failed my microcredential, either November 3 or November 5, can't remember which. When can I retry?", 'November 5']);
    expect(ask).toMatch(/November 3, 2026 or November 5, 2026/);
    expect(ask).not.toContain('November 28, 2026');
    expect(done).toContain('November 30, 2026');
  });
});

describe('status questions', () => {
  it('a certification passed in a month: expired whatever the day, then the exact date from the day', async () => {
    const [status, exact] = await conversation(['am I still certified if I passed SAA-C03 in March 2023?', 'the 14th']);
    expect(status).toMatch(/it has expired: it ran out in March 2026/);
    expect(status).toMatch(/On what day in March 2023/);
    expect(exact).toContain('March 14, 2026');
    expect(exact).toContain('March 14, 2023');
  });

  it('a microcredential passed in a month whose expiry depends on the day: only the question', async () => {
    const [ask, exact] = await conversation(['is my microcredential still valid? I passed it in November 2025', 'November 20, 2025']);
    expect(ask).not.toMatch(/Whatever the day/);
    expect(ask).toMatch(/On what day in November 2025/);
    expect(exact).toContain('November 20, 2026');
  });

  it.each<[string, readonly string[]]>([
    ['is my microcredential still valid, I passed on 2026-01-10?', ['January 10, 2027', 'expires']],
    ['has my microcredential lapsed? I passed it on December 5 last year', ['December 5, 2026']],
    ['my microcredential, passed 2025-10-01, is it still good?', ['October 1, 2026', 'expired']],
    ['I passed AWS Certified Solutions Architect Associate on the 15th of May 2024, has it lapsed?', ['May 15, 2027']],
  ])('%s', async (question, expected) => {
    const [reply] = await conversation([question]);
    for (const e of expected) expect(reply).toContain(e);
  });

  it('mid-March asks for the day, and the day given is in that March', async () => {
    const [ask, done] = await conversation(['I failed the microcredential mid-March, when could I have retried?', 'March 16']);
    expect(ask).toMatch(/On what day in March 2026/);
    expect(done).toContain('April 10, 2026');
  });
});
