/**
 * `npm run report [-- --days N] [--out reports/] [--from-file records.json] [--today YYYY-MM-DD] [--knowledge DIR]`
 *
 * What content owners need to improve the knowledge base, from the quality records of the last N UTC
 * days (default 30, today included):
 * - top unanswered questions (fallbacks and low-confidence answers), grouped by similar wording:
 *   content words (knowledge/text.ts contentTokens: lower-cased, punctuation and stop words dropped,
 *   synonyms folded, stemmed) compared by Jaccard similarity >= 0.6 with each group's first question;
 * - helpfulness per entry ("Was this helpful?" yes/no, % helpful, times answered);
 * - entries never hit (no 'answered' or 'feedback' record in the period).
 * Printed as tables and written as CSV (unanswered.csv, helpfulness.csv, never-hit.csv) in --out.
 *
 * Records come from the configured Storage (createStorage(loadConfig()): the shared blob store when
 * BLOB_STORAGE_CONNECTION_STRING is set) or, with --from-file, from a JSON array of QualityRecord.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../bot/config';
import type { QualityRecord } from '../bot/quality';
import { StorageQualityRecorder } from '../bot/qualityStore';
import { createStorage } from '../bot/storage';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../knowledge/load';
import { loadPack } from '../knowledge/pack';
import { TextModel } from '../knowledge/text';

export const SIMILARITY_THRESHOLD = 0.6;
const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------- records

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date-time');
const Base = { channel: z.string(), at: IsoTime };
export const QualityRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feedback'), entryId: z.string(), helpful: z.boolean(), question: z.string().optional(), ...Base }),
  z.object({ kind: z.literal('fallback'), question: z.string(), bestEntryId: z.string().optional(), coverage: z.number().optional(), ...Base }),
  z.object({ kind: z.literal('lowConfidence'), question: z.string(), entryId: z.string(), coverage: z.number(), ...Base }),
  z.object({ kind: z.literal('answered'), entryId: z.string(), ...Base }),
]);

/** Parses a JSON array of QualityRecord; a bad item is named by its index and field. */
export function parseRecords(json: unknown, file = 'records.json'): QualityRecord[] {
  const parsed = z.array(QualityRecordSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`report: ${file}: ${issue ? `[${issue.path.join('.')}]: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data as QualityRecord[];
}

/** The last `days` UTC days (YYYY-MM-DD) ending with the UTC day of `now`, oldest first. */
export function lastDays(days: number, now: Date): string[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The records whose UTC day is one of `days`. */
export function inPeriod(records: readonly QualityRecord[], days: readonly string[]): QualityRecord[] {
  const set = new Set(days);
  return records.filter((r) => set.has(new Date(r.at).toISOString().slice(0, 10)));
}

// ---------------------------------------------------------------- unanswered questions

/** The words a question is compared by: content terms, or its raw words when it has none. */
let pack: ReturnType<typeof loadPack> | undefined;
let textModel: TextModel | undefined;
/** The pack's language handling (no index to build, no classifier to train), from one load of the pack. */
function model(): TextModel {
  pack ??= loadPack();
  textModel ??= new TextModel(pack.lexicon);
  return textModel;
}
export function questionTerms(question: string): Set<string> {
  const textModel = model();
  const terms = textModel.contentTokens(question).flatMap((t) => t.terms);
  return new Set(terms.length ? terms : textModel.tokenize(question));
}

/** The terms the pack's own phrasings (questions and alternatives) use. */
let packTerms: Set<string> | undefined;
function knownTerms(): Set<string> {
  if (!packTerms) {
    const text = model();
    packTerms = new Set(pack!.entries.flatMap((e) => [e.question, ...e.alternatives].flatMap((p) => text.contentTokens(p).flatMap((t) => t.terms))));
  }
  return packTerms;
}

/**
 * Words of the questions that no phrasing of the pack uses (most frequent first, at most `max`): the
 * candidates for a synonym in lexicon.json or a new alternative phrasing of the nearest entry.
 */
export function newWords(questions: readonly string[], max = 5): string[] {
  const known = knownTerms();
  const text = model();
  const counts = new Map<string, number>();
  for (const q of questions) {
    const seen = new Set<string>();
    for (const t of text.contentTokens(q)) {
      if (t.numeric || t.terms.some((term) => known.has(term)) || seen.has(t.token)) continue;
      seen.add(t.token);
      counts.set(t.token, (counts.get(t.token) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([w]) => w);
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface UnansweredGroup {
  /** The most frequent wording in the group (ties: the most recent). */
  readonly question: string;
  readonly count: number;
  readonly fallbacks: number;
  readonly lowConfidence: number;
  readonly lastSeen: string;
  /** The entry the bot leaned to most often (best hit of fallbacks, answer of low-confidence ones). */
  readonly nearestEntry?: string;
  readonly examples: readonly string[];
  /** Words of the group's questions that no phrasing of the pack uses (see newWords). */
  readonly newWords: readonly string[];
}

type Unanswered = Extract<QualityRecord, { kind: 'fallback' | 'lowConfidence' }>;

/**
 * Groups fallbacks and low-confidence answers by similar wording, most frequent first. Each question
 * joins the existing group whose first question it is most similar to (Jaccard >= threshold), oldest
 * question first, so the grouping does not depend on the order of the records.
 */
export function groupUnanswered(records: readonly QualityRecord[], threshold = SIMILARITY_THRESHOLD): UnansweredGroup[] {
  const items = records
    .filter((r): r is Unanswered => (r.kind === 'fallback' || r.kind === 'lowConfidence') && r.question.trim() !== '')
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at) || a.question.localeCompare(b.question));
  const groups: Array<{ seed: Set<string>; members: Unanswered[] }> = [];
  for (const r of items) {
    const terms = questionTerms(r.question);
    let best: (typeof groups)[number] | undefined;
    let bestScore = -1;
    for (const g of groups) {
      const s = jaccard(terms, g.seed);
      if (s >= threshold && s > bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (best) best.members.push(r);
    else groups.push({ seed: terms, members: [r] });
  }
  return groups
    .map(({ members }) => {
      const wording = new Map<string, { text: string; n: number; last: string }>();
      const nearest = new Map<string, number>();
      for (const m of members) {
        const text = m.question.trim().replace(/\s+/g, ' ');
        const key = text.toLowerCase();
        const w = wording.get(key) ?? { text, n: 0, last: m.at };
        w.n += 1;
        if (m.at >= w.last) w.last = m.at;
        wording.set(key, w);
        const entry = m.kind === 'fallback' ? m.bestEntryId : m.entryId;
        if (entry) nearest.set(entry, (nearest.get(entry) ?? 0) + 1);
      }
      const ranked = [...wording.values()].sort((a, b) => b.n - a.n || b.last.localeCompare(a.last));
      const nearestEntry = [...nearest.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      return {
        question: (ranked[0] as { text: string }).text,
        count: members.length,
        fallbacks: members.filter((m) => m.kind === 'fallback').length,
        lowConfidence: members.filter((m) => m.kind === 'lowConfidence').length,
        lastSeen: members.reduce((max, m) => (m.at > max ? m.at : max), ''),
        ...(nearestEntry ? { nearestEntry } : {}),
        examples: ranked.slice(1, 4).map((w) => w.text),
        newWords: newWords(members.map((m) => m.question)),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || a.question.localeCompare(b.question));
}

// ---------------------------------------------------------------- helpfulness and never hit

export interface HelpfulnessRow {
  readonly entryId: string;
  readonly yes: number;
  readonly no: number;
  /** yes / (yes + no) in percent, one decimal; null without feedback. */
  readonly helpfulPct: number | null;
  readonly answered: number;
}

/** Feedback per entry, least helpful first (then most answered). Entries with neither are left out. */
export function helpfulness(records: readonly QualityRecord[]): HelpfulnessRow[] {
  const rows = new Map<string, { yes: number; no: number; answered: number }>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { yes: 0, no: 0, answered: 0 }));
    return r;
  };
  for (const r of records) {
    if (r.kind === 'feedback') row(r.entryId)[r.helpful ? 'yes' : 'no'] += 1;
    else if (r.kind === 'answered') row(r.entryId).answered += 1;
  }
  return [...rows.entries()]
    .map(([entryId, r]) => ({ entryId, ...r, helpfulPct: r.yes + r.no ? Math.round((1000 * r.yes) / (r.yes + r.no)) / 10 : null }))
    .sort(
      (a, b) =>
        (a.helpfulPct ?? 101) - (b.helpfulPct ?? 101) || b.no - a.no || b.answered - a.answered || a.entryId.localeCompare(b.entryId),
    );
}

/** Ids (in knowledge order) of the entries with no 'answered' or 'feedback' record. */
export function neverHit(records: readonly QualityRecord[], entryIds: readonly string[]): string[] {
  const hit = new Set(records.flatMap((r) => (r.kind === 'answered' || r.kind === 'feedback' ? [r.entryId] : [])));
  return entryIds.filter((id) => !hit.has(id));
}

// ---------------------------------------------------------------- output

export type Cell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV (CRLF line ends). A field with a comma, quote, CR or LF is quoted, quotes doubled.
 * Text that a spreadsheet would run as a formula (starting with = + - @ or a tab) gets a leading
 * apostrophe, since the questions are typed by anyone.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cell = (v: Cell): string => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A plain-text table; long cells are cut to `max` characters and line breaks shown as spaces. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, max = 60): string {
  const text = (v: Cell) => {
    const s = v === null || v === undefined ? '-' : String(v).replace(/\s+/g, ' ');
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  const cells = [header.map(text), ...rows.map((r) => r.map(text))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface Report {
  readonly days: readonly string[];
  readonly records: number;
  readonly unanswered: UnansweredGroup[];
  readonly helpfulness: HelpfulnessRow[];
  readonly neverHit: string[];
}

export function buildReport(records: readonly QualityRecord[], entryIds: readonly string[], days: readonly string[]): Report {
  const period = inPeriod(records, days);
  return { days, records: period.length, unanswered: groupUnanswered(period), helpfulness: helpfulness(period), neverHit: neverHit(period, entryIds) };
}

const pct = (v: number | null) => (v === null ? null : `${v}%`);

export function reportTables(r: Report) {
  return {
    unanswered: {
      header: ['question', 'count', 'fallbacks', 'low_confidence', 'last_seen', 'nearest_entry', 'new_words', 'other_wordings'],
      rows: r.unanswered.map((g) => [g.question, g.count, g.fallbacks, g.lowConfidence, g.lastSeen, g.nearestEntry, g.newWords.join(' '), g.examples.join(' | ')]),
    },
    helpfulness: {
      header: ['entry_id', 'yes', 'no', 'helpful_pct', 'answered'],
      rows: r.helpfulness.map((h) => [h.entryId, h.yes, h.no, h.helpfulPct, h.answered]),
    },
    neverHit: { header: ['entry_id'], rows: r.neverHit.map((id) => [id]) },
  };
}

/** Writes the three CSVs into `dir`; returns their paths. */
export function writeCsvs(r: Report, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const t = reportTables(r);
  const files: Array<[string, { header: string[]; rows: Cell[][] }]> = [
    ['unanswered.csv', t.unanswered],
    ['helpfulness.csv', t.helpfulness],
    ['never-hit.csv', t.neverHit],
  ];
  return files.map(([name, table]) => {
    const path = join(dir, name);
    writeFileSync(path, toCsv(table.header, table.rows));
    return path;
  });
}

export function printReport(r: Report): string {
  const t = reportTables(r);
  const first = r.days[0] ?? '';
  const last = r.days[r.days.length - 1] ?? '';
  return [
    `Quality report ${first} .. ${last} (UTC, ${r.days.length} days): ${r.records} records`,
    '',
    `Top unanswered questions (${r.unanswered.length} groups)`,
    formatTable(['question', 'count', 'last seen', 'nearest entry', 'new words'], r.unanswered.slice(0, 25).map((g) => [g.question, g.count, g.lastSeen.slice(0, 16).replace('T', ' '), g.nearestEntry, g.newWords.join(' ')])),
    '',
    'Helpfulness per entry',
    formatTable(t.helpfulness.header, r.helpfulness.map((h) => [h.entryId, h.yes, h.no, pct(h.helpfulPct), h.answered])),
    '',
    `Entries never hit (${r.neverHit.length})`,
    r.neverHit.length ? r.neverHit.map((id) => `  ${id}`).join('\n') : '  (none)',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- CLI

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      days: { type: 'string', default: '30' },
      out: { type: 'string', default: 'reports' },
      'from-file': { type: 'string' },
      today: { type: 'string' },
      knowledge: { type: 'string' },
    },
  });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error(`report: --days must be a whole number from 1 to 3660, got "${values.days}"`);
  const now = values.today ? new Date(`${values.today}T12:00:00Z`) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`report: --today must be YYYY-MM-DD, got "${values.today}"`);
  const period = lastDays(days, now);

  let records: QualityRecord[];
  let knowledgeDir = values.knowledge;
  const fromFile = values['from-file'];
  if (fromFile) {
    records = parseRecords(JSON.parse(readFileSync(fromFile, 'utf8')) as unknown, fromFile);
  } else {
    const config = loadConfig();
    knowledgeDir ??= config.knowledge.dir;
    const store = createStorage(config);
    if (store.kind === 'memory') {
      process.stderr.write(
        'report: no BLOB_STORAGE_CONNECTION_STRING: reading an empty in-memory store. Set it to read the shared store, or pass --from-file records.json.\n',
      );
    }
    records = await new StorageQualityRecorder(store.storage).read(period);
  }
  const entryIds = loadKnowledge(knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR).entries.map((e) => e.id);
  const report = buildReport(records, entryIds, period);
  process.stdout.write(printReport(report));
  const paths = writeCsvs(report, values.out ?? 'reports');
  process.stdout.write(`\nwrote ${paths.join(', ')}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
