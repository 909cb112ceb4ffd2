import type { Activity } from 'botbuilder';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { loadKnowledge } from '../../knowledge/load';
import { AnswerPipeline, type DateRules } from '../../bot/pipeline';
import type { Reply, SubmitAction } from '../../bot/reply';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  ADAPTIVE_CARD_SCHEMA,
  CARD_WORDING,
  MAX_TOP_LEVEL_ACTIONS,
  cardSummary,
  firstSentence,
  isSimpleReply,
  renderCard,
  type AdaptiveCard,
  type CardButton,
  type CardElement,
  type CardFamily,
  type ColumnSet,
  type Container,
  type OpenUrlButton,
  type FactSet,
  type SubmitButton,
  type TextBlock,
} from '../../bot/render/card';
import { escapeCardText } from '../../bot/render/escape';
import { channelFamily, renderReply } from '../../bot/render/index';
import { AWS_WORDING as WORDING } from '../support/wording';
import { allStrings, rendererProblems, schemaProblems, webChatAdaptiveCards, webChatMarkdown } from './cardSchema';
import {
  ALL_REPLIES,
  FAQ_URL,
  HOSTILE,
  SUPPORT_URL,
  answerReply,
  askDateReply,
  computedNoDateReply,
  computedReply,
  didYouMeanReply,
  fallbackReply,
  greetingReply,
  hostileReply,
  noticeReply,
  thanksReply,
  welcomeReply,
} from './fixtures';

/** The notification summary: Teams carries it in `text`, Web Chat in `summary`. */
/** The notification summary: `summary` in Teams and Web Chat (never `text` beside a card). */
const summaryOf = (a: Partial<Activity>): string => a.summary ?? '';

const FAMILIES: readonly CardFamily[] = ['teams', 'webchat'];

function only(activities: Array<Partial<Activity>>): Partial<Activity> {
  expect(activities).toHaveLength(1);
  const [a] = activities;
  expect(a!.type).toBe('message');
  return a!;
}

