/**
 * Issue 13, finding 7: odd but valid-looking activities through the real HTTP stack. Each gets a polite
 * reply or a defined answer (200 or a 4xx), never the apology for an internal error, never an error log.
 */
import { AWS_WORDING as WORDING } from '../support/wording';
import { activitiesOf, FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, logEntries, message, post, startApp, uid, visible, type RunningApp } from './helpers';

let run: RunningApp;
beforeAll(async () => {
  run = await startApp({}, { captureLogs: true });
}, 90_000);
afterAll(() => run.close());

const MENTION_TEXT = '<at>Cert Bot</at>';
const withMention = `${MENTION_TEXT} ${FAQ_QUESTION}`;

/** An invoke as Teams posts it (no deliveryMode: the answer is the HTTP response itself). */
function invoke(name: string, value: unknown): Record<string, unknown> {
  const a = message(undefined, { channelId: 'msteams', extra: { type: 'invoke', name, value } });
  delete a.deliveryMode;
  return a;
}

interface Case {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  /** What the user sees (expectReplies), or the invoke response body. */
  readonly expect: (visibleText: string, json: unknown) => void;
}

const answered = (text: string) => expect(text).toContain(FAQ_ANSWER_FRAGMENT);

const CASES: readonly Case[] = [
  {
    name: 'a message without channelId',
    body: (() => {
      const a = message(FAQ_QUESTION);
      delete a.channelId;
      return a;
    })(),
    status: 400,
    expect: (_t, json) => expect(json).toEqual({ error: 'invalid activity: channelId: required' }),
  },
  {
    name: 'a message without serviceUrl nor expectReplies (nowhere to reply)',
    body: (() => {
      const a = message(FAQ_QUESTION);
      delete a.serviceUrl;
      delete a.deliveryMode;
      return a;
    })(),
    status: 400,
    expect: (_t, json) => expect(String((json as { error?: string }).error)).toMatch(/^invalid activity: serviceUrl:/),
  },
  {
    name: 'a serviceUrl that is not a URL',
    body: message(FAQ_QUESTION, { extra: { serviceUrl: 'not a url', deliveryMode: undefined } }),
    status: 400,
    expect: (_t, json) => expect(String((json as { error?: string }).error)).toMatch(/^invalid activity: serviceUrl:/),
  },
  {
    name: 'a mention entity without `mentioned`',
    body: message(withMention, { channelId: 'msteams', extra: { entities: [{ type: 'mention', text: MENTION_TEXT }] } }),
    status: 200,
    expect: answered,
  },
  {
    name: 'a mention entity with null text',
    body: message(withMention, { channelId: 'msteams', extra: { entities: [{ type: 'mention', text: null, mentioned: { id: 'bot', name: 'Cert Bot' } }] } }),
    status: 200,
    expect: answered,
  },
  {
    name: 'a mention entity whose `mentioned` is not an account',
    body: message(withMention, { channelId: 'msteams', extra: { entities: [{ type: 'mention', text: MENTION_TEXT, mentioned: 'bot' }] } }),
    status: 200,
    expect: answered,
  },
  {
    name: 'null text with a mention of the bot',
    body: message(undefined, { channelId: 'msteams', extra: { text: null, entities: [{ type: 'mention', text: MENTION_TEXT, mentioned: { id: 'bot', name: 'Cert Bot' } }] } }),
    status: 200,
    // Teams shows it in a card (its JSON escapes the quotes), after the first-message welcome.
    expect: (text) => expect(text).toContain(WORDING.empty.split('"')[0]!),
  },
  {
    name: 'an adaptiveCard/action invoke with value 5',
    body: invoke('adaptiveCard/action', 5),
    status: 400,
    expect: (_t, json) => expect(json).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest' } }),
  },
  {
    name: 'an adaptiveCard/action invoke with an action the bot does not have',
    body: invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'launch-rockets', data: {} }, trigger: 'manual' }),
    status: 200,
    expect: (_t, json) => expect(json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: WORDING.unknownAction }),
  },
  {
    name: 'an unknown invoke without expectReplies',
    body: invoke('made-up/operation', { anything: true }),
    status: 200,
    expect: () => undefined,
  },
  {
    name: 'an unknown invoke with expectReplies',
    body: { ...invoke('made-up/operation', null), deliveryMode: 'expectReplies' },
    status: 200,
    expect: () => undefined,
  },
];

test.each(CASES.map((c) => [c.name, c] as const))('%s -> a defined answer, no apology, no error log', async (_name, c) => {
  const before = run.logs.length;
  const res = await post(run.base, { ...c.body, conversation: { id: uid('odd') } });
  expect({ status: res.status, body: res.text.slice(0, 300) }).toMatchObject({ status: c.status });
  c.expect(visible(res), res.json);
  expect(visible(res)).not.toContain(WORDING.error);
  const errors = logEntries(run.logs.slice(before)).filter((e) => typeof e.level === 'number' && e.level >= 50);
  expect(errors).toEqual([]);
  expect(activitiesOf(res).every((a) => a.text !== WORDING.error)).toBe(true);
});
