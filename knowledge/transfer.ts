/**
 * A built KnowledgeIndex crossing from a worker thread to the main one (knowledge/store.ts): the index's
 * data (KnowledgeIndex.toData) goes through postMessage's structured clone, which keeps plain objects,
 * arrays, Maps, Sets, typed arrays and RegExps, and the sharing between them, but not the prototype of an
 * instance of a class. Such instances are listed beside the data (references into it, which the clone
 * keeps pointing at the cloned objects), with their class's name, and get their prototype back on
 * arrival: no walk of the whole graph on the main thread. An instance of a class not listed in CLASSES
 * is refused when the data is packed (a loud error, not an index that breaks on its first question).
 */
import { serialize } from 'node:v8';
import { Catalogue } from '../rules/catalogue';
import { EventVocabulary } from '../rules/events';
import { Triggers } from '../rules/triggers';
import { EntryClassifier } from './classifier';
import { KnowledgeIndex, type KnowledgeIndexData } from './index';

/** Classes whose instances hold data only (no closures): their objects survive a clone once revived. */
const CLASSES = { EntryClassifier, EventVocabulary, Triggers, Catalogue } as const;
type ClassName = keyof typeof CLASSES;

/** The built-in kinds of object that structured clone carries as they are. */
const CLONEABLE: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  RegExp.prototype,
  Date.prototype,
  ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map(
    (t) => t.prototype as object,
  ),
]);

/** One message of an index's transfer: the head first, then its chunks (in order). */
export type TransferMessage =
  | {
      readonly kind: 'head';
      /** The index's data with the chunked containers left empty. */
      readonly data: KnowledgeIndexData;
      readonly revive: Revive;
      readonly chunks: number;
    }
  | {
      readonly kind: 'chunk';
      /** A field of the index's data (a Map: its [key, value] pairs) or SEARCH_TERMS (the field index's terms). */
      readonly field: string;
      readonly items: readonly unknown[];
      readonly revive: Revive;
    };

/** Objects inside a message that are instances of CLASSES, with their class's name. */
type Revive = ReadonlyArray<readonly [object, ClassName]>;

/** The chunk field name of the field index's term list. */
const SEARCH_TERMS = '#search.terms';

/**
 * A message is deserialised on the main thread in one piece, between two turns: the large containers
 * (a Map field of the index that shares no object with another field, the field index's terms) go in chunks
 * of about this many serialised bytes, each its own task for the event loop.
 */
export const CHUNK_BYTES = 64 * 1024;

const classNameOf = (proto: object): ClassName | undefined =>
  (Object.keys(CLASSES) as ClassName[]).find((name) => CLASSES[name].prototype === proto);

/**
 * Visits every object under `value` once (`seen` spans calls): throws on a function or an instance of a
 * class structured clone would strip and CLASSES does not know; collects CLASSES' instances and the
 * typed arrays' buffers (transferred, not copied).
 */
function walk(value: unknown, path: string, seen: Map<object, string>, owner: string, out: { revive: Array<readonly [object, ClassName]>; buffers: Set<ArrayBuffer>; shared: Set<string> }): void {
  if (typeof value === 'function') throw new Error(`knowledge transfer: ${path} is a function`);
  if (typeof value !== 'object' || value === null) return;
  const before = seen.get(value);
  if (before !== undefined) {
    if (before !== owner) out.shared.add(before).add(owner);
    return;
  }
  seen.set(value, owner);
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.buffers.add(value.buffer);
    return;
  }
  if (value instanceof RegExp || value instanceof Date) return;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!CLONEABLE.has(proto)) {
    const name = classNameOf(proto!);
    if (!name) throw new Error(`knowledge transfer: ${path} is a ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'}, unknown to knowledge/transfer.ts`);
    out.revive.push([value, name]);
  }
  if (value instanceof Map) {
    for (const [k, v] of value as Map<unknown, unknown>) {
      walk(k, `${path}.<key>`, seen, owner, out);
      walk(v, `${path}[${String(k)}]`, seen, owner, out);
    }
  } else if (value instanceof Set) {
    for (const v of value as Set<unknown>) walk(v, `${path}.<item>`, seen, owner, out);
  } else if (Array.isArray(value)) {
    // Arrays of numbers and strings are common and long: only their objects are visited.
    for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object' || typeof value[i] === 'function') walk(value[i], `${path}[${i}]`, seen, owner, out);
  } else {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, seen, owner, out);
  }
}

