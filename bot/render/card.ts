/**
 * Renderer for Teams and Web Chat: one message activity holding an Adaptive Card (version 1.5).
 *   body:    title, answer paragraphs, computed facts (FactSet), notes (small, subtle),
 *            did-you-mean choices, the source and extra links (Action.OpenUrl), "Related
 *            questions" follow-ups, and a "Was this helpful?" row. A choice or follow-up is a row of
 *            wrapped text whose selectAction is an Action.Submit: buttons cut long questions short
 *            (Teams and Web Chat truncate button titles to one line);
 *   actions: example questions (Action.Submit; listed only there), never more than Teams' 6 top-level actions.
 * Every button posts a SubmitAction (bot/reply.ts) that bot/faqBot.ts handles by its data. In Teams the
 * question buttons are messageBack submits, so the user's choice shows in the chat. The activity's
 * `summary` is a short plain summary (Teams shows it in notifications); there is no `text` beside the card.
 * Simple replies (notices, date questions, chit-chat without examples) go out as markdown text instead.
 */
import type { Activity, Attachment } from 'botbuilder';
import { feedbackAction, type Offer, type Reply, type ReplyButton, type SubmitAction } from '../reply';
import { breakTags, escapeCardText } from './escape';
import { markdownBody, MAX_SUGGESTED_ACTIONS, quickReplyAction } from './markdown';
import { CHANNEL_WORDING, WORDING } from './wording';
import { datedCardElements, hasDatedActions } from './dated';

export type CardFamily = 'teams' | 'webchat';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams renders at most 6 actions in a card's top-level action bar. */
export const MAX_TOP_LEVEL_ACTIONS = 6;
/** Longest notification summary (characters) before it is cut with an ellipsis. */
export const MAX_SUMMARY_LENGTH = 200;

export const CARD_WORDING = {
  relatedQuestions: CHANNEL_WORDING.relatedQuestions,
  helpfulYes: CHANNEL_WORDING.helpfulYes,
  helpfulNo: CHANNEL_WORDING.helpfulNo,
} as const;

// ---- The part of the Adaptive Card 1.5 object model this renderer emits ----

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap?: boolean;
  readonly weight?: 'Lighter' | 'Default' | 'Bolder';
  readonly size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  readonly isSubtle?: boolean;
  readonly color?: 'Default' | 'Accent';
  readonly style?: 'default' | 'heading';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: ReadonlyArray<{ readonly title: string; readonly value: string }>;
  readonly spacing?: Spacing;
}

/** What a submit button posts back: a SubmitAction, plus Teams' messageBack instructions. */
export type SubmitData = SubmitAction & {
  readonly msteams?: { readonly type: 'messageBack'; readonly displayText: string; readonly text: string; readonly value: SubmitAction };
};

export interface SubmitButton {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: SubmitData;
}

export interface OpenUrlButton {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export type CardButton = SubmitButton | OpenUrlButton;

export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly CardButton[];
  readonly spacing?: Spacing;
}

/** A clickable row: its selectAction runs when the row is clicked or activated by keyboard. */
export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly selectAction?: SubmitButton;
  readonly spacing?: Spacing;
}

export interface Column {
  readonly type: 'Column';
  readonly width: 'auto' | 'stretch';
  readonly verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
  readonly items: readonly CardElement[];
}

export interface ColumnSet {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export type CardElement = TextBlock | FactSet | ActionSet | ColumnSet | Container;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: typeof ADAPTIVE_CARD_SCHEMA;
  readonly version: typeof ADAPTIVE_CARD_VERSION;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardButton[];
  /** Teams only: use the full width of the chat for long answers. */
  readonly msteams?: { readonly width: 'Full' };
}

// ---- Building blocks ----

const esc = escapeCardText;

/**
 * Button titles are plain text in Adaptive Cards (no markdown), so they are not markdown-escaped (a
 * backslash would show); whitespace is flattened to one line.
 */
