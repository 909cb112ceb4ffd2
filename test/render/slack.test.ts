import type { Activity } from 'botbuilder';
import type { Reply } from '../../bot/reply';
import { renderSlack, slackOffers } from '../../bot/render/slack';
import { AWS_WORDING as WORDING } from '../support/wording';
import {
  ALL_REPLIES,
  FAQ_URL,
  SUPPORT_URL,
  answerReply,
  computedReply,
  didYouMeanReply,
  fallbackReply,
  hostileReply,
  welcomeReply,
} from './fixtures';

function textOf(reply: Reply): string {
  const activities: Array<Partial<Activity>> = renderSlack(reply);
  expect(activities).toHaveLength(1);
  const [a] = activities;
  expect(a!.type).toBe('message');
  return a!.text!;
}

/** Slack mrkdwn link: <https://url|label>, the URL without spaces, '|' or angle brackets. */
const LINK = /^<https:\/\/[^\s|<>]+\|[^|<>]+>$/;
const lines = (text: string): string[] => text.split('\n');

describe.each(ALL_REPLIES)('Slack: %s', (_name, reply) => {
  test('text only: no Adaptive Card, no attachment at all', () => {
    const [a] = renderSlack(reply);
    expect(a!.attachments).toBeUndefined();
    expect(JSON.stringify(a)).not.toMatch(/adaptive/i);
    expect(a!.text!.length).toBeGreaterThan(0);
  });

  test('every <...> is a valid mrkdwn link; bold uses single asterisks', () => {
    const text = textOf(reply);
    for (const m of text.match(/<[^<>]*>/g) ?? []) expect(m).toMatch(LINK);
    // No stray angle bracket outside links (user text is entity-escaped).
    expect(text.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
    expect(text).not.toContain('**');
    // No markdown links of ours (the hostile reply quotes one as plain text).
    if (reply !== hostileReply) expect(text).not.toMatch(/\]\(https?:/);
  });
});

describe('Slack rendering', () => {
  test('an FAQ answer: bold title, text, source link, numbered related questions, feedback hint', () => {
    const text = textOf(answerReply);
    const l = lines(text);
    expect(l[0]).toBe('*How long is a microcredential valid?*');
    expect(text).toContain('A microcredential stays valid for 12 months from the day you pass it.');
    expect(l).toContain(`${WORDING.sourceLabel}: <${FAQ_URL}|AWS Certification FAQ>`);
    const heading = l.indexOf('*Related questions (reply with a number):*');
    expect(heading).toBeGreaterThan(0);
    expect(l.slice(heading + 1, heading + 4)).toEqual([
      '1. How do I renew a microcredential?',
      '2. Where do I find my microcredential badge?',
      '3. How long must I wait to retake a microcredential after failing it?',
    ]);
    // The numbers answer in the order the bot remembers (bot/faqBot.ts uses slackOffers).
    expect(slackOffers(answerReply).map((o) => o.entryId)).toEqual(answerReply.followUps!.map((o) => o.entryId));
    expect(l[l.length - 1]).toBe(`_${WORDING.helpfulQuestion} Reply "helpful" or "not helpful"._`);
  });

  test('a computed answer: headline once, facts as bullets with bold labels, notes in italics', () => {
    const text = textOf(computedReply);
    expect(text.split(computedReply.text).length - 1).toBe(1);
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        '• *Failed attempt:* November 8, 2026',
        '• *Retake from:* December 3, 2026 (in 4 days)',
        '_No year was given, so 2026 was assumed._',
      ]),
    );
  });

  test('did-you-mean: choices numbered in order', () => {
    const l = lines(textOf(didYouMeanReply));
    const at = l.indexOf('*Reply with a number:*');
    expect(at).toBeGreaterThan(0);
    expect(l.slice(at + 1)).toEqual(didYouMeanReply.choices!.map((c, i) => `${i + 1}. ${c.question}`));
    expect(slackOffers(didYouMeanReply).map((o) => o.entryId)).toEqual(didYouMeanReply.choices!.map((c) => c.entryId));
  });

  test('fallback: the customer-service link; welcome: examples as bullets', () => {
    expect(lines(textOf(fallbackReply))).toContain(`<${SUPPORT_URL}|${WORDING.fallbackLink}>`);
    const welcome = lines(textOf(welcomeReply));
    expect(welcome[0]).toBe(`*${WORDING.welcomeTitle}*`);
    for (const e of welcomeReply.examples!) expect(welcome).toContain(`• ${e}`);
  });

  test('at most 5 numbered offers', () => {
    const many: Reply = { ...answerReply, followUps: Array.from({ length: 8 }, (_, i) => ({ entryId: `e-${i}`, question: `Question ${i}?` })) };
    const numbered = lines(textOf(many)).filter((x) => /^\d+\. /.test(x));
    expect(numbered).toEqual(['1. Question 0?', '2. Question 1?', '3. Question 2?', '4. Question 3?', '5. Question 4?']);
  });

  test('link labels and URLs cannot break out of a link', () => {
    const reply: Reply = { kind: 'fallback', text: 'x', links: [{ label: 'A|B <c> *d*', url: 'https://aws.amazon.com/a|b>c' }] };
    const link = lines(textOf(reply)).find((x) => x.startsWith('<'))!;
    expect(link).toMatch(LINK);
    expect(link).toBe('<https://aws.amazon.com/a%7Cb%3Ec|A¦B &lt;c&gt; *\u200bd*\u200b>');
  });

  test('quoted user text: <, <at>, *, _ escaped; [ ] cannot make a link', () => {
    const text = textOf(hostileReply);
    expect(text).not.toMatch(/<at>/i);
    expect(text).toContain('&lt;at&gt;FAQ Bot&lt;/at&gt;');
    expect(text).toContain('*\u200burgent*\u200b');
    expect(text).toContain('_\u200bnow_\u200b');
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt;');
    // The user's markdown link stays text: Slack links are only <url|label>, and none points there.
    expect(text).toContain('[click](https://evil.example.com)');
    expect(text).not.toMatch(/<https:\/\/evil/);
    // Every emphasis character of the user is followed by a zero-width space; ours wrap the title and labels.
    const title = lines(text)[0]!;
    expect(title.startsWith('*You asked: ')).toBe(true);
    expect(title.endsWith('*')).toBe(true);
    expect(title.slice(1, -1)).not.toMatch(/[*_~`](?!\u200b)/);
    expect(lines(text)).toContain(`• *You wrote:* &lt;at&gt;FAQ Bot&lt;/at&gt; *\u200burgent*\u200b _\u200bnow_\u200b [click](https://evil.example.com) &lt;b&gt;x&lt;/b&gt;`);
  });
});
