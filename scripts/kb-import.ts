/**
 * `npm run kb:import -- FILE.tsv [--out knowledge/imported.json] [--topic TOPIC] [--source URL] [--stdout]`
 *
 * Reads a QnA Maker / Custom Question Answering TSV export into knowledge entries (mapping documented in
 * knowledge/qna.ts), validates them and writes a knowledge file. When the output goes into the live
 * knowledge folder, the new file is validated together with the other files there (duplicate ids,
 * related links) before anything is written, so a running bot never sees a file it would reject.
 * Exits 1 with a named error (file, line or entry id, field) when the input is invalid.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, knowledgeFiles, validateKnowledge } from '../knowledge/load';
import { DEFAULT_QNA_SOURCE, importQna, QnaError } from '../knowledge/qna';
import type { FaqEntry } from '../knowledge/schema';

export interface ImportArgs {
  readonly file: string;
  readonly out: string;
  readonly topic?: string;
  readonly source: string;
  readonly stdout: boolean;
  readonly knowledgeDir: string;
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
    out: values.out ?? resolve(dir, 'imported.json'),
    topic: values.topic,
    source: values.source ?? DEFAULT_QNA_SOURCE,
    stdout: values.stdout ?? false,
    knowledgeDir: dir,
  };
}

/** The knowledge file text for entries, with the $schema reference relative to where it is written. */
export function knowledgeFileText(entries: readonly FaqEntry[], outPath: string): string {
  const schemaRef = relative(dirname(resolve(outPath)), resolve(DEFAULT_KNOWLEDGE_DIR, 'faq.schema.json')).split('\\').join('/');
  const $schema = schemaRef.startsWith('.') ? schemaRef : `./${schemaRef}`;
  return `${JSON.stringify({ $schema, entries }, null, 2)}\n`;
}

/** Validates the imported entries together with the other knowledge files of the output folder. */
export function checkAgainstFolder(entries: readonly FaqEntry[], outPath: string, knowledgeDir: string): void {
  if (resolve(dirname(outPath)) !== resolve(knowledgeDir) || !existsSync(knowledgeDir)) return;
  const outName = basename(outPath);
  const others = knowledgeFiles(knowledgeDir)
    .filter((p) => basename(p) !== outName)
    .map((p) => ({ file: basename(p), json: JSON.parse(readFileSync(p, 'utf8')) as unknown }));
  validateKnowledge([...others, { file: outName, json: { entries } }]);
}

export function runImport(args: ImportArgs): { entries: FaqEntry[]; text: string } {
  const text = readFileSync(args.file, 'utf8');
  const entries = importQna(text, { file: basename(args.file), defaultTopic: args.topic, defaultSource: args.source });
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