function buttonTitle(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A question button (follow-up or did-you-mean choice): posts {action:'ask', entryId}. */
export function askButton(offer: Offer, family: CardFamily): SubmitButton {
  const ask: SubmitAction = { action: 'ask', entryId: offer.entryId };
  return { type: 'Action.Submit', title: buttonTitle(offer.question), data: withMessageBack(ask, offer.question, family) };
}

/** An example question button: posts {action:'example', text}. */
export function exampleButton(text: string, family: CardFamily): SubmitButton {
  const example: SubmitAction = { action: 'example', text };
  return { type: 'Action.Submit', title: buttonTitle(text), data: withMessageBack(example, text, family) };
}

/** The "Was this helpful?" pair: posts {action:'feedback', entryId, helpful, replyId}. */
export function feedbackButtons(reply: Pick<Reply, 'feedbackFor' | 'replyId'> & { feedbackFor: string }): [SubmitButton, SubmitButton] {
  const yes = feedbackAction(reply, true)!;
  const no = feedbackAction(reply, false)!;
  return [
    { type: 'Action.Submit', title: CARD_WORDING.helpfulYes, data: yes },
    { type: 'Action.Submit', title: CARD_WORDING.helpfulNo, data: no },
  ];
}

/** A reply's own button (Reply.actions): posts its SubmitAction. */
export function replyButton(button: ReplyButton): SubmitButton {
  return { type: 'Action.Submit', title: buttonTitle(button.label), data: button.action };
}

/** In Teams a messageBack submit also posts the words into the chat, as if the user had typed them. */
function withMessageBack(action: SubmitAction, words: string, family: CardFamily): SubmitData {
  // The action also travels as msteams.value: with messageBack, Teams sends that as activity.value.
  return family === 'teams' ? { ...action, msteams: { type: 'messageBack', displayText: words, text: words, value: action } } : action;
}

function openUrl(title: string, url: string): OpenUrlButton {
  return { type: 'Action.OpenUrl', title, url };
}

/** Paragraphs (blank-line separated) as TextBlocks; the lines of a paragraph stay on their own lines. */
function paragraphs(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const lines = para.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    lines.forEach((line, i) => {
      blocks.push({ type: 'TextBlock', text: esc(line), wrap: true, ...(i > 0 ? { spacing: 'None' as const } : {}) });
    });
  }
  return blocks;
}

/** One clickable row per question, its text wrapped: nothing of a long question is cut off. */
function questionRows(offers: readonly Offer[], family: CardFamily): Container[] {
  return offers.map((o) => ({
    type: 'Container',
    spacing: 'Small',
    selectAction: askButton(o, family),
    items: [{ type: 'TextBlock', text: esc(o.question), wrap: true, color: 'Accent' }],
  }));
}

function showsTitle(reply: Reply): reply is Reply & { title: string } {
  return reply.title !== undefined && reply.title.trim().length > 0;
}

// ---- The card ----

export function buildCard(reply: Reply, family: CardFamily): AdaptiveCard {
  const body: CardElement[] = [];
  if (showsTitle(reply)) {
    body.push({ type: 'TextBlock', text: esc(reply.title), wrap: true, weight: 'Bolder', size: 'Medium', style: 'heading' });
  }
  // A computed answer's headline is its title: not repeated.
  if (!showsTitle(reply) || reply.text.trim() !== reply.title.trim()) body.push(...paragraphs(reply.text));

  if (reply.facts?.length) {
    body.push({ type: 'FactSet', facts: reply.facts.map((f) => ({ title: esc(f.label), value: esc(f.value) })), spacing: 'Medium' });
  }
  for (const note of reply.notes ?? []) {
    body.push({ type: 'TextBlock', text: esc(note), wrap: true, size: 'Small', isSubtle: true, spacing: 'Small' });
  }
  // Example questions are listed once: as the buttons that ask them (card actions, below).
  body.push(...datedCardElements(reply, family));
  if (reply.choices?.length) body.push(...questionRows(reply.choices, family));

  const links: OpenUrlButton[] = [
    ...(reply.source ? [openUrl(buttonTitle(`${WORDING.sourceLabel}: ${reply.source.label}`), reply.source.url)] : []),
    ...(reply.links ?? []).map((l) => openUrl(buttonTitle(l.label), l.url)),
  ].slice(0, MAX_TOP_LEVEL_ACTIONS);
  if (links.length) body.push({ type: 'ActionSet', actions: links, spacing: 'Medium' });

  if (reply.followUps?.length) {
    body.push({ type: 'TextBlock', text: CARD_WORDING.relatedQuestions, wrap: true, weight: 'Bolder', spacing: 'Medium', separator: true });
    body.push(...questionRows(reply.followUps, family));
  }
  if (reply.actions?.length) {
    body.push({ type: 'ActionSet', actions: reply.actions.map(replyButton).slice(0, MAX_TOP_LEVEL_ACTIONS), spacing: 'Medium' });
  }
  if (reply.feedbackFor) {
    const [yes, no] = feedbackButtons({ ...reply, feedbackFor: reply.feedbackFor });
    // Three columns keep the pair on one line in hosts that stack an ActionSet's buttons (Web Chat).
    body.push({
      type: 'ColumnSet',
      spacing: 'Medium',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          verticalContentAlignment: 'Center',
          items: [{ type: 'TextBlock', text: WORDING.helpfulQuestion, wrap: true, size: 'Small', isSubtle: true }],
        },
        { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [yes] }] },
        { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [no] }] },
      ],
    });
  }

  const actions: CardButton[] = (reply.examples ?? []).map((e) => exampleButton(e, family)).slice(0, MAX_TOP_LEVEL_ACTIONS);

  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    ...(family === 'teams' ? { msteams: { width: 'Full' as const } } : {}),
  };
}