/** `items` cut into runs of about CHUNK_BYTES serialised bytes. */
function cut(items: readonly unknown[]): unknown[][] {
  const runs: unknown[][] = [];
  let run: unknown[] = [];
  let bytes = 0;
  for (const item of items) {
    run.push(item);
    bytes += serialize(item).length;
    if (bytes >= CHUNK_BYTES) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * The index as postMessage messages with their transfer lists (the typed arrays' buffers: the worker
 * gives them up). Throws on an object that would not survive the clone.
 */
export function packIndex(index: KnowledgeIndex): Array<{ readonly message: TransferMessage; readonly transfer: ArrayBuffer[] }> {
  const data = index.toData();
  // Which fields share objects with another (the entries: pack, entries, byId): those stay in the head.
  const probe = { revive: [] as Array<readonly [object, ClassName]>, buffers: new Set<ArrayBuffer>(), shared: new Set<string>() };
  const seen = new Map<object, string>();
  for (const [field, value] of Object.entries(data.fields)) walk(value, `index.${field}`, seen, field, probe);
  const chunked = Object.entries(data.fields).filter(([field, value]) => value instanceof Map && !probe.shared.has(field)) as Array<[string, Map<unknown, unknown>]>;
  const fields: Record<string, unknown> = { ...data.fields };
  for (const [field] of chunked) fields[field] = new Map();
  const head = { fields, search: { ...data.search, terms: [] } };
  const runs: Array<{ field: string; items: unknown[] }> = [];
  for (const [field, map] of chunked) for (const items of cut([...map])) runs.push({ field, items });
  for (const items of cut(data.search.terms)) runs.push({ field: SEARCH_TERMS, items });
  const collect = (value: unknown, path: string) => {
    const out = { revive: [] as Array<readonly [object, ClassName]>, buffers: new Set<ArrayBuffer>(), shared: new Set<string>() };
    walk(value, path, new Map(), path, out);
    return out;
  };
  const h = collect(head.fields, 'index');
  const messages: Array<{ message: TransferMessage; transfer: ArrayBuffer[] }> = [{ message: { kind: 'head', data: head, revive: h.revive, chunks: runs.length }, transfer: [...h.buffers] }];
  for (const run of runs) {
    const c = collect(run.items, `index.${run.field}`);
    messages.push({ message: { kind: 'chunk', field: run.field, items: run.items, revive: c.revive }, transfer: [...c.buffers] });
  }
  return messages;
}

/**
 * Puts a transferred index's data back together on the receiving thread, message by message (each taken
 * in its own event-loop turn): add() each message in order; it returns the data once the last one is in
 * (then KnowledgeIndex.fromData).
 */
export class IndexAssembler {
  private head?: Extract<TransferMessage, { kind: 'head' }>;
  private received = 0;

  add(message: TransferMessage): KnowledgeIndexData | undefined {
    for (const [object, name] of message.revive) Object.setPrototypeOf(object, CLASSES[name].prototype);
    if (message.kind === 'head') {
      this.head = message;
    } else {
      const head = this.head;
      if (!head) throw new Error('knowledge transfer: a chunk before the head');
      this.received += 1;
      if (message.field === SEARCH_TERMS) {
        const terms = head.data.search.terms as unknown[];
        for (const item of message.items) terms.push(item);
      } else {
        const map = head.data.fields[message.field] as Map<unknown, unknown>;
        for (const [k, v] of message.items as Array<[unknown, unknown]>) map.set(k, v);
      }
    }
    if (!this.head || this.received < this.head.chunks) return undefined;
    return this.head.data;
  }
}

/** The index from packIndex()'s messages in one go (tests; the store takes them one per turn). */
export function unpackIndex(messages: readonly TransferMessage[]): KnowledgeIndex {
  const assembler = new IndexAssembler();
  let data: KnowledgeIndexData | undefined;
  for (const m of messages) data = assembler.add(m);
  if (!data) throw new Error('knowledge transfer: incomplete');
  return KnowledgeIndex.fromData(data);
}
