/**
 * `npm run kb:export [-- --out FILE.tsv] [--knowledge DIR]`: writes every current knowledge entry as a
 * QnA Maker / Custom Question Answering TSV (format and mapping in knowledge/qna.ts): one row per question
 * (the question and each alternative), the entry's QnaId, Metadata `id:<id>|topic:<topic>[|rule:<rule>]`,
 * Prompts from `related`. Without --out the TSV goes to stdout. `kb:import` reads it back unchanged, except
 * for answer variants (FaqEntry.variants), which the QnA format has no place for: the entry's own answer,
 * which covers every case, is exported, and the entries whose variants stay behind are named on stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../knowledge/load';
import { exportQna, QnaError } from '../knowledge/qna';

export function runExport(knowledgeDir: string): { text: string; entries: number; withoutVariants: string[] } {
  const { entries } = loadKnowledge(knowledgeDir);
  return { text: exportQna(entries), entries: entries.length, withoutVariants: entries.filter((e) => e.variants?.length).map((e) => e.id) };
}

if (require.main === module) {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' }, knowledge: { type: 'string' } } });
    const dir = values.knowledge ?? loadConfig().knowledge.dir ?? DEFAULT_KNOWLEDGE_DIR;
    const { text, entries, withoutVariants } = runExport(dir);
    if (withoutVariants.length) process.stderr.write(`kb:export: answer variants are not exported (the QnA format has none): ${withoutVariants.join(', ')}\n`);
    if (values.out) {
      writeFileSync(values.out, text);
      process.stderr.write(`kb:export: ${entries} entries -> ${values.out}\n`);
    } else process.stdout.write(text);
  } catch (e) {
    if (e instanceof QnaError || e instanceof KnowledgeError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kb:export: ${(e as Error).message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