function cardOf(activity: Partial<Activity>): AdaptiveCard {
  expect(activity.attachments).toHaveLength(1);
  const att = activity.attachments![0]!;
  expect(att.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
  return att.content as AdaptiveCard;
}

function render(reply: Reply, family: CardFamily): { activity: Partial<Activity>; card: AdaptiveCard } {
  const activity = only(renderCard(reply, family));
  return { activity, card: cardOf(activity) };
}

/** All elements of the body, columns and nested items included, in document order. */
function elements(card: AdaptiveCard): CardElement[] {
  const out: CardElement[] = [];
  const walk = (els: readonly CardElement[]): void => {
    for (const e of els) {
      out.push(e);
      if (e.type === 'ColumnSet') for (const c of e.columns) walk(c.items);
      if (e.type === 'Container') walk(e.items);
    }
  };
  walk(card.body);
  return out;
}

const textBlocks = (card: AdaptiveCard): TextBlock[] => elements(card).filter((e): e is TextBlock => e.type === 'TextBlock');
const factSets = (card: AdaptiveCard): FactSet[] => elements(card).filter((e): e is FactSet => e.type === 'FactSet');
/** Buttons in the body: ActionSets' actions and clickable rows' selectActions, in document order. */
const bodyButtons = (card: AdaptiveCard): CardButton[] =>
  elements(card).flatMap((e): CardButton[] => (e.type === 'ActionSet' ? [...e.actions] : e.type === 'Container' && e.selectAction ? [e.selectAction] : []));
const links = (card: AdaptiveCard): OpenUrlButton[] => bodyButtons(card).filter((b): b is OpenUrlButton => b.type === 'Action.OpenUrl');
const rows = (card: AdaptiveCard): Container[] => card.body.filter((e): e is Container => e.type === 'Container' && e.selectAction !== undefined);
const submits = (buttons: readonly CardButton[]): SubmitButton[] => buttons.filter((b): b is SubmitButton => b.type === 'Action.Submit');
/** The SubmitAction part of a button's data (without Teams' msteams instructions). */
const actionOf = (b: SubmitButton): SubmitAction => {
  const { msteams: _ignored, ...rest } = b.data;
  return rest as SubmitAction;
};

describe('the card validators are not vacuous', () => {
  const good = { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body: [{ type: 'TextBlock', text: 'hi', wrap: true }] };

  test('a minimal good card passes both', () => {
    expect(schemaProblems(good)).toEqual([]);
    expect(rendererProblems(good)).toEqual([]);
  });

  test("Web Chat's renderer library supports card version 1.5", () => {
    const { major, minor } = webChatAdaptiveCards.lib.Versions.latest;
    expect(major * 100 + minor).toBeGreaterThanOrEqual(105);
    expect(Number(webChatAdaptiveCards.version.split('.')[0])).toBeGreaterThanOrEqual(3);
  });

  test.each<[string, unknown]>([
    ['a misspelled property', { ...good, body: [{ type: 'TextBlock', text: 'hi', wrapp: true }] }],
    ['a bad enum value', { ...good, body: [{ type: 'TextBlock', text: 'hi', size: 'Huge' }] }],
    ['an unknown element', { ...good, body: [{ type: 'Carousel', text: 'hi' }] }],
    ['an OpenUrl without url', { ...good, actions: [{ type: 'Action.OpenUrl', title: 'Source' }] }],
    ['a version past 1.5', { ...good, version: '1.6' }],
    ['a Submit without data', { ...good, actions: [{ type: 'Action.Submit', title: 'Go' }] }],
  ])('the subset schema rejects %s', (_name, card) => {
    expect(schemaProblems(card).length).toBeGreaterThan(0);
  });

  test.each<[string, unknown]>([
    ['a bad enum value', { ...good, body: [{ type: 'TextBlock', text: 'hi', size: 'Huge' }] }],
    ['an unknown element', { ...good, body: [{ type: 'Carousel', text: 'hi' }] }],
    ['an OpenUrl without url', { ...good, actions: [{ type: 'Action.OpenUrl', title: 'Source' }] }],
    ['an unsupported version', { ...good, version: '9.0' }],
    ["more top-level actions than Teams shows", { ...good, actions: Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Submit', title: `B${i}`, data: {} })) }],
  ])("Web Chat's renderer reports %s", (_name, card) => {
    expect(rendererProblems(card).length).toBeGreaterThan(0);
  });
});

describe.each(FAMILIES)('every card for %s', (family) => {
  const cards = ALL_REPLIES.filter(([, r]) => !isSimpleReply(r));

  test.each(cards)('%s: validates against the 1.5 schema and in Web Chat\'s renderer', (_name, reply) => {
    const { card } = render(reply, family);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(card.$schema).toBe(ADAPTIVE_CARD_SCHEMA);
    expect(schemaProblems(card)).toEqual([]);
    expect(rendererProblems(card)).toEqual([]);
    expect((card.actions ?? []).length).toBeLessThanOrEqual(MAX_TOP_LEVEL_ACTIONS);
  });

  test.each(cards)('%s: every submit posts data the bot handles as an action', (_name, reply) => {
    const { card } = render(reply, family);
    const all = submits([...(card.actions ?? []), ...bodyButtons(card)]);
    const offers = (reply.followUps?.length ?? 0) + (reply.choices?.length ?? 0) + (reply.examples?.length ?? 0);
    expect(all.length).toBe(offers + (reply.feedbackFor ? 2 : 0));
    for (const b of all) {
      const a = actionOf(b);
      if (a.action === 'ask') expect(Object.keys(a).sort()).toEqual(['action', 'entryId']);
      else if (a.action === 'feedback') expect(Object.keys(a).sort()).toEqual(['action', 'entryId', 'helpful']);
      else expect(a).toEqual({ action: 'example', text: expect.any(String) });
    }
  });

  test.each(cards)('%s: a short plain summary, and no text beside the card (Teams would show the heading twice)', (_name, reply) => {
    const { activity } = render(reply, family);
    const summary = summaryOf(activity);
    expect(summary).toBeTruthy();
    expect(summary.length).toBeLessThanOrEqual(210);
    expect(summary).not.toContain('\n');
    expect(summary).not.toMatch(/&(?:amp|lt|gt|quot|#\d+);/);
    if (activity.attachments?.length) expect(activity.text).toBeUndefined();
  });
});

describe('an FAQ answer', () => {
  test.each(FAMILIES)('%s: title, paragraphs, source, follow-ups, feedback', (family) => {
    const { activity, card } = render(answerReply, family);
    const [title, p1, p2] = card.body as TextBlock[];
    expect(title).toMatchObject({ type: 'TextBlock', text: 'How long is a microcredential valid?', weight: 'Bolder', wrap: true });
    expect(p1).toMatchObject({ type: 'TextBlock', text: 'A microcredential stays valid for 12 months from the day you pass it.', wrap: true });
    expect(p2).toMatchObject({ type: 'TextBlock', text: 'You can renew it once 9 months have gone by.', wrap: true });

    // The source right under the answer, before the related questions.
    expect(links(card)).toEqual([{ type: 'Action.OpenUrl', title: 'Source: AWS Certification FAQ', url: FAQ_URL }]);
    const sourceAt = card.body.findIndex((e) => e.type === 'ActionSet');
    expect(sourceAt).toBe(3);
    expect(card.actions).toBeUndefined();

    // "Related questions", then one clickable row per follow-up, in order: wrapped text, an ask submit.
    const heading = textBlocks(card).find((t) => t.text === CARD_WORDING.relatedQuestions)!;
    expect(heading).toMatchObject({ weight: 'Bolder', separator: true });
    expect(card.body.indexOf(heading)).toBeGreaterThan(sourceAt);
    const questionRows = rows(card);
    expect(questionRows.map((r) => card.body.indexOf(r))).toEqual([5, 6, 7]);
    expect(card.body.indexOf(heading)).toBe(4);
    expect(questionRows.map((r) => r.items)).toEqual(answerReply.followUps!.map((o) => [{ type: 'TextBlock', text: o.question, wrap: true, color: 'Accent' }]));
    const asks = questionRows.map((r) => r.selectAction!);
    expect(asks.map((b) => [b.type, b.title])).toEqual(answerReply.followUps!.map((o) => ['Action.Submit', o.question]));
    expect(asks.map(actionOf)).toEqual(answerReply.followUps!.map((o) => ({ action: 'ask', entryId: o.entryId })));

    // The feedback row: a ColumnSet with the question and a Yes / No pair side by side.
    const row = card.body.find((e): e is ColumnSet => e.type === 'ColumnSet')!;
    expect(row.separator).toBe(true);
    expect(allStrings(row.columns[0])).toContain(WORDING.helpfulQuestion);
    const pair = submits(bodyButtons({ ...card, body: [row] }));
    expect(pair.map((b) => [b.title, b.data])).toEqual([
      ['Yes', { action: 'feedback', entryId: 'microcredential-validity', helpful: true }],
      ['No', { action: 'feedback', entryId: 'microcredential-validity', helpful: false }],
    ]);
    expect(card.body[card.body.length - 1]).toBe(row);

    expect(summaryOf(activity)).toBe('How long is a microcredential valid?');
  });

  test('Teams: question buttons are messageBack submits that show the question as the user\'s message', () => {
    const { card, activity } = render(answerReply, 'teams');
    const asks = rows(card).map((r) => r.selectAction!);
    expect(asks[0]!.data).toEqual({
      action: 'ask',
      entryId: 'microcredential-renewal',
      msteams: { type: 'messageBack', displayText: 'How do I renew a microcredential?', text: 'How do I renew a microcredential?', value: { action: 'ask', entryId: 'microcredential-renewal' } },
    });
    for (const b of asks) expect(b.data.msteams).toEqual({ type: 'messageBack', displayText: b.title, text: b.title, value: actionOf(b) });
    // Feedback stays silent: no text is posted into the chat.
    for (const b of submits(bodyButtons(card)).filter((x) => actionOf(x).action === 'feedback')) expect(b.data.msteams).toBeUndefined();
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(activity.suggestedActions).toBeUndefined();
  });

  test('Web Chat: plain submit data; the follow-ups once, in the card (no suggested actions repeating them)', () => {
    const { card, activity } = render(answerReply, 'webchat');
    for (const b of submits(bodyButtons(card))) expect(b.data.msteams).toBeUndefined();
    expect(card.msteams).toBeUndefined();
    expect(rows(card).map((r) => actionOf(r.selectAction!))).toEqual(answerReply.followUps!.map((o) => ({ action: 'ask', entryId: o.entryId })));
    expect(activity.suggestedActions).toBeUndefined();
  });

  test('feedback buttons carry the reply id, so a second vote on the same answer is recognised', () => {
    const { card } = render({ ...answerReply, replyId: 'r-1' }, 'webchat');
    expect(submits(bodyButtons(card)).map(actionOf).filter((a) => a.action === 'feedback')).toEqual([
      { action: 'feedback', entryId: answerReply.feedbackFor, helpful: true, replyId: 'r-1' },
      { action: 'feedback', entryId: answerReply.feedbackFor, helpful: false, replyId: 'r-1' },
    ]);
  });

  test("a reply's own buttons (Reply.actions) come after the follow-ups, before the feedback", () => {
    const reply: Reply = { ...answerReply, actions: [{ label: 'Example action', action: { action: 'example', text: 'x' } }] };
    const { card } = render(reply, 'teams');
    const actions = submits(bodyButtons(card)).map(actionOf);
    const at = actions.findIndex((a) => a.action === 'example');
    expect(at).toBeGreaterThan(actions.findIndex((a) => a.action === 'ask'));
    expect(at).toBeLessThan(actions.findIndex((a) => a.action === 'feedback'));
  });
});

describe('a computed date answer', () => {
  test.each(FAMILIES)('%s: headline once, facts in a FactSet, notes small and subtle', (family) => {
    const { card } = render(computedReply, family);
    const headline = computedReply.title!;
    expect(textBlocks(card).filter((t) => t.text === escapeCardText(headline))).toHaveLength(1);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', weight: 'Bolder', wrap: true });

    const [facts] = factSets(card);
    expect(factSets(card)).toHaveLength(1);
    expect(facts!.facts).toEqual([
      { title: 'Failed attempt', value: 'November 8, 2026' },
      { title: 'Rule', value: 'Wait 25 days after a failed attempt' },
      { title: 'Retake from', value: 'December 3, 2026 (in 4 days)' },
      { title: 'Today', value: 'November 29, 2026' },
    ]);
    const note = textBlocks(card).find((t) => t.text === 'No year was given, so 2026 was assumed.');
    expect(note).toMatchObject({ size: 'Small', isSubtle: true, wrap: true });
    expect(links(card)).toEqual([{ type: 'Action.OpenUrl', title: 'Source: AWS Certification FAQ', url: FAQ_URL }]);
    expect(submits(bodyButtons(card)).map(actionOf)).toContainEqual({ action: 'feedback', entryId: 'microcredential-retake-wait', helpful: false });
    // The order of the body: headline, facts, note, source, related questions, feedback.
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'FactSet', 'TextBlock', 'ActionSet', 'TextBlock', 'Container', 'ColumnSet']);
  });

  test('the summary carries the key date', () => {
    expect(cardSummary(computedReply)).toBe('You can retake your microcredential from December 3, 2026 (in 4 days).');
    // Not in the headline: the result fact (the one after the rule) is added.
    expect(cardSummary(computedNoDateReply)).toBe(
      'You will be able to retake your microcredential soon. Retake from: December 3, 2026 (in 4 days).',
    );
    expect(only(renderCard(computedNoDateReply, 'teams')).summary).toContain('December 3, 2026');
  });
});

describe('did-you-mean, fallback, welcome, greeting', () => {
  test.each(FAMILIES)('%s: did-you-mean choices are ask submits, in order', (family) => {
    const { card, activity } = render(didYouMeanReply, family);
    expect(textBlocks(card)[0]!.text).toBe(escapeCardText(WORDING.didYouMean));
    const asks = submits(bodyButtons(card));
    expect(asks.map(actionOf)).toEqual(didYouMeanReply.choices!.map((c) => ({ action: 'ask', entryId: c.entryId })));
    expect(asks.map((b) => b.title)).toEqual(didYouMeanReply.choices!.map((c) => c.question));
    if (family === 'teams') expect(asks.every((b) => b.data.msteams?.type === 'messageBack')).toBe(true);
    else expect(asks.map((b) => b.data)).toEqual(didYouMeanReply.choices!.map((c) => ({ action: 'ask', entryId: c.entryId })));
    expect(activity.suggestedActions).toBeUndefined();
    expect(textBlocks(card).map((t) => t.text)).not.toContain(CARD_WORDING.relatedQuestions);
    expect(summaryOf(activity)).toBe('I found a few answers that might fit.');
  });

  test.each(FAMILIES)('%s: fallback offers the customer-service link and no feedback', (family) => {
    const { card } = render(fallbackReply, family);
    expect(bodyButtons(card)).toEqual([{ type: 'Action.OpenUrl', title: WORDING.fallbackLink, url: SUPPORT_URL }]);
    expect(card.actions).toBeUndefined();
  });

  test.each(FAMILIES)('%s: welcome examples listed once, as example submits (not also as a bullet list)', (family) => {
    const { card } = render(welcomeReply, family);
    const examples = welcomeReply.examples!;
    for (const e of examples) expect(textBlocks(card).filter((t) => t.text.includes(e))).toEqual([]);
    expect((card.actions ?? []).map((a) => a.title)).toEqual([...examples]);
    const buttons = submits(card.actions ?? []);
    expect(buttons.map(actionOf)).toEqual(examples.map((text) => ({ action: 'example', text })));
    if (family === 'teams') expect(buttons[0]!.data.msteams).toEqual({ type: 'messageBack', displayText: examples[0], text: examples[0], value: { action: 'example', text: examples[0] } });
  });

  test('a greeting with examples is a card; thanks, notices and date questions are plain text', () => {
    expect(isSimpleReply(greetingReply)).toBe(false);
    for (const family of FAMILIES) {
      expect(cardOf(only(renderCard(greetingReply, family)))).toBeTruthy();
      for (const r of [thanksReply, noticeReply, askDateReply]) {
        const a = only(renderCard(r, family));
        expect(a.attachments).toBeUndefined();
        expect(a.textFormat).toBe('markdown');
        expect(a.text).toContain(r.text.split('\n')[0]);
      }
    }
    const ask = only(renderCard(askDateReply, 'teams')).text!;
    expect(ask).toContain('To work out your own date: When did you fail it?');
    expect(ask).toContain(`[AWS Certification FAQ](${FAQ_URL})`);
  });
});

describe('limits and summaries', () => {
  test("never more than Teams' 6 actions in a bar; the source comes first; no follow-up is lost", () => {
    const many: Reply = {
      ...welcomeReply,
      examples: Array.from({ length: 9 }, (_, i) => `Example question ${i}?`),
      source: { label: 'FAQ', url: FAQ_URL },
      links: Array.from({ length: 8 }, (_, i) => ({ label: `Link ${i + 1}`, url: `https://aws.amazon.com/certification/${i}` })),
      followUps: Array.from({ length: 9 }, (_, i) => ({ entryId: `entry-${i}`, question: `Question ${i}?` })),
    };
    for (const family of FAMILIES) {
      const { card } = render(many, family);
      expect(card.actions).toHaveLength(MAX_TOP_LEVEL_ACTIONS);
      expect(submits(card.actions!).map(actionOf)[0]).toEqual({ action: 'example', text: 'Example question 0?' });
      expect(links(card)).toHaveLength(MAX_TOP_LEVEL_ACTIONS);
      expect(links(card)[0]).toMatchObject({ url: FAQ_URL });
      // Follow-ups are rows in the body, so none is lost to the limit.
      expect(rows(card)).toHaveLength(9);
      expect(schemaProblems(card)).toEqual([]);
      expect(rendererProblems(card)).toEqual([]);
    }
  });

  test('first sentences and long summaries', () => {
    expect(firstSentence(WORDING.fallback)).toBe("Sorry, I couldn't find an answer to that in the AWS Certification FAQ.");
    // "Hello!" alone is too short to stand for the message.
    expect(firstSentence(WORDING.greeting)).toBe('Hello! Ask me anything about AWS Certification exams or microcredentials.');
    expect(firstSentence('No full stop here')).toBe('No full stop here');
    expect(firstSentence('Read e.g. the policy page first. It applies.')).toBe('Read e.g. the policy page first.');
    const long: Reply = { kind: 'fallback', text: `${'word '.repeat(80)}end.` };
    const s = cardSummary(long);
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s.endsWith('…')).toBe(true);
  });

  test('the answer text is always in the activity', () => {
    for (const [name, reply] of ALL_REPLIES) {
      if (reply === hostileReply) continue;
      for (const family of FAMILIES) {
        const seen = allStrings(renderCard(reply, family)).join('\n');
        for (const line of reply.text.split('\n').filter((l) => l.trim())) {
          expect({ name, family, found: seen.includes(line.trim()) }).toEqual({ name, family, found: true });
        }
      }
    }
  });
});

describe('escaping of quoted user text in cards', () => {
  // A character with meaning that is not preceded by a backslash escape.
  const UNESCAPED_MARKUP = /(?<!\\)[*_[\]]/;
  const TAG = /<(?=[a-z/!?])/i;

  test('escapeCardText neutralises markdown and tags, keeps URLs', () => {
    expect(escapeCardText(HOSTILE)).toBe(
      '<\u200bat>FAQ Bot<\u200b/at> \\*urgent\\* \\_now\\_ \\[click\\](https://evil.example.com) <\u200bb>x<\u200b/b>',
    );
  });

  test.each(FAMILIES)('%s: no markup or tag of the user survives in any card text', (family) => {
    const { card, activity } = render(hostileReply, family);
    const texts = [...textBlocks(card).map((t) => t.text), ...factSets(card).flatMap((f) => f.facts.flatMap((x) => [x.title, x.value]))];
    const quoting = texts.filter((t) => t.includes('FAQ Bot'));
    expect(quoting.length).toBe(4); // title, paragraph, fact, note
    for (const t of quoting) {
      expect(t.replace(/https:\/\/\S+?(?=\))/g, '')).not.toMatch(UNESCAPED_MARKUP);
      expect(t).not.toMatch(TAG);
    }
    expect(textBlocks(card).map((t) => t.text)).toEqual(expect.arrayContaining(['\\# not a heading', '\\- not a list']));
    // Nothing anywhere in the activity is a Teams mention.
    expect(allStrings(activity).join(' ')).not.toMatch(/<at>/i);
    expect(summaryOf(activity)).toContain('<\u200bat>');
  });

  test('rendered as Web Chat renders markdown, the user words show literally', () => {
    const md = webChatMarkdown();
    const { card } = render(hostileReply, 'webchat');
    const html = textBlocks(card)
      .map((t) => md.render(t.text))
      .join('\n');
    expect(html).not.toMatch(/<(em|strong|h1|ul|li)>/);
    expect(html).not.toMatch(/>click<\/a>/);
    expect(html).toContain('*urgent*');
    expect(html).toContain('_now_');
    expect(html).toContain('[click]');
    expect(html).toContain('# not a heading');
    expect(html).not.toMatch(/<at>|<b>/);
  });

  test('button titles are plain text (not markdown): no backslashes added', () => {
    const reply: Reply = { ...answerReply, followUps: [{ entryId: 'x-y', question: 'What is *new* on the exam_guide?' }] };
    const { card } = render(reply, 'teams');
    const [row] = rows(card);
    expect(row!.selectAction!.title).toBe('What is *new* on the exam_guide?');
    expect(row!.selectAction!.data.msteams?.displayText).toBe('What is *new* on the exam_guide?');
    // The row's text is markdown, so it is escaped.
    expect(row!.items).toEqual([{ type: 'TextBlock', text: 'What is \\*new\\* on the exam\\_guide?', wrap: true, color: 'Accent' }]);
  });
});

describe('routing and a real pipeline answer', () => {
  const index = new KnowledgeIndex(loadPack());
  const rules: DateRules = {
    isPersonal: () => false,
    detectRule: () => undefined,
    decisiveRule: () => undefined,
    answer: () => {
      throw new Error('unused');
    },
    isCancel: () => false,
    isYes: () => false,
    isNo: () => false,
    isCorrection: () => false,
    namesSubject: () => false,
    mentionsDate: () => false,
    correctedRule: (previous) => previous,
  };
  const pipeline = new AnswerPipeline(() => index, rules, { supportUrl: SUPPORT_URL, maxTextLength: 500 });
  const clock = { now: new Date('2026-11-29T10:00:00Z'), timeZone: 'UTC', locale: 'en-US' };

  test('channel families route to the right renderer', () => {
    expect(channelFamily('msteams')).toBe('teams');
    expect(channelFamily('directline')).toBe('webchat');
    expect(cardOf(only(renderReply(answerReply, 'msteams')))).toBeTruthy();
    expect(cardOf(only(renderReply(answerReply, 'webchat')))).toBeTruthy();
    expect(cardOf(only(renderReply(answerReply, 'directline')))).toBeTruthy();
    expect(only(renderReply(answerReply, 'slack')).attachments).toBeUndefined();
    expect(only(renderReply(answerReply, 'emulator')).attachments).toBeUndefined();
  });

  test.each(FAMILIES)('%s: "How long is a microcredential valid?" from the knowledge base', (family) => {
    const outcome = pipeline.answer('How long is a microcredential valid?', clock);
    expect(outcome.decision).toBe('answer');
    const entry = index.entry(outcome.reply.entryId!)!;
    expect(entry.id).toBe('microcredential-validity');
    const { activity, card } = render(outcome.reply, family);
    expect(schemaProblems(card)).toEqual([]);
    expect(rendererProblems(card)).toEqual([]);
    expect(allStrings(card).join(' ')).toContain('12 months');
    expect(links(card)[0]).toMatchObject({ type: 'Action.OpenUrl', url: entry.source });
    const asks = rows(card).map((r) => r.selectAction!);
    expect(asks.map((b) => actionOf(b))).toEqual((entry.related ?? []).slice(0, 3).map((id) => ({ action: 'ask', entryId: id })));
    expect(asks.map((b) => b.title)).toEqual((entry.related ?? []).slice(0, 3).map((id) => index.entry(id)!.question));
    expect(submits(bodyButtons(card)).map(actionOf)).toContainEqual({ action: 'feedback', entryId: entry.id, helpful: true });
    expect(summaryOf(activity)).toBe(entry.question);
  });

  test('every knowledge entry renders a valid card (follow-up answers)', () => {
    for (const e of index.entries) {
      const outcome = pipeline.answerEntry(e.id)!;
      for (const family of FAMILIES) {
        const { card } = render(outcome.reply, family);
        expect({ id: e.id, family, problems: [...schemaProblems(card), ...rendererProblems(card)] }).toEqual({ id: e.id, family, problems: [] });
      }
    }
  });
});
