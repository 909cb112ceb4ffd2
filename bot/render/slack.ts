/**
 * Renderer for Slack (through the Azure Bot Service Slack channel): no Adaptive Cards. The reply is
 * Slack's own message JSON in `channelData` ({ text, blocks }), which the channel posts to Slack as it is
 * (chat.postMessage), so the connector's markdown conversion (which turns *bold* into italics and
 * collapses single newlines) never touches it:
 *   section blocks (mrkdwn)  the title, the answer paragraphs, the computed facts (fields), examples;
 *   a context block          notes, the source and extra links (small, grey);
 *   a section + actions      follow-ups or did-you-mean choices as a numbered list, and a button per entry;
 *   actions                  the reply's own buttons (Reply.actions), then "Helpful" / "Not helpful".
 * Every button's `value` is the JSON of its SubmitAction: bot/slackInbound.ts reads it back whether the
 * channel delivers the click as the message text or in channelData.Payload. The numbered list and the
 * words "helpful" / "not helpful" keep working when buttons do not (bot/faqBot.ts remembers the list).
 * The activity's own `text` is the plain-text fallback (no markup, no entities); `channelData.text` is
 * the notification text Slack shows where blocks cannot be shown.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import type { Activity } from 'botbuilder';
import { feedbackAction, type Offer, type Reply, type SubmitAction } from '../reply';
import { escapeSlack, plainText } from './escape';
import { CHANNEL_WORDING, REMINDER_WORDING, WORDING } from './wording';
import { slackDatedLines } from './dated';

/** Slack's limits (Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  /** Slack shows about this many characters of a button's text before cutting it. */
  buttonVisible: 30,
  buttonValue: 2000,
  actionsElements: 25,
} as const;

/** The most entries offered as a numbered list (what "1", "2", ... answer). */
export const MAX_SLACK_OFFERS = 5;

/** What goes into the activity's channelData: a Slack message. */
export interface SlackMessage {
  /** The notification / fallback text (Slack mrkdwn, escaped per Slack's rules). */
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** The entries offered as a numbered list, in order (what "1", "2", "3" answer). */
export function slackOffers(reply: Reply): Offer[] {
  return [...(reply.choices ?? []), ...(reply.followUps ?? [])].slice(0, MAX_SLACK_OFFERS);
}

/** A mrkdwn link: the URL without the characters that would end it, the label escaped. */
export function slackLink(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Cut to a length, keeping newlines. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, SLACK_LIMITS.sectionText) });

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SLACK_LIMITS.sectionText) } };
}

/** A button posting a SubmitAction; its text is cut to what Slack shows, the whole label read out. */
export function slackButton(label: string, action: SubmitAction, actionId: string): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(label, SLACK_LIMITS.buttonVisible), emoji: false },
    accessibility_label: clip(label, SLACK_LIMITS.buttonText),
    value: JSON.stringify(action).slice(0, SLACK_LIMITS.buttonValue),
    action_id: actionId,
  };
}

/** The reply's answer paragraphs (blank-line separated), each a section; single newlines are kept. */
function paragraphs(text: string): SectionBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => section(p.split('\n').map(escapeSlack).join('\n')));
}

function showsTitle(reply: Reply): boolean {
  return reply.title !== undefined && reply.title.trim().length > 0 && reply.title.trim() !== reply.text.trim() && reply.kind !== 'computed';
}

