/**
 * Quality records kept through the bot's Storage (memory locally, blobs in production), by UTC day. A
 * day's document, `quality/YYYY-MM-DD`, lists the day's chunks; each chunk, `quality/YYYY-MM-DD/<writer>-<n>`,
 * holds up to CHUNK_RECORDS records and is written by one recorder only (its writer id is random per
 * recorder, so per bot instance). An append rewrites the recorder's current chunk, never the whole day: at
 * 20,000 records a day a flush used to parse and rewrite all of them (a 16 ms event-loop stall). The day
 * document changes only when a chunk is added, with optimistic writes (eTag) retried on conflict, so
 * parallel instances never overwrite each other's chunks. A day document of the older form (its records
 * inline) is still read, and new chunks are added to it.
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { QualityEvent, QualityRecord, QualityRecorder } from './quality';

export const QUALITY_KEY_PREFIX = 'quality/';
const MAX_RETRIES = 8;
/** A day stops growing past this many records (a flood must not make it unbounded). */
export const MAX_RECORDS_PER_DAY = 20_000;
/** Records per chunk document: the most one append writes. */
export const CHUNK_RECORDS = 500;
/** Documents a day may have: its own and its chunks (for the in-memory store's bound). */
export const DOCUMENTS_PER_DAY = 1 + MAX_RECORDS_PER_DAY / CHUNK_RECORDS;
const MAX_QUESTION_CHARS = 500;

interface DayDoc extends StoreItem {
  /** The keys of the day's chunks, in the order they were added. */
  chunks?: string[];
  /** Records inline (documents written before chunks). */
  records?: QualityRecord[];
}

interface ChunkDoc extends StoreItem {
  records: QualityRecord[];
}

/** The key of a UTC day's document, from the day (YYYY-MM-DD) or any ISO time of it. */
const keyOfDay = (isoDay: string): string => `${QUALITY_KEY_PREFIX}${isoDay.slice(0, 10)}`;
export const dayKey = (at: Date): string => keyOfDay(at.toISOString());

export class StorageQualityRecorder implements QualityRecorder {
  /** The last pending append per day document: appends to one document from this process run one at a time. */
  private readonly appending = new Map<string, Promise<void>>();
  /** This recorder's chunks are named after it: no other recorder writes them. */
  private readonly writer = randomBytes(6).toString('base64url');
  /** The chunk this recorder is filling (one day at a time), with the records it holds. */
  private current?: { day: string; key: string; records: QualityRecord[] };
  private chunksMade = 0;

  constructor(private readonly storage: Storage) {}

  async record(event: QualityEvent, channel: string, at: Date): Promise<void> {
    await this.recordMany([toRecord(event, channel, at)]);
  }

  /** Appends records (grouped by day), each day's to this recorder's current chunk of it. */
  async recordMany(batch: readonly QualityRecord[]): Promise<void> {
    const byDay = new Map<string, QualityRecord[]>();
    for (const r of batch) {
      const key = keyOfDay(r.at);
      byDay.set(key, [...(byDay.get(key) ?? []), r]);
    }
    for (const [key, records] of byDay) await this.serialized(key, () => this.append(key, records));
  }

  /**
   * Runs appends to one day one after another: this recorder's chunk of it is written by one append at a
   * time, and a document that does not exist yet can only be written with eTag '*' (MemoryStorage and
   * BlobsStorage both write '*' unconditionally).
   */
  private serialized(key: string, op: () => Promise<void>): Promise<void> {
    const run = (this.appending.get(key) ?? Promise.resolve()).then(op);
    const tail = run.catch(() => undefined);
    this.appending.set(key, tail);
    void tail.then(() => {
      if (this.appending.get(key) === tail) this.appending.delete(key);
    });
    return run;
  }

  private async append(day: string, added: readonly QualityRecord[]): Promise<void> {
    let rest = added;
    while (rest.length > 0) {
      let chunk = this.current?.day === day ? this.current : undefined;
      if (!chunk || chunk.records.length >= CHUNK_RECORDS) {
        const key = await this.addChunk(day);
        if (!key) return; // the day is full
        chunk = this.current = { day, key, records: [] };
      }
      const take = rest.slice(0, CHUNK_RECORDS - chunk.records.length);
      rest = rest.slice(take.length);
      const records = [...chunk.records, ...take];
      // Only this recorder writes this chunk (appends serialized above): an unconditional write.
      await this.storage.write({ [chunk.key]: { records, eTag: '*' } satisfies ChunkDoc });
      chunk.records = records;
    }
  }

