/**
 * QnA Maker / Custom Question Answering TSV <-> knowledge entries (used by `npm run kb:import` and
 * `npm run kb:export`).
 *
 * The TSV format: a header row with the columns Question, Answer, Source, Metadata, SuggestedQuestions,
 * IsContextOnly, Prompts, QnaId, SourceDisplayName (matched by name, any order; only Question and Answer
 * are required), then one row per question. Fields are never quoted; a tab, newline or carriage return
 * inside a field is written as the two characters \t, \n, \r, and a backslash as \\.
 *
 * Mapping (import):
 * - Rows sharing a QnaId form one entry; a row without a QnaId joins the entry with the same answer
 *   (or starts one). The first question is `question`, the others (deduplicated) are `alternatives`.
 * - Metadata is `key:value` pairs separated by `|`. `id:<id>` -> id (else the question, slugified);
 *   `topic:<topic>` (or `category:<topic>`) -> topic (else the --topic default; none -> a named error);
 *   `rule:<rule id>` -> rule (QnA Maker has no such field: it rides in the metadata). Other keys are ignored.
 * - Source -> source when it is an http(s) URL, else the --source default (the AWS Certification FAQ).
 *   SourceDisplayName -> sourceLabel. Prompts (JSON [{DisplayOrder, QnaId, DisplayText}]) -> related,
 *   ordered by DisplayOrder. SuggestedQuestions and IsContextOnly are read but not used.
 * - The result is validated with validateKnowledge: a problem names the file, the entry id and the field
 *   (an entry with fewer than 3 alternative questions fails: the knowledge schema requires 3).
 *
 * Export writes every question of an entry as a row with the entry's QnaId (its 1-based position),
 * Metadata `id:<id>|topic:<topic>[|rule:<rule>]` and Prompts from `related`, so import(export(x)) == x.
 */
import { z } from 'zod';
import { validateKnowledge } from './load';
import { ENTRY_ID, type FaqEntry } from './schema';

export const QNA_COLUMNS = [
  'Question',
  'Answer',
  'Source',
  'Metadata',
  'SuggestedQuestions',
  'IsContextOnly',
  'Prompts',
  'QnaId',
  'SourceDisplayName',
] as const;
export type QnaColumn = (typeof QNA_COLUMNS)[number];


export class QnaError extends Error {
  override name = 'QnaError';
}

export interface QnaPrompt {
  readonly displayOrder: number;
  readonly qnaId: string;
  readonly displayText: string;
}

export interface QnaRow {
  /** 1-based line of the row in the file (0 for rows built in memory). */
  readonly line: number;
  readonly question: string;
  readonly answer: string;
  readonly source: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly suggestedQuestions: string;
  readonly isContextOnly: boolean;
  readonly prompts: readonly QnaPrompt[];
  readonly qnaId: string;
  readonly sourceDisplayName: string;
}

// ---------------------------------------------------------------- escaping

/** Escapes a field for the TSV: backslash, tab, newline and carriage return become \\, \t, \n, \r. */
export function escapeField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The reverse of escapeField; an unknown escape (e.g. `\d`) is kept as written. */
export function unescapeField(value: string): string {
  return value.replace(/\\([\\tnr])/g, (_m, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : c === 'n' ? '\n' : '\r'));
}

// ---------------------------------------------------------------- metadata and prompts

/** Parses `key:value|key:value` (keys lower-cased, values trimmed). */
export function parseMetadata(text: string, where = 'Metadata'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split('|')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) throw new QnaError(`${where}: "${part.trim()}" is not a key:value pair`);
    out[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim();
  }
  return out;
}

export function formatMetadata(meta: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(meta)
    .filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== '')
    .map(([k, v]) => `${k}:${v}`)
    .join('|');
}

const PromptJson = z
  .object({
    DisplayOrder: z.coerce.number().int().optional(),
    QnaId: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
    DisplayText: z.string().optional(),
  })
  .loose();

