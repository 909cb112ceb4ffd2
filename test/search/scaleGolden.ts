/**
 * The record test/search/scale.test.ts compares against: a generated pack of GOLDEN_ENTRIES entries
 * (scripts/kb-generate.ts, seed 1), each entry asked its own question and alternatives through the
 * index; per phrasing the top three entries. Written by `npx tsx test/search/scaleGolden.ts` with the
 * index of the commit to compare with (it was made with main before the field index of
 * knowledge/fieldIndex.ts replaced MiniSearch's search).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeIndex } from '../../knowledge/index';
import { type ContentPack, loadPack } from '../../knowledge/pack';
import { generatePack } from '../../scripts/kb-generate';

/** Up to 20,000 phrasings the classifier's budgets are those of the real pack (CLASSIFIER_OPTIONS). */
export const GOLDEN_ENTRIES = 1500;
export const GOLDEN_FILE = join(__dirname, '..', 'fixtures', `scale-${GOLDEN_ENTRIES}.json`);

export interface Golden {
  readonly entries: number;
  readonly phrasings: number;
  /** Phrasings whose top entry is their own. */
  readonly ownTop: number;
  /** The others: the phrasing, its entry, and the top entry (none when nothing matched). */
  readonly elsewhere: ReadonlyArray<{ readonly q: string; readonly expect: string; readonly got: string }>;
  /** sha256 of every phrasing's top three entry ids, in order. */
  readonly top3: string;
}

export function goldenPack(): ContentPack {
  const dir = mkdtempSync(join(tmpdir(), 'scale-golden-'));
  try {
    for (const f of generatePack(GOLDEN_ENTRIES).files) writeFileSync(join(dir, f.name), JSON.stringify(f.json));
    return loadPack(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function goldenRun(index: KnowledgeIndex): Golden {
  const hash = createHash('sha256');
  const elsewhere: Array<{ q: string; expect: string; got: string }> = [];
  let phrasings = 0;
  for (const e of index.entries) {
    for (const q of [e.question, ...e.alternatives]) {
      phrasings += 1;
      const top = index.searchMessage(q, 3).hits.map((h) => h.entry.id);
      hash.update(`${top.join(',')}\n`);
      if (top[0] !== e.id) elsewhere.push({ q, expect: e.id, got: top[0] ?? 'none' });
    }
  }
  return { entries: index.size, phrasings, ownTop: phrasings - elsewhere.length, elsewhere, top3: hash.digest('hex') };
}

if (require.main === module) {
  const golden = goldenRun(new KnowledgeIndex(goldenPack()));
  writeFileSync(GOLDEN_FILE, `${JSON.stringify(golden, null, 1)}\n`);
  process.stderr.write(`${GOLDEN_FILE}: ${golden.ownTop} of ${golden.phrasings} phrasings answered by their own entry\n`);
}
