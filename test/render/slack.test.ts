/**
 * The Slack renderer on the exact payload: Slack's message JSON (Block Kit) in channelData, the plain
 * fallback in the activity's text, escaping per Slack's rules (&, <, > only; no other entity).
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import type { Activity } from 'botbuilder';
import type { Reply } from '../../bot/reply';
import { renderSlack, slackMessage, slackOffers, SLACK_LIMITS, type SlackMessage } from '../../bot/render/slack';
import { CHANNEL_WORDING } from '../../bot/render/wording';
import { slackSubmit } from '../../bot/slackInbound';
import { AWS_WORDING as WORDING } from '../support/wording';
import {
  ALL_REPLIES,
  FAQ_URL,
  HOSTILE,
  SUPPORT_URL,
  answerReply,
  computedReply,
  didYouMeanReply,
  fallbackReply,
  hostileReply,
  welcomeReply,
} from './fixtures';

function only(reply: Reply): Partial<Activity> & { channelData: SlackMessage } {
  const activities = renderSlack(reply);
  expect(activities).toHaveLength(1);
  const [a] = activities;
  expect(a!.type).toBe('message');
  return a as Partial<Activity> & { channelData: SlackMessage };
}

const sections = (m: SlackMessage): SectionBlock[] => m.blocks.filter((b): b is SectionBlock => b.type === 'section');
const contexts = (m: SlackMessage): ContextBlock[] => m.blocks.filter((b): b is ContextBlock => b.type === 'context');
const actionBlocks = (m: SlackMessage): ActionsBlock[] => m.blocks.filter((b): b is ActionsBlock => b.type === 'actions');
const buttons = (m: SlackMessage): Button[] => actionBlocks(m).flatMap((b) => b.elements as Button[]);
const sectionTexts = (m: SlackMessage): string[] => sections(m).flatMap((s) => (s.text ? [s.text.text] : []));
const contextTexts = (m: SlackMessage): string[] => contexts(m).flatMap((c) => (c.elements as MrkdwnElement[]).map((e) => e.text));

/** Every mrkdwn / plain_text string of a message. */
function allTexts(m: SlackMessage): string[] {
  const out: string[] = [m.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(m.blocks);
  return out;
}

/** Slack mrkdwn link: <https://url|label>, the URL without spaces, '|' or angle brackets. */
const LINK = /^<https:\/\/[^\s|<>]+\|[^|<>]+>$/;
/** Any HTML entity but the three Slack uses. */
const OTHER_ENTITY = /&(?!amp;|lt;|gt;)[#A-Za-z0-9]+;/;

describe.each(ALL_REPLIES)('Slack: %s', (_name, reply) => {
  test('Block Kit in channelData, a plain fallback in text, no Adaptive Card, within Slack limits', () => {
    const a = only(reply);
    expect(a.attachments).toBeUndefined();
    expect(JSON.stringify(a)).not.toMatch(/adaptive/i);
    expect(a.textFormat).toBe('plain');
    expect(a.text!.length).toBeGreaterThan(0);
    expect(a.channelData.text.length).toBeGreaterThan(0);
    expect(a.channelData.blocks.length).toBeGreaterThan(0);
    expect(a.channelData.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const b of a.channelData.blocks) expect(['section', 'context', 'actions']).toContain(b.type);
    for (const s of sectionTexts(a.channelData)) expect(s.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    for (const b of buttons(a.channelData)) {
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      expect(b.value!.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    }
    // action_id is unique within a message (Slack rejects duplicates).
    const ids = buttons(a.channelData).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('plain text has no markup and no entity; mrkdwn has only Slack\'s three, never doubled', () => {
    const a = only(reply);
    expect(a.text).not.toMatch(/&(?:amp|lt|gt|quot|nbsp|#\d+);/);
    expect(a.text).not.toContain('\u200b');
    for (const t of allTexts(a.channelData)) {
      expect(t).not.toMatch(OTHER_ENTITY);
      expect(t).not.toContain('&amp;amp;');
      // Every <...> is one of our links; no stray angle bracket (user text is entity-escaped).
      for (const m of t.match(/<[^<>]*>/g) ?? []) expect(m).toMatch(LINK);
      expect(t.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
      expect(t).not.toContain('**');
    }
  });
});

describe('Slack rendering', () => {
  test('an FAQ answer: exact blocks (bold title, paragraphs, source, numbered follow-ups with buttons, feedback)', () => {
    const m = slackMessage({ ...answerReply, replyId: 'r-1' });
    expect(m.text).toBe('How long is a microcredential valid?');
    expect(m.blocks).toEqual<KnownBlock[]>([
      { type: 'section', text: { type: 'mrkdwn', text: '*How long is a microcredential valid?*' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'A microcredential stays valid for 12 months from the day you pass it.' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'You can renew it once 9 months have gone by.' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${WORDING.sourceLabel}: <${FAQ_URL}|AWS Certification FAQ>` }] },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            `*${CHANNEL_WORDING.slackRelatedNumbered}*`,
            '1. How do I renew a microcredential?',
            '2. Where do I find my microcredential badge?',
            '3. How long must I wait to retake a microcredential after failing it?',
          ].join('\n'),
        },
      },
      {
        type: 'actions',
        block_id: 'offers',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: '1. How do I renew a microcred…', emoji: false },
            accessibility_label: '1. How do I renew a microcredential?',
            value: '{"action":"ask","entryId":"microcredential-renewal"}',
            action_id: 'ask-1',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: '2. Where do I find my microcr…', emoji: false },
            accessibility_label: '2. Where do I find my microcredential badge?',
            value: '{"action":"ask","entryId":"microcredential-badge"}',
            action_id: 'ask-2',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: '3. How long must I wait to re…', emoji: false },
            accessibility_label: '3. How long must I wait to retake a microcredential after failing it?',
            value: '{"action":"ask","entryId":"microcredential-retake-wait"}',
            action_id: 'ask-3',
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${WORDING.helpfulQuestion} Reply "helpful" or "not helpful".` }] },
      {
        type: 'actions',
        block_id: 'feedback',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Helpful', emoji: false },
            accessibility_label: 'Helpful',
            value: '{"action":"feedback","entryId":"microcredential-validity","helpful":true,"replyId":"r-1"}',
            action_id: 'feedback-yes',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Not helpful', emoji: false },
            accessibility_label: 'Not helpful',
            value: '{"action":"feedback","entryId":"microcredential-validity","helpful":false,"replyId":"r-1"}',
            action_id: 'feedback-no',
          },
        ],
      },
    ]);
    // The numbers answer in the order the bot remembers (bot/faqBot.ts uses slackOffers).
    expect(slackOffers(answerReply).map((o) => o.entryId)).toEqual(answerReply.followUps!.map((o) => o.entryId));
  });

  test('the plain fallback: no mrkdwn, no entities; the numbered list and the feedback words', () => {
    const text = only(answerReply).text!;
    expect(text.split('\n')).toEqual([
      'How long is a microcredential valid?',
      '',
      'A microcredential stays valid for 12 months from the day you pass it.',
      '',
      'You can renew it once 9 months have gone by.',
      `${WORDING.sourceLabel}: AWS Certification FAQ (${FAQ_URL})`,
      '',
      CHANNEL_WORDING.slackRelatedNumbered,
      '1. How do I renew a microcredential?',
      '2. Where do I find my microcredential badge?',
      '3. How long must I wait to retake a microcredential after failing it?',
      '',
      `${WORDING.helpfulQuestion} Reply "helpful" or "not helpful".`,
    ]);
  });

  test('a computed answer: headline once, facts as fields with bold labels, notes in the context block', () => {
    const m = slackMessage(computedReply);
    expect(allTexts(m).filter((t) => t.includes(computedReply.text))).toHaveLength(2); // the headline and the notification
    expect(m.text).toBe(computedReply.text);
    const fields = sections(m).flatMap((s) => s.fields ?? []);
    expect(fields.map((f) => f.text)).toEqual([
      '*Failed attempt*\nNovember 8, 2026',
      '*Rule*\nWait 25 days after a failed attempt',
      '*Retake from*\nDecember 3, 2026 (in 4 days)',
      '*Today*\nNovember 29, 2026',
    ]);
    expect(contextTexts(m).slice(0, 2)).toEqual(['No year was given, so 2026 was assumed.', `${WORDING.sourceLabel}: <${FAQ_URL}|AWS Certification FAQ>`]);
  });

  test('did-you-mean: choices numbered in order, one button each', () => {
    const m = slackMessage(didYouMeanReply);
    expect(sectionTexts(m)).toContain([`*${CHANNEL_WORDING.slackPickNumber}*`, ...didYouMeanReply.choices!.map((c, i) => `${i + 1}. ${c.question}`)].join('\n'));
    expect(buttons(m).map((b) => JSON.parse(b.value!) as unknown)).toEqual(didYouMeanReply.choices!.map((c) => ({ action: 'ask', entryId: c.entryId })));
    expect(slackOffers(didYouMeanReply).map((o) => o.entryId)).toEqual(didYouMeanReply.choices!.map((c) => c.entryId));
  });

  test('fallback: the customer-service link; welcome: examples as bullets; & is written &amp; once', () => {
    const fb = slackMessage(fallbackReply);
    expect(contextTexts(fb)).toContain(`<${SUPPORT_URL}|${WORDING.fallbackLink}>`);
    expect(sectionTexts(fb)[0]).toContain('AWS Training &amp; Certification');
    expect(only(fallbackReply).text).toContain('AWS Training & Certification');
    const welcome = slackMessage(welcomeReply);
    expect(sectionTexts(welcome)[0]).toBe(`*${WORDING.welcomeTitle}*`);
    expect(sectionTexts(welcome)).toContain(welcomeReply.examples!.map((e) => `• ${e}`).join('\n'));
  });

  test('at most 5 numbered offers', () => {
    const many: Reply = { ...answerReply, followUps: Array.from({ length: 8 }, (_, i) => ({ entryId: `e-${i}`, question: `Question ${i}?` })) };
    const m = slackMessage(many);
    expect(buttons(m).filter((b) => b.action_id!.startsWith('ask-')).map((b) => b.text.text)).toEqual(['1. Question 0?', '2. Question 1?', '3. Question 2?', '4. Question 3?', '5. Question 4?']);
  });

  test("a reply's own buttons (Reply.actions) get an actions block of their own, before the feedback", () => {
    const m = slackMessage({ ...answerReply, actions: [{ label: 'Example action', action: { action: 'example', text: 'x' } }] });
    const ids = actionBlocks(m).map((b) => b.block_id);
    expect(ids).toEqual(['offers', 'actions', 'feedback']);
    expect(actionBlocks(m)[1]!.elements).toEqual([expect.objectContaining({ value: '{"action":"example","text":"x"}', action_id: 'action-1' })]);
  });

  test('link labels and URLs cannot break out of a link', () => {
    const reply: Reply = { kind: 'fallback', text: 'x', links: [{ label: 'A|B <c> *d*', url: 'https://aws.amazon.com/a|b>c' }] };
    const [link] = contextTexts(slackMessage(reply));
    expect(link).toMatch(LINK);
    expect(link).toBe('<https://aws.amazon.com/a%7Cb%3Ec|A¦B &lt;c&gt; *\u200bd*\u200b>');
  });

  test('quoted user text: &, <, > as Slack entities, *, _ broken up; [ ] cannot make a link', () => {
    const m = slackMessage(hostileReply);
    const all = allTexts(m).join('\n');
    expect(all).not.toMatch(/<at>/i);
    expect(all).toContain('&lt;at&gt;FAQ Bot&lt;/at&gt; *\u200burgent*\u200b _\u200bnow_\u200b [click](https://evil.example.com) &lt;b&gt;x&lt;/b&gt;');
    expect(all).not.toMatch(/<https:\/\/evil/);
    const title = sectionTexts(m)[0]!;
    expect(title.startsWith('*You asked: ')).toBe(true);
    expect(title.slice(1, -1)).not.toMatch(/[*_~`](?!\u200b)/);
    // The plain fallback quotes the words as they are.
    expect(only(hostileReply).text).toContain(HOSTILE);
  });

  test('every button value reads back as its SubmitAction, as the text or in channelData.Payload', () => {
    const m = slackMessage({ ...answerReply, replyId: 'r-9' });
    for (const b of buttons(m)) {
      const expected = JSON.parse(b.value!) as unknown;
      expect(slackSubmit({ text: b.value })).toEqual(expected);
      expect(slackSubmit({ text: '', channelData: { Payload: { type: 'block_actions', actions: [{ action_id: b.action_id, value: b.value }] } } })).toEqual(expected);
      expect(slackSubmit({ channelData: { payload: JSON.stringify({ type: 'block_actions', actions: [{ value: b.value }] }) } })).toEqual(expected);
    }
    // A typed message is not a click.
    expect(slackSubmit({ text: 'How long is a microcredential valid?' })).toBeUndefined();
    expect(slackSubmit({ text: '{"not":"ours"}' })).toBeUndefined();
    expect(slackSubmit({ text: '2', channelData: { Payload: { actions: [] } } })).toBeUndefined();
  });
});
