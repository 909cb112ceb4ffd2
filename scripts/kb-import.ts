/**
 * `npm run kb:import -- FILE.tsv [--out FILE.json] [--knowledge DIR] [--topic TOPIC] [--source URL] [--stdout]`
 *
 * Reads a QnA Maker / Custom Question Answering TSV export into knowledge entries (mapping documented in
 * knowledge/qna.ts), validates them and writes an entries file. By default it adds to the live content
 * pack (KNOWLEDGE_DIR): the entries go into `<pack>/<tsv name>.json`, merged with what an earlier import
 * of the same name put there (an entry with the same id is replaced), so imports keep adding. The
 * result is validated as the whole pack would be loaded (duplicate ids, related and rule links,
 * placeholders) before anything is written, so a running bot never sees a file it would reject.
 * `--out` writes elsewhere; a folder holding only imported entries is a complete pack (defaults for the
 * rest). Exits 1 with a named error (file, line or entry id, field) when the input is invalid.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError } from '../knowledge/load';
import { loadPack } from '../knowledge/pack';
import { importQna, QnaError } from '../knowledge/qna';
import type { FaqEntry } from '../knowledge/schema';

export interface ImportArgs {
  readonly file: string;
  readonly out: string;
  readonly topic?: string;
  readonly source?: string;
  readonly stdout: boolean;
  readonly knowledgeDir: string;
}

/** The support link of the pack at `dir` (pack.json), the default source of imported rows without one. */
function packSupportUrl(dir: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')) as { supportUrl?: unknown };
    return typeof json.supportUrl === 'string' ? json.supportUrl : undefined;
  } catch {
    return undefined;
  }
}

export function parseImportArgs(argv: readonly string[], knowledgeDir: () => string): ImportArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      topic: { type: 'string' },
      source: { type: 'string' },
      stdout: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new QnaError('usage: npm run kb:import -- FILE.tsv [--out FILE.json] [--topic TOPIC] [--source URL] [--stdout]');
  const dir = values.knowledge ?? knowledgeDir();
  return {
    file,
    out: values.out ?? resolve(dir, `${basename(file).replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'imported'}.json`),
    topic: values.topic,
    // The pack the entries join: --out's folder when written elsewhere (another organisation's pack must
    // not get this pack's support link as the source of its rows), else the live knowledge folder.
    source: values.source ?? packSupportUrl(values.out && !values.knowledge ? dirname(resolve(values.out)) : dir),
    stdout: values.stdout ?? false,
    knowledgeDir: dir,
  };
}

/** The knowledge file text for entries, with the $schema reference relative to where it is written. */
export function knowledgeFileText(entries: readonly FaqEntry[], outPath: string): string {
  const schemaRef = relative(dirname(resolve(outPath)), resolve(__dirname, '..', 'knowledge', 'schemas', 'faq.schema.json')).split('\\').join('/');
  const $schema = schemaRef.startsWith('.') ? schemaRef : `./${schemaRef}`;
  return `${JSON.stringify({ $schema, entries }, null, 2)}\n`;
}

/**
 * Validates the entries file as the pack it lands in would load (a copy of the folder with the file in
 * place): the same errors a running bot would give, before the live folder is touched.
 */
export function checkAgainstFolder(entries: readonly FaqEntry[], outPath: string, knowledgeDir: string): void {
  if (resolve(dirname(outPath)) !== resolve(knowledgeDir) || !existsSync(knowledgeDir)) return;
  const copy = mkdtempSync(join(tmpdir(), 'kb-import-check-'));
  try {
    cpSync(knowledgeDir, copy, { recursive: true, filter: (src) => !src.includes(`${knowledgeDir}/.`) });
    writeFileSync(join(copy, basename(outPath)), JSON.stringify({ entries }));
    loadPack(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The entries already in the output file (an earlier import), which the new ones add to or replace. */
function existingEntries(outPath: string): FaqEntry[] {
  if (!existsSync(outPath)) return [];
  try {
    const json = JSON.parse(readFileSync(outPath, 'utf8')) as { entries?: FaqEntry[] };
    return Array.isArray(json.entries) ? json.entries : [];
  } catch {
    throw new KnowledgeError(`knowledge: ${basename(outPath)}: exists and is not valid JSON; move it away or pass --out`);
  }
}

export function runImport(args: ImportArgs): { entries: FaqEntry[]; text: string } {
  const text = readFileSync(args.file, 'utf8');
  const imported = importQna(text, { file: basename(args.file), defaultTopic: args.topic, defaultSource: args.source });
  const ids = new Set(imported.map((e) => e.id));
  const entries = args.stdout ? imported : [...existingEntries(args.out).filter((e) => !ids.has(e.id)), ...imported];
  if (!args.stdout) checkAgainstFolder(entries, args.out, args.knowledgeDir);
  return { entries, text: knowledgeFileText(entries, args.out) };
}

if (require.main === module) {
  try {
    const args = parseImportArgs(process.argv.slice(2), () => loadConfig().knowledge.dir ?? DEFAULT_KNOWLEDGE_DIR);
    const { entries, text } = runImport(args);
    if (args.stdout) process.stdout.write(text);
    else {
      writeFileSync(args.out, text);
      process.stderr.write(`kb:import: ${entries.length} entries from ${args.file} -> ${args.out}\n`);
    }
  } catch (e) {
    if (e instanceof QnaError || e instanceof KnowledgeError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kb:import: ${(e as Error).message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
