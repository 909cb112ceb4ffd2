/**
 * The live knowledge: the current index, swapped atomically when an edited knowledge file validates.
 * An edit that fails validation keeps the previous index serving and logs the exact error.
 *
 * A reload from the folder watch (refresh()) never stalls traffic: the pack is loaded, validated and
 * indexed in a worker thread (knowledge/buildWorker.ts) while the old index answers; the built index
 * comes back in pieces (knowledge/transfer.ts) that the main thread takes one per event-loop turn
 * (setImmediate between them), then replaces the old one in one assignment. Triggers that come during a
 * build coalesce: at most one build runs and one waits (it reads the folder when it starts). When no
 * worker can be started, the build runs on the main thread as before, and that is logged.
 */
import { type FSWatcher, watch } from 'node:fs';
import { extname, join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerOutcome } from './buildWorker';
import { presetScoreScale, scoreScale } from './calibrate';
import { KnowledgeIndex, type KnowledgeIndexData } from './index';
import { DEFAULT_KNOWLEDGE_DIR, KNOWLEDGE_CODE_DIR } from './load';
import { loadPack } from './pack';
import { readSnapshot, SNAPSHOT_FILE } from './snapshot';
import { IndexAssembler, type TransferMessage } from './transfer';

export interface KnowledgeLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type ReloadResult = { ok: true; entries: number } | { ok: false; error: string };

/** How a worker build ended, seen from the main thread. */
type Built =
  | { readonly kind: 'built'; readonly index: KnowledgeIndex; readonly buildMs: number; readonly swap: SwapCost }
  | { readonly kind: 'rejected'; readonly error: string }
  /** No usable worker (cannot start, crashed, or its index could not be posted): build here instead. */
  | { readonly kind: 'unavailable'; readonly error: string };

/** The main thread's share of a worker build: taking the index's messages in and assembling it. */
export interface SwapCost {
  /** All of it, in milliseconds... */
  readonly totalMs: number;
  /** ...taking the index's messages in, one per event-loop turn... */
  readonly slices: number;
  /** ...the longest of which took this long... */
  readonly longestMs: number;
  /** ...then the index made from the data (KnowledgeIndex.fromData: the field index's tree rebuilt), in the last message's turn. */
  readonly restoreMs: number;
}

/** The worker's file in the knowledge folder of the code: .ts from source (tsx, ts-jest), .js from the build's dist/. */
const WORKER_FILE = join(KNOWLEDGE_CODE_DIR, `buildWorker${extname(__filename)}`);

/**
 * Starts the worker. From source the worker is TypeScript: a one-line CommonJS bootstrap registers tsx's
 * require hook (tsx/cjs) first, then requires it. From dist/ it is plain JavaScript.
 */
