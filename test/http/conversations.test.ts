/**
 * Scripted conversations over real HTTP (the black-box protocol of ../shared/tools/botprobe.mjs, checked
 * here in-repo): test/eval/conversations.json holds 303 conversations written blind (by four writers) from
 * knowledge-facts.md (FAQ, personal dates in several zones and locales, dialogs, out of scope, Teams
 * and Slack). Each turn is posted with deliveryMode "expectReplies" to the real server on an ephemeral
 * port, and its replies' text (message text and card strings, not card actions) is checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { type App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';

const Turn = z.object({
  text: z.string().optional(),
  mention: z.string().optional(),
  value: z.record(z.string(), z.unknown()).optional(),
  all: z.array(z.string()).optional(),
  any: z.array(z.string()).optional(),
  none: z.array(z.string()).optional(),
  dates: z.array(z.string()).optional(),
  noDates: z.array(z.string()).optional(),
  noCards: z.boolean().optional(),
  replies: z.literal('some').optional(),
  status: z.number().optional(),
});
const Conversation = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  channel: z.string().optional(),
  locale: z.string().optional(),
  now: z.string().optional(),
  tz: z.string().optional(),
  turns: z.array(Turn).min(1),
});
type Turn = z.infer<typeof Turn>;
type Conversation = z.infer<typeof Conversation>;

const CASES = z.array(Conversation).parse(JSON.parse(readFileSync(join(__dirname, '..', 'eval', 'conversations.json'), 'utf8')));

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A YYYY-MM-DD date in any of its usual renderings ("2026-12-03", "December 3, 2026", "3 Dec 2026"). */
function datePattern(iso: string): RegExp {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const month = `(?:${MONTHS[m - 1]}|${MONTHS[m - 1]!.slice(0, 3)}\\.?)`;
  const day = `0?${d}(?:st|nd|rd|th)?`;
  return new RegExp(`${iso}|${month}\\s+${day},?\\s+${y}|${day}\\s+(?:of\\s+)?${month},?\\s+${y}`, 'i');
}

/** Keys of a card that hold no text a user reads as the answer (actions, layout, ids). */
const NOT_TEXT = new Set(['actions', 'selectAction', 'suggestedActions', 'buttons', 'tap', 'url', 'iconUrl', 'id', 'type', 'version', '$schema', 'contentType', 'style', 'size', 'weight', 'color', 'spacing', 'horizontalAlignment']);
function strings(node: unknown, out: string[]): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) strings(n, out);
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (!NOT_TEXT.has(k)) strings(v, out);
  return out;
}

interface ReplyActivity {
  readonly type?: string;
  readonly text?: string;
  readonly attachments?: ReadonlyArray<{ readonly contentType?: string; readonly content?: unknown }>;
}

function replyText(activities: readonly ReplyActivity[]): string {
  const out: string[] = [];
  for (const a of activities) {
    if (a.type && a.type !== 'message') continue;
    if (a.text) out.push(a.text);
    for (const att of a.attachments ?? []) strings(att.content, out);
  }
  return out.join('\n').replace(/[*_`~]/g, '').replace(/\s+/g, ' ');
}

/** What is wrong with a turn's replies (empty when the turn passes). */
function problems(turn: Turn, status: number, activities: readonly ReplyActivity[]): string[] {
  const why: string[] = [];
  if (status !== (turn.status ?? 200)) why.push(`status ${status}`);
  const text = replyText(activities);
  const low = text.toLowerCase();
  for (const s of turn.all ?? []) if (!low.includes(s.toLowerCase())) why.push(`missing "${s}"`);
  if (turn.any && !turn.any.some((s) => low.includes(s.toLowerCase()))) why.push(`none of ${JSON.stringify(turn.any)}`);
  for (const s of turn.none ?? []) if (low.includes(s.toLowerCase())) why.push(`must not say "${s}"`);
  for (const d of turn.dates ?? []) if (!datePattern(d).test(text)) why.push(`missing date ${d}`);
  for (const d of turn.noDates ?? []) if (datePattern(d).test(text)) why.push(`must not give date ${d}`);
  if (turn.noCards && activities.some((a) => (a.attachments ?? []).some((x) => /adaptive/i.test(x.contentType ?? '')))) why.push('sent an Adaptive Card');
  if (turn.replies === 'some' && !activities.some((a) => a.type === 'message')) why.push('no reply');
  return why.length ? [...why, `reply: ${text.slice(0, 200)}`] : [];
}

let app: App;
let url: string;

beforeAll(async () => {
  app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${await app.listen()}/api/messages`;
});

afterAll(async () => {
  await app.close();
});

async function run(c: Conversation): Promise<string[]> {
  const conversation = `conv-${c.id}-${Math.random().toString(36).slice(2, 8)}`;
  const now = c.now ?? '2026-11-29T10:00:00-05:00';
  const found: string[] = [];
  for (const [i, turn] of c.turns.entries()) {
    const text = turn.mention ? `<at>${turn.mention}</at> ${turn.text ?? ''}` : turn.text;
    const activity = {
      type: 'message',
      id: `${conversation}-${i}`,
      channelId: c.channel ?? 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      locale: c.locale ?? 'en-US',
      timestamp: new Date(now).toISOString(),
      localTimestamp: now,
      localTimezone: c.tz ?? 'America/New_York',
      conversation: { id: conversation },
      from: { id: `user-${conversation}`, name: 'User' },
      recipient: { id: 'bot', name: 'bot' },
      text,
      ...(turn.value ? { value: turn.value } : {}),
      ...(turn.mention ? { entities: [{ type: 'mention', text: `<at>${turn.mention}</at>`, mentioned: { id: 'bot', name: turn.mention } }] } : {}),
    };
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const body = (await res.json().catch(() => ({}))) as { activities?: ReplyActivity[] };
    const why = problems(turn, res.status, body.activities ?? []);
    if (why.length) found.push(`turn ${i + 1} "${turn.text ?? ''}": ${why.join('; ')}`);
  }
  return found;
}

describe('scripted conversations over HTTP (test/eval/conversations.json)', () => {
  it('has cases of every kind', () => {
    const tags = new Set(CASES.flatMap((c) => c.tags));
    for (const t of ['faq', 'rule', 'dialog', 'out-of-scope', 'channel', 'chitchat']) expect(tags).toContain(t);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(await run(c)).toEqual([]);
  });

  it('the checker itself fails a wrong answer: a missing fact, a forbidden one and a wrong date', () => {
    const reply = [{ type: 'message', text: 'Wait **25 days**: you can retry on December 3, 2026.' }];
    expect(problems({ all: ['25 days'], dates: ['2026-12-03'] }, 200, reply)).toEqual([]);
    expect(problems({ all: ['14 days'] }, 200, reply)).toContain('missing "14 days"');
    expect(problems({ none: ['25 days'] }, 200, reply)).toContain('must not say "25 days"');
    expect(problems({ dates: ['2026-12-04'], noDates: ['2026-12-03'] }, 200, reply)).toEqual(expect.arrayContaining(['missing date 2026-12-04', 'must not give date 2026-12-03']));
  });
});
