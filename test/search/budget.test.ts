/**
 * Work per message is bounded whatever its words (issue 13, finding 3): a message of junk words is
 * typo-corrected and fuzzy-expanded only within the per-message budget, and junk never fills the
 * correction and expansion caches (so it cannot crowd out the useful entries). Speed itself is measured
 * as a ratio in `npm run bench`-style runs (see the closing notes), not asserted here.
 */
import { createDateRules } from '../../bot/dateRules';
import { AnswerPipeline } from '../../bot/pipeline';
import { KnowledgeIndex, SEARCH_OPTIONS } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';

const pack = loadPack();
const index = new KnowledgeIndex(pack);
const pipeline = new AnswerPipeline(() => index, createDateRules(() => pack), { maxTextLength: 2000 });
const clock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'UTC', locale: 'en-US' };

let seed = 11;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
function junk(chars: number): string {
  let s = '';
  while (s.length < chars) {
    let w = '';
    for (let i = 0, n = 4 + Math.floor(rnd() * 8); i < n; i++) w += String.fromCharCode(97 + Math.floor(rnd() * 26));
    s += `${w} `;
  }
  return s.slice(0, chars);
}
const caches = () => {
  const i = index as unknown as { corrections: Map<string, string>; expansions: Map<string, unknown> };
  return { corrections: i.corrections.size, expansions: i.expansions.size };
};

describe('bounded work per message', () => {
  it('junk words never fill the correction and expansion caches', () => {
    pipeline.answer('how long is a microcredentail valid', clock);
    const before = caches();
    for (let k = 0; k < 30; k++) expect(pipeline.answer(junk(1990), clock).reply.kind).toBe('fallback');
    const after = caches();
    // Random words meet nothing: no cache entry is spent on them.
    expect(after.corrections - before.corrections).toBeLessThanOrEqual(2);
    expect(after.expansions - before.expansions).toBeLessThanOrEqual(30);
  });

  it('a real typo is still corrected and cached, within the budget', () => {
    const reply = pipeline.answer('how lnog is a microcredentail vaild', clock).reply;
    expect(reply.kind).toBe('answer');
    expect(reply.entryId).toBe('microcredential-validity');
    expect(SEARCH_OPTIONS.maxCorrections).toBeGreaterThanOrEqual(3);
  });

  it('raw text far over the limit is refused before any normalising', () => {
    const reply = pipeline.answer(' \u200b'.repeat(5000), clock).reply;
    expect(reply.kind).toBe('notice');
    expect(reply.text).toMatch(/too long/);
  });
});
