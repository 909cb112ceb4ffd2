/**
 * `npm run probe -- FILE [FILE...]`: runs scripted conversations (the botprobe format of
 * test/eval/conversations.json) over real HTTP against the app on an ephemeral port, and prints what
 * failed and two figures for personal dates:
 * - right date within two turns: of the turns that expect dates (`dates`), how many show every expected
 *   date in that turn's replies or the next turn's (one clarifying question allowed);
 * - wrong dates stated: turns whose replies give a date they must not (`noDates`), give a computed answer
 *   ("Rule:" in the working) where `none` forbids one, or give a computed answer without the expected dates.
 * test/http/conversations.test.ts uses the same checker.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { z } from 'zod';
import { buildApp } from '../bot/app';
import { loadConfig } from '../bot/config';

export const TurnSchema = z.object({
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
export const ConversationSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  channel: z.string().optional(),
  locale: z.string().optional(),
  now: z.string().optional(),
  tz: z.string().optional(),
  turns: z.array(TurnSchema).min(1),
});
export type Turn = z.infer<typeof TurnSchema>;
export type Conversation = z.infer<typeof ConversationSchema>;

export function loadConversations(file: string): Conversation[] {
  return z.array(ConversationSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A YYYY-MM-DD date in any of its usual renderings ("2026-12-03", "December 3, 2026", "3 Dec 2026"). */
export function datePattern(iso: string): RegExp {
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

export interface ReplyActivity {
  readonly type?: string;
  readonly text?: string;
  readonly attachments?: ReadonlyArray<{ readonly contentType?: string; readonly content?: unknown }>;
}

export function replyText(activities: readonly ReplyActivity[]): string {
  const out: string[] = [];
  for (const a of activities) {
    if (a.type && a.type !== 'message') continue;
    if (a.text) out.push(a.text);
    for (const att of a.attachments ?? []) strings(att.content, out);
  }
  return out.join('\n').replace(/[*_`~]/g, '').replace(/\s+/g, ' ');
}

/** What is wrong with a turn's replies (empty when the turn passes). */
export function problems(turn: Turn, status: number, activities: readonly ReplyActivity[]): string[] {
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

export interface TurnRun {
  readonly turn: Turn;
  readonly status: number;
  readonly activities: readonly ReplyActivity[];
  readonly problems: readonly string[];
}

/** Posts a conversation's turns in order to `url` (deliveryMode expectReplies) and checks each. */
export async function runConversation(url: string, c: Conversation): Promise<TurnRun[]> {
  const conversation = `conv-${c.id}-${Math.random().toString(36).slice(2, 8)}`;
  const now = c.now ?? '2026-11-29T10:00:00-05:00';
  const out: TurnRun[] = [];
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
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(30_000) });
    const body = (await res.json().catch(() => ({}))) as { activities?: ReplyActivity[] };
    const activities = body.activities ?? [];
    out.push({ turn, status: res.status, activities, problems: problems(turn, res.status, activities) });
  }
  return out;
}

/** The failures of a run, one line per failing turn. */
export function failures(runs: readonly TurnRun[]): string[] {
  return runs.flatMap((r, i) => (r.problems.length ? [`turn ${i + 1} "${r.turn.text ?? ''}": ${r.problems.join('; ')}`] : []));
}

const COMPUTED_MARK = 'rule:';

export interface DateFigures {
  /** Turns that expect dates, and those whose dates show in that turn's or the next turn's replies. */
  readonly expected: number;
  readonly rightWithinTwo: number;
  /** Turns that state a date they must not. */
  readonly wrong: number;
  readonly wrongTurns: readonly string[];
  readonly missedTurns: readonly string[];
}

export function dateFigures(results: ReadonlyArray<{ readonly id: string; readonly runs: readonly TurnRun[] }>): DateFigures {
  let expected = 0;
  let right = 0;
  const wrongTurns: string[] = [];
  const missedTurns: string[] = [];
  for (const { id, runs } of results) {
    runs.forEach((r, i) => {
      const text = replyText(r.activities);
      const low = text.toLowerCase();
      const computed = low.includes(COMPUTED_MARK);
      const where = `${id} turn ${i + 1}`;
      const forbidden = (r.turn.noDates ?? []).filter((d) => datePattern(d).test(text));
      const forbiddenComputed = computed && (r.turn.none ?? []).some((s) => s.toLowerCase() === COMPUTED_MARK || low.includes(s.toLowerCase()));
      const dates = r.turn.dates ?? [];
      const missingHere = dates.filter((d) => !datePattern(d).test(text));
      const wrongComputed = computed && dates.length > 0 && missingHere.length > 0;
      if (forbidden.length || forbiddenComputed || wrongComputed) wrongTurns.push(`${where}: ${text.slice(0, 160)}`);
      if (dates.length === 0) return;
      expected++;
      const next = runs[i + 1] ? replyText(runs[i + 1]!.activities) : '';
      if (missingHere.every((d) => datePattern(d).test(next))) right++;
      else missedTurns.push(`${where}: ${text.slice(0, 160)}`);
    });
  }
  return { expected, rightWithinTwo: right, wrong: wrongTurns.length, wrongTurns, missedTurns };
}

async function main(files: readonly string[]): Promise<void> {
  const app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  const url = `http://127.0.0.1:${await app.listen()}/api/messages`;
  try {
    for (const file of files) {
      const cases = loadConversations(file);
      const results: Array<{ id: string; runs: TurnRun[] }> = [];
      for (const c of cases) results.push({ id: c.id, runs: await runConversation(url, c) });
      const failed = results.filter((r) => failures(r.runs).length > 0);
      for (const r of failed) console.log(`FAIL ${r.id}\n  ${failures(r.runs).join('\n  ')}`);
      const f = dateFigures(results);
      console.log(`\n${file}: ${cases.length - failed.length}/${cases.length} conversations pass every check`);
      console.log(`  right date within two turns: ${f.rightWithinTwo}/${f.expected}${f.expected ? ` (${((100 * f.rightWithinTwo) / f.expected).toFixed(1)}%)` : ''}`);
      console.log(`  wrong dates stated: ${f.wrong} turn(s)`);
      for (const w of f.wrongTurns) console.log(`    wrong: ${w}`);
      for (const m of f.missedTurns) console.log(`    missed: ${m}`);
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run probe -- FILE [FILE...]');
    process.exit(2);
  }
  main(files).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
