/**
 * Whole turns per channel (botbuilder TestAdapter): Teams welcomes and introductions, card replies
 * without a duplicated headline, Slack button clicks in the ways the Bot Service Slack channel delivers
 * them, one vote per answer, and wording that never shows an entity to a plain-text client.
 */
import type { Activity, ConversationAccount } from 'botbuilder';
import type { SlackMessage } from '../../bot/render/slack';
import { AWS_WORDING as WORDING } from '../support/wording';
import { BotHarness, knowledgeIndex, visibleText } from '../support/botHarness';

const welcomes = (replies: Partial<Activity>[]): number => replies.filter((r) => visibleText([r]).includes(WORDING.welcomeTitle)).length;

function teams(conversation: Partial<ConversationAccount> = {}): BotHarness {
  return new BotHarness('msteams', undefined, undefined, conversation);
}

const added = (ids: string[]): Partial<Activity> => ({ type: 'conversationUpdate', channelId: 'msteams', membersAdded: ids.map((id) => ({ id, name: id })) });

describe('Teams: welcome once per person, introduce once per team or group chat', () => {
  it('a personal install (the bot in membersAdded) gets the welcome card once', async () => {
    const bot = teams({ conversationType: 'personal' });
    const first = await bot.turn(added(['bot']));
    expect(first).toHaveLength(1);
    expect(welcomes(first)).toBe(1);
    expect(first[0]!.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    // Teams may also send the user's own join, or repeat the install: no second welcome.
    expect(await bot.turn(added(['user-1']))).toHaveLength(0);
    expect(await bot.turn(added(['bot']))).toHaveLength(0);
  });

  it('a first 1:1 message from someone never welcomed gets the welcome, then its answer; later messages only answers', async () => {
    const bot = teams({ conversationType: 'personal' });
    const first = await bot.say('How long is a microcredential valid?');
    expect(first).toHaveLength(2);
    expect(welcomes(first.slice(0, 1))).toBe(1);
    expect(visibleText(first.slice(1))).toContain('12 months');
    const second = await bot.say('When will I get my exam results?');
    expect(welcomes(second)).toBe(0);
    expect(second).toHaveLength(1);
  });

  it('a first "hi" in 1:1 is answered by the welcome alone', async () => {
    const bot = teams({ conversationType: 'personal' });
    const replies = await bot.say('hi');
    expect(replies).toHaveLength(1);
    expect(welcomes(replies)).toBe(1);
    // Welcomed by the install already: a later "hi" gets the greeting, not a second welcome.
    expect(welcomes(await bot.say('hi'))).toBe(0);
  });

  it.each([
    ['a team channel', { conversationType: 'channel', isGroup: true }],
    ['a group chat', { conversationType: 'groupChat', isGroup: true }],
  ] as const)('in %s: introduced once when the bot is added, never when people join', async (_name, conversation) => {
    const bot = teams(conversation);
    const intro = await bot.turn(added(['bot', 'user-1', 'user-2']));
    expect(intro).toHaveLength(1);
    expect(welcomes(intro)).toBe(1);
    expect(await bot.turn(added(['user-3']))).toHaveLength(0);
    expect(await bot.turn(added(['user-4', 'user-5']))).toHaveLength(0);
    // Re-added (or the event repeated): still no second introduction.
    expect(await bot.turn(added(['bot']))).toHaveLength(0);
    // And a message there is answered without a welcome.
    const answer = await bot.say('How long is a microcredential valid?');
    expect(answer).toHaveLength(1);
    expect(welcomes(answer)).toBe(0);
  });

  it('card replies carry no text beside the card (Teams would show the heading twice), only a summary', async () => {
    const bot = teams({ conversationType: 'personal' });
    await bot.turn(added(['bot']));
    const [reply] = await bot.say('How long is a microcredential valid?');
    expect(reply!.attachments).toHaveLength(1);
    expect(reply!.text).toBeUndefined();
    expect(reply!.summary).toBe(knowledgeIndex().entry('microcredential-validity')!.question);
    const card = JSON.stringify(reply!.attachments![0]!.content);
    // The heading is in the card once.
    expect(card.split(reply!.summary!).length - 1).toBe(1);
  });
});

describe('Slack: Block Kit buttons through a whole turn', () => {
  const slackData = (a: Partial<Activity>): SlackMessage => a.channelData as SlackMessage;
  const buttonValues = (a: Partial<Activity>): string[] =>
    slackData(a)
      .blocks.filter((b) => b.type === 'actions')
      .flatMap((b) => (b as { elements: Array<{ value?: string }> }).elements.map((e) => e.value ?? ''));

  it('answers with Slack message JSON in channelData and a plain fallback', async () => {
    const bot = new BotHarness('slack');
    const [reply] = await bot.say('How long is a microcredential valid?');
    expect(reply!.textFormat).toBe('plain');
    expect(reply!.text).toContain('12 months');
    expect(slackData(reply!).blocks.length).toBeGreaterThan(2);
    expect(buttonValues(reply!).length).toBeGreaterThanOrEqual(3);
  });

  it('a follow-up button works whether its value comes as the text or in channelData.Payload', async () => {
    const bot = new BotHarness('slack');
    const [answer] = await bot.say('How long is a microcredential valid?');
    const [ask1, ask2] = buttonValues(answer!);
    const first = JSON.parse(ask1!) as { entryId: string };
    const second = JSON.parse(ask2!) as { entryId: string };
    const viaText = await bot.say(ask1!);
    expect(visibleText(viaText)).toContain(knowledgeIndex().entry(first.entryId)!.answer.slice(0, 40));
    const viaPayload = await bot.say('', {
      extra: { channelData: { Payload: { type: 'block_actions', actions: [{ action_id: 'ask-2', value: ask2 }] } } },
    });
    expect(visibleText(viaPayload)).toContain(knowledgeIndex().entry(second.entryId)!.answer.slice(0, 40));
    // Neither click was searched as free text (no fallback recorded).
    expect(bot.records.filter((r) => r.event.kind === 'fallback')).toEqual([]);
  });

  it('the numbered fallback still works: the user types the number', async () => {
    const bot = new BotHarness('slack');
    const [answer] = await bot.say('How long is a microcredential valid?');
    const second = JSON.parse(buttonValues(answer!)[1]!) as { entryId: string };
    expect(visibleText(await bot.say('2'))).toContain(knowledgeIndex().entry(second.entryId)!.answer.slice(0, 40));
  });

  it('a feedback button is counted once: a second press (or the words) gets "You already rated this answer"', async () => {
    const bot = new BotHarness('slack');
    const [answer] = await bot.say('How long is a microcredential valid?');
    const values = buttonValues(answer!);
    const yes = values.find((v) => v.includes('"helpful":true'))!;
    const no = values.find((v) => v.includes('"helpful":false'))!;
    expect(visibleText(await bot.say(yes))).toContain(WORDING.feedbackThanks);
    expect(visibleText(await bot.say('', { extra: { channelData: { Payload: { type: 'block_actions', actions: [{ value: no }] } } } }))).toContain(
      WORDING.feedbackAlready,
    );
    expect(visibleText(await bot.say('not helpful'))).toContain(WORDING.feedbackAlready);
    expect(bot.records.filter((r) => r.event.kind === 'feedback')).toEqual([
      { event: { kind: 'feedback', entryId: 'microcredential-validity', helpful: true }, channel: 'slack' },
    ]);
  });

  it('never greets people joining a Slack channel; introduces itself once when added', async () => {
    const bot = new BotHarness('slack');
    expect(await bot.join()).toHaveLength(0);
    const intro = await bot.turn({ type: 'conversationUpdate', channelId: 'slack', membersAdded: [{ id: 'bot', name: 'bot' }] });
    expect(welcomes(intro)).toBe(1);
    expect(await bot.turn({ type: 'conversationUpdate', channelId: 'slack', membersAdded: [{ id: 'bot', name: 'bot' }] })).toHaveLength(0);
  });
});

describe('one vote per answer (every channel)', () => {
  it.each(['webchat', 'msteams', 'emulator'])('%s: a second vote on the same reply is not recorded; another reply can be rated', async (channel) => {
    const bot = new BotHarness(channel);
    const first = await bot.say('How long is a microcredential valid?');
    const replyId = JSON.stringify(first).match(/"replyId":"([^"]+)"/)?.[1];
    expect(replyId).toBeDefined();
    const vote = { action: 'feedback', entryId: 'microcredential-validity', helpful: true, replyId };
    expect(visibleText(await bot.submit(vote))).toContain(WORDING.feedbackThanks);
    expect(visibleText(await bot.submit({ ...vote, helpful: false }))).toContain(WORDING.feedbackAlready);
    expect(bot.records.filter((r) => r.event.kind === 'feedback')).toHaveLength(1);
    // The same question asked again is a new reply, with its own vote.
    const again = await bot.say('How long is a microcredential valid?');
    const otherId = JSON.stringify(again).match(/"replyId":"([^"]+)"/)?.[1];
    expect(otherId).toBeDefined();
    expect(otherId).not.toBe(replyId);
    expect(visibleText(await bot.submit({ ...vote, replyId: otherId }))).toContain(WORDING.feedbackThanks);
    expect(bot.records.filter((r) => r.event.kind === 'feedback')).toHaveLength(2);
  });
});

describe('wording', () => {
  it('an in-domain question the FAQ does not cover: says the FAQ does not cover it, not "I can only help with"', async () => {
    const bot = new BotHarness();
    const text = visibleText(await bot.say('what does the exam cost?'));
    expect(text).toMatch(/FAQ I answer from does not cover it/);
    expect(text).not.toMatch(/only help with/i);
  });

  it.each(['emulator', 'slack'])('%s: no HTML entity reaches a plain-text client ("&" stays "&")', async (channel) => {
    const bot = new BotHarness(channel);
    const replies = await bot.say('what does the exam cost?');
    const texts = replies.map((r) => r.text ?? '');
    expect(texts.join('\n')).toContain('AWS Training & Certification');
    for (const t of texts) expect(t).not.toMatch(/&(?:amp|lt|gt|quot|nbsp|#\d+);/);
  });
});
