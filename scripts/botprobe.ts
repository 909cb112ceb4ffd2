/**
 * The black-box protocol of botprobe, in the repo: scripted conversations (a JSON array) posted to a running
 * bot's /api/messages with deliveryMode "expectReplies", each turn's replies checked.
 *
 *   { "id": "retake-relative", "tags": ["rule"], "channel": "emulator", "locale": "en-US",
 *     "now": "2026-11-29T10:00:00-05:00", "tz": "America/New_York",
 *     "turns": [ { "text": "I failed my microcredential 3 weeks ago, when can I retry?",
 *                  "all": ["25 days"], "any": ["retake", "retry"], "none": ["12 months"],
 *                  "dates": ["2026-12-03"], "noDates": ["2026-12-04"], "status": 200 } ] }
 *
 * A turn's reply text is every message activity's text plus every string inside its attachments except
 * card actions and layout; markdown emphasis is ignored and matching is case-insensitive. "dates" accept
 * 2026-12-03, December 3, 2026, Dec 3 2026 and 3 December 2026. "mention" wraps the text in a Teams-style
 * <at> mention; "value" sends a card submit; "raw" posts that object as the activity, unchanged.
 *
 * Used by test/http/conversations.test.ts (against the server on an ephemeral port), scripts/probe.ts
 * (`npm run probe`: the app started in-process, with date figures) and scripts/probe-url.ts
 * (`npm run probe:url`: against any running bot).
 */
import { z } from 'zod';

export const ProbeTurn = z.object({
  text: z.string().optional(),
  mention: z.string().optional(),
  value: z.record(z.string(), z.unknown()).optional(),
  raw: z.record(z.string(), z.unknown()).optional(),
  all: z.array(z.string()).optional(),
  any: z.array(z.string()).optional(),
  none: z.array(z.string()).optional(),
  dates: z.array(z.string()).optional(),
  noDates: z.array(z.string()).optional(),
  noCards: z.boolean().optional(),
  replies: z.literal('some').optional(),
  status: z.number().optional(),
});
export const ProbeConversation = z.object({
  id: z.string(),
  tags: z.array(z.string()).default([]),
  channel: z.string().optional(),
  locale: z.string().optional(),
  now: z.string().optional(),
  tz: z.string().optional(),
  user: z.string().optional(),
  turns: z.array(ProbeTurn).min(1),
});
export const ProbeFile = z.array(ProbeConversation);
export type ProbeTurn = z.infer<typeof ProbeTurn>;
export type ProbeConversation = z.infer<typeof ProbeConversation>;

/** The "now" of a conversation that names none (the project's fixed test instant). */
export const DEFAULT_NOW = '2026-11-29T10:00:00-05:00';
/** How long one turn may take before it counts as failed. */
export const TURN_TIMEOUT_MS = 15_000;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A YYYY-MM-DD date in any of its usual renderings ("2026-12-03", "December 3, 2026", "3 Dec 2026"). */
export function datePattern(iso: string): RegExp {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const month = `(?:${MONTHS[m - 1]}|${MONTHS[m - 1]!.slice(0, 3)}\\.?)`;
  const day = `0?${d}(?:st|nd|rd|th)?`;
  return new RegExp(`${iso}|${month}\\s+${day},?\\s+${y}|${day}\\s+(?:of\\s+)?${month},?\\s+${y}`, 'i');
}

/** Keys of a card that hold no text a user reads as the answer (actions, layout, ids). */
const NOT_TEXT = new Set([
  'actions',
  'selectAction',
  'suggestedActions',
  'buttons',
  'tap',
  'url',
  'iconUrl',
  'id',
  'type',
  'version',
  '$schema',
  'contentType',
  'style',
  'size',
  'weight',
  'color',
  'spacing',
  'horizontalAlignment',
]);
function strings(node: unknown, out: string[]): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) strings(n, out);
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (!NOT_TEXT.has(k)) strings(v, out);
  return out;
}

export interface ReplyActivity {
  readonly type?: string;
  readonly text?: string;
  readonly attachments?: ReadonlyArray<{ readonly contentType?: string; readonly content?: unknown }>;
}

/** The text a user reads in a turn's replies, flattened to one line without markdown emphasis. */
export function replyText(activities: readonly ReplyActivity[]): string {
  const out: string[] = [];
  for (const a of activities) {
    if (a.type && a.type !== 'message') continue;
    if (a.text) out.push(a.text);
    for (const att of a.attachments ?? []) strings(att.content, out);
  }
  return out
    .join('\n')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ');
}

