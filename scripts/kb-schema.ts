/**
 * Writes the JSON Schemas of a content pack's files into knowledge/schemas/ (editors check the files
 * with them through each file's "$schema"), from the zod schemas the bot validates with at load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LexiconSchema, OutOfScopeSchema } from '../knowledge/lexicon';
import { PackFileSchema } from '../knowledge/pack';
import { KnowledgeFileSchema } from '../knowledge/schema';
import { RulesFileSchema } from '../rules/schema';

export function knowledgeJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(KnowledgeFileSchema), title: 'Content pack: entries file' };
}

export function packJsonSchemas(): Record<string, Record<string, unknown>> {
  const io = { io: 'input' } as const;
  return {
    'faq.schema.json': knowledgeJsonSchema(),
    'pack.schema.json': { ...z.toJSONSchema(PackFileSchema, io), title: 'Content pack: pack.json' },
    'lexicon.schema.json': { ...z.toJSONSchema(LexiconSchema, io), title: 'Content pack: lexicon.json' },
    'out-of-scope.schema.json': { ...z.toJSONSchema(OutOfScopeSchema, io), title: 'Content pack: out-of-scope.json' },
    'rules.schema.json': { ...z.toJSONSchema(RulesFileSchema, io), title: 'Content pack: rules.json' },
  };
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'knowledge', 'schemas');
  mkdirSync(dir, { recursive: true });
  for (const [file, schema] of Object.entries(packJsonSchemas())) {
    writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
    process.stdout.write(`wrote ${join(dir, file)}\n`);
  }
}
