/**
 * knowledge/fieldIndex.ts against its reference, MiniSearch itself: the same documents (as the index
 * built them with MiniSearch before: question, alternatives joined, answer, topic) and the same query
 * terms and options give the same best hits, in the same order, with the same scores to the last bit
 * and the same matched query terms. On the real pack's labelled questions and on a generated pack's
 * (half of them with a typo, so prefix and fuzzy expansion are exercised).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { analysePack, fieldDocument, INDEX_FIELDS, SEARCH_OPTIONS } from '../../knowledge/index';
import { FieldIndex, type FieldSearchOptions } from '../../knowledge/fieldIndex';
import { loadPack } from '../../knowledge/pack';
import type { FaqEntry } from '../../knowledge/schema';
import { TextModel } from '../../knowledge/text';
import { loadSplit } from '../../scripts/eval';
import { generatePack } from '../../scripts/kb-generate';

const LIMIT = SEARCH_OPTIONS.rerankDepth;

function compare(
  entries: readonly FaqEntry[],
  text: TextModel,
  questions: readonly string[],
): { queries: number; hits: number; approximate: number } {
  const { entries: analysed, termsOf } = analysePack(entries, text);
  const fields = new FieldIndex(
    INDEX_FIELDS,
    analysed.map((a) => fieldDocument(a, termsOf)),
  );
  const mini = new MiniSearch<{ id: string; question: string; alternatives: string; answer: string; topic: string }>({
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: text.tokenize,
    processTerm: (t) => [...text.processTerm(t)],
  });
  mini.addAll(
    entries.map((e) => ({ id: e.id, question: e.question, alternatives: e.alternatives.join(' \n '), answer: e.answer, topic: e.topic })),
  );
  let hits = 0;
  let approximate = 0;
  for (const q of questions) {
    const terms = text
      .contentTokens(q)
      .flatMap((t) => t.terms)
      .join(' ')
      .split(' ')
      .filter((t) => t.length > 0);
    if (terms.length === 0) continue;
    // The index's own rules (SEARCH_OPTIONS), with their per-query budget of approximate terms.
    const options = (): FieldSearchOptions => {
      let budget = SEARCH_OPTIONS.maxExpansions;
      const ok = (term: string) => fields.has(term) || budget-- > 0;
      return {
        boost: SEARCH_OPTIONS.boost,
        prefix: (term) => term.length >= SEARCH_OPTIONS.prefixMinLength && ok(term),
        fuzzy: (term) => (term.length >= SEARCH_OPTIONS.fuzzyMinLength && !fields.has(term) && ok(term) ? SEARCH_OPTIONS.fuzzy : false),
        maxFuzzy: SEARCH_OPTIONS.maxFuzzy,
      };
    };
    const o = options();
    const expected = mini
      .search(terms.join(' '), { ...o, combineWith: 'OR', tokenize: (s) => s.split(' '), processTerm: (t) => t })
      .slice(0, LIMIT)
      .map((r) => ({ id: String(r.id), score: r.score, queryTerms: [...r.queryTerms].sort() }));
    const got = fields
      .search(terms, options(), LIMIT)
      .map((h) => ({ id: entries[h.doc]!.id, score: h.score, queryTerms: [...h.queryTerms].sort() }));
    expect({ q, hits: got }).toEqual({ q, hits: expected });
    hits += got.length;
    if (terms.some((t) => !fields.has(t))) approximate += 1;
  }
  return { queries: questions.length, hits, approximate };
}

describe('field index', () => {
  it('ranks the real pack as MiniSearch does, to the bit', () => {
    const pack = loadPack();
    const questions = loadSplit('all').map((c) => c.q);
    const r = compare(pack.entries, new TextModel(pack.lexicon), questions);
    expect(r.hits).toBeGreaterThan(questions.length * 5);
    expect(r.approximate).toBeGreaterThan(50);
  }, 60_000);

  it('ranks a generated pack of 1,000 entries as MiniSearch does, typos included', () => {
    const generated = generatePack(1000);
    // Loaded as a pack folder is (no lexicon file: the engine's defaults).
    const dir = mkdtempSync(join(tmpdir(), 'field-index-'));
    for (const f of generated.files) writeFileSync(join(dir, f.name), JSON.stringify(f.json));
    const pack = loadPack(dir);
    rmSync(dir, { recursive: true, force: true });
    const questions = generated.questions.map((c) => c.q);
    const r = compare(pack.entries, new TextModel(pack.lexicon), questions);
    expect(r.approximate).toBeGreaterThan(300);
  }, 60_000);
});
