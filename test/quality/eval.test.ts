/**
 * `npm run eval`'s arithmetic and its command line, on small labelled sets written for this file (not
 * the dev or test split's questions), through the real answer pipeline.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { belowThresholds, evalPipeline, loadSplit, runEval, type EvalCase } from '../../scripts/eval';

const { pipeline, index } = evalPipeline();

const cases: EvalCase[] = [
  { q: 'How long is a microcredential valid?', expect: 'microcredential-validity', kind: 'paraphrase' },
  { q: 'What score do I need to pass an AWS Certification exam?', expect: 'passing-scores', kind: 'paraphrase' },
  // Labelled wrongly on purpose: the bot answers passing-scores, so this is a confusion.
  { q: 'What is the passing score for an associate exam?', expect: 'exam-results', kind: 'paraphrase' },
  { q: 'how do I attach an EBS volume to an EC2 instance', expect: 'none', kind: 'oos' },
  // In scope, labelled none: a declined case that was wrongly declined would lower precision; this
  // one is answered, so it lowers out-of-scope recall instead.
  { q: 'How can someone verify my AWS Certification?', expect: 'none', kind: 'oos' },
];

describe('npm run eval', () => {
  const r = runEval(cases, pipeline, index, 'unit');

  it('computes top-1, out-of-scope recall and precision from the pipeline outcomes', () => {
    expect(r.cases).toBe(5);
    expect(r.inScope).toBe(3);
    expect(r.outOfScope).toBe(2);
    expect(r.top1).toBeCloseTo(2 / 3, 5);
    // One of the two out-of-scope questions is declined, and the only declined question is out of scope.
    expect(r.oosRecall).toBeCloseTo(0.5, 5);
    expect(r.oosPrecision).toBe(1);
    expect(r.didYouMeanRate).toBe(0);
  });

  it('lists confusion pairs with an example, and each failure', () => {
    expect(r.confusions).toEqual(
      expect.arrayContaining([
        { expected: 'exam-results', got: 'passing-scores', count: 1, examples: ['What is the passing score for an associate exam?'] },
        { expected: 'none', got: 'verify-certification', count: 1, examples: ['How can someone verify my AWS Certification?'] },
      ]),
    );
    expect(r.failures).toHaveLength(2);
  });

  it('counts the right entry among the top three for top-3 recall and MRR', () => {
    // The mislabelled case still has exam-results among the top 3 hits.
    expect(r.top3).toBeGreaterThanOrEqual(2 / 3);
    expect(r.mrr).toBeGreaterThan(2 / 3);
    expect(r.mrr).toBeLessThanOrEqual(1);
  });

  it('names each figure that falls below the thresholds', () => {
    const below = belowThresholds(r, { top1: 0.9, top3: 0.5, oosRecall: 0.9, oosPrecision: 0.9, maxDidYouMeanRate: 0.05 });
    expect(below).toEqual(['top-1 66.7% < 90.0%', 'out-of-scope recall 50.0% < 90.0%']);
    expect(belowThresholds(r, { top1: 0.5, top3: 0.5, oosRecall: 0.5, oosPrecision: 0.5, maxDidYouMeanRate: 0.05 })).toEqual([]);
  });

  it('keeps the dev and test splits apart and labelled with known entries', () => {
    const ids = new Set(index.entries.map((e) => e.id));
    const dev = loadSplit('dev');
    const test = loadSplit('test');
    expect(dev.length).toBeGreaterThanOrEqual(250);
    expect(test.length).toBeGreaterThanOrEqual(150);
    for (const c of [...dev, ...test]) expect(c.expect === 'none' || ids.has(c.expect)).toBe(true);
    const devQuestions = new Set(dev.map((c) => c.q.trim().toLowerCase()));
    expect(test.filter((c) => devQuestions.has(c.q.trim().toLowerCase()))).toEqual([]);
  });

  it('runs from the command line on a file, prints the figures, and exits non-zero below the thresholds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    const run = (args: string[]) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', ...args], { encoding: 'utf8' }) };
      } catch (err) {
        const e = err as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const text = run(['--file', file]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('top-1 accuracy (in scope)   66.7%');
    expect(text.out).toContain('exam-results -> passing-scores   e.g. "What is the passing score for an associate exam?"');
    expect(text.out).toMatch(/BELOW THRESHOLDS: top-1 66\.7% < /);
    const json = run(['--file', file, '--json', '--no-fail']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ cases: 5, inScope: 3, below: expect.arrayContaining([expect.stringMatching(/^top-1/)]) });
  }, 60_000);
});
