/**
 * A discriminative signal beside BM25: a multinomial logistic regression (softmax) over the entries,
 * trained when the index is built on the knowledge base's own phrasings (each entry's question and
 * alternatives; nothing else). BM25 weighs a word by its rarity across entries; this model learns which
 * words and word pairs tell neighbouring entries apart ("need" + "pass" is the passing score, "when" +
 * "results" the results' arrival), from how the content owners phrased each entry.
 *
 * It grows with the knowledge base's non-zero weights, not with features x classes (a dense softmax over
 * 10,000 entries is 24k x 10k weights and hours of training): a *candidate softmax*. Each training
 * phrasing's softmax runs over its own class and the few classes that compete for it (those sharing its
 * rarest features, found through an inverted index feature -> classes), plus any labels declared to
 * always compete; a class holds weights only for the features its own phrasings use (sparse rows, one
 * sorted feature list per class, turned into one class list per feature once trained). predict() is
 * asked about a set of candidates (the search's best hits) and normalises over them: one lookup per
 * feature of the text, then its column added into the scores. Deterministic: fixed orderings, no randomness; the same phrasings always
 * give the same model. Hand-written because no npm package offers a sparse, sampled softmax that runs
 * in-process in a few seconds; the model is a page of arithmetic.
 *
 * The classifier works on feature strings; the caller decides what a feature is (the pack's
 * TextModel.features).
 */
/**
 * Training work grows with phrasings x competitors x passes, and memory with each class's row. A pack
 * of a couple of thousand phrasings (the AWS pack: 2,064, entries and out-of-scope subjects) gets the
 * full model (40 passes, every class sharing a feature competing, all learning weights against the
 * phrasing's features); a larger one gets fewer passes and competitors, by the budgets below, so
 * 100,000 phrasings train in seconds.
 */
export const CLASSIFIER_OPTIONS = {
  /** Passes over the phrasings: stepBudget / phrasings, within [minEpochs, maxEpochs]. */
  maxEpochs: 40,
  minEpochs: 5,
  stepBudget: 100_000,
  /** Step size of the first pass; it decays as 1 / (1 + decay * epoch). */
  learningRate: 0.5,
  decay: 0.1,
  /** L2 penalty per step (keeps single rare words from deciding alone). */
  l2: 1e-5,
  /**
   * How many competing classes each phrasing's softmax runs over beside its own: pairBudget /
   * phrasings, within [minNegatives, maxNegatives].
   */
  maxNegatives: 128,
  minNegatives: 16,
  pairBudget: 250_000,
  /**
   * How many inverted-index postings a phrasing may visit to find its competitors, rarest features
   * first (its rarest feature is always visited whole): bounds the work per phrasing in a large pack.
   */
  candidateBudget: 2000,
  /** ...and at most this many over all phrasings (candidateWork / phrasings each, at least minCandidateBudget). */
  candidateWork: 40_000_000,
  minCandidateBudget: 400,
  /**
   * Of those competitors, how many (the closest) also learn weights on the phrasing's features that
   * their own phrasings never use (evidence against them); the others only on the features they share.
   * rowBudget / classes, at most all of them.
   */
  rowBudget: 16_000,
} as const;

export interface ClassifierOptions {
  /** Fixed values instead of the ones CLASSIFIER_OPTIONS' budgets give. */
  readonly epochs?: number;
  readonly negatives?: number;
  readonly negativeRows?: number;
  readonly learningRate?: number;
  readonly decay?: number;
  readonly l2?: number;
  readonly candidateBudget?: number;
  /** Labels in every softmax, in training and in predict() (an out-of-scope class, say). */
  readonly alwaysCompete?: readonly string[];
}

/** One training phrasing: its class and its features (strings, as TextModel.features makes them). */
export interface ClassifierExample {
  readonly label: string;
  readonly features: readonly string[];
}

/** What the model holds, for benchmarks and tests. */
export interface ClassifierStats {
  readonly classes: number;
  readonly features: number;
  /** Stored (feature, class) weights... */
  readonly stored: number;
  /** ...of which non-zero. */
  readonly weights: number;
  /** Bytes of the typed arrays that hold the model and its inverted index (the feature-name map aside). */
  readonly bytes: number;
  /** Training time in milliseconds (the inverted index, the competitor sets and the passes). */
  readonly trainMs: number;
  /** The training settings the budgets gave (CLASSIFIER_OPTIONS). */
  readonly epochs: number;
  readonly negatives: number;
  readonly negativeRows: number;
}

