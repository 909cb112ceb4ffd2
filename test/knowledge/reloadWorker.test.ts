/**
 * A reload builds the new index in a worker thread while the old one answers (knowledge/store.ts
 * refresh(), knowledge/buildWorker.ts, knowledge/transfer.ts): real HTTP against the running app on a
 * generated 1,000-entry pack (a build of seconds), the store directly for coalescing and the fallback,
 * and the transfer itself on the real pack (the restored index ranks exactly as the built one).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDateRules } from '../../bot/dateRules';
import { AnswerPipeline } from '../../bot/pipeline';
import { KnowledgeIndex } from '../../knowledge/index';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/load';
import { loadPack } from '../../knowledge/pack';
import { KnowledgeStore, type KnowledgeLog } from '../../knowledge/store';
import { packIndex, unpackIndex } from '../../knowledge/transfer';
import { generatePack } from '../../scripts/kb-generate';
import { message, post, request, startApp, uid, visible, type RunningApp } from '../production/helpers';

interface Entry {
  id: string;
  question: string;
  answer?: string;
}

/** A generated pack of `count` entries in a fresh temp folder. */
function writePack(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'reload-pack-'));
  mkdirSync(dir, { recursive: true });
  for (const f of generatePack(count).files) writeFileSync(join(dir, f.name), `${JSON.stringify(f.json, null, 2)}\n`);
  return dir;
}

