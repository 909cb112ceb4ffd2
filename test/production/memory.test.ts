/**
 * Issue 13, finding 6 (state that never shrinks), against the real server: conversation state in memory
 * expires after MEMORY_STATE_TTL_SECONDS idle (a fake server clock) and never holds more than
 * MEMORY_STATE_MAX_ITEMS; the rate limiter's windows are bounded and expire on the same server clock;
 * the store and the rate limiter give their memory back once a flood has expired; quality records are
 * filed under the server's day, never the client's localTimestamp. Soak figures: `npm run soak:memory`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BoundedMemoryStorage } from '../../bot/memoryStore';
import { RateLimiter } from '../../bot/rateLimit';
import { AWS_WORDING as WORDING } from '../support/wording';
import { dayKey } from '../../bot/qualityStore';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message, post, startApp, uid, visible, type RunningApp } from './helpers';

// A full GC on demand (as node --expose-gc gives it) for the heap checks below.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) collect();
  return process.memoryUsage().heapUsed;
}
const MB = 1024 * 1024;

const RETRY_QUESTION = 'When can I retry my microcredential?';
const LIMITS = { RATE_LIMIT_PER_CLIENT: '100000', RATE_LIMIT_PER_CONVERSATION: '100000' };

/** A server clock the test moves by hand. */
function fakeClock(start = '2026-12-05T12:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const CAP = 40;
const TTL_MS = 600_000;
const clock = fakeClock();
// One app for the file (building the index is the slow part): a cap of 40, a TTL of 600 s, a fake server clock.
let run: RunningApp;
beforeAll(async () => {
  run = await startApp({ ...LIMITS, MEMORY_STATE_MAX_ITEMS: String(CAP), MEMORY_STATE_TTL_SECONDS: String(TTL_MS / 1000) }, { serverNow: clock.now });
}, 90_000);
afterAll(() => run?.close());

function itemsOf(): number {
  const memory = run.app.storage.memory;
  if (!memory) throw new Error('expected the in-memory store');
  return memory.size().items;
}

/** Every conversation so far forgotten: the clock moves past the TTL. */
function expireAll(): void {
  clock.advance(TTL_MS + 1000);
  expect(itemsOf()).toBe(0);
}

describe('conversation state in memory: idle TTL and size cap', () => {
  test(`100 conversations with MEMORY_STATE_MAX_ITEMS=${CAP}: the store never holds more than ${CAP}; the newest are intact`, async () => {
    expireAll();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const id = uid(`cap-${i}`);
      ids.push(id);
      const res = await post(run.base, message(i % 2 ? FAQ_QUESTION : RETRY_QUESTION, { conversationId: id }));
      expect(res.status).toBe(200);
      expect(itemsOf()).toBeLessThanOrEqual(CAP);
    }
    expect(itemsOf()).toBe(CAP);
    // The newest conversation that asked for a date still has its dialog.
    const answer = await post(run.base, message('Nov 3', { conversationId: ids[ids.length - 2]! }));
    expect(visible(answer)).toMatch(/2026/);
  }, 120_000);

  test('a conversation idle past MEMORY_STATE_TTL_SECONDS is forgotten; one still in use is kept', async () => {
    expireAll();
    const idle = uid('idle');
    const active = uid('active');
    for (const id of [idle, active]) await post(run.base, message(RETRY_QUESTION, { conversationId: id }));
    // Each of these keeps a pending date question (a plain FAQ answer stores no conversation state).
    for (let i = 0; i < 30; i++) await post(run.base, message(RETRY_QUESTION, { conversationId: uid('many') }));
    expect(itemsOf()).toBe(32);

    clock.advance(400_000);
    // The active conversation asks again: its state is read (and kept alive).
    const step = await post(run.base, message('What is the passing score?', { conversationId: active }));
    expect(step.status).toBe(200);
    clock.advance(400_000); // 800 s after the others' last message, 400 s after the active one's.
    expect(itemsOf()).toBe(1);

    // The idle conversation's pending date question is gone: "Nov 3" is now a new (unplaceable) message.
    const late = await post(run.base, message('Nov 3', { conversationId: idle }));
    expect(late.status).toBe(200);
    expect(visible(late)).not.toMatch(/retry|retake/i);
  }, 90_000);

  test('a pending date question within the TTL still gets its answer', async () => {
    const id = uid('within');
    await post(run.base, message(RETRY_QUESTION, { conversationId: id }));
    clock.advance(TTL_MS - 10_000);
    const res = await post(run.base, message('Nov 3', { conversationId: id }));
    expect(visible(res)).toMatch(/2026/);
    expect(visible(res)).not.toContain(WORDING.error);
  }, 60_000);
});