export class EntryClassifier {
  /** The class labels, in order of first appearance among the examples (then alwaysCompete). */
  readonly classes: readonly string[];
  private readonly classIndex = new Map<string, number>();
  private readonly featureIndex = new Map<string, number>();
  private readonly always: readonly number[];
  /**
   * The weights by feature (the rows of training, transposed once trained): the classes holding a weight
   * for feature f are colClasses[colStart[f] .. colStart[f + 1]) (ascending), their weights alongside in
   * colWeights. predict() looks each feature of a text up once and adds its column into the classes.
   */
  private readonly colStart: Int32Array;
  private readonly colClasses: Int32Array;
  private readonly colWeights: Float32Array;
  private readonly bias: Float32Array;
  /** The inverted index: the classes whose own phrasings use feature f are postClasses[postStart[f] .. postStart[f + 1]). */
  private readonly postStart: Int32Array;
  private readonly postClasses: Int32Array;
  private readonly negatives: number;
  /** Scratch space for competitors(): each class's shared weight with the text (all zero between calls). */
  private readonly shared: Float64Array;
  /** Scratch space for predict(): each class's score, and the call that last put the class in the softmax. */
  private readonly scores: Float64Array;
  private readonly inSoftmax: Int32Array;
  private calls = 0;
  /** Each feature's rarity among classes, log((classes + 1) / df): its weight in competitors(). */
  private readonly featureWeight: Float64Array;
  private readonly candidateBudget: number;
  private readonly trainMs: number;
  private readonly settings: { readonly epochs: number; readonly negatives: number; readonly negativeRows: number };