/** Changes one entry of the pack's first file. */
function editEntry(dir: string, id: string, edit: (e: Entry) => void): void {
  const file = join(dir, 'generated-01.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { entries: Entry[] };
  const entry = json.entries.find((e) => e.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  edit(entry);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

function recordingLog(): KnowledgeLog & { infos: Array<Record<string, unknown>>; errors: Array<Record<string, unknown>> } {
  const infos: Array<Record<string, unknown>> = [];
  const errors: Array<Record<string, unknown>> = [];
  return { infos, errors, info: (obj) => void infos.push(obj as Record<string, unknown>), error: (obj) => void errors.push(obj as Record<string, unknown>) };
}

describe('a reload of a 1,000-entry pack, over HTTP', () => {
  let dir: string;
  let run: RunningApp;
  beforeAll(async () => {
    dir = writePack(1000);
    // Questions go one after another for the whole build: no rate limit may answer them instead.
    run = await startApp({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'false', RATE_LIMIT_PER_CLIENT: '1000000', RATE_LIMIT_PER_CONVERSATION: '100000' });
  }, 120_000);
  afterAll(async () => {
    await run?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (text: string) => visible(await post(run.base, message(text, { conversationId: uid('reload') }), { timeoutMs: 60_000 }));

  it('answers from the old content while the new index builds in a worker, then from the new; a rejected edit keeps it', async () => {
    const entry = generatePack(1000).entries[0]!;
    const oldAnswer = entry.answer;
    const newAnswer = 'Reloaded answer: the steps changed, see the help page.';
    expect(await ask(entry.question)).toContain(oldAnswer);
    const generation = run.app.knowledge.generation;

    editEntry(dir, entry.id, (e) => {
      e.answer = newAnswer;
    });
    let finishedAt = Infinity;
    const refreshing = run.app.knowledge.refresh().then((r) => {
      finishedAt = performance.now();
      return r;
    });
    expect(run.app.knowledge.building).toBe(true);
    // Questions one after another while it builds: each is answered, from the old index, before the build ends.
    const during: Array<{ at: number; ms: number; text: string }> = [];
    while (finishedAt === Infinity) {
      const t = performance.now();
      const text = await ask(entry.question);
      during.push({ at: performance.now(), ms: performance.now() - t, text });
    }
    const result = await refreshing;
    expect(result).toEqual({ ok: true, entries: 1000 });
    const beforeSwap = during.filter((d) => d.at < finishedAt);
    expect(beforeSwap.length).toBeGreaterThanOrEqual(3);
    for (const d of beforeSwap) expect(d.text).toContain(oldAnswer);
    expect(run.app.knowledge.generation).toBe(generation + 1);
    // The main thread took the index in several small slices.
    expect(run.app.knowledge.lastSwap?.slices).toBeGreaterThan(3);
    expect(await ask(entry.question)).toContain(newAnswer);

    // An edit that fails validation (an entry without an answer): the new content keeps serving, the
    // reason is on /readyz exactly as an in-thread reload gives it.
    editEntry(dir, entry.id, (e) => {
      delete e.answer;
    });
    const rejected = await run.app.knowledge.refresh();
    expect(rejected.ok).toBe(false);
    const error = rejected.ok ? '' : rejected.error;
    expect(error).toBe('knowledge: generated-01.json entry "' + entry.id + '": answer: Invalid input: expected string, received undefined');
    expect(run.app.knowledge.reload()).toEqual({ ok: false, error });
    expect(run.app.knowledge.generation).toBe(generation + 1);
    const ready = await request(`${run.base}/readyz`);
    expect(ready.status).toBe(200);
    expect((ready.json as { checks: Record<string, string> }).checks.knowledgeRejected).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT.*: ${error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(await ask(entry.question)).toContain(newAnswer);
  }, 180_000);
});

describe('KnowledgeStore.refresh', () => {
  let dir: string;
  let store: KnowledgeStore | undefined;
  beforeEach(() => {
    dir = writePack(40);
  });
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('coalesces triggers: one build runs and one waits, and the waiting one reads the folder when it starts', async () => {
    const log = recordingLog();
    const live = (store = new KnowledgeStore(dir, log));
    const entry = generatePack(40).entries[3]!;
    const first = live.refresh();
    // Edited while the first build runs: only the waiting build can see it.
    editEntry(dir, entry.id, (e) => {
      e.answer = 'Second edit of this answer, read by the waiting build.';
    });
    const second = live.refresh();
    const third = live.refresh();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    expect(await first).toEqual({ ok: true, entries: 40 });
    expect(await second).toEqual({ ok: true, entries: 40 });
    expect(live.index.entry(entry.id)?.answer).toBe('Second edit of this answer, read by the waiting build.');
    const reloads = log.infos.filter((i) => i.event === 'knowledge-reloaded');
    expect(reloads).toHaveLength(2);
    for (const r of reloads) expect(r).toMatchObject({ via: 'worker', entries: 40 });
    expect(live.generation).toBe(3);
    expect(live.building).toBe(false);
  }, 120_000);

  it('builds on the main thread, and says so, when no worker can start', async () => {
    const log = recordingLog();
    const live = (store = new KnowledgeStore(dir, log, { workerFile: join(dir, 'no-such-worker.js') }));
    const entry = generatePack(40).entries[0]!;
    editEntry(dir, entry.id, (e) => {
      e.answer = 'Built on the main thread, no worker.';
    });
    expect(await live.refresh()).toEqual({ ok: true, entries: 40 });
    expect(live.index.entry(entry.id)?.answer).toBe('Built on the main thread, no worker.');
    expect(log.errors.map((e) => e.event)).toEqual(['knowledge-worker-unavailable']);
    expect(log.infos.find((i) => i.event === 'knowledge-reloaded')).toMatchObject({ via: 'thread' });
  }, 60_000);
});

describe('the index crossing threads (knowledge/transfer.ts)', () => {
  const built = new KnowledgeIndex(loadPack(DEFAULT_KNOWLEDGE_DIR));

  it('restored from structured clones of its messages, it ranks dev questions exactly as the built index', () => {
    const messages = packIndex(built).map(({ message: m }) => structuredClone(m));
    expect(messages.length).toBeGreaterThan(1);
    const restored = unpackIndex(messages);
    expect(restored).not.toBe(built);
    expect(restored.size).toBe(built.size);
    // Every 15th dev question (each kind: paraphrases, typos, short ones, stories, out of scope).
    const questions = (JSON.parse(readFileSync(join(__dirname, '..', 'eval', 'dev.json'), 'utf8')) as Array<{ q: string }>).map((x) => x.q).filter((_, i) => i % 15 === 0);
    expect(questions.length).toBeGreaterThan(50);
    // Same hits in the same order with the same figures (to 10 digits: MiniSearch's restored maps may sum
    // a score's terms in another order).
    const digits = (_k: string, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v);
    for (const q of questions) expect(JSON.stringify(restored.searchMessage(q), digits)).toBe(JSON.stringify(built.searchMessage(q), digits));
    // Whole answers, date rules included (the pack's triggers, catalogue and events are class instances
    // revived after the clone), are the same from either index.
    const clock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };
    const answers = (index: KnowledgeIndex) => {
      const pipeline = new AnswerPipeline(() => index, createDateRules(() => index.pack), { maxTextLength: 2000 });
      return (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'dev-cases.json'), 'utf8')) as Array<{ turns?: Array<{ text?: string }> }>)
        .flatMap((c) => (c.turns ?? []).map((t) => t.text ?? ''))
        .filter((t) => t.length > 0)
        .map((t) => JSON.stringify(pipeline.answer(t, clock), digits));
    };
    const fromBuilt = answers(built);
    expect(fromBuilt.length).toBeGreaterThan(20);
    expect(answers(restored)).toEqual(fromBuilt);
    const events = built.pack.events;
    expect(events).toBeDefined();
    expect(restored.pack.events?.mentions('I failed my exam on Monday and passed the retake')).toEqual(events?.mentions('I failed my exam on Monday and passed the retake'));
    expect(restored.classifierStats()).toEqual(built.classifierStats());
  });

  it('refuses an object whose class it does not know (it would arrive without its methods)', () => {
    class Unknown {
      readonly n = 1;
    }
    const dir = writePack(20);
    try {
      const index = new KnowledgeIndex(loadPack(dir));
      Object.assign(index, { extra: new Unknown() });
      expect(() => packIndex(index)).toThrow('knowledge transfer: index.extra is a Unknown, unknown to knowledge/transfer.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The classes it knows, found inside the real pack's index.
    expect(packIndex(built)[0]!.message.revive.map(([, name]) => name).sort()).toEqual(['Catalogue', 'EntryClassifier', 'EventVocabulary', 'Triggers']);
  });
});