function startWorker(file: string, input: WorkerInput): Worker {
  const options = { workerData: input, transferList: [input.port] };
  if (!file.endsWith('.ts')) return new Worker(file, options);
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`;
  // Not the parent's flags: under `node --import tsx` those register tsx's module hooks for the worker as
  // well, which is not needed (the require hook above reads the TypeScript).
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}

export interface KnowledgeStoreOptions {
  /** The worker's file (tests: one that cannot start); default knowledge/buildWorker beside this file. */
  readonly workerFile?: string;
  /** The build's index snapshot (knowledge/snapshot.ts); default KNOWLEDGE_CODE_DIR/index.snapshot. */
  readonly snapshotFile?: string;
  /** The build id the snapshot must carry (tests); default the running code's (none from source). */
  readonly buildId?: string;
}

export class KnowledgeStore {
  private current: KnowledgeIndex;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private version = 1;
  private rejected?: { readonly error: string; readonly at: string };
  /** The build in progress (refresh), and the one waiting for it to finish. */
  private running?: Promise<ReloadResult>;
  private queued?: Promise<ReloadResult>;
  private worker?: Worker;
  private closed = false;
  /** The main thread's share of the last worker build that produced an index (for benchmarks and tests). */
  lastSwap?: SwapCost;

  /**
   * Loads and indexes the folder; throws KnowledgeError when it is invalid (the start stops). A production
   * build starts from its index snapshot instead when it was made from this very content (knowledge/snapshot.ts).
   */
  constructor(
    readonly dir: string = DEFAULT_KNOWLEDGE_DIR,
    private readonly log?: KnowledgeLog,
    private readonly options: KnowledgeStoreOptions = {},
  ) {
    const started = performance.now();
    const snapshot = readSnapshot(options.snapshotFile ?? join(KNOWLEDGE_CODE_DIR, SNAPSHOT_FILE), dir, options.buildId);
    this.current = snapshot.index ?? new KnowledgeIndex(loadPack(dir));
    // The pack's score scale is worked out at start, not on the first question (knowledge/calibrate.ts);
    // a snapshot carries it.
    scoreScale(this.current);
    this.log?.info(
      { event: 'knowledge-loaded', entries: this.current.size, from: snapshot.index ? 'snapshot' : 'pack', ...(snapshot.index ? {} : { snapshot: snapshot.reason }), ms: Math.round(performance.now() - started) },
      snapshot.index ? "knowledge index loaded from the build's snapshot" : 'knowledge index built from the pack',
    );
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

  /** Whether a build (refresh) is running now. */
  get building(): boolean {
    return this.running !== undefined;
  }

  /**
   * Re-reads the folder on the calling thread, now (tests, tools; the folder watch uses refresh()).
   * Valid -> the new index replaces the old in one assignment; invalid -> kept.
   */
  reload(): ReloadResult {
    try {
      const next = new KnowledgeIndex(loadPack(this.dir));
      return this.swap(next, { via: 'thread' });
    } catch (e) {
      return this.reject((e as Error).message);
    }
  }

  /**
   * Re-reads the folder in a worker thread; the current index answers until the new one is in. A call
   * while a build runs waits for it and then builds once more (calls meanwhile share that one build).
   */
  refresh(): Promise<ReloadResult> {
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.start();
      });
      return this.queued;
    }
    return this.start();
  }

  private start(): Promise<ReloadResult> {
    const run = this.build().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async build(): Promise<ReloadResult> {
    if (this.closed) return { ok: false, error: 'knowledge store closed' };
    const built = await this.buildInWorker();
    if (this.closed) return { ok: false, error: 'knowledge store closed' };
    switch (built.kind) {
      case 'built':
        this.lastSwap = built.swap;
        return this.swap(built.index, { via: 'worker', buildMs: Math.round(built.buildMs), swapMs: round(built.swap.totalMs), swapSlices: built.swap.slices, swapLongestMs: round(built.swap.longestMs), restoreMs: round(built.swap.restoreMs) });
      case 'rejected':
        return this.reject(built.error);
      case 'unavailable':
        this.log?.error({ event: 'knowledge-worker-unavailable', err: built.error }, 'knowledge reload: no worker thread; building on the main thread');
        return this.reload();
    }
  }

  private swap(next: KnowledgeIndex, details: Record<string, unknown>): ReloadResult {
    this.current = next;
    this.version += 1;
    this.rejected = undefined;
    this.warn(next);
    this.log?.info({ event: 'knowledge-reloaded', entries: next.size, generation: this.version, ...details }, 'knowledge re-indexed');
    return { ok: true, entries: next.size };
  }

  private reject(error: string): ReloadResult {
    this.rejected = { error, at: new Date().toISOString() };
    this.log?.error({ event: 'knowledge-reload-failed', err: error }, 'knowledge edit rejected; the previous index keeps serving');
    return { ok: false, error };
  }

  /** One build in a fresh worker; the index's messages are taken one per event-loop turn. */
  private buildInWorker(): Promise<Built> {
    return new Promise<Built>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      let settled = false;
      const settle = (b: Built) => {
        if (settled) return;
        settled = true;
        port1.close();
        if (this.worker === worker) this.worker = undefined;
        void worker?.terminate();
        resolve(b);
      };
      let worker: Worker | undefined;
      try {
        worker = startWorker(this.options.workerFile ?? WORKER_FILE, { dir: this.dir, port: port2 });
      } catch (e) {
        settle({ kind: 'unavailable', error: (e as Error).message });
        return;
      }
      this.worker = worker;
      worker.once('error', (e) => settle({ kind: 'unavailable', error: e.message }));
      worker.once('exit', (code) => settle({ kind: 'unavailable', error: `the worker stopped (exit code ${code}) before posting an index` }));
      worker.once('message', (m: WorkerOutcome) => {
        if (m.kind === 'rejected') return settle({ kind: 'rejected', error: m.error });
        if (m.kind === 'failed') return settle({ kind: 'unavailable', error: m.error });
        // The worker is done; its exit must not count as a failure while the messages are taken in.
        worker!.removeAllListeners('exit');
        this.assemble(port1, m.messages).then(
          ({ index, swap }) => {
            presetScoreScale(index, m.scale);
            settle({ kind: 'built', index, buildMs: m.buildMs, swap });
          },
          (e: Error) => settle({ kind: 'unavailable', error: e.message }),
        );
      });
    });
  }

  /**
   * The index from the worker's messages: one message per event-loop turn (deserialising it happens in
   * receiveMessageOnPort, on this thread); after the last, the index is made from the data (fromData).
   */
  private async assemble(port: MessagePort, messages: number): Promise<{ index: KnowledgeIndex; swap: SwapCost }> {
    const assembler = new IndexAssembler();
    let totalMs = 0;
    let longestMs = 0;
    let data: KnowledgeIndexData | undefined;
    for (let slice = 0; data === undefined; slice++) {
      await setImmediate();
      if (this.closed) throw new Error('knowledge store closed');
      const t = performance.now();
      const got = receiveMessageOnPort(port);
      if (!got) throw new Error(`the worker's index ended after ${slice} of ${messages} messages`);
      data = assembler.add(got.message as TransferMessage);
      const ms = performance.now() - t;
      totalMs += ms;
      longestMs = Math.max(longestMs, ms);
    }
    const t = performance.now();
    const index = KnowledgeIndex.fromData(data);
    const restoreMs = performance.now() - t;
    return { index, swap: { totalMs: totalMs + restoreMs, slices: messages, longestMs, restoreMs } };
  }

  /** Watches the folder and reloads (debounced, in a worker: refresh()) on any change of a .json file. */
  watch(debounceMs = 200): void {
    if (this.watcher) return;
    this.watcher = watch(this.dir, (_event, file) => {
      if (file && !String(file).endsWith('.json')) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), debounceMs);
      this.timer.unref();
    });
    this.watcher.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    void this.worker?.terminate();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