  /**
   * `examples` may be a generator: each example's feature strings are read once, in order, and turned
   * into numbers, so a large pack's strings need not all be alive at once.
   */
  constructor(examples: Iterable<ClassifierExample>, options: ClassifierOptions = {}) {
    const started = performance.now();
    const d = CLASSIFIER_OPTIONS;
    const within = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
    const labels: string[] = [];
    const classOf = (label: string): number => {
      let c = this.classIndex.get(label);
      if (c === undefined) {
        c = labels.length;
        labels.push(label);
        this.classIndex.set(label, c);
      }
      return c;
    };
    // The phrasings, encoded into flat lists: phrasing e has class labelOf[e] and the features (ascending
    // numbers) feats[featStart[e] .. featStart[e + 1]).
    const labelList: number[] = [];
    const featList: number[] = [];
    const featStartList = [0];
    for (const e of examples) {
      const label = classOf(e.label);
      const ids = new Set<number>();
      for (const f of e.features) {
        let i = this.featureIndex.get(f);
        if (i === undefined) {
          i = this.featureIndex.size;
          this.featureIndex.set(f, i);
        }
        ids.add(i);
      }
      labelList.push(label);
      for (const f of [...ids].sort((a, b) => a - b)) featList.push(f);
      featStartList.push(featList.length);
    }
    const labelOf = Int32Array.from(labelList);
    const feats = Int32Array.from(featList);
    const featStart = Int32Array.from(featStartList);
    const n = labelOf.length;
    const featuresOf = (e: number) => feats.subarray(featStart[e]!, featStart[e + 1]!);
    const o = {
      ...d,
      epochs: within(Math.ceil(d.stepBudget / Math.max(1, n)), d.minEpochs, d.maxEpochs),
      negatives: within(Math.floor(d.pairBudget / Math.max(1, n)), d.minNegatives, d.maxNegatives),
      candidateBudget: within(Math.floor(d.candidateWork / Math.max(1, n)), d.minCandidateBudget, d.candidateBudget),
      ...options,
    };
    this.always = [...new Set((options.alwaysCompete ?? []).map(classOf))];
    this.classes = labels;
    const k = labels.length;
    const nf = this.featureIndex.size;
    const negativeRows = options.negativeRows ?? Math.min(o.negatives, Math.floor(d.rowBudget / Math.max(1, k)));

    // 1. Each class's own features (those its phrasings use), and from them the inverted index
    // feature -> classes (ascending) with each feature's rarity among classes.
    const stamp = new Int32Array(nf).fill(-1);
    const byClass: number[][] = Array.from({ length: k }, () => []);
    for (let e = 0; e < n; e++) byClass[labelOf[e]!]!.push(e);
    const own = byClass.map((exs, c) => {
      const row: number[] = [];
      for (const i of exs) {
        for (const f of featuresOf(i)) {
          if (stamp[f] !== c) {
            stamp[f] = c;
            row.push(f);
          }
        }
      }
      return row;
    });
    const postStart = (this.postStart = new Int32Array(nf + 1));
    for (const row of own) for (const f of row) postStart[f + 1]! += 1;
    for (let f = 0; f < nf; f++) postStart[f + 1] = postStart[f + 1]! + postStart[f]!;
    const postClasses = (this.postClasses = new Int32Array(postStart[nf]!));
    const fill = postStart.slice(0, nf);
    own.forEach((row, c) => {
      for (const f of row) postClasses[fill[f]!++] = c;
    });

    // 2. Per phrasing, its competitors: its own class first, then the classes sharing the most of its
    // rarest features (IDF-weighted), then the always-competing labels.
    this.negatives = o.negatives;
    this.shared = new Float64Array(k);
    this.featureWeight = new Float64Array(nf);
    for (let f = 0; f < nf; f++) this.featureWeight[f] = Math.log((k + 1) / (postStart[f + 1]! - postStart[f]!));
    this.candidateBudget = o.candidateBudget;
    // Phrasing e's candidates are cands[exStart[e] .. exStart[e + 1]); pair p is (exOf[p], cands[p]).
    const candList: number[] = [];
    const exStartList = [0];
    for (let e = 0; e < n; e++) {
      const candidates = [labelOf[e]!, ...this.competitors(featuresOf(e), labelOf[e])];
      for (const c of this.always) if (!candidates.includes(c)) candidates.push(c);
      for (const c of candidates) candList.push(c);
      exStartList.push(candList.length);
    }
    const cands = Int32Array.from(candList);
    const exStart = Int32Array.from(exStartList);
    const pairs = exStart[n]!;

    // 3. Each class's row: its own features, plus every feature of the phrasings it is one of the
    // `negativeRows` closest competitors of (the always-competing labels of every phrasing): a feature
    // that speaks against the class. Only these weights exist.
    const against: number[][] = Array.from({ length: k }, () => []);
    for (let e = 0; e < n; e++) {
      for (let j = 1; j < exStart[e + 1]! - exStart[e]!; j++) {
        const c = cands[exStart[e]! + j]!;
        if (j <= negativeRows || this.always.includes(c)) against[c]!.push(e);
      }
    }
    stamp.fill(-1);
    const rows = own.map((row, c) => {
      for (const f of row) stamp[f] = c;
      for (const i of against[c]!) {
        for (const f of featuresOf(i)) {
          if (stamp[f] !== c) {
            stamp[f] = c;
            row.push(f);
          }
        }
      }
      return Int32Array.from(row).sort();
    });
    // Per class c, its features are rowFeatures[rowStart[c] .. rowStart[c + 1]) (ascending), their weights alongside.
    const rowStart = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) rowStart[c + 1] = rowStart[c]! + rows[c]!.length;
    const rowFeatures = new Int32Array(rowStart[k]!);
    rows.forEach((row, c) => rowFeatures.set(row, rowStart[c]!));
    const weights = new Float32Array(rowFeatures.length);
    const bias = (this.bias = new Float32Array(k));