// ---- The notification summary ----

/** The first sentence of a text (at least 20 characters, so "Hello!" or "e.g." do not end it). */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{20,}?[.!?])\s+(?=["'(\[]?[A-Z0-9])/.exec(flat);
  return m ? m[1]! : flat;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * The result fact of a computed answer: the first fact after the rule (rules/answer.ts lists the
 * input, the exam, the rule, then the results, then today), else the first fact.
 */
export function keyFact(reply: Reply): { label: string; value: string } | undefined {
  const facts = reply.facts ?? [];
  const rule = facts.findIndex((f) => f.label === 'Rule');
  return facts[rule >= 0 ? rule + 1 : 0] ?? facts[0];
}

/**
 * A short plain summary of the reply (before escaping): the title, else the first sentence of the text.
 * A computed answer's summary always carries its key date: the result fact is added when the
 * headline does not already state it.
 */
export function cardSummary(reply: Reply): string {
  const base = showsTitle(reply) ? firstSentence(reply.title) : firstSentence(reply.text);
  if (reply.kind === 'computed') {
    const key = keyFact(reply);
    if (key) {
      const date = key.value.replace(/\s*\(.*\)\s*$/, '');
      if (!base.includes(date)) return clip(`${base} ${key.label}: ${key.value}.`, MAX_SUMMARY_LENGTH);
    }
  }
  return clip(base, MAX_SUMMARY_LENGTH);
}

// ---- The activity ----

const SIMPLE_KINDS: ReadonlySet<Reply['kind']> = new Set(['notice', 'askDate', 'chitchat']);

/**
 * A reply with nothing to lay out or press (a notice, a date question, plain chit-chat) is sent as
 * markdown text: it reads better in notifications and screen readers than a one-block card.
 */
export function isSimpleReply(reply: Reply): boolean {
  return (
    SIMPLE_KINDS.has(reply.kind) &&
    !reply.examples?.length &&
    !reply.facts?.length &&
    !reply.followUps?.length &&
    !reply.choices?.length &&
    !reply.feedbackFor &&
    !hasDatedActions(reply)
  );
}

export function renderCard(reply: Reply, family: CardFamily): Array<Partial<Activity>> {
  if (isSimpleReply(reply)) {
    const simple: Partial<Activity> = { type: 'message', text: markdownBody(reply), textFormat: 'markdown' };
    // A question's short answers ("Yes, November 14, 2026", "No") as suggested actions, in Teams too (1:1 chats show them).
    if (reply.quickReplies?.length) simple.suggestedActions = { actions: reply.quickReplies.slice(0, MAX_SUGGESTED_ACTIONS).map(quickReplyAction), to: [] };
    return [simple];
  }

  const attachment: Attachment = { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: buildCard(reply, family) };
  // No `text` beside the card: Teams shows an activity's text and its card as two separate messages (so
  // the heading would show twice), and Web Chat as a second bubble. The plain summary goes to
  // `summary`, which Teams shows in notifications and the activity feed instead of "sent a card"
  // (desktop, web and iOS; Android's push path ignores it). Follow-ups are in the card only: no
  // suggested actions repeating them.
  const summary = breakTags(cardSummary(reply));
  return [{ type: 'message', summary, attachments: [attachment] }];
}