  /** Adds a new chunk of this recorder to the day's document; its key, or undefined when the day is full. */
  private async addChunk(day: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const items = await this.storage.read([day]);
      const doc = items[day] as DayDoc | undefined;
      if (!doc) {
        // Create the day's document empty first, then add with its real eTag (a conditional write):
        // another instance creating it at the same moment is then caught as an eTag conflict, except in
        // the short window between its read and its create.
        await this.storage.write({ [day]: { chunks: [], eTag: '*' } satisfies DayDoc });
        continue;
      }
      const chunks = doc.chunks ?? [];
      if ((doc.records?.length ?? 0) + chunks.length * CHUNK_RECORDS >= MAX_RECORDS_PER_DAY) return undefined;
      const key = `${day}/${this.writer}-${this.chunksMade}`;
      try {
        await this.storage.write({ [day]: { ...doc, chunks: [...chunks, key], eTag: doc.eTag ?? '*' } satisfies DayDoc });
        this.chunksMade += 1;
        return key;
      } catch (e) {
        if (!isConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new Error(`quality: could not record after ${MAX_RETRIES} eTag conflicts on ${day}`);
  }

  /** The records of the given UTC days (YYYY-MM-DD). */
  async read(days: readonly string[]): Promise<QualityRecord[]> {
    const keys = days.map(keyOfDay);
    const docs = await this.storage.read(keys);
    const chunkKeys = keys.flatMap((k) => (docs[k] as DayDoc | undefined)?.chunks ?? []);
    const chunks = chunkKeys.length ? await this.storage.read(chunkKeys) : {};
    return keys.flatMap((k) => {
      const doc = docs[k] as DayDoc | undefined;
      // A chunk listed but never written (its writer stopped in between) holds nothing.
      return [...(doc?.records ?? []), ...(doc?.chunks ?? []).flatMap((c) => (chunks[c] as ChunkDoc | undefined)?.records ?? [])];
    });
  }
}

function toRecord(event: QualityEvent, channel: string, at: Date): QualityRecord {
  const trimmed: QualityEvent = 'question' in event && typeof event.question === 'string' ? { ...event, question: event.question.slice(0, MAX_QUESTION_CHARS) } : event;
  return { ...trimmed, channel, at: at.toISOString() } as QualityRecord;
}

/**
 * What the bot uses on its hot path: records are buffered in memory and written in batches (every
 * `intervalMs`, or at `maxBuffer` records, and on close), so a turn never waits on a storage round
 * trip for its quality record. A failed write keeps the batch for the next flush (bounded).
 */
export class BufferedQualityRecorder implements QualityRecorder {
  private buffer: QualityRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: StorageQualityRecorder,
    private readonly onError: (e: Error) => void,
    private readonly intervalMs = 5000,
    private readonly maxBuffer = 200,
  ) {}

  async record(event: QualityEvent, channel: string, at: Date): Promise<void> {
    this.buffer.push(toRecord(event, channel, at));
    if (this.buffer.length >= this.maxBuffer) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves when it is stored (or the error was reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.buffer;
      this.buffer = [];
      if (batch.length === 0) return;
      try {
        await this.target.recordMany(batch);
      } catch (e) {
        this.onError(e as Error);
        // Keep the records for the next flush, within the same bound as a day's document.
        this.buffer = [...batch, ...this.buffer].slice(-MAX_RECORDS_PER_DAY);
      }
    });
    return this.flushing;
  }
}

/** An eTag mismatch (MemoryStorage says "eTag conflict"; blobs answer 412 Precondition Failed). */
export function isConflict(e: unknown): boolean {
  const err = e as { statusCode?: number; code?: string; message?: string };
  return err?.statusCode === 412 || err?.statusCode === 409 || /etag|precondition|conflict/i.test(`${err?.code ?? ''} ${err?.message ?? ''}`);
}
