/**
 * A large pack still answers as the index did before it was made to scale: a generated pack of 1,500
 * entries (16,500 phrasings; scripts/kb-generate.ts) asks each entry's question and alternatives, and
 * every phrasing's top three entries are those recorded in test/fixtures/scale-1500.json, which was
 * written by test/search/scaleGolden.ts with main's index (MiniSearch's search, the per-entry phrasing
 * maps, the classifier before its flat encoding). Speed is measured by `npm run bench:scale`, not here.
 */
import { readFileSync } from 'node:fs';
import { KnowledgeIndex } from '../../knowledge/index';
import { type Golden, GOLDEN_ENTRIES, GOLDEN_FILE, goldenPack, goldenRun } from './scaleGolden';

describe('a generated pack of 1,500 entries', () => {
  it('answers its own phrasings with the same top entries as before', () => {
    const index = new KnowledgeIndex(goldenPack());
    expect(index.size).toBe(GOLDEN_ENTRIES);
    const got = goldenRun(index);
    const recorded = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
    // The phrasings not answered by their own entry first (a readable difference), then all top threes.
    expect(got.elsewhere).toEqual(recorded.elsewhere);
    expect(got.ownTop).toBe(recorded.ownTop);
    expect(got.top3).toBe(recorded.top3);
    // The generated entries compete (same task across things, same thing across tasks), yet nearly all win their own phrasings.
    expect(got.ownTop / got.phrasings).toBeGreaterThan(0.99);
  }, 120_000);
});