export function parsePrompts(text: string, where = 'Prompts'): QnaPrompt[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (e) {
    throw new QnaError(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = z.array(PromptJson).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QnaError(`${where}: ${issue ? `${issue.path.join('.') || '(value)'}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data
    .map((p, i) => ({ displayOrder: p.DisplayOrder ?? i + 1, qnaId: String(p.QnaId), displayText: p.DisplayText ?? '' }))
    .sort((a, b) => a.displayOrder - b.displayOrder);
}

// ---------------------------------------------------------------- TSV rows

/** Parses a QnA Maker TSV export into rows. Throws QnaError naming the file, the line and the column. */
export function parseQnaTsv(text: string, file = 'input.tsv'): QnaRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const headerLine = lines[0];
  if (headerLine === undefined) throw new QnaError(`qna: ${file}: the file is empty (expected a header row)`);
  const header = headerLine.split('\t').map((h) => h.trim());
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    const known = QNA_COLUMNS.find((c) => c.toLowerCase() === h.toLowerCase());
    if (known) col.set(known, i);
  });
  for (const required of ['Question', 'Answer'] as const) {
    if (!col.has(required)) {
      throw new QnaError(`qna: ${file} line 1: header has no "${required}" column (expected ${QNA_COLUMNS.join(', ')})`);
    }
  }
  const rows: QnaRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    if (cells.length !== header.length) {
      throw new QnaError(
        `qna: ${file} line ${lineNo}: expected ${header.length} tab-separated columns, found ${cells.length} ` +
          '(a tab or line break inside a field must be written as \\t or \\n)',
      );
    }
    const get = (c: QnaColumn): string => {
      const idx = col.get(c);
      return idx === undefined ? '' : unescapeField(cells[idx] ?? '');
    };
    const where = (c: QnaColumn) => `qna: ${file} line ${lineNo}: ${c}`;
    const question = get('Question').trim();
    const answer = get('Answer').trim();
    if (question === '') throw new QnaError(`${where('Question')}: is empty`);
    if (answer === '') throw new QnaError(`${where('Answer')}: is empty`);
    const qnaId = get('QnaId').trim();
    if (qnaId !== '' && !/^\d+$/.test(qnaId)) throw new QnaError(`${where('QnaId')}: "${qnaId}" is not a number`);
    let metadata: Record<string, string>;
    let prompts: QnaPrompt[];
    try {
      metadata = parseMetadata(get('Metadata'), where('Metadata'));
      prompts = parsePrompts(get('Prompts'), where('Prompts'));
    } catch (e) {
      throw e instanceof QnaError ? e : new QnaError(`qna: ${file} line ${lineNo}: ${(e as Error).message}`);
    }
    rows.push({
      line: lineNo,
      question,
      answer,
      source: get('Source').trim(),
      metadata,
      suggestedQuestions: get('SuggestedQuestions'),
      isContextOnly: /^true$/i.test(get('IsContextOnly').trim()),
      prompts,
      qnaId,
      sourceDisplayName: get('SourceDisplayName').trim(),
    });
  }
  if (rows.length === 0) throw new QnaError(`qna: ${file}: no question rows after the header`);
  return rows;
}

