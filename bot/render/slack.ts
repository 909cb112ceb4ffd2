/**
 * Renderer for Slack (through the Azure Bot Service connector): no Adaptive Cards. Slack mrkdwn text:
 * *bold*, <https://url|label> links, bullet lists; follow-ups and choices as a numbered list the user
 * can answer with the number (bot/faqBot.ts remembers the list) or with the words.
 */
import type { Activity } from 'botbuilder';
import type { Offer, Reply } from '../reply';
import { escapeSlack } from './escape';
import { WORDING } from './wording';

const link = (url: string, label: string): string => `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeSlack(label).replace(/\|/g, '¦')}>`;

/** The entries offered as a numbered list, in order (what "1", "2", "3" answer). */
export function slackOffers(reply: Reply): Offer[] {
  return [...(reply.choices ?? []), ...(reply.followUps ?? [])].slice(0, 5);
}

export function renderSlack(reply: Reply): Array<Partial<Activity>> {
  const lines: string[] = [];
  if (reply.title && reply.title !== reply.text && reply.kind !== 'computed') lines.push(`*${escapeSlack(reply.title)}*`);
  lines.push(...reply.text.split('\n').map(escapeSlack));
  if (reply.facts?.length) {
    lines.push('');
    for (const f of reply.facts) lines.push(`• *${escapeSlack(f.label)}:* ${escapeSlack(f.value)}`);
  }
  for (const n of reply.notes ?? []) lines.push(`_${escapeSlack(n)}_`);
  if (reply.examples?.length) for (const e of reply.examples) lines.push(`• ${escapeSlack(e)}`);
  if (reply.source) lines.push(`${WORDING.sourceLabel}: ${link(reply.source.url, reply.source.label)}`);
  for (const l of reply.links ?? []) lines.push(link(l.url, l.label));
  const offers = slackOffers(reply);
  if (offers.length) {
    lines.push('', reply.choices?.length ? '*Reply with a number:*' : '*Related questions (reply with a number):*');
    offers.forEach((o, i) => lines.push(`${i + 1}. ${escapeSlack(o.question)}`));
  }
  if (reply.feedbackFor) lines.push('', `_${WORDING.helpfulQuestion} Reply "helpful" or "not helpful"._`);
  return [{ type: 'message', text: lines.join('\n'), textFormat: 'markdown' }];
}
