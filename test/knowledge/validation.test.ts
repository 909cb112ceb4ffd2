import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeError, loadKnowledge, validateKnowledge } from '../../knowledge/load';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';

const { tokenize, processTerm } = new KnowledgeIndex(loadPack()).text;

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'sample-entry',
  topic: 'microcredentials',
  question: 'How long is a microcredential valid?',
  alternatives: ['microcredential validity', 'how long does a microcred last', 'does my MC expire'],
  answer: 'A microcredential is valid for 12 months from the date you pass it.',
  source: 'https://aws.amazon.com/certification/faqs/',
  ...over,
});

const file = (entries: unknown[], name = 'microcredentials.json') => ({ file: name, json: { entries } });

describe('knowledge validation', () => {
  it('accepts the real knowledge base: every entry valid, ids unique, related ids resolve', () => {
    const kb = loadKnowledge();
    expect(kb.entries.length).toBeGreaterThanOrEqual(30);
    for (const e of kb.entries) {
      expect(e.alternatives.length).toBeGreaterThanOrEqual(3);
      for (const r of e.related ?? []) expect(kb.fileOf.has(r)).toBe(true);
    }
  });

  it.each([
    ['a missing field', entry({ answer: undefined }), 'knowledge: microcredentials.json entry "sample-entry": answer: '],
    ['too few alternatives', entry({ alternatives: ['one phrasing', 'two phrasings'] }), 'knowledge: microcredentials.json entry "sample-entry": alternatives: needs at least 3 alternative phrasings'],
    ['a bad id', entry({ id: 'Bad Id' }), 'knowledge: microcredentials.json entry "Bad Id": id: must be lower-case words joined by hyphens'],
    ['a topic that is not lower-case words', entry({ topic: 'Weather Stuff!' }), 'knowledge: microcredentials.json entry "sample-entry": topic: must be lower-case words joined by hyphens'],
    ['a source that is not https', entry({ source: 'ftp://example.com/x' }), 'knowledge: microcredentials.json entry "sample-entry": source: '],
    ['an unknown field', entry({ colour: 'red' }), 'knowledge: microcredentials.json entry "sample-entry": (entry): unknown field(s) colour'],
    [
      'a variant whose pattern is no regular expression',
      entry({ variants: [{ when: '(associate', answer: 'The passing score for Associate exams is 720.' }] }),
      'knowledge: microcredentials.json entry "sample-entry": variants.0.when: must be a valid regular expression',
    ],
  ])('rejects %s with the file, entry id and field', (_name, bad, message) => {
    expect(() => validateKnowledge([file([bad])])).toThrow(KnowledgeError);
    expect(() => validateKnowledge([file([bad])])).toThrow(message);
  });

  it('names the entry by position when it has no usable id', () => {
    expect(() => validateKnowledge([file([entry(), entry({ id: 42 })])])).toThrow('knowledge: microcredentials.json entry "#2": id: ');
  });

  it('rejects duplicate ids across files, naming both files', () => {
    expect(() => validateKnowledge([file([entry()], 'a.json'), file([entry()], 'b.json')])).toThrow(
      'knowledge: duplicate id "sample-entry" in b.json (first in a.json)',
    );
  });

  it('rejects related ids that point nowhere', () => {
    expect(() => validateKnowledge([file([entry({ related: ['no-such-entry'] })])])).toThrow(
      'knowledge: microcredentials.json entry "sample-entry": related: "no-such-entry" points to no entry',
    );
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    writeFileSync(join(dir, 'broken.json'), '{ "entries": [ ');
    expect(() => loadKnowledge(dir)).toThrow(/^knowledge: broken\.json: not valid JSON: /);
  });

  it('rejects an empty folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    expect(() => loadKnowledge(dir)).toThrow('knowledge: no knowledge files found');
  });

  it('rejects a file without entries', () => {
    expect(() => validateKnowledge([{ file: 'x.json', json: { entries: [] } }])).toThrow('knowledge: x.json: entries: ');
  });
});

describe('the shipped knowledge base', () => {
  it('never gives two entries the same phrasing (the same search terms), which would make both tie for it', () => {
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const e of loadKnowledge().entries) {
      for (const p of [e.question, ...e.alternatives]) {
        const key = [...new Set(tokenize(p).flatMap(processTerm))].sort().join(' ');
        const owner = owners.get(key);
        if (owner !== undefined && owner !== e.id) clashes.push(`"${p}" (${e.id}) has the terms of a phrasing of ${owner}`);
        else owners.set(key, e.id);
      }
    }
    expect(clashes).toEqual([]);
  });
});
