import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/load';
import { KnowledgeStore, type KnowledgeLog } from '../../knowledge/store';

// A watched edit is built in a worker thread: the whole pack is re-indexed (seconds on a busy machine).
async function waitFor(cond: () => boolean, timeoutMs = 60_000, stepMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

interface LogCall {
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

describe('KnowledgeStore hot reload', () => {
  let dir: string;
  let store: KnowledgeStore | undefined;
  const infos: LogCall[] = [];
  const errors: LogCall[] = [];
  const log: KnowledgeLog = {
    info: (obj, msg) => infos.push({ obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, msg }),
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-watch-'));
    // The whole pack: entries, rules, lexicon, out-of-scope subjects and wording.
    for (const f of readdirSync(DEFAULT_KNOWLEDGE_DIR).filter((x) => x.endsWith('.json'))) copyFileSync(join(DEFAULT_KNOWLEDGE_DIR, f), join(dir, f));
    infos.length = 0;
    errors.length = 0;
  });

  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const accounts = () => join(dir, 'accounts.json');
  type Entry = Record<string, unknown> & { id: string };
  const editAccounts = (edit: (entry: Entry) => void) => {
    const json = JSON.parse(readFileSync(accounts(), 'utf8')) as { entries: Entry[] };
    const entry = json.entries.find((e) => e.id === 'merge-accounts');
    if (!entry) throw new Error('merge-accounts missing from the copy');
    edit(entry);
    writeFileSync(accounts(), `${JSON.stringify(json, null, 2)}\n`);
  };

  it('re-indexes a valid edit, then keeps the old index serving when an edit fails validation', async () => {
    store = new KnowledgeStore(dir, log);
    const live = store;
    const original = live.index.entry('merge-accounts')?.answer;
    expect(original).toMatch(/Merge Accounts tool/);
    live.watch(50);

    const edited = 'Yes. Sign in to the account you want to keep and open the Merge Accounts tool to combine them (edited).';
    editAccounts((e) => {
      e.answer = edited;
    });
    await waitFor(() => live.index.entry('merge-accounts')?.answer === edited);
    expect(live.generation).toBeGreaterThan(1);
    expect(infos.find((c) => c.obj.event === 'knowledge-reloaded')?.obj).toMatchObject({ via: 'worker', entries: 31 });
    expect(errors).toHaveLength(0);
    const servingIndex = live.index;
    const generation = live.generation;

    // An invalid edit: the entry loses its answer.
    editAccounts((e) => {
      delete e.answer;
    });
    const expected = 'knowledge: accounts.json entry "merge-accounts": answer: Invalid input: expected string, received undefined';
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toEqual({
      obj: { event: 'knowledge-reload-failed', err: expected },
      msg: 'knowledge edit rejected; the previous index keeps serving',
    });
    // The previous index keeps serving, unchanged.
    expect(live.index).toBe(servingIndex);
    expect(live.generation).toBe(generation);
    expect(live.index.entry('merge-accounts')?.answer).toBe(edited);
    expect(live.index.search('how do I merge two certification accounts', 3)[0]?.entry.id).toBe('merge-accounts');

    expect(live.reload()).toEqual({ ok: false, error: expected });
    expect(live.index).toBe(servingIndex);

    // Fixing the file brings reloads back.
    editAccounts((e) => {
      e.answer = original;
    });
    await waitFor(() => live.index.entry('merge-accounts')?.answer === original);
    expect(live.reload()).toEqual({ ok: true, entries: 31 });
  }, 180_000);

  it('a file that is not JSON is rejected with its name', () => {
    store = new KnowledgeStore(dir, log);
    writeFileSync(join(dir, 'scoring.json'), '{ "entries": [ ');
    const result = store.reload();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/^knowledge: scoring\.json: not valid JSON: /);
    expect(store.index.entry('passing-scores')).toBeDefined();
    expect(errors).toHaveLength(1);
  });
});
