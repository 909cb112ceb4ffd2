/**
 * A discriminative signal beside BM25: a multinomial logistic regression (softmax) over the entries,
 * trained when the index is built on the knowledge base's own phrasings (each entry's question and
 * alternatives; nothing else). BM25 weighs a word by its rarity across entries; this model learns which
 * words and word pairs tell neighbouring entries apart ("need" + "pass" is the passing score, "when" +
 * "results" the results' arrival), from how the content owners phrased each entry. Deterministic: the
 * same knowledge base always gives the same model.
 */
export const CLASSIFIER_OPTIONS = {
  /** Passes over the phrasings. */
  epochs: 40,
  /** Step size of the first pass; it decays as 1 / (1 + decay * epoch). */
  learningRate: 0.5,
  decay: 0.1,
  /** L2 penalty per step (keeps single rare words from deciding alone). */
  l2: 1e-5,
} as const;

/** Turns a tokenised text into feature strings (the pack's TextModel.features). */
export type Featurizer = (tokens: readonly string[]) => string[];

export class EntryClassifier {
  private readonly featureIndex = new Map<string, number>();
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  /** `examples`: per class (entry id), its phrasings already tokenised; `features` turns tokens into features. */
  constructor(
    readonly classes: readonly string[],
    examples: ReadonlyArray<{ readonly label: number; readonly tokens: readonly string[] }>,
    private readonly features: Featurizer,
  ) {
    const encoded = examples.map((e) => ({
      label: e.label,
      features: features(e.tokens).map((f) => {
        let i = this.featureIndex.get(f);
        if (i === undefined) {
          i = this.featureIndex.size;
          this.featureIndex.set(f, i);
        }
        return i;
      }),
    }));
    const k = classes.length;
    this.weights = new Float64Array(this.featureIndex.size * k);
    this.bias = new Float64Array(k);
    const probs = new Float64Array(k);
    const { epochs, learningRate, decay, l2 } = CLASSIFIER_OPTIONS;
    // A fixed interleaving (by a multiplicative stride) instead of a random shuffle: deterministic.
    const n = encoded.length;
    const stride = coprimeStride(n);
    for (let epoch = 0; epoch < epochs; epoch++) {
      const lr = learningRate / (1 + decay * epoch);
      for (let s = 0; s < n; s++) {
        const ex = encoded[(s * stride + epoch) % n]!;
        if (ex.features.length === 0) continue;
        const x = 1 / Math.sqrt(ex.features.length);
        this.scores(ex.features, x, probs);
        softmaxInPlace(probs);
        for (let c = 0; c < k; c++) {
          const g = probs[c]! - (c === ex.label ? 1 : 0);
          this.bias[c] = this.bias[c]! - lr * g * 0.1;
          for (const f of ex.features) {
            const at = f * k + c;
            this.weights[at] = this.weights[at]! * (1 - lr * l2) - lr * g * x;
          }
        }
      }
    }
  }

  private scores(feats: readonly number[], x: number, out: Float64Array): void {
    const k = this.classes.length;
    for (let c = 0; c < k; c++) out[c] = this.bias[c]!;
    for (const f of feats) {
      const base = f * k;
      for (let c = 0; c < k; c++) out[c] = out[c]! + this.weights[base + c]! * x;
    }
  }

  /** Each class's probability for a tokenised text (sums to 1). */
  predict(tokens: readonly string[]): Map<string, number> {
    const feats = this.features(tokens)
      .map((f) => this.featureIndex.get(f))
      .filter((i): i is number => i !== undefined);
    const probs = new Float64Array(this.classes.length);
    this.scores(feats, feats.length > 0 ? 1 / Math.sqrt(feats.length) : 0, probs);
    softmaxInPlace(probs);
    return new Map(this.classes.map((c, i) => [c, probs[i]!]));
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max);
    sum += v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / sum;
}

function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.618));
  while (n > 1 && gcd(s, n) !== 1) s += 1;
  return s;
}
