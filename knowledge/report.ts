/**
 * The load report of a content pack, for its owner: what it holds, what overlaps, and whether every
 * entry answers its own phrasings (its question and each alternative, asked as they are written). A
 * phrasing another entry answers, or that is declined, is listed with what happened instead: the
 * usual fix is a clearer phrasing, a synonym in lexicon.json, or merging two entries.
 */
import type { KnowledgeIndex } from './index';

/** What the pipeline did with a phrasing: answered (by which entry), asked back, or declined. */
export type PhrasingOutcome = { readonly kind: 'answer' | 'computed' | 'askDate'; readonly entryId?: string } | { readonly kind: string };

export interface SelfCheckMiss {
  readonly entryId: string;
  readonly phrasing: string;
  /** "answered by <id>", "declined", "did you mean", ... */
  readonly reason: string;
}

export interface PackReport {
  readonly name: string;
  readonly entries: number;
  readonly topics: Readonly<Record<string, number>>;
  readonly rules: number;
  readonly triggerTopics: number;
  readonly catalogueItems: number;
  readonly outOfScopeSubjects: number;
  readonly outOfScopeExamples: number;
  readonly overlaps: readonly string[];
  readonly phrasings: number;
  readonly misses: readonly SelfCheckMiss[];
}

function reasonOf(outcome: { kind: string; entryId?: string }): string {
  if (outcome.kind === 'answer' || outcome.kind === 'computed' || outcome.kind === 'askDate') return `answered by "${outcome.entryId ?? '?'}"`;
  if (outcome.kind === 'didYouMean') return 'offered as one of several choices (did you mean)';
  if (outcome.kind === 'fallback') return 'declined (nothing good enough)';
  return outcome.kind;
}

/** Builds the report; `ask` runs one phrasing through the answer pipeline. */
export function packReport(index: KnowledgeIndex, ask: (text: string) => { kind: string; entryId?: string }): PackReport {
  const pack = index.pack;
  const topics: Record<string, number> = {};
  for (const e of pack.entries) topics[e.topic] = (topics[e.topic] ?? 0) + 1;
  const misses: SelfCheckMiss[] = [];
  let phrasings = 0;
  for (const e of pack.entries) {
    for (const phrasing of [e.question, ...e.alternatives]) {
      phrasings += 1;
      const outcome = ask(phrasing);
      const answered = (outcome.kind === 'answer' || outcome.kind === 'computed' || outcome.kind === 'askDate') && outcome.entryId === e.id;
      if (!answered) misses.push({ entryId: e.id, phrasing, reason: reasonOf(outcome) });
    }
  }
  return {
    name: pack.name,
    entries: pack.entries.length,
    topics,
    rules: pack.rules.size,
    triggerTopics: pack.triggers?.topicNames().length ?? 0,
    catalogueItems: pack.catalogue?.items.length ?? 0,
    outOfScopeSubjects: pack.outOfScope.subjects.length,
    outOfScopeExamples: pack.outOfScope.subjects.reduce((n, s) => n + s.examples.length, 0),
    overlaps: [...index.overlaps, ...pack.warnings],
    phrasings,
    misses,
  };
}

/** The report as text for a terminal. */
export function formatReport(r: PackReport): string {
  const lines = [
    `pack: ${r.name}`,
    `  ${r.entries} entries in ${Object.keys(r.topics).length} topics (${Object.entries(r.topics).map(([t, n]) => `${t} ${n}`).join(', ')})`,
    `  ${r.rules} date rules picked by ${r.triggerTopics} trigger topics; ${r.catalogueItems} catalogue items; ${r.outOfScopeSubjects} out-of-scope subjects with ${r.outOfScopeExamples} example questions`,
    `  self-check: ${r.phrasings - r.misses.length} of ${r.phrasings} phrasings answered by their own entry (${((100 * (r.phrasings - r.misses.length)) / Math.max(1, r.phrasings)).toFixed(1)}%)`,
  ];
  if (r.overlaps.length > 0) lines.push('', 'warnings:', ...r.overlaps.map((o) => `  ${o}`));
  if (r.misses.length > 0) {
    lines.push('', 'phrasings not answered by their own entry:');
    for (const m of r.misses) lines.push(`  ${m.entryId}: "${m.phrasing}" -> ${m.reason}`);
  }
  return lines.join('\n');
}
