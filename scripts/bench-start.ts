/**
 * `npm run bench:start`: the compiled production start, as the container runs it (`node dist/bot/index.js`,
 * from `npm run build`): time from spawn to the first GET /readyz 200, and the process' RSS then and after
 * 20 questions, over several runs (median, min, max); also the process' CPU time (user + system) until ready,
 * which a busy machine inflates less than the wall time, and the share of it before the first log line (module
 * loading and config). Options: --runs N (default 5), --dist DIR (default dist).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAQ_QUESTIONS } from './bench';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const RUNS = Number(opt('--runs', '5'));
const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, opt('--dist', 'dist'), 'bot', 'index.js');

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function ask(base: string, text: string, i: number): Promise<void> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      conversation: { id: `start-${process.pid}-${i}` },
      from: { id: 'u' },
      recipient: { id: 'bot' },
      text,
    }),
  });
  if (res.status !== 200) throw new Error(`bench:start: a question got ${res.status}`);
  await res.arrayBuffer();
}

/** CPU time (user + system) of a process so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

interface Run {
  readyMs: number;
  modulesMs: number;
  cpuMs: number;
  rssReady: number;
  rssAfter: number;
}

async function once(): Promise<Run> {
  const started = performance.now();
  const startedAt = Date.now();
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', KNOWLEDGE_WATCH: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('bench:start: no "listening" line in 120 s')), 120_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"event":"listening","port":(\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`bench:start: exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      const res = await fetch(`${base}/readyz`).catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = performance.now() - started;
    const cpu = cpuMs(child.pid!);
    const rssReady = rssMb(child.pid!);
    // The first log line (the anonymous-mode warning) comes once every module is loaded and the config read.
    const firstLogAt = Number(/"time":(\d+)/.exec(out)?.[1] ?? NaN);
    for (let i = 0; i < 20; i++) await ask(base, FAQ_QUESTIONS[i % FAQ_QUESTIONS.length]!, i);
    return { readyMs, modulesMs: firstLogAt - startedAt, cpuMs: cpu, rssReady, rssAfter: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const stats = (xs: number[], digits = 0) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(digits)} (min ${s[0]!.toFixed(digits)}, max ${s[s.length - 1]!.toFixed(digits)})`;
};

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`bench:start: ${ENTRY} is missing; run npm run build first`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  process.stdout.write(`\ncompiled start (node ${ENTRY.slice(ROOT.length + 1)}), ${RUNS} runs:\n`);
  process.stdout.write(`  spawn -> GET /readyz 200: ${stats(runs.map((r) => r.readyMs))} ms (target < 1000)\n`);
  process.stdout.write(`  CPU time until ready:    ${stats(runs.map((r) => r.cpuMs))} ms\n`);
  process.stdout.write(`  spawn -> first log line (modules + config): ${stats(runs.map((r) => r.modulesMs))} ms\n`);
  process.stdout.write(`  RSS when ready:          ${stats(runs.map((r) => r.rssReady))} MB (target < 150)\n`);
  process.stdout.write(`  RSS after 20 questions:  ${stats(runs.map((r) => r.rssAfter))} MB\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
