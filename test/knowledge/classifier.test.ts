/**
 * The sparse candidate softmax (knowledge/classifier.ts) on its own: deterministic training, what it
 * learns from word pairs, memory that follows the non-zero weights, predictions over a candidate set,
 * and labels that always compete (an out-of-scope class).
 */
import { type ClassifierExample, EntryClassifier } from '../../knowledge/classifier';

/** Features as a pack's TextModel makes them, in small: each word, and each pair of neighbouring words. */
const features = (text: string): string[] => {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0).map((w) => w.replace(/s$/, ''));
  return [...new Set([...words.map((w) => `t:${w}`), ...words.slice(1).map((w, i) => `b:${words[i]}_${w}`)])];
};

const ex = (label: string, phrasings: readonly string[]): ClassifierExample[] => phrasings.map((p) => ({ label, features: features(p) }));
const f = features;
const best = (probs: ReadonlyMap<string, number>) => [...probs.entries()].sort((a, b) => b[1] - a[1])[0]![0];

/** Two classes with the same words in another order: only the neighbouring-word pairs tell them apart. */
const WORD_ORDER = [
  ...ex('dog-bites', ['the dog bites the man', 'a dog bites a man', 'dog bites man', 'did the dog bite the man', 'why does the dog bite the man']),
  ...ex('man-bites', ['the man bites the dog', 'a man bites a dog', 'man bites dog', 'did the man bite the dog', 'why does the man bite the dog']),
];

/** Many classes, each with words of its own beside words every class uses. */
function manyClasses(count: number): ClassifierExample[] {
  return Array.from({ length: count }, (_, c) =>
    ex(`class-${c}`, [`how do I renew the quorn${c} widget`, `renew quorn${c} widget`, `can I renew my quorn${c} widget today`, `quorn${c} widget renewal steps`]),
  ).flat();
}

describe('sparse entry classifier', () => {
  it('is the same model every time it is trained on the same phrasings', () => {
    const a = new EntryClassifier(manyClasses(40));
    const b = new EntryClassifier(manyClasses(40));
    const q = f('how can I renew quorn7 widget');
    expect([...a.predict(q, ['class-7', 'class-8', 'class-9']).entries()]).toEqual([...b.predict(q, ['class-7', 'class-8', 'class-9']).entries()]);
    const { trainMs: _a, ...statsA } = a.stats();
    const { trainMs: _b, ...statsB } = b.stats();
    expect(statsA).toEqual(statsB);
  });

  it('separates classes that share all their words by the word pairs', () => {
    const unigrams = (label: string) => new Set(WORD_ORDER.filter((e) => e.label === label).flatMap((e) => e.features.filter((x) => !x.startsWith('b:'))));
    expect([...unigrams('dog-bites')].sort()).toEqual([...unigrams('man-bites')].sort());
    const clf = new EntryClassifier(WORD_ORDER);
    const both = ['dog-bites', 'man-bites'];
    expect(best(clf.predict(f('my dog bites the man next door'), both))).toBe('dog-bites');
    expect(best(clf.predict(f('that man bites his dog'), both))).toBe('man-bites');
    expect(clf.predict(f('dog bites man'), both).get('dog-bites')).toBeGreaterThan(0.8);
  });

  it('stores only the weights of features a class meets, and counts them', () => {
    const examples = manyClasses(150);
    const own = new Map<string, Set<string>>();
    for (const e of examples) own.set(e.label, new Set([...(own.get(e.label) ?? []), ...e.features]));
    const ownPairs = [...own.values()].reduce((n, s) => n + s.size, 0);
    // Rows of own features only: exactly one weight per (feature, class) pair the phrasings hold.
    const sparse = new EntryClassifier(examples, { negativeRows: 0 }).stats();
    expect(sparse.stored).toBe(ownPairs);
    expect(sparse.weights).toBe(ownPairs);
    expect(sparse.stored).toBeLessThan((sparse.features * sparse.classes) / 20);
    // Typed arrays: about 4 bytes a weight and 4 its feature number, plus the inverted index.
    expect(sparse.bytes).toBeLessThan(sparse.stored * 16 + sparse.classes * 16);
    // As in a large pack: the two closest competitors also learn weights against, still far from dense.
    const large = new EntryClassifier(examples, { negatives: 16, negativeRows: 2 }).stats();
    expect(large.stored).toBeGreaterThan(ownPairs);
    expect(large.stored).toBeLessThan((large.features * large.classes) / 4);
  });

  it('gives probabilities over a candidate set that sum to 1, leaving out labels it does not know', () => {
    const clf = new EntryClassifier(manyClasses(60));
    const probs = clf.predict(f('renew quorn12 widget please'), ['class-12', 'class-30', 'class-45', 'no-such-class']);
    expect([...probs.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    for (const label of ['class-12', 'class-30', 'class-45']) expect(probs.has(label)).toBe(true);
    expect(probs.has('no-such-class')).toBe(false);
    expect(best(probs)).toBe('class-12');
    // A text with no known feature: no evidence for any candidate over another.
    const none = new EntryClassifier(WORD_ORDER).predict(['t:zzz'], ['dog-bites', 'man-bites']);
    expect(Math.abs(none.get('dog-bites')! - none.get('man-bites')!)).toBeLessThan(0.2);
  });

  it('gives a label that always competes its probability when its kind of question is asked', () => {
    const examples = [
      ...manyClasses(30),
      ...ex('out-of-scope', ['what is the weather like today', 'tell me a joke', 'who won the football match', 'is it going to rain', 'what is the capital of peru']),
    ];
    const clf = new EntryClassifier(examples, { alwaysCompete: ['out-of-scope'] });
    // Not among the candidates given, yet in every prediction.
    const off = clf.predict(f('will it rain today'), ['class-3', 'class-4']);
    const others = [...off.entries()].filter(([label]) => label !== 'out-of-scope').map(([, p]) => p);
    expect(off.get('out-of-scope')).toBeGreaterThan(2 * Math.max(...others));
    const on = clf.predict(f('how do I renew quorn3 widget'), ['class-3', 'class-4']);
    expect(best(on)).toBe('class-3');
    expect(on.get('out-of-scope')).toBeLessThan(0.2);
  });
});
