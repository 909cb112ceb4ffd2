/** Whole conversation turns through botbuilder's TestAdapter: welcome, FAQ answers, did-you-mean, fallback, chit-chat. */
import { BotHarness, SUPPORT_URL, knowledgeIndex, offeredEntryIds, visibleText } from '../support/botHarness';

describe('whole turns: FAQ answers', () => {
  it('welcomes a user who joins, with two example questions and the date computation', async () => {
    const bot = new BotHarness();
    const replies = await bot.join();
    expect(replies).toHaveLength(1);
    const text = visibleText(replies);
    expect(text).toMatch(/AWS Certification/);
    expect(text).toMatch(/compute/i);
    expect(text).toContain('How long is a microcredential valid?');
    expect(text).toContain('I failed my microcredential on Nov 3, when can I retry?');
  });

  it('does not welcome the bot itself joining', async () => {
    const bot = new BotHarness();
    const replies = await bot.turn({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Cert Bot' }], channelId: 'emulator' });
    expect(replies).toHaveLength(0);
  });

  it('answers a FAQ with its source link and up to 3 follow-ups', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('How long is a microcredential valid?');
    const text = visibleText(replies);
    expect(text).toContain('12 months');
    expect(text).toContain('https://aws.amazon.com/certification/faqs/');
    const offered = offeredEntryIds(replies);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.length).toBeLessThanOrEqual(3);
    expect(offered).not.toContain('microcredential-validity');
  });

  it('keeps exams and microcredentials apart (14 vs 25 days)', async () => {
    const bot = new BotHarness();
    const exam = visibleText(await bot.say('How soon can I retake a failed exam?'));
    expect(exam).toContain('14 days');
    expect(exam).not.toContain('25 days');
    const mc = visibleText(await bot.say('how long must I wait to retry a microcredential lab after failing it'));
    expect(mc).toContain('25 days');
    expect(mc).not.toContain('14 days');
  });

  it('tolerates typos', async () => {
    const bot = new BotHarness();
    expect(visibleText(await bot.say('how lnog is a microcredental valid'))).toContain('12 months');
  });

  it('answers a follow-up chosen by its button as an action, not as searched text', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('How long is a microcredential valid?');
    const [first] = offeredEntryIds(replies);
    const picked = await bot.submit({ action: 'ask', entryId: first });
    const entry = knowledgeIndex().entry(first!);
    expect(visibleText(picked)).toContain(entry!.answer.slice(0, 40));
  });

  it('offers "did you mean" choices for an ambiguous question, and a choice answers it', async () => {
    const bot = new BotHarness();
    const replies = await bot.say('exam');
    const text = visibleText(replies);
    if (/did you mean/i.test(text)) {
      const choices = offeredEntryIds(replies);
      expect(choices.length).toBeGreaterThanOrEqual(2);
      expect(choices.length).toBeLessThanOrEqual(3);
      const answered = await bot.submit({ action: 'ask', entryId: choices[1] });
      expect(visibleText(answered)).toMatch(/Source/);
    } else {
      // A one-word question with no clear best entry must never get a confident answer.
      expect(text).toMatch(/couldn't find/i);
    }
  });

  it.each([
    'how do I resize an EC2 instance',
    'will it rain tomorrow in Dublin?',
    'tell me a joke',
    'asdkjh qwpoeiru zxcmvn',
    'what is the best S3 storage class for logs',
  ])('falls back politely for out-of-scope "%s", offering the support link', async (q) => {
    const bot = new BotHarness();
    const replies = await bot.say(q);
    const text = visibleText(replies);
    expect(text).toMatch(/couldn't find an answer/);
    expect(text).toMatch(/rephras/);
    expect(JSON.stringify(replies)).toContain(SUPPORT_URL);
    expect(text).not.toMatch(/\b(14|25) days\b|12 months|3 years/);
    expect(bot.records.some((r) => r.event.kind === 'fallback')).toBe(true);
  });

  it.each([
    ['hello', /ask me/i],
    ['thanks!', /welcome/i],
    ['thanks a lot, that helped!', /welcome/i],
    ['thanks, that was helpful', /welcome/i],
    ['hey, good morning!', /ask me/i],
    ['what can you do?', /FAQ/],
    ['help', /FAQ/],
    ['bye', /goodbye/i],
    ['thanks, bye', /goodbye/i],
    ['ok thanks bye!', /goodbye/i],
  ])('chit-chat: "%s"', async (q, re) => {
    const bot = new BotHarness();
    expect(visibleText(await bot.say(q))).toMatch(re);
  });

  it('answers empty and over-long messages politely', async () => {
    const bot = new BotHarness();
    expect(visibleText(await bot.say('   '))).toMatch(/Please type a question/);
    expect(visibleText(await bot.say('why '.repeat(1000)))).toMatch(/too long/);
  });

  it('records feedback without user ids, and offers the case link on "not helpful"', async () => {
    const bot = new BotHarness();
    await bot.say('How long is a microcredential valid?');
    const no = await bot.submit({ action: 'feedback', entryId: 'microcredential-validity', helpful: false });
    expect(JSON.stringify(no)).toContain(SUPPORT_URL);
    const fb = bot.records.find((r) => r.event.kind === 'feedback');
    expect(fb?.event).toEqual({ kind: 'feedback', entryId: 'microcredential-validity', helpful: false });
    expect(JSON.stringify(fb)).not.toContain('user-1');
  });

  it('answers an unexpected card value politely', async () => {
    const bot = new BotHarness();
    expect(visibleText(await bot.submit({ action: 'delete-everything' }))).toMatch(/didn't understand that button/);
    expect(visibleText(await bot.submit('just a string'))).toMatch(/didn't understand that button/);
    expect(visibleText(await bot.submit({ action: 'ask', entryId: 'no-such-entry' }))).toMatch(/didn't understand that button/);
  });

  it('strips a Teams mention of the bot before understanding', async () => {
    const bot = new BotHarness('msteams');
    const replies = await bot.say('<at>Cert Bot</at> How long is a microcredential valid?', {
      extra: { entities: [{ type: 'mention', text: '<at>Cert Bot</at>', mentioned: { id: 'bot', name: 'Cert Bot' } }] },
    });
    const text = visibleText(replies);
    expect(text).toContain('12 months');
    expect(text).not.toContain('<at>');
  });

  it("answers with the entry's variant for the one case a question names (the passing score of one level)", async () => {
    const bot = new BotHarness();
    const associate = visibleText(await bot.say('What scaled score is needed to pass an Associate-level exam?'));
    expect(associate).toContain('720');
    expect(associate).not.toContain('750');
    expect(visibleText(await bot.say('passing score for the Solutions Architect Professional?'))).toMatch(/750/);
    // Two levels named, or none: the whole answer.
    const both = visibleText(await bot.say('passing score SAA-C03 vs SAP-C02?'));
    expect(both).toContain('720');
    expect(both).toContain('750');
    expect(visibleText(await bot.say('pass mark?'))).toContain('700 for Foundational');
  });

  it('answers the part of a message it can, and says which part it cannot', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say("what's the cutoff to pass the professional exams and how hard are they honestly"));
    expect(text).toContain('750');
    expect(text).toMatch(/does not cover the rest \("how hard are they honestly"\)/);
    // Only an afterthought after the answerable part: a message whose first part asks about another subject is declined.
    const declined = visibleText(await bot.say('How many questions are on the Cloud Practitioner exam and how many minutes do I get?'));
    expect(declined).toMatch(/couldn't find an answer/);
  });

  it('declines a question about another subject, whatever dates its story gives', async () => {
    const bot = new BotHarness();
    const text = visibleText(
      await bot.say('I failed SAA-C03 on 2026-02-01 and my retake is booked for the 20th. My study buddy swears by some practice tests. Which practice exam provider would you recommend?'),
    );
    // Declined with the pack's redirect for study materials (out-of-scope.json), not answered with a date.
    expect(text).toMatch(/couldn't find an answer|can't recommend study/);
    expect(text).not.toMatch(/retake from|you can retake/i);
    // A story's "and" before "can't" is no second question: nothing of it is answered on its own.
    const story = 'I passed the Data Engineer Associate and got the 50% voucher. Now I am building a data lake at work and can\'t figure out how to give Athena access to an S3 bucket. How do I write the bucket policy?';
    expect(visibleText(await bot.say(story))).toMatch(/couldn't find an answer/);
  });

  it('declines a long message whose story is ours but whose question is not, and computes no date from the story', async () => {
    const bot = new BotHarness();
    const text = visibleText(
      await bot.say("I failed CLF-C02 twice now and I know about the 14 day wait between tries. Honestly I'm getting discouraged. Would it be smarter to switch careers into data analytics instead?"),
    );
    expect(text).toMatch(/couldn't find an answer/);
    expect(text).not.toMatch(/When did you/);
  });

  it('declines a question that inherits an AWS service from its story, and takes closing thanks as thanks', async () => {
    const bot = new BotHarness();
    expect(visibleText(await bot.say('My SQS consumer keeps retrying the same message. How do I set the retry limit?'))).toMatch(/couldn't find an answer/);
    expect(visibleText(await bot.say("thanks, that's all I needed!"))).toMatch(/welcome/i);
  });

  it('declines an off-subject question whose few known words match one entry well', async () => {
    const bot = new BotHarness();
    expect(visibleText(await bot.say('Can I bring my pet iguana to the online proctored exam room?'))).toMatch(/couldn't find an answer/);
  });
});

