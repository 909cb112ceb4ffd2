/**
 * Renderer for the Emulator and any channel without a better one: markdown text plus suggested
 * actions (follow-ups, did-you-mean choices, examples, feedback) that post back their data.
 */
import type { Activity, CardAction } from 'botbuilder';
import type { Offer, Reply, SubmitAction } from '../reply';
import { escapeMarkdown } from './escape';
import { WORDING } from './wording';

export const MAX_SUGGESTED_ACTIONS = 5;

export function offerAction(o: Offer): CardAction {
  const value: SubmitAction = { action: 'ask', entryId: o.entryId };
  return { type: 'messageBack', title: o.question, text: o.question, displayText: o.question, value };
}

export function exampleAction(text: string): CardAction {
  const value: SubmitAction = { action: 'example', text };
  return { type: 'messageBack', title: text, text, displayText: text, value };
}

export function feedbackActions(entryId: string): CardAction[] {
  const yes: SubmitAction = { action: 'feedback', entryId, helpful: true };
  const no: SubmitAction = { action: 'feedback', entryId, helpful: false };
  return [
    { type: 'messageBack', title: 'Helpful', displayText: 'Helpful', value: yes },
    { type: 'messageBack', title: 'Not helpful', displayText: 'Not helpful', value: no },
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
  if (reply.source) lines.push('', `${WORDING.sourceLabel}: [${escapeMarkdown(reply.source.label)}](${reply.source.url})`);
  for (const l of reply.links ?? []) lines.push('', `[${escapeMarkdown(l.label)}](${l.url})`);
  return lines.join('\n');
}

export function renderMarkdown(reply: Reply): Array<Partial<Activity>> {
  const actions: CardAction[] = [
    ...(reply.choices ?? []).map(offerAction),
    ...(reply.followUps ?? []).map(offerAction),
    ...(reply.kind !== 'welcome' && reply.kind !== 'chitchat' ? [] : (reply.examples ?? []).map(exampleAction)),
  ].slice(0, MAX_SUGGESTED_ACTIONS);
  const withFeedback = reply.feedbackFor ? [...actions.slice(0, MAX_SUGGESTED_ACTIONS - 2), ...feedbackActions(reply.feedbackFor)] : actions;
  const activity: Partial<Activity> = { type: 'message', text: markdownBody(reply), textFormat: 'markdown' };
  if (withFeedback.length) activity.suggestedActions = { actions: withFeedback, to: [] };
  return [activity];
}
