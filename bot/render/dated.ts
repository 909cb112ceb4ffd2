/**
 * The actions of a reply's dated items (Reply.dated) and of a reminder list (Reply.cancellable), for
 * every renderer: "Remind me" (a SubmitAction 'remind'), "Add to calendar" (the item's signed .ics link)
 * and "Cancel reminder n" (a SubmitAction 'cancelReminder'). Kept here, apart from the renderers' own
 * layout, so each renderer adds them with one call.
 */
import type { CardAction } from 'botbuilder';
import type { Reply, SubmitAction } from '../reply';
import type { ActionSet, CardButton, CardFamily, SubmitButton } from './card';
import { escapeMarkdown, escapeSlack } from './escape';
import { REMINDER_WORDING as W } from './wording';

/** True when the reply has dated items or cancel buttons to show (it is then never a plain-text reply). */
export function hasDatedActions(reply: Reply): boolean {
  return Boolean(reply.dated?.length || reply.cancellable?.length);
}

function remindTitle(reply: Reply, label: string): string {
  return (reply.dated?.length ?? 0) > 1 ? W.remindButtonFor(label) : W.remindButton;
}

function calendarTitle(reply: Reply, label: string): string {
  return (reply.dated?.length ?? 0) > 1 ? W.calendarButtonFor(label) : W.calendarButton;
}

function submit(title: string, action: SubmitAction, family: CardFamily): SubmitButton {
  // In Teams a messageBack submit also shows the words in the chat; the action travels as msteams.value.
  const data = family === 'teams' ? { ...action, msteams: { type: 'messageBack' as const, displayText: title, text: title, value: action } } : action;
  return { type: 'Action.Submit', title, data };
}

/** Adaptive Card: one ActionSet per dated item (remind + calendar) and one of cancel buttons. */
export function datedCardElements(reply: Reply, family: CardFamily): ActionSet[] {
  const sets: ActionSet[] = (reply.dated ?? []).map((d) => {
    const actions: CardButton[] = [submit(remindTitle(reply, d.label), { action: 'remind', ref: d.ref }, family)];
    if (d.calendarUrl) actions.push({ type: 'Action.OpenUrl', title: calendarTitle(reply, d.label), url: d.calendarUrl });
    return { type: 'ActionSet', actions, spacing: 'Small' };
  });
  if (reply.cancellable?.length) {
    sets.push({ type: 'ActionSet', spacing: 'Medium', actions: reply.cancellable.map((c) => submit(c.title, { action: 'cancelReminder', id: c.id }, family)) });
  }
  return sets;
}

/** Markdown: calendar links as lines. */
export function datedMarkdownLines(reply: Reply): string[] {
  return (reply.dated ?? []).filter((d) => d.calendarUrl).flatMap((d) => ['', `[${escapeMarkdown(calendarTitle(reply, d.label))}](${d.calendarUrl})`]);
}

/** Markdown channels: remind and cancel as suggested actions. */
export function datedSuggestedActions(reply: Reply): CardAction[] {
  const remind = (reply.dated ?? []).map((d): CardAction => {
    const title = remindTitle(reply, d.label);
    const value: SubmitAction = { action: 'remind', ref: d.ref };
    return { type: 'messageBack', title, displayText: title, text: title, value };
  });
  const cancel = (reply.cancellable ?? []).map((c): CardAction => {
    const value: SubmitAction = { action: 'cancelReminder', id: c.id };
    return { type: 'messageBack', title: c.title, displayText: c.title, text: c.title, value };
  });
  return [...remind, ...cancel];
}

/** Slack: the dated items as numbered choices after the `first - 1` offered questions, plus calendar links. */
export function slackDatedLines(reply: Reply, first: number, link: (url: string, label: string) => string, mrkdwn = true): string[] {
  const dated = reply.dated ?? [];
  if (!dated.length) return [];
  const esc = mrkdwn ? escapeSlack : (t: string): string => t;
  const lines = ['', mrkdwn ? `*${esc(W.slackRemindHeading)}*` : W.slackRemindHeading];
  dated.forEach((d, i) => lines.push(`${first + i}. ${esc(W.slackRemindLine(d.label, d.display))}`));
  for (const d of dated) if (d.calendarUrl) lines.push(link(d.calendarUrl, calendarTitle(reply, d.label)));
  return lines;
}
