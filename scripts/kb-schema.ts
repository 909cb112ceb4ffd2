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
import { CatalogueFileSchema } from '../rules/catalogue';
import { EventsFileSchema } from '../rules/events';
import { RuleSchema } from '../rules/schema';
import { TriggersSchema } from '../rules/triggers';

/** rules.json as editors see it: each rule in full, and the triggers that select them. */
const RulesJsonSchema = z.object({ $schema: z.string().optional(), rules: z.array(RuleSchema).min(1), triggers: TriggersSchema.optional() }).strict();

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
    'rules.schema.json': { ...z.toJSONSchema(RulesJsonSchema, io), title: 'Content pack: rules.json' },
    'catalogue.schema.json': { ...z.toJSONSchema(CatalogueFileSchema, io), title: 'Content pack: catalogue.json' },
    'events.schema.json': { ...z.toJSONSchema(EventsFileSchema, io), title: 'Content pack: events.json' },
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
