/**
 * `npm run kb:check [-- DIR] [--json]`: loads a content pack (default KNOWLEDGE_DIR or the AWS pack) as
 * the bot would, and prints its load report (knowledge/report.ts): counts, overlap warnings and every
 * phrasing its own entry does not answer, with what happened instead. Exits 1 when the pack does not
 * load (the named error), 0 otherwise: misses are for the owner to judge, not failures.
 */
import { parseArgs } from 'node:util';
import { createDateRules } from '../bot/dateRules';
import { loadConfig } from '../bot/config';
import { AnswerPipeline } from '../bot/pipeline';
import { KnowledgeIndex } from '../knowledge/index';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError } from '../knowledge/load';
import { loadPack } from '../knowledge/pack';
import { formatReport, packReport } from '../knowledge/report';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
const dir = positionals[0] ?? loadConfig().knowledge.dir ?? DEFAULT_KNOWLEDGE_DIR;
try {
  const pack = loadPack(dir);
  const index = new KnowledgeIndex(pack);
  const pipeline = new AnswerPipeline(() => index, createDateRules(() => pack), { maxTextLength: 100_000 });
  const clock = { now: new Date(), timeZone: 'UTC', locale: 'en-US' };
  const report = packReport(index, (text) => {
    const { reply } = pipeline.answer(text, clock);
    return { kind: reply.kind, entryId: reply.entryId };
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
} catch (e) {
  if (e instanceof KnowledgeError) {
    process.stderr.write(`kb:check: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