describe('per-conversation data outside the store expires with it (the same server clock)', () => {
  test('60 conversations leave 60 rate-limit windows; once the clock passes the TTL one new turn leaves 1', async () => {
    expireAll();
    for (let i = 0; i < 60; i++) expect((await post(run.base, message(FAQ_QUESTION, { conversationId: uid(`window-${i}`) }))).status).toBe(200);
    expect(run.app.http.rateWindows().perConversation).toBeGreaterThanOrEqual(60);
    clock.advance(TTL_MS + 1000);
    expect((await post(run.base, message(FAQ_QUESTION, { conversationId: uid('after') }))).status).toBe(200);
    expect(run.app.http.rateWindows()).toEqual({ perClient: 1, perConversation: 1 });
  }, 90_000);
});

describe('the store itself', () => {
  test('keeps MemoryStorage semantics: copies, eTags, conflicts', async () => {
    const store = new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 10 });
    await store.write({ a: { n: 1 } });
    const first = (await store.read(['a'])).a!;
    first.n = 99;
    expect((await store.read(['a'])).a).toMatchObject({ n: 1 });
    await store.write({ a: { n: 2, eTag: first.eTag } });
    await expect(store.write({ a: { n: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
    await store.write({ a: { n: 4, eTag: '*' } });
    expect((await store.read(['a'])).a).toMatchObject({ n: 4 });
    await store.delete(['a']);
    expect(await store.read(['a'])).toEqual({});
  });

  test('quality documents are kept apart: a flood of conversations never evicts them', async () => {
    let t = 1_000_000; // lru-cache reads a start time of 0 as "no TTL"
    const store = new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 10, keep: [{ prefix: 'quality/', ttlMs: 35 * 86_400_000, maxItems: 36 }], now: () => t });
    await store.write({ 'quality/2026-12-05': { records: [1] } });
    for (let i = 0; i < 1000; i++) await store.write({ [`webchat/conversations/${i}`]: { i } });
    t += 3_600_000;
    expect(store.size()).toEqual({ items: 0, kept: 1 });
    expect((await store.read(['quality/2026-12-05']))['quality/2026-12-05']).toMatchObject({ records: [1] });
  });
});

describe('rate limiter windows are bounded', () => {
  test('100,000 new keys keep at most maxKeys windows, and a key in use keeps its count (no reset of everyone)', () => {
    let t = 1_000_000; // lru-cache reads a start time of 0 as "no TTL"
    const limiter = new RateLimiter(2, 60_000, () => t, 1000);
    const hot = 'conversation-in-use';
    limiter.hit(hot);
    limiter.hit(hot);
    for (let i = 0; i < 100_000; i++) {
      limiter.hit(`flood-${i}-${'x'.repeat(i % 3 ? 10 : 900)}`);
      if (i % 500 === 0) expect(limiter.hit(hot).allowed).toBe(false);
    }
    expect(limiter.size).toBeLessThanOrEqual(1000);
    t += 60_001;
    expect(limiter.size).toBe(0);
    expect(limiter.hit(hot).allowed).toBe(true);
  });
});

