import type { Activity, CardAction } from 'botbuilder';
import type { Reply } from '../../bot/reply';
import { MAX_SUGGESTED_ACTIONS, renderMarkdown } from '../../bot/render/markdown';
import { AWS_WORDING as WORDING } from '../support/wording';
import { webChatMarkdown } from './cardSchema';
import {
  ALL_REPLIES,
  FAQ_URL,
  SUPPORT_URL,
  answerReply,
  computedReply,
  didYouMeanReply,
  fallbackReply,
  hostileReply,
  thanksReply,
  welcomeReply,
} from './fixtures';

function only(reply: Reply): Partial<Activity> {
  const activities = renderMarkdown(reply);
  expect(activities).toHaveLength(1);
  expect(activities[0]!.type).toBe('message');
  expect(activities[0]!.textFormat).toBe('markdown');
  return activities[0]!;
}
const actionsOf = (reply: Reply): CardAction[] => only(reply).suggestedActions?.actions ?? [];

describe('markdown (Emulator and other channels)', () => {
  test.each(ALL_REPLIES)('%s: markdown text, no attachments, at most 5 suggested actions, all messageBack', (_name, reply) => {
    const a = only(reply);
    expect(a.attachments).toBeUndefined();
    expect(a.text!.length).toBeGreaterThan(0);
    const actions = actionsOf(reply);
    expect(actions.length).toBeLessThanOrEqual(MAX_SUGGESTED_ACTIONS);
    for (const x of actions) {
      expect(x.type).toBe('messageBack');
      expect(x.value).toEqual(expect.objectContaining({ action: expect.stringMatching(/^(ask|feedback|example)$/) }));
    }
  });

  test('an FAQ answer: bold title, paragraphs, source link; follow-ups and the feedback pair as suggested actions', () => {
    const text = only(answerReply).text!;
    expect(text.startsWith('**How long is a microcredential valid?**\n\n')).toBe(true);
    expect(text).toContain('A microcredential stays valid for 12 months from the day you pass it.');
    expect(text).toContain(`${WORDING.sourceLabel}: [AWS Certification FAQ](${FAQ_URL})`);
    expect(actionsOf(answerReply).map((x) => [x.type, x.title, x.value])).toEqual([
      ['messageBack', 'How do I renew a microcredential?', { action: 'ask', entryId: 'microcredential-renewal' }],
      ['messageBack', 'Where do I find my microcredential badge?', { action: 'ask', entryId: 'microcredential-badge' }],
      ['messageBack', 'How long must I wait to retake a microcredential after failing it?', { action: 'ask', entryId: 'microcredential-retake-wait' }],
      ['messageBack', 'Helpful', { action: 'feedback', entryId: 'microcredential-validity', helpful: true }],
      ['messageBack', 'Not helpful', { action: 'feedback', entryId: 'microcredential-validity', helpful: false }],
    ]);
    // A question button shows the question as the user's message.
    expect(actionsOf(answerReply)[0]).toMatchObject({ displayText: 'How do I renew a microcredential?', text: 'How do I renew a microcredential?' });
  });

  test('a computed answer: facts as a bullet list with bold labels, notes in italics, headline once', () => {
    const text = only(computedReply).text!;
    expect(text.split(computedReply.text).length - 1).toBe(1);
    expect(text).toContain('- **Retake from:** December 3, 2026 (in 4 days)');
    expect(text).toContain('_No year was given, so 2026 was assumed._');
    const html = webChatMarkdown().render(text);
    expect(html).toContain('<li><strong>Retake from:</strong> December 3, 2026 (in 4 days)</li>');
  });

  test('did-you-mean choices, fallback link, welcome examples', () => {
    expect(actionsOf(didYouMeanReply).map((x) => x.value)).toEqual(didYouMeanReply.choices!.map((c) => ({ action: 'ask', entryId: c.entryId })));
    expect(only(fallbackReply).text).toContain(`[${WORDING.fallbackLink}](${SUPPORT_URL})`);
    expect(actionsOf(fallbackReply)).toEqual([]);
    expect(actionsOf(welcomeReply).map((x) => x.value)).toEqual(welcomeReply.examples!.map((text) => ({ action: 'example', text })));
    expect(only(thanksReply).suggestedActions).toBeUndefined();
  });

  test('quoted user text: <, <at>, *, _, [ and ] are escaped and show literally', () => {
    const text = only(hostileReply).text!;
    expect(text).not.toMatch(/<at>/i);
    expect(text).toContain('<\u200bat>FAQ Bot<\u200b/at> \\*urgent\\* \\_now\\_ \\[click\\](https://evil.example.com) <\u200bb>x<\u200b/b>');
    expect(text).not.toMatch(/&(?:amp|lt|gt);/);
    const html = webChatMarkdown().render(text);
    // Ours: the bold title and fact label, the italic note. Nothing of the user's becomes markup.
    expect(html.match(/<strong>/g)).toHaveLength(2);
    expect(html.match(/<em>/g)).toHaveLength(1);
    expect(html).not.toMatch(/>click<\/a>|<h1>|<at>|<b>/);
    expect(html).toContain('*urgent* _now_ [click](');
    expect(html).toContain('&lt;\u200bat&gt;FAQ Bot&lt;\u200b/at&gt;');
    expect(html).toContain('# not a heading');
    expect(html).toContain('- not a list');
  });
});
