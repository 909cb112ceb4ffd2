/**
 * The built index of the shipped pack, saved by `npm run build` next to the compiled code
 * (dist/knowledge/index.snapshot) and loaded at start instead of building the index again: the classifier's
 * training is seconds of CPU, loading the snapshot is milliseconds.
 *
 * A snapshot is only used when it is certainly the index the start would build:
 *   - made by the same build as the running code (its build id; code run from source has none, and never
 *     uses a snapshot);
 *   - by the same V8 (its serialisation format);
 *   - from the same pack content: the digest of every JSON file of the pack folder, names and bytes. A content
 *     owner's edit of the deployed pack, or KNOWLEDGE_DIR pointing at another pack, builds the index as
 *     usual.
 * Anything else (no file, another build, a damaged file) also builds as usual, and says why in the log.
 *
 * The index travels in knowledge/transfer.ts's format (the reload worker's): KnowledgeIndex.toData, its
 * class instances listed for revival, serialised with node:v8 in one piece.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { presetScoreScale, scoreScale } from './calibrate';
import type { KnowledgeIndex } from './index';
import { packIndex, type TransferMessage, unpackIndex } from './transfer';

/** Set by the production build (scripts/build.ts, esbuild's `define`); absent when the code runs from source. */
declare const __BUILD_ID__: string | undefined;

/** The running code's build id, if it is a production build. */
export const BUILD_ID: string | undefined = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : undefined;

/** The snapshot's file name, beside the compiled knowledge code (dist/knowledge/). */
export const SNAPSHOT_FILE = 'index.snapshot';

/** What a snapshot was made from; all must match the start's for it to be used. */
interface SnapshotKey {
  readonly build: string;
  readonly v8: string;
  readonly pack: string;
}

interface SnapshotFile extends SnapshotKey {
  readonly messages: readonly TransferMessage[];
  /** The pack's score scale (knowledge/calibrate.ts), worked out with the index. */
  readonly scale: number;
}

/** The digest of a pack folder's content: every top-level .json file, by name and bytes, in name order. */
export function packDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
  }
  return hash.digest('hex');
}

/** Writes the snapshot of `index` (built from the pack folder `dir`) for the build `build`. */
export function writeSnapshot(file: string, index: KnowledgeIndex, dir: string, build: string): number {
  const snapshot: SnapshotFile = {
    build,
    v8: process.versions.v8,
    pack: packDigest(dir),
    messages: packIndex(index).map((m) => m.message),
    scale: scoreScale(index),
  };
  const bytes = serialize(snapshot);
  writeFileSync(file, bytes);
  return bytes.length;
}

export type SnapshotRead = { readonly index: KnowledgeIndex } | { readonly index?: undefined; readonly reason: string };

/**
 * The index saved in `file` when it matches the running build, V8 and the pack folder `dir`'s content;
 * otherwise why not (the caller builds the index).
 */
export function readSnapshot(file: string, dir: string, build: string | undefined = BUILD_ID): SnapshotRead {
  if (build === undefined) return { reason: 'not a production build' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { reason: 'no snapshot' };
  }
  let snapshot: SnapshotFile;
  try {
    snapshot = deserialize(bytes) as SnapshotFile;
  } catch (e) {
    return { reason: `unreadable snapshot: ${(e as Error).message}` };
  }
  if (snapshot.build !== build) return { reason: 'snapshot of another build' };
  if (snapshot.v8 !== process.versions.v8) return { reason: 'snapshot of another V8' };
  let digest: string;
  try {
    digest = packDigest(dir);
  } catch (e) {
    return { reason: `cannot read the pack folder: ${(e as Error).message}` };
  }
  if (snapshot.pack !== digest) return { reason: 'the pack changed since the build' };
  try {
    const index = unpackIndex(snapshot.messages);
    // The pack as loaded here, not where the build read it from.
    Object.assign(index, { pack: { ...index.pack, dir } });
    presetScoreScale(index, snapshot.scale);
    return { index };
  } catch (e) {
    return { reason: `unusable snapshot: ${(e as Error).message}` };
  }
}
