/**
 * `npm run bench`: loads POST /api/messages on loopback with autocannon, in one run, against
 *   (a) this bot answering FAQ questions, (b) this bot answering personal date (rule) questions, and
 *   (floor) a minimal echo bot on the same CloudAdapter and restify,
 * interleaved so machine noise hits all alike. Every request is its own conversation (as traffic from many
 * users is) and its question is a variant not asked just before (other openings and closings, other
 * dates), so no per-conversation or per-text cache helps. Prints req/s, p50/p99 latency, the server's CPU
 * per request (its process' user + system time over the round), and the ratios a/floor and b/floor
 * (targets 0.5 and 0.45 for now, on the way to 0.9). Then the median in-process cost of date understanding
 * + rule evaluation per message.
 * Options: --seconds N per round (default 8), --rounds N (default 3), --connections N (default 8),
 * --compiled (run dist/bot/index.js, from `npm run build`, instead of the sources under tsx).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { createDateRules } from '../bot/dateRules';
import { AnswerPipeline } from '../bot/pipeline';
import { loadPack } from '../knowledge/pack';
import { KnowledgeIndex } from '../knowledge/index';
import type { TurnClock } from '../rules/clock';

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const SECONDS = num('--seconds', 8);
const ROUNDS = num('--rounds', 3);
const CONNECTIONS = num('--connections', 8);
const COMPILED = args.includes('--compiled');
const ROOT = join(__dirname, '..');

export const FAQ_QUESTIONS = [
  'How long is a microcredential valid?',
  'How soon can I retake a failed exam?',
  'What is the passing score for a professional exam?',
  'Where can I find a test center?',
  'how lnog is a microcredental valid',
  'When will I get my exam results?',
  'Can I reschedule my exam?',
  'How do I merge two certification accounts?',
];
export const RULE_QUESTIONS = [
  'I failed my microcredential on Nov 3, when can I retry?',
  'I passed SAA-C03 on 2024-03-15, when does it expire?',
  'I failed DVA-C02 on November 25, 2026. When can I retake it?',
  'I took my exam on Wednesday, November 25, 2026. When should results arrive?',
  'I passed a microcredential on 2026-04-10, when can I renew it?',
  'A feature became generally available on 2026-10-05. Can it be on the AI Practitioner exam?',
];

const OPENINGS = ['', 'Hi, ', 'Hello! ', 'Quick question: ', 'Hey there, ', 'Sorry to bother you, ', 'Good morning. '];
const CLOSINGS = ['', ' Thanks!', ' Thank you.', ' Please help.', ' Cheers', ' Many thanks in advance.'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November'];

/**
 * The i-th question of a set, as a variant: an opening and a closing, and in a rule question another day
 * (dates written as "Nov 3", "November 25, 2026", "2024-03-15" get another day or month of the same year).
 */
export function variant(questions: readonly string[], i: number): string {
  const base = questions[i % questions.length]!;
  const k = Math.floor(i / questions.length);
  const day = 1 + (k % 27);
  const month = MONTHS[Math.floor(k / 27) % MONTHS.length]!;
  const text = base
    .replace(/\b(\d{4})-\d{2}-\d{2}\b/, (_m, y: string) => `${y}-${String(1 + MONTHS.indexOf(month)).padStart(2, '0')}-${String(day).padStart(2, '0')}`)
    .replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2})\b/, (_m, _mo: string) => `${month} ${day}`);
  return `${OPENINGS[k % OPENINGS.length]}${text}${CLOSINGS[Math.floor(k / OPENINGS.length) % CLOSINGS.length]}`;
}

/**
 * The n-th message activity of a bench run (`tag`: which bench): its own conversation and user, the
 * replies in the response (expectReplies), a fixed user clock in New York. Also used by bench-reload.ts.
 */