/** Slack's message JSON for a reply: blocks, and the notification text. */
export function slackMessage(reply: Reply): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (showsTitle(reply)) blocks.push(section(`*${escapeSlack(reply.title!)}*`));
  blocks.push(...paragraphs(reply.text));

  if (reply.facts?.length) {
    blocks.push({
      type: 'section',
      fields: reply.facts.slice(0, SLACK_LIMITS.sectionFields).map((f) => ({
        type: 'mrkdwn' as const,
        text: cut(`*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  if (reply.examples?.length) blocks.push(section(reply.examples.map((e) => `• ${escapeSlack(e)}`).join('\n')));
  // A question's short answers ("Yes, November 14, 2026", "No"), spelled out: typed, they answer it.
  if (reply.quickReplies?.length) blocks.push(section(`_${escapeSlack(WORDING.quickReplies(reply.quickReplies))}_`));

  const context: MrkdwnElement[] = [
    ...(reply.notes ?? []).map((n) => mrkdwn(escapeSlack(n))),
    ...(reply.source ? [mrkdwn(`${escapeSlack(WORDING.sourceLabel)}: ${slackLink(reply.source.url, reply.source.label)}`)] : []),
    ...(reply.links ?? []).map((l) => mrkdwn(slackLink(l.url, l.label))),
  ].slice(0, SLACK_LIMITS.contextElements);
  if (context.length) blocks.push({ type: 'context', elements: context } satisfies ContextBlock);

  const offers = slackOffers(reply);
  if (offers.length) {
    const heading = reply.choices?.length ? CHANNEL_WORDING.slackPickNumber : CHANNEL_WORDING.slackRelatedNumbered;
    blocks.push(section([`*${escapeSlack(heading)}*`, ...offers.map((o, i) => `${i + 1}. ${escapeSlack(o.question)}`)].join('\n')));
    blocks.push({
      type: 'actions',
      block_id: 'offers',
      elements: offers.map((o, i) => slackButton(`${i + 1}. ${o.question}`, { action: 'ask', entryId: o.entryId }, `ask-${i + 1}`)),
    } satisfies ActionsBlock);
  }
  // The dated items (Reply.dated): numbered after the offers, with "Remind me" buttons and calendar links.
  const dated = slackDatedLines(reply, offers.length + 1, slackLink).filter((l) => l.length > 0);
  if (dated.length) {
    blocks.push(section(dated.join('\n')));
    blocks.push({
      type: 'actions',
      block_id: 'remind',
      elements: (reply.dated ?? []).slice(0, SLACK_LIMITS.actionsElements).map((d, i) => slackButton(`${offers.length + i + 1}. ${REMINDER_WORDING.slackRemindLine(d.label, d.display)}`, { action: 'remind', ref: d.ref }, `remind-${i + 1}`)),
    } satisfies ActionsBlock);
  }
  if (reply.actions?.length) {
    blocks.push({
      type: 'actions',
      block_id: 'actions',
      elements: reply.actions.slice(0, SLACK_LIMITS.actionsElements).map((b, i) => slackButton(b.label, b.action, `action-${i + 1}`)),
    } satisfies ActionsBlock);
  }
  const yes = feedbackAction(reply, true);
  const no = feedbackAction(reply, false);
  if (yes && no) {
    blocks.push({ type: 'context', elements: [mrkdwn(`${escapeSlack(WORDING.helpfulQuestion)} ${escapeSlack(CHANNEL_WORDING.slackFeedbackHint)}`)] });
    blocks.push({
      type: 'actions',
      block_id: 'feedback',
      elements: [slackButton(CHANNEL_WORDING.helpfulLabel, yes, 'feedback-yes'), slackButton(CHANNEL_WORDING.notHelpfulLabel, no, 'feedback-no')],
    } satisfies ActionsBlock);
  }
  const notification = showsTitle(reply) ? reply.title! : (reply.text.split('\n')[0] ?? reply.text);
  return { text: escapeSlack(clip(notification, SLACK_LIMITS.sectionText)), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/**
 * The same reply as plain text (the activity's `text`): what a client that cannot show blocks, a
 * transcript or a log reads. No mrkdwn, no HTML entities; offers numbered so the number answers them.
 */
export function slackPlainText(reply: Reply): string {
  const lines: string[] = [];
  if (showsTitle(reply)) lines.push(reply.title!, '');
  lines.push(reply.text);
  if (reply.facts?.length) lines.push('', ...reply.facts.map((f) => `• ${f.label}: ${f.value}`));
  for (const n of reply.notes ?? []) lines.push(n);
  for (const e of reply.examples ?? []) lines.push(`• ${e}`);
  if (reply.quickReplies?.length) lines.push('', WORDING.quickReplies(reply.quickReplies));
  if (reply.source) lines.push(`${WORDING.sourceLabel}: ${reply.source.label} (${reply.source.url})`);
  for (const l of reply.links ?? []) lines.push(`${l.label}: ${l.url}`);
  const offers = slackOffers(reply);
  if (offers.length) {
    lines.push('', reply.choices?.length ? CHANNEL_WORDING.slackPickNumber : CHANNEL_WORDING.slackRelatedNumbered);
    offers.forEach((o, i) => lines.push(`${i + 1}. ${o.question}`));
  }
  lines.push(...slackDatedLines(reply, offers.length + 1, (url, label) => `${label}: ${url}`, false));
  if (reply.feedbackFor) lines.push('', `${WORDING.helpfulQuestion} ${CHANNEL_WORDING.slackFeedbackHint}`);
  return plainText(lines.join('\n'));
}

export function renderSlack(reply: Reply): Array<Partial<Activity>> {
  const channelData: SlackMessage = slackMessage(reply);
  return [{ type: 'message', text: slackPlainText(reply), textFormat: 'plain', channelData }];
}