    // 4. Per phrasing and competitor, the weight slots of the phrasing's features in the competitor's
    // row, computed once and reused by every pass; class by class (each row is marked once). Pair
    // p = exStart[e] + i is phrasing e's i-th candidate; its slots are slots[slotStart[p] .. slotEnd[p]).
    // The pairs grouped by candidate class, in phrasing order: the loops below run over millions of pairs.
    const exOf = new Int32Array(pairs);
    for (let e = 0; e < n; e++) exOf.fill(e, exStart[e]!, exStart[e + 1]!);
    const pairStart = new Int32Array(k + 1);
    for (let p = 0; p < pairs; p++) pairStart[cands[p]! + 1]! += 1;
    for (let c = 0; c < k; c++) pairStart[c + 1] = pairStart[c + 1]! + pairStart[c]!;
    const pairOf = new Int32Array(pairs);
    const cursor = pairStart.slice(0, k);
    for (let p = 0; p < pairs; p++) pairOf[cursor[cands[p]!]!++] = p;
    // One pass: pair p may use up to its phrasing's feature count of places from slotStart[p] (the
    // running sum of those counts); it uses slotStart[p] .. slotEnd[p).
    const slotAt = new Int32Array(nf).fill(-1);
    const slotStart = new Int32Array(pairs);
    const slotEnd = new Int32Array(pairs);
    let room = 0;
    for (let p = 0; p < pairs; p++) {
      slotStart[p] = room;
      room += featStart[exOf[p]! + 1]! - featStart[exOf[p]!]!;
    }
    const slots = new Int32Array(room);
    for (let c = 0; c < k; c++) {
      for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) slotAt[rowFeatures[j]!] = j;
      for (let q = pairStart[c]!; q < pairStart[c + 1]!; q++) {
        const p = pairOf[q]!;
        const e = exOf[p]!;
        let at = slotStart[p]!;
        for (let i = featStart[e]!; i < featStart[e + 1]!; i++) {
          const slot = slotAt[feats[i]!]!;
          if (slot >= 0) slots[at++] = slot;
        }
        slotEnd[p] = at;
      }
      for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) slotAt[rowFeatures[j]!] = -1;
    }
    const scale = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      const count = featStart[e + 1]! - featStart[e]!;
      scale[e] = count > 0 ? 1 / Math.sqrt(count) : 0;
    }

    // A fixed interleaving (by a multiplicative stride) instead of a random shuffle: deterministic.
    const stride = coprimeStride(n);
    const probs = new Float64Array(k);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const lr = o.learningRate / (1 + o.decay * epoch);
      const shrink = 1 - lr * o.l2;
      for (let s = 0; s < n; s++) {
        const e = (s * stride + epoch) % n;
        const x = scale[e]!;
        if (x === 0) continue;
        const p0 = exStart[e]!;
        const m = exStart[e + 1]! - p0;
        let max = -Infinity;
        for (let i = 0; i < m; i++) {
          let z = bias[cands[p0 + i]!]!;
          for (let j = slotStart[p0 + i]!; j < slotEnd[p0 + i]!; j++) z += weights[slots[j]!]! * x;
          probs[i] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let i = 0; i < m; i++) sum += probs[i] = Math.exp(probs[i]! - max);
        for (let i = 0; i < m; i++) {
          const g = probs[i]! / sum - (i === 0 ? 1 : 0);
          const c = cands[p0 + i]!;
          bias[c] = bias[c]! - lr * g * 0.1;
          const step = lr * g * x;
          for (let j = slotStart[p0 + i]!; j < slotEnd[p0 + i]!; j++) {
            const at = slots[j]!;
            weights[at] = weights[at]! * shrink - step;
          }
        }
      }
    }

    // 5. The rows transposed into columns (feature -> classes), classes ascending in each: what predict() reads.
    const colStart = (this.colStart = new Int32Array(nf + 1));
    for (let j = 0; j < rowFeatures.length; j++) colStart[rowFeatures[j]! + 1]! += 1;
    for (let f = 0; f < nf; f++) colStart[f + 1] = colStart[f + 1]! + colStart[f]!;
    const colClasses = (this.colClasses = new Int32Array(rowFeatures.length));
    const colWeights = (this.colWeights = new Float32Array(rowFeatures.length));
    const at = colStart.slice(0, nf);
    for (let c = 0; c < k; c++) {
      for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
        const i = at[rowFeatures[j]!]!++;
        colClasses[i] = c;
        colWeights[i] = weights[j]!;
      }
    }
    this.scores = new Float64Array(k);
    this.inSoftmax = new Int32Array(k);
    this.trainMs = performance.now() - started;
    this.settings = { epochs: o.epochs, negatives: o.negatives, negativeRows };
  }

  /**
   * The classes that compete for a text: those sharing the most of its rarest features (each feature
   * weighted by its rarity among classes), at most `negatives` of them, best first (ties by class
   * number), `except` aside. The postings visited are bounded by `candidateBudget` (the rarest
   * feature's are always visited whole).
   */
  private competitors(feats: ArrayLike<number>, except = -1): number[] {
    const { postStart, postClasses, shared, featureWeight } = this;
    const budget = this.candidateBudget;
    const negatives = this.negatives;
    // Rarest first (ties by feature number): df * 2^21 + f sorts as (df, f) in one numeric key.
    const m = feats.length;
    const keys = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const f = feats[i]!;
      keys[i] = (postStart[f + 1]! - postStart[f]!) * 2097152 + f;
    }
    keys.sort();
    const touched: number[] = [];
    let visited = 0;
    for (let i = 0; i < m; i++) {
      const f = keys[i]! % 2097152;
      const start = postStart[f]!;
      const end = postStart[f + 1]!;
      if (visited > 0 && visited + (end - start) > budget) break;
      const w = featureWeight[f]!;
      for (let j = start; j < end; j++) {
        const c = postClasses[j]!;
        if (c === except) continue;
        if (shared[c] === 0) touched.push(c);
        shared[c] = shared[c]! + w;
      }
      visited += end - start;
    }
    // The best `negatives` of them, kept in order by insertion (they are few).
    const best: number[] = [];
    for (let t = 0; t < touched.length; t++) {
      const c = touched[t]!;
      const sc = shared[c]!;
      if (best.length === negatives) {
        const last = best[negatives - 1]!;
        if (!(sc > shared[last]! || (sc === shared[last] && c < last))) continue;
      }
      let i = Math.min(best.length, negatives - 1);
      if (best.length < negatives) best.push(c);
      while (i > 0) {
        const b = best[i - 1]!;
        if (!(sc > shared[b]! || (sc === shared[b] && c < b))) break;
        best[i] = b;
        i -= 1;
      }
      best[i] = c;
    }
    for (let t = 0; t < touched.length; t++) shared[touched[t]!] = 0;
    return best;
  }

  /**
   * Probabilities over the given candidate labels and the always-competing ones, for a text's features
   * (sums to 1 over them). Labels the model does not know are left out.
   */
  predict(textFeatures: readonly string[], candidates: readonly string[]): Map<string, number> {
    const feats: number[] = [];
    for (const f of new Set(textFeatures)) {
      const i = this.featureIndex.get(f);
      if (i !== undefined) feats.push(i);
    }
    const x = feats.length > 0 ? 1 / Math.sqrt(feats.length) : 0;
    // The softmax's classes, each once, in order: the candidates, the always-competing labels, then the
    // classes the model itself finds competing for the text (as in training).
    const { scores, inSoftmax, bias } = this;
    const call = (this.calls = (this.calls % 0x7ffffffe) + 1);
    if (call === 1) inSoftmax.fill(0);
    const ids: number[] = [];
    const join = (c: number) => {
      if (inSoftmax[c] === call) return;
      inSoftmax[c] = call;
      scores[c] = bias[c]!;
      ids.push(c);
    };
    for (const label of candidates) {
      const c = this.classIndex.get(label);
      if (c !== undefined) join(c);
    }
    for (const c of this.always) join(c);
    for (const c of this.competitors(feats)) join(c);
    // Each feature's column added into the classes of the softmax, feature by feature (the same sums, in
    // the same order, as a class-by-class walk of the features).
    const { colStart, colClasses, colWeights } = this;
    for (const f of feats) {
      for (let j = colStart[f]!; j < colStart[f + 1]!; j++) {
        const c = colClasses[j]!;
        if (inSoftmax[c] === call) scores[c] = scores[c]! + colWeights[j]! * x;
      }
    }
    let max = -Infinity;
    for (const c of ids) if (scores[c]! > max) max = scores[c]!;
    let sum = 0;
    const exps = ids.map((c) => {
      const e = Math.exp(scores[c]! - max);
      sum += e;
      return e;
    });
    return new Map(ids.map((c, i) => [this.classes[c]!, exps[i]! / sum]));
  }

  stats(): ClassifierStats {
    const bytes = [this.colStart, this.colClasses, this.colWeights, this.bias, this.postStart, this.postClasses].reduce(
      (n, a) => n + a.byteLength,
      0,
    );
    let nonZero = 0;
    for (const w of this.colWeights) if (w !== 0) nonZero += 1;
    return {
      classes: this.classes.length,
      features: this.featureIndex.size,
      stored: this.colWeights.length,
      weights: nonZero,
      bytes,
      trainMs: this.trainMs,
      ...this.settings,
    };
  }
}

function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(n * 0.618));
  while (n > 1 && gcd(s, n) !== 1) s += 1;
  return s;
}
