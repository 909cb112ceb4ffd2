/**
 * Reads and validates the knowledge files (knowledge/*.json). Every problem names the file, the entry
 * id and the field: `knowledge: microcredentials.json entry "microcredential-badge": answer: ...`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ZodError } from 'zod';
import { KnowledgeFileSchema, type FaqEntry } from './schema';

/**
 * The knowledge folder of the running code: knowledge/ from source, dist/knowledge/ from the build. Found from
 * the folder above this file's, because the production build bundles the code into one file in dist/bot/
 * (scripts/build.ts), where every module's __dirname is that file's folder; bot/ and knowledge/ are siblings.
 */
export const KNOWLEDGE_CODE_DIR = join(__dirname, '..', 'knowledge');

/**
 * The content pack shipped with the bot: the folder under KNOWLEDGE_CODE_DIR that holds a pack.json (the
 * first by name if there were several). KNOWLEDGE_DIR points elsewhere.
 */
export const DEFAULT_KNOWLEDGE_DIR = shippedPackIn(KNOWLEDGE_CODE_DIR);

/** The shipped pack's folder under a knowledge code folder (the build uses it on dist/knowledge/). */
export function shippedPackIn(codeDir: string): string {
  const dirs = readdirSync(codeDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(codeDir, d.name, 'pack.json')))
    .map((d) => d.name)
    .sort();
  return join(codeDir, dirs[0] ?? 'pack');
}

/** A pack's files that hold no entries (knowledge/pack.ts). */
export const SPECIAL_FILES: readonly string[] = ['pack.json', 'lexicon.json', 'out-of-scope.json', 'rules.json', 'events.json', 'catalogue.json'];

export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

export interface KnowledgeBase {
  readonly entries: readonly FaqEntry[];
  /** Which file each entry came from. */
  readonly fileOf: ReadonlyMap<string, string>;
}

function describeZod(file: string, raw: unknown, error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `knowledge: ${file}: invalid`;
  const path = issue.path;
  if (path[0] === 'entries' && typeof path[1] === 'number') {
    const entries = (raw as { entries?: unknown[] }).entries ?? [];
    const entry = entries[path[1]] as { id?: unknown } | undefined;
    const id = typeof entry?.id === 'string' ? entry.id : `#${path[1] + 1}`;
    const field = path.slice(2).join('.') || '(entry)';
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    return `knowledge: ${file} entry "${id}": ${field}: ${message}`;
  }
  return `knowledge: ${file}: ${path.join('.') || '(file)'}: ${issue.message}`;
}

/** Validates parsed file contents (file name -> JSON value). Pure; used by loadKnowledge and the tests. */
export function validateKnowledge(files: ReadonlyArray<{ file: string; json: unknown }>): KnowledgeBase {
  if (files.length === 0) throw new KnowledgeError('knowledge: no knowledge files found');
  const entries: FaqEntry[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, json } of files) {
    const parsed = KnowledgeFileSchema.safeParse(json);
    if (!parsed.success) throw new KnowledgeError(describeZod(file, json, parsed.error));
    for (const entry of parsed.data.entries) {
      const first = fileOf.get(entry.id);
      if (first) {
        throw new KnowledgeError(`knowledge: duplicate id "${entry.id}" in ${file}${first === file ? '' : ` (first in ${first})`}`);
      }
      fileOf.set(entry.id, file);
      entries.push(entry);
    }
  }
  for (const entry of entries) {
    for (const rel of entry.related ?? []) {
      if (!fileOf.has(rel)) throw new KnowledgeError(`knowledge: ${fileOf.get(entry.id)} entry "${entry.id}": related: "${rel}" points to no entry`);
      if (rel === entry.id) throw new KnowledgeError(`knowledge: ${fileOf.get(entry.id)} entry "${entry.id}": related: points to itself`);
    }
  }
  return { entries, fileOf };
}

/** The knowledge files of a folder: every *.json except JSON Schemas and the pack's special files. */
export function knowledgeFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json') && !SPECIAL_FILES.includes(f))
    .sort()
    .map((f) => join(dir, f));
}

export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  let paths: string[];
  try {
    paths = knowledgeFiles(dir);
  } catch (e) {
    throw new KnowledgeError(`knowledge: cannot read folder ${dir}: ${(e as Error).message}`);
  }
  const files = paths.map((path) => {
    const file = basename(path);
    const text = readFileSync(path, 'utf8');
    try {
      return { file, json: JSON.parse(text) as unknown };
    } catch (e) {
      throw new KnowledgeError(`knowledge: ${file}: not valid JSON: ${(e as Error).message}`);
    }
  });
  return validateKnowledge(files);
}
