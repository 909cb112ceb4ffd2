/**
 * npm run probe:url -- [--url URL] [--only ID] [--tags faq,rule] [--min-pass 0.9] [--verbose] FILE.json...
 *
 * Runs conversations files (the botprobe format, scripts/botprobe.ts; e.g. test/eval/conversations.json)
 * against a running bot: one PASS/FAIL line per case, then "by tag", turn latency and "N passed, M failed".
 * Exit 0 when at least --min-pass (default 1: all) of the cases pass, 1 otherwise, 2 on bad usage.
 * --url defaults to BOT_URL or http://127.0.0.1:3978/api/messages.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ProbeFile, runConversation, type ProbeConversation } from './botprobe';

const USAGE = 'usage: npm run probe:url -- [--url URL] [--only ID] [--tags T,...] [--min-pass R] [--verbose] FILE.json...';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string', default: process.env.BOT_URL ?? 'http://127.0.0.1:3978/api/messages' },
        only: { type: 'string' },
        tags: { type: 'string' },
        'min-pass': { type: 'string', default: '1' },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) fail('probe: no conversations file given');
  const minPass = Number(values['min-pass']);
  if (!(minPass >= 0 && minPass <= 1)) fail(`probe: --min-pass must be between 0 and 1, not "${values['min-pass']}"`);
  const tags = values.tags?.split(',').filter(Boolean);

  const cases: ProbeConversation[] = [];
  for (const file of positionals) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      fail(`probe: ${file}: ${(e as Error).message}`);
    }
    const checked = ProbeFile.safeParse(json);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      fail(`probe: ${file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a conversations file'}`);
    }
    cases.push(...checked.data.filter((c) => (!values.only || c.id === values.only) && (!tags || c.tags.some((t) => tags.includes(t)))));
  }
  if (cases.length === 0) fail('probe: no case selected');

  let passed = 0;
  const latencies: number[] = [];
  const byTag = new Map<string, [number, number]>();
  for (const c of cases) {
    const result = await runConversation(values.url, c);
    latencies.push(...result.latencies);
    const tag = c.tags[0] ?? 'untagged';
    const counts = byTag.get(tag) ?? [0, 0];
    byTag.set(tag, counts);
    if (result.failures.length === 0) {
      passed++;
      counts[0]++;
      process.stdout.write(`PASS ${c.id}\n`);
    } else {
      counts[1]++;
      process.stdout.write(`FAIL ${c.id}: ${result.failures.join(' || ')}\n`);
    }
    if (values.verbose && result.failures.length === 0)
      process.stdout.write(`  ${c.turns.length} turn(s), ${result.latencies.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  }
  latencies.sort((a, b) => a - b);
  const pct = (q: number): string =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1) : 'n/a';
  const failed = cases.length - passed;
  process.stdout.write(`by tag: ${[...byTag].map(([t, [ok, bad]]) => `${t} ${ok}/${ok + bad}`).join(', ')}\n`);
  process.stdout.write(`turn latency ms: p50 ${pct(0.5)}, p95 ${pct(0.95)}, max ${pct(1)}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(passed / cases.length >= minPass ? 0 : 1);
}

void main();
