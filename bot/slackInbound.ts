/**
 * Slack button clicks as the Azure Bot Service Slack channel delivers them. A click on a Block Kit
 * button reaches the bot as a message activity; depending on the channel's handling, the button's
 * `value` is the activity's text, and/or Slack's interaction payload is in channelData.Payload
 * (`{ type: 'block_actions', actions: [{ action_id, value, ... }] }`, sometimes as a JSON string; the
 * legacy `interactive_message` payload has `actions: [{ name, value }]`). Our buttons' values are the
 * JSON of a SubmitAction (bot/render/slack.ts), so whichever way it comes, the same action is read back.
 * Anything else (a typed message, a value of someone else's) is not a click of ours: undefined.
 */
import type { Activity } from 'botbuilder';

/** Longest value read (Slack's own limit for a button value). */
const MAX_VALUE = 2000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A string that holds a JSON object with an `action` field (what our buttons send), parsed. */
export function submitFromText(text: string | undefined): Record<string, unknown> | undefined {
  const t = (text ?? '').trim();
  if (!t.startsWith('{') || !t.endsWith('}') || t.length > MAX_VALUE) return undefined;
  const parsed = record(parseJson(t));
  return parsed && typeof parsed.action === 'string' ? parsed : undefined;
}

/** The first action's value in a Slack interaction payload (object or JSON string, any key casing). */
export function payloadValue(channelData: unknown): string | undefined {
  const data = record(channelData);
  if (!data) return undefined;
  let payload: unknown = data.Payload ?? data.payload;
  if (typeof payload === 'string') payload = payload.length <= 20 * MAX_VALUE ? parseJson(payload) : undefined;
  const actions = record(payload)?.actions;
  if (!Array.isArray(actions) || actions.length === 0) return undefined;
  const value = record(actions[0])?.value;
  return typeof value === 'string' ? value : undefined;
}

/** The SubmitAction-shaped object a Slack click carries (to be validated by the caller), or undefined. */
export function slackSubmit(activity: Pick<Partial<Activity>, 'text' | 'channelData'>, cleanedText?: string): Record<string, unknown> | undefined {
  return submitFromText(payloadValue(activity.channelData)) ?? submitFromText(cleanedText ?? activity.text);
}
