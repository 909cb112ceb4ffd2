/**
 * The live knowledge: the current index, swapped atomically when an edited knowledge file validates.
 * An edit that fails validation keeps the previous index serving and logs the exact error.
 */
import { type FSWatcher, watch } from 'node:fs';
import { KnowledgeIndex } from './index';
import { DEFAULT_KNOWLEDGE_DIR } from './load';
import { loadPack } from './pack';

export interface KnowledgeLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export class KnowledgeStore {
  private current: KnowledgeIndex;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private version = 1;
  private rejected?: { readonly error: string; readonly at: string };

  /** Loads and indexes the folder; throws KnowledgeError when it is invalid (the start stops). */
  constructor(
    readonly dir: string = DEFAULT_KNOWLEDGE_DIR,
    private readonly log?: KnowledgeLog,
  ) {
    this.current = new KnowledgeIndex(loadPack(dir));
    this.warn(this.current);
  }

  /** Load warnings a content owner should see (an entry on a subject also listed as out of scope). */
  private warn(index: KnowledgeIndex): void {
    for (const warning of [...index.overlaps, ...index.pack.warnings]) this.log?.info({ event: 'knowledge-warning', warning }, 'knowledge load warning');
  }

  /** The last rejected edit since the content now serving was loaded (for /readyz), if any. */
  get lastRejection(): { readonly error: string; readonly at: string } | undefined {
    return this.rejected;
  }

  get index(): KnowledgeIndex {
    return this.current;
  }

  get generation(): number {
    return this.version;
  }

  /** Re-reads the folder. Valid -> the new index replaces the old in one assignment; invalid -> kept. */
  reload(): { ok: true; entries: number } | { ok: false; error: string } {
    try {
      const next = new KnowledgeIndex(loadPack(this.dir));
      this.current = next;
      this.version += 1;
      this.rejected = undefined;
      this.warn(next);
      this.log?.info({ event: 'knowledge-reloaded', entries: next.size, generation: this.version }, 'knowledge re-indexed');
      return { ok: true, entries: next.size };
    } catch (e) {
      const error = (e as Error).message;
      this.rejected = { error, at: new Date().toISOString() };
      this.log?.error({ event: 'knowledge-reload-failed', err: error }, 'knowledge edit rejected; the previous index keeps serving');
      return { ok: false, error };
    }
  }

  /** Watches the folder and reloads (debounced) on any change of a .json file. */
  watch(debounceMs = 200): void {
    if (this.watcher) return;
    this.watcher = watch(this.dir, (_event, file) => {
      if (file && !String(file).endsWith('.json')) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(), debounceMs);
      this.timer.unref();
    });
    this.watcher.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