describe('memory comes back once a flood has expired', () => {
  test('a rate limiter that held 100,000 windows gives their memory back once they have expired', () => {
    let t = 1_000_000;
    const limiter = new RateLimiter(5, 60_000, () => t);
    limiter.hit('warm-up');
    const before = heapAfterGc();
    for (let i = 0; i < 99_999; i++) limiter.hit(`webchat|flood-${i}`);
    expect(limiter.size).toBe(100_000);
    t += 60_001;
    expect(limiter.size).toBe(0);
    const after = heapAfterGc();
    expect(limiter.hit('webchat|after').allowed).toBe(true);
    // lru-cache keeps its slot arrays as long as they ever were: about 6 MB for 100,000 windows.
    expect((after - before) / MB).toBeLessThan(1.5);
  });

  test('the store gives back the memory of 40,000 expired conversations; the live ones keep their age and order', async () => {
    let t = 1_000_000;
    const store = new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 100_000, now: () => t });
    await store.write({ 'webchat/conversations/old': { n: 0 } });
    const before = heapAfterGc();
    for (let i = 0; i < 40_000; i++) await store.write({ [`webchat/conversations/flood-${i}`]: { n: i } });
    t += 30_000;
    await store.write({ 'webchat/conversations/live': { n: 1 }, 'webchat/conversations/read': { n: 2 } });
    t += 30_001;
    expect(store.size().items).toBe(2);
    const after = heapAfterGc();
    expect((after - before) / MB).toBeLessThan(1.5);
    // The survivors keep their age: one not read again expires 60 s after its write, not 60 s after the sweep.
    expect(await store.read(['webchat/conversations/read'])).toEqual({ 'webchat/conversations/read': expect.objectContaining({ n: 2 }) });
    t += 30_000;
    expect(store.size().items).toBe(1);
    expect(await store.read(['webchat/conversations/live'])).toEqual({});
  });
});

describe('a quiet store gives back a burst on its next turn after the TTL', () => {
  test('40,000 expired conversations are freed by the next read, not after 256 more writes', async () => {
    let t = 1_000_000;
    const store = new BoundedMemoryStorage({ ttlMs: 600_000, maxItems: 100_000, now: () => t });
    await store.write({ 'webchat/conversations/first': { n: 0 } });
    const before = heapAfterGc();
    for (let i = 0; i < 40_000; i++) await store.write({ [`webchat/conversations/burst-${i}`]: { n: i, text: 'x'.repeat(100) } });
    t += 600_001;
    // The next turn: one read and one write of a new conversation.
    expect(await store.read(['webchat/conversations/next'])).toEqual({});
    await store.write({ 'webchat/conversations/next': { n: 1 } });
    const after = heapAfterGc();
    expect((after - before) / MB).toBeLessThan(1.5);
    expect(store.size().items).toBe(1);
  });
});

describe('quality records are filed by the server clock', () => {
  test("a client's localTimestamp in 1990 files its fallback under the server's day, not 1990-01-01", async () => {
    const res = await post(run.base, message('zorbly quuxification of the flibbertigibbet', { extra: { localTimestamp: '1990-01-01T10:00:00+00:00' } }));
    expect(res.status).toBe(200);
    const faq = await post(run.base, message(FAQ_QUESTION, { extra: { localTimestamp: '2029-06-01T10:00:00+00:00' } }));
    expect(visible(faq)).toContain(FAQ_ANSWER_FRAGMENT);
    await run.app.qualityBuffer.flush();
    expect(await run.app.recorder.read(['1990-01-01', '2029-06-01'])).toEqual([]);
    const serverDay = dayKey(clock.now()).slice('quality/'.length);
    const today = await run.app.recorder.read([serverDay]);
    expect(today.map((r) => r.kind)).toEqual(expect.arrayContaining(['fallback', 'answered']));
    expect(today.every((r) => r.at.startsWith(serverDay))).toBe(true);
  }, 60_000);
});