export function formatQnaTsv(rows: readonly QnaRow[]): string {
  const lines = [QNA_COLUMNS.join('\t')];
  for (const r of rows) {
    const prompts = r.prompts.length
      ? JSON.stringify(r.prompts.map((p) => ({ DisplayOrder: p.displayOrder, QnaId: Number(p.qnaId), DisplayText: p.displayText })))
      : '[]';
    const cells: Record<QnaColumn, string> = {
      Question: r.question,
      Answer: r.answer,
      Source: r.source,
      Metadata: formatMetadata(r.metadata),
      SuggestedQuestions: r.suggestedQuestions || '[]',
      IsContextOnly: r.isContextOnly ? 'True' : 'False',
      Prompts: prompts,
      QnaId: r.qnaId,
      SourceDisplayName: r.sourceDisplayName,
    };
    lines.push(QNA_COLUMNS.map((c) => escapeField(cells[c])).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- rows <-> entries

/** Lower-case words joined by hyphens, at most ~60 characters, cut at a word boundary. */
export function slugify(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > 60 && slug) break;
    slug = next;
  }
  return slug || 'entry';
}

export interface ImportOptions {
  /** The file name used in error messages. */
  readonly file?: string;
  /** Topic for entries without `topic:` metadata (default "general"). */
  readonly defaultTopic?: string;
  /** Source for rows whose Source column is not a URL (kb:import: --source, else the pack's supportUrl). */
  readonly defaultSource?: string;
}

interface Group {
  readonly key: string;
  readonly rows: QnaRow[];
}

/** Groups rows into entries (by QnaId; rows without one by answer), keeping the file order. */
export function groupRows(rows: readonly QnaRow[], file = 'input.tsv'): Group[] {
  const groups = new Map<string, Group>();
  const byAnswer = new Map<string, string>();
  for (const row of rows) {
    const key = row.qnaId ? `qna:${row.qnaId}` : (byAnswer.get(row.answer) ?? `answer:${row.answer}`);
    let group = groups.get(key);
    if (!group) {
      group = { key, rows: [] };
      groups.set(key, group);
      if (!byAnswer.has(row.answer)) byAnswer.set(row.answer, key);
    } else if (group.rows[0] && group.rows[0].answer !== row.answer) {
      throw new QnaError(
        `qna: ${file} line ${row.line}: QnaId ${row.qnaId}: Answer differs from the answer of the same QnaId on line ${group.rows[0].line}`,
      );
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

/** Entries (not yet validated) from rows. Throws QnaError for what the knowledge schema cannot see. */
export function rowsToEntries(rows: readonly QnaRow[], options: ImportOptions = {}): FaqEntry[] {
  const file = options.file ?? 'input.tsv';
  const groups = groupRows(rows, file);
  const used = new Set<string>();
  const idOfQna = new Map<string, string>();
  const drafts = groups.map((g) => {
    const first = g.rows[0] as QnaRow;
    const meta: Record<string, string> = {};
    for (const r of g.rows) for (const [k, v] of Object.entries(r.metadata)) if (!(k in meta)) meta[k] = v;
    let id = meta.id || slugify(first.question);
    if (!meta.id) {
      const base = id;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    }
    used.add(id);
    for (const r of g.rows) if (r.qnaId) idOfQna.set(r.qnaId, id);
    return { g, first, meta, id };
  });
  return drafts.map(({ g, first, meta, id }) => {
    // Topics are the pack's own names; an entry without one is filed under "general".
    const topic = (meta.topic || meta.category || options.defaultTopic || 'general').toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (!ENTRY_ID.test(topic)) {
      throw new QnaError(`qna: ${file} line ${first.line}: entry "${id}": topic: "${meta.topic || meta.category || options.defaultTopic}" is not a usable topic name`);
    }
    const seen = new Set([first.question.toLowerCase()]);
    const alternatives: string[] = [];
    for (const r of g.rows.slice(1)) {
      const k = r.question.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      alternatives.push(r.question);
    }
    const related: string[] = [];
    for (const r of g.rows) {
      for (const p of r.prompts) {
        const target = idOfQna.get(p.qnaId);
        if (!target) throw new QnaError(`qna: ${file} line ${r.line}: entry "${id}": Prompts: QnaId ${p.qnaId} is not in the file`);
        if (!related.includes(target)) related.push(target);
      }
    }
    const source = /^https?:\/\//i.test(first.source) ? first.source : options.defaultSource;
    if (!source) {
      throw new QnaError(`qna: ${file} line ${first.line}: entry "${id}": Source: "${first.source}" is no link; pass --source URL (or set the pack's supportUrl)`);
    }
    const entry: Record<string, unknown> = { id, topic, question: first.question, alternatives, answer: first.answer, source };
    if (first.sourceDisplayName) entry.sourceLabel = first.sourceDisplayName;
    if (related.length) entry.related = related;
    if (meta.rule) entry.rule = meta.rule;
    return entry as FaqEntry;
  });
}

/** Parses and validates a TSV export into knowledge entries. Throws QnaError or KnowledgeError. */
export function importQna(text: string, options: ImportOptions = {}): FaqEntry[] {
  const file = options.file ?? 'input.tsv';
  const entries = rowsToEntries(parseQnaTsv(text, file), { ...options, file });
  return [...validateKnowledge([{ file, json: { entries } }]).entries];
}

/** Rows for entries: each question a row, QnaId = 1-based position, metadata id/topic/rule, prompts from related. */
export function entriesToRows(entries: readonly FaqEntry[]): QnaRow[] {
  const qnaIdOf = new Map(entries.map((e, i) => [e.id, String(i + 1)]));
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entries.flatMap((e) => {
    const qnaId = qnaIdOf.get(e.id) as string;
    const prompts: QnaPrompt[] = (e.related ?? []).map((rel, i) => {
      const target = qnaIdOf.get(rel);
      if (!target) throw new QnaError(`qna: entry "${e.id}": related: "${rel}" points to no exported entry`);
      return { displayOrder: i + 1, qnaId: target, displayText: (byId.get(rel)?.question ?? rel).slice(0, 200) };
    });
    return [e.question, ...e.alternatives].map((question) => ({
      line: 0,
      question,
      answer: e.answer,
      source: e.source,
      metadata: { id: e.id, topic: e.topic, ...(e.rule ? { rule: e.rule } : {}) },
      suggestedQuestions: '[]',
      isContextOnly: false,
      prompts,
      qnaId,
      sourceDisplayName: e.sourceLabel ?? '',
    }));
  });
}

export function exportQna(entries: readonly FaqEntry[]): string {
  return formatQnaTsv(entriesToRows(entries));
}
