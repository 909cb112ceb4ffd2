/** The synthetic pack generator (scripts/kb-generate.ts) used by npm run bench:scale. */
import { validateKnowledge } from '../../knowledge/load';
import { generatePack } from '../../scripts/kb-generate';

describe('kb:generate', () => {
  it('makes a valid, seeded pack whose entries compete, with labelled new phrasings', () => {
    const pack = generatePack(120, 7);
    const kb = validateKnowledge(pack.files.map((f) => ({ file: f.name, json: f.json })));
    expect(kb.entries).toHaveLength(120);
    expect(JSON.stringify(generatePack(120, 7))).toBe(JSON.stringify(pack));
    expect(JSON.stringify(generatePack(120, 8))).not.toBe(JSON.stringify(pack));
    for (const e of kb.entries) expect(e.alternatives.length).toBeGreaterThanOrEqual(10);
    // Words are shared across entries: the thing's name and the task's verbs each serve several entries.
    const firstWord = new Map<string, number>();
    for (const e of kb.entries) firstWord.set(e.id.split('-')[0]!, (firstWord.get(e.id.split('-')[0]!) ?? 0) + 1);
    expect(Math.max(...firstWord.values())).toBeGreaterThan(3);
    // Two labelled questions an entry, none of them a phrasing the entry holds.
    expect(pack.questions).toHaveLength(240);
    const ids = new Set(kb.entries.map((e) => e.id));
    for (const q of pack.questions) {
      expect(ids.has(q.expect)).toBe(true);
      const entry = kb.entries.find((e) => e.id === q.expect)!;
      expect([entry.question, ...entry.alternatives]).not.toContain(q.q);
    }
  });
});