/** What is wrong with a turn's replies (empty when the turn passes). */
export function problems(turn: ProbeTurn, status: number, activities: readonly ReplyActivity[]): string[] {
  const why: string[] = [];
  if (status !== (turn.status ?? 200)) why.push(`status ${status}`);
  const text = replyText(activities);
  const low = text.toLowerCase();
  for (const s of turn.all ?? []) if (!low.includes(s.toLowerCase())) why.push(`missing "${s}"`);
  if (turn.any && !turn.any.some((s) => low.includes(s.toLowerCase()))) why.push(`none of ${JSON.stringify(turn.any)}`);
  for (const s of turn.none ?? []) if (low.includes(s.toLowerCase())) why.push(`must not say "${s}"`);
  for (const d of turn.dates ?? []) if (!datePattern(d).test(text)) why.push(`missing date ${d}`);
  for (const d of turn.noDates ?? []) if (datePattern(d).test(text)) why.push(`must not give date ${d}`);
  if (turn.noCards && activities.some((a) => (a.attachments ?? []).some((x) => /adaptive/i.test(x.contentType ?? ''))))
    why.push('sent an Adaptive Card');
  if (turn.replies === 'some' && !activities.some((a) => a.type === 'message')) why.push('no reply');
  return why.length ? [...why, `reply: ${text.slice(0, 200)}`] : [];
}

/** The activity a turn posts. */
export function turnActivity(c: ProbeConversation, turn: ProbeTurn, conversation: string, i: number): Record<string, unknown> {
  if (turn.raw) return turn.raw;
  const now = c.now ?? DEFAULT_NOW;
  const text = turn.mention ? `<at>${turn.mention}</at> ${turn.text ?? ''}` : turn.text;
  return {
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
    from: { id: c.user ?? `user-${conversation}`, name: 'User' },
    recipient: { id: 'bot', name: 'bot' },
    text,
    ...(turn.value ? { value: turn.value } : {}),
    ...(turn.mention
      ? { entities: [{ type: 'mention', text: `<at>${turn.mention}</at>`, mentioned: { id: 'bot', name: turn.mention } }] }
      : {}),
  };
}

/** One turn played: what was sent, the HTTP status, the replies, what is wrong with them, how long it took. */
export interface TurnRun {
  readonly turn: ProbeTurn;
  readonly status: number;
  readonly activities: readonly ReplyActivity[];
  readonly problems: readonly string[];
  readonly ms: number;
}

/** Plays one conversation against `url` (the bot's /api/messages), turn by turn; stops at a turn that cannot be sent. */
export async function playConversation(url: string, c: ProbeConversation, timeoutMs = TURN_TIMEOUT_MS): Promise<TurnRun[]> {
  const conversation = `probe-${c.id}-${Math.random().toString(36).slice(2, 8)}`;
  const runs: TurnRun[] = [];
  for (const [i, turn] of c.turns.entries()) {
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(turnActivity(c, turn, conversation, i)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      runs.push({ turn, status: 0, activities: [], problems: [(e as Error).message], ms: performance.now() - started });
      break;
    }
    const body = (await res.json().catch(() => ({}))) as { activities?: ReplyActivity[] };
    const activities = body.activities ?? [];
    runs.push({ turn, status: res.status, activities, problems: problems(turn, res.status, activities), ms: performance.now() - started });
  }
  return runs;
}

/** The failures of a played conversation, one line per failing turn ("turn 2 "text": missing ..."). */
export function failures(runs: readonly TurnRun[]): string[] {
  return runs.flatMap((r, i) => (r.problems.length ? [`turn ${i + 1} "${r.turn.text ?? ''}": ${r.problems.join('; ')}`] : []));
}

export interface ConversationResult {
  /** One line per failed turn; empty when the conversation passes. */
  readonly failures: string[];
  /** Milliseconds per turn answered. */
  readonly latencies: number[];
}

/** Plays one conversation and sums it up: its failures and the latency of each turn answered. */
export async function runConversation(url: string, c: ProbeConversation, timeoutMs = TURN_TIMEOUT_MS): Promise<ConversationResult> {
  const runs = await playConversation(url, c, timeoutMs);
  return { failures: failures(runs), latencies: runs.filter((r) => r.status !== 0).map((r) => r.ms) };
}
