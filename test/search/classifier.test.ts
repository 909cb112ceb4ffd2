/** The entry classifier (knowledge/classifier.ts): what it learns from phrasings, and how the index uses it. */
import { EntryClassifier } from '../../knowledge/classifier';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { loadKnowledge } from '../../knowledge/load';
const model = new KnowledgeIndex(loadPack()).text;
const { tokenize } = model;
const features = (tokens: readonly string[]): string[] => model.features(tokens);

const toy = (): EntryClassifier =>
  new EntryClassifier([
    ...['when will I get my score', 'how long until my results arrive', 'when do I see my exam result', 'results take how many days'].map((p) => ({ label: 'results', features: features(tokenize(p)) })),
    ...['what score do I need to pass', 'minimum score to pass the exam', 'what is the passing mark', 'how many points do I need'].map((p) => ({ label: 'passing', features: features(tokenize(p)) })),
  ]);
const predict = (clf: EntryClassifier, q: string) => clf.predict(features(tokenize(q)), clf.classes);

describe('entry classifier', () => {
  it('has content terms, question words and neighbouring word pairs as features, exam codes standing for any code', () => {
    const f = features(tokenize('When do I need to retake SAA-C03?'));
    expect(f).toEqual(expect.arrayContaining(['s:when', 's:need', 't:retak', 't:#code', 'b:need_to', 'b:retak_#code']));
    expect(f.some((x) => x.includes('saac03'))).toBe(false);
  });

  it('tells neighbouring entries apart by the words that separate their phrasings', () => {
    const clf = toy();
    const ask = (q: string) => [...predict(clf, q).entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(ask('how long until I see my score')).toBe('results');
    expect(ask('score I need to pass')).toBe('passing');
  });

  it('gives probabilities that sum to 1, and is the same model every time it is trained', () => {
    const a = predict(toy(), 'when is my score out');
    const b = predict(toy(), 'when is my score out');
    expect([...a.values()].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 10);
    expect([...a.entries()]).toEqual([...b.entries()]);
    // A text with no known feature is no evidence for any class over the others.
    const none = predict(toy(), 'zzz qqq');
    expect(Math.abs(none.get('results')! - none.get('passing')!)).toBeLessThan(0.2);
  });

  it('is trained on the knowledge base when the index is built, and each hit carries its probability', () => {
    const index = new KnowledgeIndex(loadPack());
    const hits = index.search('what even are these microcredential things, like mini certs?');
    expect(hits[0]?.entry.id).toBe('microcredential-about');
    expect(hits[0]!.learned).toBeGreaterThan(0.5);
    for (const h of hits.slice(1)) expect(h.learned).toBeLessThan(hits[0]!.learned);
  });
});
