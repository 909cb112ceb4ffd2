/** Writes knowledge/faq.schema.json (JSON Schema for editors) from the zod schema in knowledge/schema.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KnowledgeFileSchema } from '../knowledge/schema';

export function knowledgeJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(KnowledgeFileSchema), title: 'Certification help-desk knowledge file' };
}

if (require.main === module) {
  const out = join(__dirname, '..', 'knowledge', 'faq.schema.json');
  writeFileSync(out, `${JSON.stringify(knowledgeJsonSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
