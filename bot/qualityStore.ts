/**
 * Quality records kept through the bot's Storage (memory locally, blobs in production): one document
 * per UTC day, `quality/YYYY-MM-DD`, holding that day's records. Writes are optimistic (eTag) and
 * retried on conflict, so parallel instances never overwrite each other's records.
 */
import type { Storage, StoreItem } from 'botbuilder';
import type { QualityEvent, QualityRecord, QualityRecorder } from './quality';

export const QUALITY_KEY_PREFIX = 'quality/';
const MAX_RETRIES = 8;
/** A day's document stops growing past this many records (a flood must not make it unbounded). */
export const MAX_RECORDS_PER_DAY = 20_000;
const MAX_QUESTION_CHARS = 500;

interface DayDoc extends StoreItem {
  records: QualityRecord[];
}

/** The key of a UTC day's document, from the day (YYYY-MM-DD) or any ISO time of it. */
const keyOfDay = (isoDay: string): string => `${QUALITY_KEY_PREFIX}${isoDay.slice(0, 10)}`;
export const dayKey = (at: Date): string => keyOfDay(at.toISOString());

export class StorageQualityRecorder implements QualityRecorder {
  /** The last pending append per day document: appends to one document from this process run one at a time. */
  private readonly appending = new Map<string, Promise<void>>();

  constructor(private readonly storage: Storage) {}

  async record(event: QualityEvent, channel: string, at: Date): Promise<void> {
    await this.recordMany([toRecord(event, channel, at)]);
  }

  /** Appends records (grouped by day) with one read-modify-write per day document. */
  async recordMany(batch: readonly QualityRecord[]): Promise<void> {
    const byDay = new Map<string, QualityRecord[]>();
    for (const r of batch) {
      const key = keyOfDay(r.at);
      byDay.set(key, [...(byDay.get(key) ?? []), r]);
    }
    for (const [key, records] of byDay) await this.serialized(key, () => this.append(key, records));
  }

  /**
   * Runs appends to one key one after another. Needed because a document that does not exist yet can
   * only be written with eTag '*' (MemoryStorage and BlobsStorage both write '*' unconditionally), so two
   * parallel first writes would silently overwrite each other instead of raising an eTag conflict.
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

  private async append(key: string, added: readonly QualityRecord[]): Promise<void> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const items = await this.storage.read([key]);
      const doc = items[key] as DayDoc | undefined;
      if (!doc) {
        // Create the day's document empty first, then append with its real eTag (a conditional write):
        // another instance creating it at the same moment is then caught as an eTag conflict, except in
        // the short window between its read and its create.
        await this.storage.write({ [key]: { records: [], eTag: '*' } satisfies DayDoc });
        continue;
      }
      const records = doc.records ?? [];
      if (records.length >= MAX_RECORDS_PER_DAY) return;
      const next: DayDoc = { records: [...records, ...added.slice(0, MAX_RECORDS_PER_DAY - records.length)], eTag: doc.eTag ?? '*' };
      try {
        await this.storage.write({ [key]: next });
        return;
      } catch (e) {
        if (!isConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new Error(`quality: could not record after ${MAX_RETRIES} eTag conflicts on ${key}`);
  }

  /** The records of the given UTC days (YYYY-MM-DD). */
  async read(days: readonly string[]): Promise<QualityRecord[]> {
    const keys = days.map(keyOfDay);
    const items = await this.storage.read(keys);
    return keys.flatMap((k) => (items[k] as DayDoc | undefined)?.records ?? []);
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
