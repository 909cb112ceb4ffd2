/**
 * `npm run bench`: loads POST /api/messages on loopback with autocannon, in one run, against
 *   (a) this bot answering FAQ questions, (b) this bot answering personal date (rule) questions, and
 *   (floor) a minimal echo bot on the same CloudAdapter and restify,
 * interleaved so machine noise hits all alike; prints req/s, p50/p99 latency and the ratios a/floor and
 * b/floor (targets 0.8 and 0.7). Then the median in-process cost of date understanding + rule evaluation
 * per message. Options: --seconds N per round (default 8), --rounds N (default 2), --connections N (default 10).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
const ROUNDS = num('--rounds', 2);
const CONNECTIONS = num('--connections', 10);
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

function activity(text: string, i: number): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${i}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    timestamp: '2026-11-29T15:00:00.000Z',
    localTimestamp: '2026-11-29T10:00:00-05:00',
    localTimezone: 'America/New_York',
    conversation: { id: `bench-conv-${i % 50}` },
    from: { id: `bench-user-${i % 50}` },
    recipient: { id: 'bot' },
    text,
  });
}

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
}

async function load(port: number, questions: readonly string[], seconds: number): Promise<Figures> {
  let i = 0;
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
          return { ...req, body: activity(questions[i % questions.length]!, i) };
        },
      },
    ],
  });
  return { requests: result.requests.total, seconds, latencies: [result.latency.p50, result.latency.p99], non2xx: result.non2xx, errors: result.errors };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const botEnv = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', KNOWLEDGE_WATCH: 'false', RATE_LIMIT_PER_CLIENT: '1000000', RATE_LIMIT_PER_CONVERSATION: '100000' };
  const tsx = ['--import', 'tsx'];
  const ours = await startServer([...tsx, 'bot/index.ts'], { ...botEnv, LOG_LEVEL: 'info' });
  const echo = await startServer([...tsx, 'scripts/bench-echo.ts', '0'], {});
  const runs: Record<'faq' | 'rule' | 'echo', Figures[]> = { faq: [], rule: [], echo: [] };
  try {
    // Warm-up (JIT, caches) for both servers.
    await load(ours.port, [...FAQ_QUESTIONS, ...RULE_QUESTIONS], 2);
    await load(echo.port, FAQ_QUESTIONS, 2);
    for (let r = 0; r < ROUNDS; r++) {
      runs.echo.push(await load(echo.port, FAQ_QUESTIONS, SECONDS));
      runs.faq.push(await load(ours.port, FAQ_QUESTIONS, SECONDS));
      runs.rule.push(await load(ours.port, RULE_QUESTIONS, SECONDS));
    }
  } finally {
    ours.child.kill('SIGTERM');
    echo.child.kill('SIGTERM');
    await Promise.all([once(ours.child, 'exit'), once(echo.child, 'exit')]);
  }
  const rate = (f: Figures[]) => f.reduce((s, x) => s + x.requests, 0) / f.reduce((s, x) => s + x.seconds, 0);
  const bad = (f: Figures[]) => f.reduce((s, x) => s + x.non2xx + x.errors, 0);
  const lat = (f: Figures[], k: 0 | 1) => median(f.map((x) => x.latencies[k]!));
  const line = (name: string, f: Figures[]) =>
    `${name.padEnd(26)} ${rate(f).toFixed(0).padStart(7)} req/s   p50 ${lat(f, 0).toFixed(1).padStart(6)} ms   p99 ${lat(f, 1).toFixed(1).padStart(6)} ms   non-2xx/errors ${bad(f)}`;
  process.stdout.write(`\nPOST /api/messages on loopback, ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s interleaved\n`);
  process.stdout.write(`${line('(floor) echo bot', runs.echo)}\n${line('(a) this bot, FAQ', runs.faq)}\n${line('(b) this bot, rule questions', runs.rule)}\n`);
  process.stdout.write(`ratio a/floor = ${(rate(runs.faq) / rate(runs.echo)).toFixed(2)} (target >= 0.8)\n`);
  process.stdout.write(`ratio b/floor = ${(rate(runs.rule) / rate(runs.echo)).toFixed(2)} (target >= 0.7)\n`);

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

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