export function benchActivity(text: string, n: number, tag = 'bench'): string {
  return JSON.stringify({
    type: 'message',
    id: `${tag}-${n}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    timestamp: '2026-11-29T15:00:00.000Z',
    localTimestamp: '2026-11-29T10:00:00-05:00',
    localTimezone: 'America/New_York',
    conversation: { id: `${tag}-conv-${process.pid}-${n}` },
    from: { id: `${tag}-user-${n}` },
    recipient: { id: 'bot' },
    text,
  });
}

let served = 0;

async function startServer(cmd: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('bench: server did not start in 60 s')), 60_000);
    lines.on('line', (line) => {
      try {
        const o = JSON.parse(line) as { event?: string; port?: number };
        if (o.event === 'listening' && o.port) {
          clearTimeout(t);
          resolve(o.port);
        }
      } catch {
        /* not a JSON line */
      }
    });
    child.once('exit', (code) => reject(new Error(`bench: server exited with ${code}`)));
  });
  return { child, port };
}

interface Figures {
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  /** The server's CPU time (user + system) over the round, in microseconds. */
  cpuUs: number;
}

/** CPU time (user + system) of a process so far, in microseconds, from /proc (Linux); 0 elsewhere. */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
  } catch {
    return 0;
  }
}

const cursor = new Map<readonly string[], number>();

async function load(server: { port: number; child: ChildProcess }, questions: readonly string[], seconds: number): Promise<Figures> {
  const port = server.port;
  let i = cursor.get(questions) ?? 0;
  const cpu0 = cpuOf(server.child.pid!);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          i += 1;
          return { ...req, body: benchActivity(variant(questions, i), ++served) };
        },
      },
    ],
  });
  cursor.set(questions, i);
  const cpuUs = cpuOf(server.child.pid!) - cpu0;
  return { requests: result.requests.total, seconds, latencies: [result.latency.p50, result.latency.p99], non2xx: result.non2xx, errors: result.errors, cpuUs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const botEnv = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', KNOWLEDGE_WATCH: 'false', RATE_LIMIT_PER_CLIENT: '1000000', RATE_LIMIT_PER_CONVERSATION: '100000' };
  const tsx = ['--import', 'tsx'];
  const ours = await startServer(COMPILED ? ['dist/bot/index.js'] : [...tsx, 'bot/index.ts'], { ...botEnv, LOG_LEVEL: 'info' });
  const echo = await startServer([...tsx, 'scripts/bench-echo.ts', '0'], {});
  const runs: Record<'faq' | 'rule' | 'echo', Figures[]> = { faq: [], rule: [], echo: [] };
  try {
    // Warm-up (JIT, caches) for both servers.
    await load(ours, [...FAQ_QUESTIONS, ...RULE_QUESTIONS], 3);
    await load(echo, FAQ_QUESTIONS, 2);
    for (let r = 0; r < ROUNDS; r++) {
      runs.echo.push(await load(echo, FAQ_QUESTIONS, SECONDS));
      runs.faq.push(await load(ours, FAQ_QUESTIONS, SECONDS));
      runs.rule.push(await load(ours, RULE_QUESTIONS, SECONDS));
    }
  } finally {
    ours.child.kill('SIGTERM');
    echo.child.kill('SIGTERM');
    await Promise.all([once(ours.child, 'exit'), once(echo.child, 'exit')]);
  }
  const rate = (f: Figures[]) => f.reduce((s, x) => s + x.requests, 0) / f.reduce((s, x) => s + x.seconds, 0);
  const bad = (f: Figures[]) => f.reduce((s, x) => s + x.non2xx + x.errors, 0);
  const lat = (f: Figures[], k: 0 | 1) => median(f.map((x) => x.latencies[k]!));
  const cpu = (f: Figures[]) => f.reduce((s, x) => s + x.cpuUs, 0) / Math.max(1, f.reduce((s, x) => s + x.requests, 0));
  const rounds = (f: Figures[]) => f.map((x) => (x.requests / x.seconds).toFixed(0)).join(' / ');
  const line = (name: string, f: Figures[]) =>
    `${name.padEnd(26)} ${rate(f).toFixed(0).padStart(7)} req/s (${rounds(f)})   p50 ${lat(f, 0).toFixed(1).padStart(5)} ms   p99 ${lat(f, 1).toFixed(1).padStart(5)} ms   CPU ${cpu(f).toFixed(0).padStart(5)} µs/req   non-2xx/errors ${bad(f)}`;
  process.stdout.write(`\nPOST /api/messages on loopback (${COMPILED ? 'compiled dist/' : 'tsx'}), ${CONNECTIONS} connections, every request its own conversation, ${ROUNDS} x ${SECONDS} s interleaved\n`);
  process.stdout.write(`${line('(floor) echo bot', runs.echo)}\n${line('(a) this bot, FAQ', runs.faq)}\n${line('(b) this bot, rule questions', runs.rule)}\n`);
  process.stdout.write(`ratio a/floor = ${(rate(runs.faq) / rate(runs.echo)).toFixed(2)} (target >= 0.5)\n`);
  process.stdout.write(`ratio b/floor = ${(rate(runs.rule) / rate(runs.echo)).toFixed(2)} (target >= 0.45)\n`);

  // In-process: date understanding + rule evaluation (the rules engine alone), and the whole pipeline.
  const index = new KnowledgeIndex(loadPack());
  const rules = createDateRules(() => index.pack);
  const pipeline = new AnswerPipeline(() => index, rules, { supportUrl: 'https://example.com', maxTextLength: 2000 });
  const clock: TurnClock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };
  const ruleIds = RULE_QUESTIONS.map((q) => rules.detectRule(q) ?? 'mc-retake');
  const rulesTimes: number[] = [];
  const pipeTimes: number[] = [];
  for (let k = 0; k < 3000; k++) {
    const j = k % RULE_QUESTIONS.length;
    let t = performance.now();
    rules.answer(RULE_QUESTIONS[j]!, clock, { ruleId: ruleIds[j]! });
    rulesTimes.push(performance.now() - t);
    t = performance.now();
    pipeline.answer(RULE_QUESTIONS[j]!, clock);
    pipeTimes.push(performance.now() - t);
  }
  const faqTimes: number[] = [];
  for (let k = 0; k < 3000; k++) {
    const t = performance.now();
    pipeline.answer(FAQ_QUESTIONS[k % FAQ_QUESTIONS.length]!, clock);
    faqTimes.push(performance.now() - t);
  }
  const ms = (xs: number[]) => `${(median(xs.slice(500)) * 1000).toFixed(0)} µs`;
  process.stdout.write(`\nin-process medians per message: date understanding + rule evaluation ${ms(rulesTimes)} (target well under 0.5 ms); `);
  process.stdout.write(`whole pipeline on a rule question ${ms(pipeTimes)}; on a FAQ question ${ms(faqTimes)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
