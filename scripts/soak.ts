/**
 * `npm run soak [-- --seconds 60] [--rate 50] [--connections 10] [--url http://host:port]`
 * Steady mixed traffic with autocannon for N seconds: FAQ questions, personal-date (rule) questions,
 * a date-dialog answer, card submits, and bad bodies (broken JSON, non-activities, text/plain, gzip
 * activities, broken gzip, a gzip bomb, form-encoded posts, bodies over the limit, over-long texts).
 * Without --url the app is started in this process on an ephemeral port (memory storage, rate limits
 * raised so they do not shape the load) and its RSS is measured at the start and the end.
 * Prints requests, errors by status, latency p50/p99, RSS and heap; exits 1 on any 5xx, socket error or
 * timeout, or RSS or heap growth of 10% or more. Run through `node --expose-gc` (as `npm run soak` does) so both RSS figures
 * are taken after a full garbage collection; otherwise they include whatever garbage is pending.
 */
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import pino from 'pino';
import { buildApp, type App } from '../bot/app';
import { loadConfig } from '../bot/config';

interface Args {
  seconds: number;
  rate: number;
  connections: number;
  url?: string;
  conversations: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seconds: 60, rate: 50, connections: 10, conversations: 500 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const num = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
      i++;
      return n;
    };
    if (flag === '--seconds') args.seconds = num();
    else if (flag === '--rate') args.rate = num();
    else if (flag === '--connections') args.connections = num();
    else if (flag === '--conversations') args.conversations = num();
    else if (flag === '--url') {
      if (!value) throw new Error('--url needs a value');
      args.url = value.replace(/\/+$/, '');
      i++;
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

const FAQ = [
  'How long is a microcredential valid?',
  'How do I reschedule my exam?',
  'What is the passing score for an AWS Certification exam?',
  'How do I verify an AWS Certification?',
  'Can I take the exam online?',
  'how do I merge two certification accounts',
];
const RULES = [
  'I failed my microcredential on Nov 3, when can I retry?',
  'I failed my exam on October 30, when can I retake it?',
  'I passed my microcredential on March 2, 2026. When does it expire?',
  'I took my exam yesterday, when will I get my results?',
];

function activity(text: string | undefined, conversation: string, value?: unknown): string {
  return JSON.stringify({
    type: 'message',
    id: `soak-${Math.random().toString(36).slice(2)}`,
    channelId: 'webchat',
    serviceUrl: 'https://soak.example',
    deliveryMode: 'expectReplies',
    conversation: { id: conversation },
    from: { id: `user-${conversation}` },
    recipient: { id: 'bot' },
    locale: 'en-US',
    localTimezone: 'America/New_York',
    localTimestamp: '2026-11-29T10:00:00-05:00',
    ...(text !== undefined ? { text } : {}),
    ...(value !== undefined ? { value } : {}),
  });
}

type Kind =
  | 'faq'
  | 'rule'
  | 'dialog'
  | 'submit'
  | 'bad-json'
  | 'not-activity'
  | 'text-plain'
  | 'gzip'
  | 'bad-gzip'
  | 'gzip-bomb'
  | 'form'
  | 'over-long'
  | 'long-text';
/** The mix, in order (each connection cycles through it): mostly questions, some bad bodies. */
const MIX: readonly Kind[] = [
  'faq', 'rule', 'faq', 'dialog', 'faq', 'submit', 'bad-json', 'rule', 'not-activity', 'faq', 'text-plain', 'rule',
  'gzip', 'faq', 'bad-gzip', 'rule', 'form', 'faq', 'over-long', 'dialog', 'gzip-bomb', 'faq', 'long-text', 'rule',
];

/** The soak's body limit (the in-process app's MAX_BODY_BYTES; with --url, the server's own default). */
const SOAK_MAX_BODY_BYTES = 256 * 1024;
/** Small when compressed, over the body limit once decompressed (a gzip bomb in miniature). */
const GZIP_BOMB = gzipSync(JSON.stringify({ type: 'message', conversation: { id: 'bomb' }, from: { id: 'u' }, text: 'a'.repeat(SOAK_MAX_BODY_BYTES * 4) }));
/** A JSON body just over the limit, sent as is. */
const OVER_LONG = Buffer.from(activity('x'.repeat(SOAK_MAX_BODY_BYTES + 1024), 'soak-over-long'));

function requestFor(kind: Kind, conversations: number): autocannon.Request {
  const conv = () => `soak-conv-${Math.floor(Math.random() * conversations)}`;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
  const json = { 'content-type': 'application/json' };
  const base = { method: 'POST' as const, path: '/api/messages', headers: json };
  switch (kind) {
    case 'faq':
      return { ...base, setupRequest: (req) => ({ ...req, body: activity(pick(FAQ), conv()) }) };
    case 'rule':
      return { ...base, setupRequest: (req) => ({ ...req, body: activity(pick(RULES), conv()) }) };
    case 'dialog':
      return { ...base, setupRequest: (req) => ({ ...req, body: activity(pick(['When can I retry my microcredential?', 'October 30', 'Nov 3']), conv()) }) };
    case 'submit':
      return { ...base, setupRequest: (req) => ({ ...req, body: activity(undefined, conv(), pick([{ action: 'ask', entryId: 'voucher-expiry' }, { action: 'feedback', entryId: 'microcredential-validity', helpful: true }, { junk: 1 }])) }) };
    case 'bad-json':
      return { ...base, body: '{"type":"message","text":"broken' };
    case 'not-activity':
      return { ...base, body: JSON.stringify({ text: 'no type, conversation or from' }) };
    case 'text-plain':
      return { ...base, headers: { 'content-type': 'text/plain' }, body: 'how long is a microcredential valid?' };
    case 'gzip':
      return { ...base, headers: { ...json, 'content-encoding': 'gzip' }, setupRequest: (req) => ({ ...req, body: gzipSync(activity(pick(FAQ), conv())) }) };
    case 'bad-gzip':
      return { ...base, headers: { ...json, 'content-encoding': 'gzip' }, body: Buffer.from('this is not gzip') };
    case 'gzip-bomb':
      return { ...base, headers: { ...json, 'content-encoding': 'gzip' }, body: GZIP_BOMB };
    case 'form':
      // What a cross-site HTML form can send without a preflight.
      return { ...base, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `payload=${encodeURIComponent(activity(pick(FAQ), conv()))}` };
    case 'over-long':
      return { ...base, body: OVER_LONG };
    case 'long-text':
      return { ...base, setupRequest: (req) => ({ ...req, body: activity(`${pick(FAQ)} ${'lorem ipsum '.repeat(400)}`, conv()) }) };
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** RSS and heap after a full GC when available (node --expose-gc). */
async function memory(): Promise<{ rss: number; heap: number; collected: boolean }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, collected: Boolean(gc) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let app: App | undefined;
  let url = args.url;
  if (!url) {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_WATCH: 'false',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_CLIENT: '1000000',
      RATE_LIMIT_PER_CONVERSATION: '100000',
      MAX_BODY_BYTES: String(SOAK_MAX_BODY_BYTES),
    });
    app = buildApp(config, { logger: pino({ level: 'silent' }) });
    url = `http://127.0.0.1:${await app.listen()}`;
  }
  const requests = MIX.map((k) => requestFor(k, args.conversations));

  // Warm-up at the same rate (JIT, allocator arenas, the conversation pool filling up), then the starting RSS.
  const warmUp = Math.round(Math.min(10, Math.max(3, args.seconds * 0.1)));
  await autocannon({ url, connections: args.connections, overallRate: args.rate, duration: warmUp, requests });
  const start = await memory();
  const rssStart = start.rss;
  console.log(`soak: warmed up for ${warmUp} s; ${url} for ${args.seconds} s at ${args.rate} req/s over ${args.connections} connections${app ? ' (in-process app)' : ''}`);

  const result = await autocannon({ url, connections: args.connections, overallRate: args.rate, duration: args.seconds, timeout: 10, requests });
  const end = await memory();
  const rssEnd = end.rss;

  const byStatus: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) byStatus[status] = (stat as { count: number }).count;
  const fiveXX = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
  const growth = (rssEnd - rssStart) / rssStart;
  const heapGrowth = (end.heap - start.heap) / start.heap;

  console.log(`requests:        ${result.requests.total} (${result.requests.average.toFixed(1)}/s average)`);
  console.log(`by status:       ${Object.entries(byStatus).map(([s, c]) => `${s}: ${c}`).join(', ')}`);
  console.log(`5xx:             ${fiveXX}`);
  console.log(`socket errors:   ${result.errors}, timeouts: ${result.timeouts}`);
  console.log(`latency:         p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  if (app) {
    console.log(`RSS:             start ${mb(rssStart)}, end ${mb(rssEnd)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)${end.collected ? ' after GC' : ' (no --expose-gc: includes uncollected garbage)'}`);
    console.log(`heap used:       start ${mb(start.heap)}, end ${mb(end.heap)} (${heapGrowth >= 0 ? '+' : ''}${(heapGrowth * 100).toFixed(1)}%)${end.collected ? ' after GC' : ''}`);
    const held = app.storage.memory?.size();
    if (held) console.log(`state held:      ${held.items} conversations, ${held.kept} quality documents`);
  } else {
    console.log('RSS:             not measured (--url: the server runs in another process)');
  }
  const ok = fiveXX === 0 && result.errors === 0 && result.timeouts === 0 && (!app || (growth < 0.1 && heapGrowth < 0.1));
  console.log(ok ? 'soak: OK' : 'soak: FAILED (5xx, socket errors, timeouts, or RSS or heap growth >= 10%)');
  if (app) await app.close();
  process.exit(ok ? 0 : 1);
}

main().catch((e: Error) => {
  console.error(`soak: ${e.message}`);
  process.exit(2);
});
