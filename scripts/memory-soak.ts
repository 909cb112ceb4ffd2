/**
 * `npm run soak:memory [-- --conversations 100000] [--concurrency 16] [--ttl 3600] [--max-items 10000] [--snapshots DIR]`
 * Heap after GC as conversations pile up in the in-memory store, then once their idle TTL has passed.
 * The app runs in this process on an ephemeral port with a fake server clock (real time, moved ahead
 * so the TTL can pass at once); every conversation is one real HTTP turn that leaves state behind (a pending date question or
 * the last answer's offers). Runs half of the conversations, lets the TTL pass, then the other half and
 * the TTL again, printing heap after GC at the start, after 1,000 conversations, at each peak and after
 * each TTL. Exits 1 when the heap after the last TTL is not back within 10% (+5 MB) of the start, or
 * when the second half left more than NOISE_BYTES_PER_CONVERSATION per conversation beyond what the
 * first half left (kept documents aside in both). --snapshots writes heap snapshots at each of those
 * points into DIR. Run through `node --expose-gc` (as the npm script does).
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import pino from 'pino';
import { buildApp } from '../bot/app';
import { loadConfig } from '../bot/config';

interface Args {
  conversations: number;
  concurrency: number;
  ttl: number;
  maxItems: number;
  /** Writes heap snapshots (start, end, after-ttl) into this folder. */
  snapshots?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { conversations: 100_000, concurrency: 16, ttl: 3600, maxItems: 10_000 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--snapshots') {
      args.snapshots = argv[i + 1];
      continue;
    }
    const n = Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${argv[i]} needs a positive number`);
    if (argv[i] === '--conversations') args.conversations = n;
    else if (argv[i] === '--concurrency') args.concurrency = n;
    else if (argv[i] === '--ttl') args.ttl = n;
    else if (argv[i] === '--max-items') args.maxItems = n;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

/**
 * What the heap may still grow per extra conversation once its state has expired. V8 keeps compiling
 * (optimised code, deoptimisation data) for a while: heap snapshots of the two after-TTL points of a
 * 40,000 conversation run differ by 0.25 MB of code and nothing of the app's beside the kept documents
 * (12.7 bytes a conversation), a 100,000 run measured 15.4. Anything kept per conversation (a key, a Map
 * entry, a small object) is 50 bytes or more, so it shows above this bound.
 */
const NOISE_BYTES_PER_CONVERSATION = 20;

const QUESTIONS = ['When can I retry my microcredential?', 'How long is a microcredential valid?', 'How do I reschedule my exam?'];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run soak:memory)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The server clock runs with real time (rate-limit windows pass as they would in production) from a
  // fixed start, and jumps ahead when the soak lets the TTL pass.
  let shift = new Date('2026-12-05T12:00:00Z').getTime() - Date.now();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_CLIENT: '1000000',
    RATE_LIMIT_PER_CONVERSATION: '100000',
    MEMORY_STATE_TTL_SECONDS: String(args.ttl),
    MEMORY_STATE_MAX_ITEMS: String(args.maxItems),
  });
  const app = buildApp(config, { logger: pino({ level: 'silent' }), serverNow: () => new Date(Date.now() + shift) });
  const url = `http://127.0.0.1:${await app.listen()}/api/messages`;
  let sent = 0;
  let failed = 0;
  let retried = 0;
  const turn = async (conversation: string, text: string, attempt = 0): Promise<void> => {
    // A kept-alive socket the server closes as idle just as the client reuses it fails the fetch (a client
    // race, not an answer): one retry, counted and printed.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        channelId: 'webchat',
        serviceUrl: 'https://memory.example',
        deliveryMode: 'expectReplies',
        conversation: { id: conversation },
        from: { id: `user-${conversation}` },
        recipient: { id: 'bot' },
        locale: 'en-US',
        localTimezone: 'America/New_York',
        localTimestamp: '2026-11-29T10:00:00-05:00',
        text,
      }),
    }).catch((e: Error) => {
      if (attempt > 0) throw e;
      retried += 1;
      return undefined;
    });
    if (!res) return turn(conversation, text, attempt + 1);
    await res.arrayBuffer();
    if (res.status !== 200) failed += 1;
    sent += 1;
  };
  const run = async (prefix: string, count: number): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: args.concurrency }, async () => {
        while (next < count) {
          const i = next++;
          await turn(`${prefix}-${i}-${'c'.repeat(24)}`, QUESTIONS[i % QUESTIONS.length]!);
        }
      }),
    );
  };
  const held = () => app.storage.memory?.size().items ?? -1;
  // Quality records and reminders are kept on purpose (bounded by their own caps, not by the TTL): their
  // size is reported, and what the TTL must give back is the rest.
  const keptMb = () => (app.storage.memory?.keptChars() ?? 0) / 1024 / 1024;

  await run('warm-up', 200);
  shift += (args.ttl + 1) * 1000;
  await run('warm-up-2', 300);
  const start = await heapAfterGc();
  const snapshot = (name: string) => {
    if (args.snapshots) console.log(`  snapshot ${writeHeapSnapshot(join(args.snapshots, `${name}.heapsnapshot`))}`);
  };
  snapshot('start');
  const keptAtStart = keptMb();
  const started = Date.now();
  console.log(`soak:memory: ${args.conversations} conversations, TTL ${args.ttl} s, cap ${args.maxItems} (one HTTP turn each, ${args.concurrency} at a time)`);
  console.log(`start:                  heap ${mb(start)} after GC, ${held()} conversations held`);

  const first = Math.min(1000, args.conversations);
  await run('first', first);
  const atFirst = await heapAfterGc();
  console.log(`after ${first} conversations: heap ${mb(atFirst)} (+${mb(atFirst - start)}, ${((atFirst - start) / first / 1024).toFixed(1)} KB each), ${held()} held`);

  // Twice: the conversations up to half of them, the TTL, then the rest and the TTL again. What the first
  // half leaves behind once its state has expired is a fixed part (code V8 compiled, caches at their
  // caps, high-water marks); the second half must add nothing to it beyond noise.
  const half = Math.max(first, Math.floor(args.conversations / 2));
  const afterHalf = async (label: string, total: number, done: number): Promise<{ heap: number; kept: number }> => {
    if (total > done) await run(label, total - done);
    const atPeak = await heapAfterGc();
    snapshot(`${label}-end`);
    const seconds = (Date.now() - started) / 1000;
    console.log(`after ${total} conversations: heap ${mb(atPeak)} (+${mb(atPeak - start)}), ${held()} held  [${(sent / seconds).toFixed(0)} turns/s]`);
    shift += (args.ttl + 1) * 1000;
    await run(`${label}-after-ttl`, 300);
    const heap = await heapAfterGc();
    snapshot(`${label}-after-ttl`);
    const kept = (keptMb() - keptAtStart) * 1024 * 1024;
    console.log(`TTL passed (+300 new):  heap ${mb(heap)} (+${mb(heap - start)}), ${held()} held; kept documents (quality records) +${(kept / 1024 / 1024).toFixed(1)} M characters`);
    return { heap, kept };
  };
  const mid = await afterHalf('first-half', half, first);
  const end = await afterHalf('second-half', args.conversations, half);
  // Kept documents count as their characters (one byte each: their text is ASCII JSON).
  const fixed = mid.heap - mid.kept - start;
  const extra = args.conversations - half;
  const perConversation = extra > 0 ? (end.heap - end.kept - (mid.heap - mid.kept)) / extra : 0;
  console.log(`left after the TTL:     ${mb(fixed)} after the first ${half} conversations (fixed part), then ${perConversation.toFixed(1)} bytes per conversation over the next ${extra}, beside the kept documents`);
  console.log(`non-200 answers:        ${failed} (fetches retried once: ${retried})`);
  await app.close();
  const back = end.heap - end.kept <= start * 1.1 + 5 * 1024 * 1024;
  const noGrowth = perConversation <= NOISE_BYTES_PER_CONVERSATION;
  const flat = back && noGrowth && failed === 0;
  console.log(
    flat
      ? 'soak:memory: OK (flat once the TTL passes, beside the kept documents)'
      : `soak:memory: FAILED (${!back ? 'heap not back after the TTL' : !noGrowth ? `grows ${perConversation.toFixed(1)} bytes per conversation once expired` : 'errors'})`,
  );
  process.exit(flat ? 0 : 1);
}

main().catch((e: Error) => {
  console.error(`soak:memory: ${e.message}`);
  process.exit(2);
});
