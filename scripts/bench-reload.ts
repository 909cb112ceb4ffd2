/**
 * `npm run bench:reload`: request latency while the content pack hot-reloads, against the normal latency
 * in the same run. The bot runs as its own process (`node --import tsx bot/index.ts`, the folder watch on)
 * on a generated pack (scripts/kb-generate.ts, --entries, default 1,000); this script sends a steady,
 * open-loop load (a request every 1000/rate ms whatever the replies, so a stall is counted for every
 * request it delays; each request its own conversation, unseen phrasings of the pack's entries), and in
 * each round measures a quiet window, then edits one answer in the pack and measures from the edit until
 * the reload is logged (+0.5 s). Prints p50/p99/max of both, p99 during / normal (target <= 2), and the
 * reload's own figures from the bot's log (the worker's build time, the main thread's share of the swap).
 *
 * Options: --entries N (1000), --rate R requests/s (40), --rounds N (3), --quiet S seconds (8),
 * --root DIR (the bot's folder; another checkout, e.g. a worktree of an older commit, for a before/after),
 * --dist (run the compiled bot, dist/bot/index.js: `npm run build` first), --trace (the slow requests of
 * each window, with when they were due).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { benchActivity } from './bench';
import { generatePack } from './kb-generate';

const { values: opts } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '3' },
    quiet: { type: 'string', default: '8' },
    root: { type: 'string', default: join(__dirname, '..') },
    dist: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const ENTRIES = Number(opts.entries);
const RATE = Number(opts.rate);
const ROUNDS = Number(opts.rounds);
const QUIET_MS = Number(opts.quiet) * 1000;
const ROOT = resolve(opts.root);
/** The compiled bot (node dist/bot/index.js, after npm run build) instead of the sources under tsx. */
const COMMAND = opts.dist ? ['dist/bot/index.js'] : ['--import', 'tsx', 'bot/index.ts'];

interface Sample {
  /** When the request was due (open loop: its latency counts from here). */
  readonly due: number;
  readonly ms: number;
  readonly ok: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function post(port: number, body: string): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 120_000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
    });
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

interface LogLine {
  readonly event?: string;
  readonly port?: number;
  readonly [k: string]: unknown;
}

async function startServer(env: NodeJS.ProcessEnv, onLog: (o: LogLine) => void): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, COMMAND, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((ok, fail) => {
    const t = setTimeout(() => fail(new Error('bench:reload: the bot did not start in 180 s')), 180_000);
    lines.on('line', (line) => {
      let o: LogLine;
      try {
        o = JSON.parse(line) as LogLine;
      } catch {
        return; // not a JSON line
      }
      if (o.event === 'listening' && o.port) {
        clearTimeout(t);
        ok(o.port);
      }
      onLog(o);
    });
    child.once('exit', (code) => fail(new Error(`bench:reload: the bot exited with ${code}`)));
  });
  return { child, port };
}

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const pack = generatePack(ENTRIES);
  const dir = mkdtempSync(join(tmpdir(), 'bench-reload-'));
  for (const f of pack.files) writeFileSync(join(dir, f.name), `${JSON.stringify(f.json, null, 2)}\n`);
  const questions = pack.questions.map((q) => q.q);
  const reloads: LogLine[] = [];
  const waiters: Array<(o: LogLine) => void> = [];
  const { child, port } = await startServer(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'true', RATE_LIMIT_PER_CLIENT: '1000000', RATE_LIMIT_PER_CONVERSATION: '100000' },
    (o) => {
      if (o.event === 'knowledge-reloaded' || o.event === 'knowledge-reload-failed') {
        reloads.push(o);
        for (const w of waiters.splice(0)) w(o);
      }
    },
  );
  process.stderr.write(`bench:reload: bot ${COMMAND.join(' ')} from ${ROOT} on port ${port}, ${ENTRIES} entries, ${RATE} req/s open loop\n`);

  // The steady load: one request every 1000/RATE ms until stopped.
  const samples: Sample[] = [];
  let running = true;
  let sent = 0;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  const loop = (async () => {
    while (running) {
      const due = started + (sent * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const i = sent++;
      const p = post(port, benchActivity(questions[i % questions.length]!, i, 'reload')).then((ok) => {
        samples.push({ due, ms: performance.now() - due, ok });
        inflight.delete(p);
      });
      inflight.add(p);
    }
  })();

  const windows: Array<{ kind: 'quiet' | 'reload'; from: number; to: number }> = [];
  await sleep(3000); // warm-up, not measured
  const file = join(dir, pack.files[0]!.name);
  for (let round = 0; round < ROUNDS; round++) {
    const quietFrom = performance.now();
    await sleep(QUIET_MS);
    windows.push({ kind: 'quiet', from: quietFrom, to: performance.now() });
    // One answer edited: the watch reloads the whole pack.
    const json = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ answer: string }> };
    json.entries[0]!.answer = `Edited for reload round ${round + 1}: ${json.entries[0]!.answer.replace(/^Edited for reload round \d+: /, '')}`;
    const reloaded = new Promise<LogLine>((r) => waiters.push(r));
    const from = performance.now();
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    const log = await reloaded;
    await sleep(500);
    windows.push({ kind: 'reload', from, to: performance.now() });
    process.stderr.write(`  round ${round + 1}: reload logged after ${((performance.now() - 500 - from) / 1000).toFixed(1)} s: ${JSON.stringify(log)}\n`);
    await sleep(1000);
  }
  running = false;
  await loop;
  await Promise.all(inflight);
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });

  const inWindow = (kind: 'quiet' | 'reload') => samples.filter((s) => windows.some((w) => w.kind === kind && s.due >= w.from && s.due < w.to));
  const row = (kind: 'quiet' | 'reload') => {
    const xs = inWindow(kind);
    const ms = xs.map((s) => s.ms);
    return { kind, requests: xs.length, failed: xs.filter((s) => !s.ok).length, p50: pct(ms, 50), p99: pct(ms, 99), max: Math.max(...ms), over1s: ms.filter((m) => m > 1000).length };
  };
  if (opts.trace) {
    for (const w of windows) {
      const slow = samples.filter((s) => s.due >= w.from && s.due < w.to && s.ms > 100).map((s) => `${((s.due - w.from) / 1000).toFixed(2)}s:${Math.round(s.ms)}`);
      process.stderr.write(`${w.kind} window: slow requests (due after its start: latency ms): ${slow.join(' ')}\n`);
    }
  }
  const quiet = row('quiet');
  const reload = row('reload');
  const f = (x: number) => x.toFixed(1).padStart(8);
  process.stdout.write(`\nbench:reload  ${ENTRIES} entries, ${RATE} req/s, ${ROUNDS} rounds, bot from ${ROOT}\n`);
  process.stdout.write(`window      requests  failed       p50       p99       max  >1s\n`);
  for (const r of [quiet, reload]) process.stdout.write(`${r.kind.padEnd(10)} ${String(r.requests).padStart(9)} ${String(r.failed).padStart(7)} ${f(r.p50)} ${f(r.p99)} ${f(r.max)} ${String(r.over1s).padStart(4)}\n`);
  process.stdout.write(`p99 during reload / normal: ${(reload.p99 / quiet.p99).toFixed(2)} (target <= 2)\n`);
  for (const r of reloads) {
    const { buildMs, swapMs, swapSlices, swapLongestMs, restoreMs, via } = r as Record<string, unknown>;
    process.stdout.write(`reload: ${JSON.stringify({ via: via ?? 'thread (older bot)', buildMs, swapMs, swapSlices, swapLongestMs, restoreMs })}\n`);
  }
  agent.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:reload: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
