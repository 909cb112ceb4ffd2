/**
 * The build's index snapshot (knowledge/snapshot.ts): a store started with a snapshot of the same build and
 * the same pack content answers exactly as one that built the index, without training; any other build, a
 * changed pack, a damaged file or code run from source builds the index instead and says why. Uses the
 * library-loans fixture pack (a second organisation's, with its own date rules) copied to a temp folder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { readSnapshot, writeSnapshot } from '../../knowledge/snapshot';
import { KnowledgeStore, type KnowledgeLog } from '../../knowledge/store';

const FIXTURE = join(__dirname, '..', 'fixtures', 'packs', 'library-loans');

function recordingLog(): KnowledgeLog & { infos: Array<Record<string, unknown>> } {
  const infos: Array<Record<string, unknown>> = [];
  return { infos, info: (obj) => void infos.push(obj as Record<string, unknown>), error: () => undefined };
}

let dir: string;
let file: string;
let built: KnowledgeIndex;

beforeAll(() => {
  const tmp = mkdtempSync(join(tmpdir(), 'snapshot-'));
  dir = join(tmp, 'pack');
  cpSync(FIXTURE, dir, { recursive: true });
  file = join(tmp, 'index.snapshot');
  built = new KnowledgeIndex(loadPack(dir));
  expect(writeSnapshot(file, built, dir, 'build-1')).toBeGreaterThan(1000);
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

/** Questions of every kind the pack meets: its entries' own, reworded, a rule question, off-topic. */
function questions(index: KnowledgeIndex): string[] {
  return [...index.entries.map((e) => e.question), ...index.entries.flatMap((e) => e.alternatives.slice(0, 1)), 'when is my book due back', 'how do I renew a dvd', 'what is the weather tomorrow'];
}

const ranking = (index: KnowledgeIndex, q: string) => index.searchMessage(q).hits.map((h) => [h.entry.id, h.score.toFixed(9), h.learned.toFixed(9), h.outOfScope.toFixed(9)]);

describe('the index snapshot of a production build', () => {
  it('same build, same pack: the store loads it (no training) and ranks every question exactly as the built index', () => {
    const log = recordingLog();
    const store = new KnowledgeStore(dir, log, { snapshotFile: file, buildId: 'build-1' });
    expect(log.infos[0]).toMatchObject({ event: 'knowledge-loaded', from: 'snapshot', entries: built.size });
    expect(store.index).not.toBe(built);
    expect(store.index.pack.dir).toBe(dir);
    for (const q of questions(built)) expect(ranking(store.index, q)).toEqual(ranking(built, q));
    // The date rules travel with the pack: the rule ids and the triggers' topics are the pack's own.
    expect([...store.index.pack.rules.keys()]).toEqual([...built.pack.rules.keys()]);
    expect(store.index.pack.triggers?.detect('when is my laptop due back')).toEqual(built.pack.triggers?.detect('when is my laptop due back'));
    store.close();
  });

  it('another build, code run from source, a damaged file or none: the index is built, and the log says why', () => {
    const cases: Array<[Partial<{ snapshotFile: string; buildId: string }>, string]> = [
      [{ snapshotFile: file, buildId: 'build-2' }, 'snapshot of another build'],
      [{ snapshotFile: file }, 'not a production build'],
      [{ snapshotFile: join(dir, 'missing.snapshot'), buildId: 'build-1' }, 'no snapshot'],
    ];
    const damaged = `${file}.damaged`;
    writeFileSync(damaged, readFileSync(file).subarray(0, 5000));
    cases.push([{ snapshotFile: damaged, buildId: 'build-1' }, 'unreadable snapshot']);
    for (const [options, reason] of cases) {
      const log = recordingLog();
      const store = new KnowledgeStore(dir, log, options);
      expect(log.infos[0]).toMatchObject({ event: 'knowledge-loaded', from: 'pack' });
      expect(String(log.infos[0]!.snapshot)).toContain(reason);
      expect(store.index.size).toBe(built.size);
      store.close();
    }
  });

  it("a content owner's edit of the deployed pack: the edited content is built and answers, not the snapshot's", () => {
    const edited = join(dir, '..', 'edited');
    cpSync(dir, edited, { recursive: true });
    const entryFile = [...built.pack.fileOf.values()][0]!;
    const json = JSON.parse(readFileSync(join(edited, entryFile), 'utf8')) as { entries: Array<{ id: string; answer: string }> };
    json.entries[0]!.answer = 'Edited after the build: the desk now opens at nine.';
    writeFileSync(join(edited, entryFile), JSON.stringify(json, null, 2));
    expect(readSnapshot(file, edited, 'build-1')).toEqual({ reason: 'the pack changed since the build' });
    const log = recordingLog();
    const store = new KnowledgeStore(edited, log, { snapshotFile: file, buildId: 'build-1' });
    expect(log.infos[0]).toMatchObject({ from: 'pack', snapshot: 'the pack changed since the build' });
    expect(store.index.entries.find((e) => e.id === json.entries[0]!.id)?.answer).toBe('Edited after the build: the desk now opens at nine.');
    store.close();
  });
});
