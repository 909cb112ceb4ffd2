/**
 * `npm run eval [-- --split dev|test|all | --file FILE.json] [--json] [--no-fail] [--verbose]`: QnA Maker's batch test, for this bot.
 * Runs the real answer pipeline (search, decision, rules detection) on a labelled split and prints
 * top-1 accuracy, top-3 recall, MRR, out-of-scope precision and recall, the did-you-mean rate, the
 * confusion pairs and a per-topic table. Exits 1 when a figure falls below test/eval/thresholds.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadPack } from '../knowledge/pack';
import { KnowledgeIndex } from '../knowledge/index';
import { createDateRules } from '../bot/dateRules';
import { AnswerPipeline } from '../bot/pipeline';
import type { TurnClock } from '../rules/clock';

const EvalCase = z.object({ q: z.string(), expect: z.string(), kind: z.string() });
export type EvalCase = z.infer<typeof EvalCase>;
const Thresholds = z.object({ top1: z.number(), top3: z.number(), oosRecall: z.number(), oosPrecision: z.number(), maxDidYouMeanRate: z.number() });

export const EVAL_DIR = join(__dirname, '..', 'test', 'eval');
const CLOCK: TurnClock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };

export function loadSplit(split: 'dev' | 'test' | 'all'): EvalCase[] {
  const names = split === 'all' ? ['dev', 'test'] : [split];
  return names.flatMap((n) => z.array(EvalCase).parse(JSON.parse(readFileSync(join(EVAL_DIR, `${n}.json`), 'utf8'))));
}

/** A labelled file of the same shape as the splits (for new questions before they join dev). */
export function loadFile(path: string): EvalCase[] {
  return z.array(EvalCase).parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface CaseResult {
  readonly c: EvalCase;
  /** The entry the bot answered with, 'none' for a fallback, 'didYouMean' for choices. */
  readonly got: string;
  readonly ranked: readonly string[];
}

export interface EvalReport {
  readonly split: string;
  readonly cases: number;
  readonly inScope: number;
  readonly outOfScope: number;
  readonly top1: number;
  readonly top3: number;
  readonly mrr: number;
  readonly oosPrecision: number;
  readonly oosRecall: number;
  readonly didYouMeanRate: number;
  readonly confusions: ReadonlyArray<{ expected: string; got: string; count: number; examples: string[] }>;
  readonly topics: ReadonlyArray<{ topic: string; cases: number; top1: number }>;
  readonly kinds: ReadonlyArray<{ kind: string; cases: number; correct: number }>;
  readonly failures: ReadonlyArray<{ q: string; expected: string; got: string }>;
}

export function runEval(cases: readonly EvalCase[], pipeline: AnswerPipeline, index: KnowledgeIndex, split = 'custom'): EvalReport {
  const results: CaseResult[] = cases.map((c) => {
    const outcome = pipeline.answer(c.q, CLOCK);
    const ranked = index.search(c.q, 10).map((h) => h.entry.id);
    let got: string;
    // Small talk answered as small talk ("what's your name") is declined too: no entry was offered.
    if (outcome.decision === 'fallback' || outcome.decision === 'chitchat') got = 'none';
    else if (outcome.decision === 'didYouMean') got = 'didYouMean';
    else got = outcome.reply.entryId ?? `(${outcome.decision})`;
    // Choices offered count toward top-3 recall: the user can pick the right one.
    const offered = outcome.reply.choices?.map((o) => o.entryId) ?? [];
    return { c, got, ranked: got !== 'none' && got !== 'didYouMean' ? [got, ...ranked.filter((r) => r !== got)] : offered.length ? offered : ranked };
  });
  const inScope = results.filter((r) => r.c.expect !== 'none');
  const oos = results.filter((r) => r.c.expect === 'none');
  const declined = results.filter((r) => r.got === 'none');
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const top1 = ratio(inScope.filter((r) => r.got === r.c.expect).length, inScope.length);
  const top3 = ratio(inScope.filter((r) => r.got !== 'none' && r.ranked.slice(0, 3).includes(r.c.expect)).length, inScope.length);
  const mrr =
    inScope.reduce((sum, r) => {
      if (r.got === 'none') return sum;
      const i = r.ranked.indexOf(r.c.expect);
      return sum + (i >= 0 ? 1 / (i + 1) : 0);
    }, 0) / Math.max(1, inScope.length);
  const oosRecall = ratio(oos.filter((r) => r.got === 'none').length, oos.length);
  const oosPrecision = ratio(declined.filter((r) => r.c.expect === 'none').length, declined.length);
  const didYouMeanRate = ratio(results.filter((r) => r.got === 'didYouMean').length, results.length);

  const pairs = new Map<string, { expected: string; got: string; count: number; examples: string[] }>();
  for (const r of results) {
    if (r.got === r.c.expect) continue;
    const k = `${r.c.expect} -> ${r.got}`;
    const p = pairs.get(k) ?? { expected: r.c.expect, got: r.got, count: 0, examples: [] };
    p.count += 1;
    if (p.examples.length < 3) p.examples.push(r.c.q);
    pairs.set(k, p);
  }
  const topicOf = (id: string) => index.entry(id)?.topic ?? 'out-of-scope';
  const topics = new Map<string, { cases: number; correct: number }>();
  const kinds = new Map<string, { cases: number; correct: number }>();
  for (const r of results) {
    for (const [map, key] of [[topics, topicOf(r.c.expect)], [kinds, r.c.kind]] as const) {
      const t = map.get(key) ?? { cases: 0, correct: 0 };
      t.cases += 1;
      if (r.got === r.c.expect) t.correct += 1;
      map.set(key, t);
    }
  }
  return {
    split,
    cases: results.length,
    inScope: inScope.length,
    outOfScope: oos.length,
    top1,
    top3,
    mrr,
    oosPrecision,
    oosRecall,
    didYouMeanRate,
    confusions: [...pairs.values()].sort((a, b) => b.count - a.count),
    topics: [...topics.entries()].map(([topic, t]) => ({ topic, cases: t.cases, top1: t.correct / t.cases })).sort((a, b) => a.topic.localeCompare(b.topic)),
    kinds: [...kinds.entries()].map(([kind, t]) => ({ kind, ...t })).sort((a, b) => a.kind.localeCompare(b.kind)),
    failures: results.filter((r) => r.got !== r.c.expect).map((r) => ({ q: r.c.q, expected: r.c.expect, got: r.got })),
  };
}

export function belowThresholds(report: EvalReport, t: z.infer<typeof Thresholds>): string[] {
  const out: string[] = [];
  if (report.top1 < t.top1) out.push(`top-1 ${pct(report.top1)} < ${pct(t.top1)}`);
  if (report.top3 < t.top3) out.push(`top-3 ${pct(report.top3)} < ${pct(t.top3)}`);
  if (report.oosRecall < t.oosRecall) out.push(`out-of-scope recall ${pct(report.oosRecall)} < ${pct(t.oosRecall)}`);
  if (report.oosPrecision < t.oosPrecision) out.push(`out-of-scope precision ${pct(report.oosPrecision)} < ${pct(t.oosPrecision)}`);
  if (report.didYouMeanRate > t.maxDidYouMeanRate) out.push(`did-you-mean rate ${pct(report.didYouMeanRate)} > ${pct(t.maxDidYouMeanRate)}`);
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function loadThresholds() {
  return Thresholds.parse(JSON.parse(readFileSync(join(EVAL_DIR, 'thresholds.json'), 'utf8')));
}

export function evalPipeline(): { pipeline: AnswerPipeline; index: KnowledgeIndex } {
  const index = new KnowledgeIndex(loadPack());
  const pipeline = new AnswerPipeline(() => index, createDateRules(() => index.pack), { supportUrl: 'https://aws.amazon.com/contact-us/aws-training/', maxTextLength: 2000 });
  return { pipeline, index };
}

function print(r: EvalReport, verbose: boolean): void {
  const line = (s = '') => process.stdout.write(`${s}\n`);
  line(`split ${r.split}: ${r.cases} questions (${r.inScope} in scope, ${r.outOfScope} out of scope)`);
  line(`  top-1 accuracy (in scope)   ${pct(r.top1)}`);
  line(`  top-3 recall (in scope)     ${pct(r.top3)}`);
  line(`  MRR (in scope)              ${r.mrr.toFixed(3)}`);
  line(`  out-of-scope precision      ${pct(r.oosPrecision)}`);
  line(`  out-of-scope recall         ${pct(r.oosRecall)}`);
  line(`  did-you-mean rate           ${pct(r.didYouMeanRate)}`);
  line('');
  line('  topic               cases  top-1');
  for (const t of r.topics) line(`  ${t.topic.padEnd(18)} ${String(t.cases).padStart(6)}  ${pct(t.top1).padStart(6)}`);
  line('');
  line('  kind                cases  correct');
  for (const k of r.kinds) line(`  ${k.kind.padEnd(18)} ${String(k.cases).padStart(6)}  ${String(k.correct).padStart(7)}`);
  if (r.confusions.length) {
    line('');
    line('  confusions (expected -> got)');
    // The test split's questions stay unseen by whoever tunes: its confusions are printed without examples.
    const blind = r.split === 'test' || r.split === 'all';
    for (const c of r.confusions.slice(0, verbose ? 100 : 15)) line(`  ${String(c.count).padStart(3)}  ${c.expected} -> ${c.got}${blind ? '' : `   e.g. "${c.examples[0]}"`}`);
  }
  if (verbose && r.split !== 'test' && r.split !== 'all') {
    line('');
    for (const f of r.failures) line(`  FAIL [${f.expected} -> ${f.got}] ${f.q}`);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const fileArg = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;
  const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'test';
  const split = fileArg ?? z.enum(['dev', 'test', 'all']).parse(splitArg);
  const cases = fileArg ? loadFile(fileArg) : loadSplit(z.enum(['dev', 'test', 'all']).parse(splitArg));
  const { pipeline, index } = evalPipeline();
  const report = runEval(cases, pipeline, index, split);
  const below = belowThresholds(report, loadThresholds());
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ ...report, below }, null, 2)}\n`);
  else {
    print(report, args.includes('--verbose'));
    process.stdout.write(below.length ? `\nBELOW THRESHOLDS: ${below.join('; ')}\n` : '\nall figures meet the thresholds in test/eval/thresholds.json\n');
  }
  if (below.length && !args.includes('--no-fail')) process.exit(1);
}
