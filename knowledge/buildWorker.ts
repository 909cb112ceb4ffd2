/**
 * The worker thread of a knowledge reload (knowledge/store.ts): loads and validates the pack folder it
 * is given, builds the KnowledgeIndex (the classifier's training is most of the time), and posts it to
 * the main thread in pieces (knowledge/transfer.ts). A pack that fails validation is posted as
 * `rejected` with the same message an in-thread load gives; a built index that cannot be posted as
 * `failed` (the main thread then builds it itself). One build per worker: it exits when done.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { scoreScale } from './calibrate';
import { KnowledgeIndex } from './index';
import { loadPack } from './pack';
import { packIndex } from './transfer';

/** What the worker posts besides the index's TransferMessages. */
export type WorkerOutcome =
  | { readonly kind: 'rejected'; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string }
  /** The index's messages are on the `port` the worker was given; `buildMs`: loading and building. */
  | { readonly kind: 'posted'; readonly messages: number; readonly buildMs: number; readonly scale: number };

export interface WorkerInput {
  readonly dir: string;
  /** Where the index's TransferMessages go: the main thread reads them one at a time (receiveMessageOnPort). */
  readonly port: MessagePort;
}

/**
 * The build gives way to the turns: on Linux this thread (not the process) runs at the lowest CPU
 * priority, so on a busy machine (2 cores, other work) the main thread's turns are not slowed by the
 * build's seconds of training, which waits instead. /proc/thread-self names the thread's own id, and
 * setpriority() on a thread id applies to that thread alone. Elsewhere the thread keeps its priority.
 */
export const BUILD_NICENESS = 19;

function lowerPriority(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    setPriority(tid, BUILD_NICENESS);
    return tid;
  } catch {
    return undefined;
  }
}

function run(parent: NonNullable<typeof parentPort>, { dir, port }: WorkerInput): void {
  const started = performance.now();
  lowerPriority();
  let index: KnowledgeIndex;
  try {
    index = new KnowledgeIndex(loadPack(dir));
    scoreScale(index);
  } catch (e) {
    parent.postMessage({ kind: 'rejected', error: (e as Error).message } satisfies WorkerOutcome);
    return;
  }
  let messages: ReturnType<typeof packIndex>;
  try {
    messages = packIndex(index);
  } catch (e) {
    parent.postMessage({ kind: 'failed', error: (e as Error).message } satisfies WorkerOutcome);
    return;
  }
  const buildMs = performance.now() - started;
  for (const { message, transfer } of messages) port.postMessage(message, transfer);
  parent.postMessage({ kind: 'posted', messages: messages.length, buildMs, scale: scoreScale(index) } satisfies WorkerOutcome);
}

if (parentPort) run(parentPort, workerData as WorkerInput);
