/**
 * Renderer for the Emulator and any channel without a better one: markdown text plus suggested
 * actions (follow-ups, did-you-mean choices, examples, feedback) that post back their data.
 */
import type { Activity, CardAction } from 'botbuilder';
import { feedbackAction, type Offer, type Reply, type ReplyButton, type SubmitAction } from '../reply';
import { datedMarkdownLines, datedSuggestedActions } from './dated';
import { escapeMarkdown } from './escape';
import { CHANNEL_WORDING, WORDING } from './wording';

export const MAX_SUGGESTED_ACTIONS = 5;

export function offerAction(o: Offer): CardAction {
  const value: SubmitAction = { action: 'ask', entryId: o.entryId };
  return { type: 'messageBack', title: o.question, text: o.question, displayText: o.question, value };
}

/** A reply's own button (Reply.actions) as a suggested action. */
export function buttonAction(button: ReplyButton): CardAction {
  return { type: 'messageBack', title: button.label, displayText: button.label, value: button.action };
}

export function exampleAction(text: string): CardAction {
  const value: SubmitAction = { action: 'example', text };
  return { type: 'messageBack', title: text, text, displayText: text, value };
}

/** A short answer to the bot's question, posted back as typed text (imBack). */
export function quickReplyAction(text: string): CardAction {
  return { type: 'imBack', title: text, value: text };
}

export function feedbackActions(reply: Pick<Reply, 'feedbackFor' | 'replyId'>): CardAction[] {
  const yes = feedbackAction(reply, true);
  const no = feedbackAction(reply, false);
  if (!yes || !no) return [];
  return [
    { type: 'messageBack', title: CHANNEL_WORDING.helpfulLabel, displayText: CHANNEL_WORDING.helpfulLabel, value: yes },
    { type: 'messageBack', title: CHANNEL_WORDING.notHelpfulLabel, displayText: CHANNEL_WORDING.notHelpfulLabel, value: no },
  ];
}

/** The reply's body as markdown lines (shared by the card renderer's text summary). */
export function markdownBody(reply: Reply): string {
  const lines: string[] = [];
  if (reply.title && reply.title !== reply.text && reply.kind !== 'computed') lines.push(`**${escapeMarkdown(reply.title)}**`, '');
  lines.push(...reply.text.split('\n').map(escapeMarkdown));
  if (reply.facts?.length) {
    lines.push('');
    for (const f of reply.facts) lines.push(`- **${escapeMarkdown(f.label)}:** ${escapeMarkdown(f.value)}`);
  }
  if (reply.notes?.length) {
    lines.push('');
    for (const n of reply.notes) lines.push(`_${escapeMarkdown(n)}_`);
  }
  if (reply.examples?.length) {
    lines.push('');
    for (const e of reply.examples) lines.push(`- ${escapeMarkdown(e)}`);
  }
  lines.push(...datedMarkdownLines(reply));
  if (reply.source) lines.push('', `${WORDING.sourceLabel}: [${escapeMarkdown(reply.source.label)}](${reply.source.url})`);
  for (const l of reply.links ?? []) lines.push('', `[${escapeMarkdown(l.label)}](${l.url})`);
  return lines.join('\n');
}

export function renderMarkdown(reply: Reply): Array<Partial<Activity>> {
  const actions: CardAction[] = [
    ...(reply.quickReplies ?? []).map(quickReplyAction),
    ...datedSuggestedActions(reply),
    ...(reply.choices ?? []).map(offerAction),
    ...(reply.followUps ?? []).map(offerAction),
    ...(reply.actions ?? []).map(buttonAction),
    ...(reply.kind !== 'welcome' && reply.kind !== 'chitchat' ? [] : (reply.examples ?? []).map(exampleAction)),
  ].slice(0, MAX_SUGGESTED_ACTIONS);
  const withFeedback = reply.feedbackFor ? [...actions.slice(0, MAX_SUGGESTED_ACTIONS - 2), ...feedbackActions(reply)] : actions;
  const activity: Partial<Activity> = { type: 'message', text: markdownBody(reply), textFormat: 'markdown' };
  if (withFeedback.length) activity.suggestedActions = { actions: withFeedback, to: [] };
  return [activity];
}
