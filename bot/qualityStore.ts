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

export const dayKey = (at: Date): string => `${QUALITY_KEY_PREFIX}${at.toISOString().slice(0, 10)}`;

export class StorageQualityRecorder implements QualityRecorder {
  constructor(private readonly storage: Storage) {}

  async record(event: QualityEvent, channel: string, at: Date): Promise<void> {
    const trimmed: QualityEvent = 'question' in event && typeof event.question === 'string' ? { ...event, question: event.question.slice(0, MAX_QUESTION_CHARS) } : event;
    const record = { ...trimmed, channel, at: at.toISOString() } as QualityRecord;
    const key = dayKey(at);
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const items = await this.storage.read([key]);
      const doc = items[key] as DayDoc | undefined;
      const records = doc?.records ?? [];
      if (records.length >= MAX_RECORDS_PER_DAY) return;
      const next: DayDoc = { records: [...records, record], eTag: doc?.eTag ?? '*' };
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
    const keys = days.map((d) => `${QUALITY_KEY_PREFIX}${d}`);
    const items = await this.storage.read(keys);
    return keys.flatMap((k) => (items[k] as DayDoc | undefined)?.records ?? []);
  }
}

/** An eTag mismatch (MemoryStorage says "eTag conflict"; blobs answer 412 Precondition Failed). */
export function isConflict(e: unknown): boolean {
  const err = e as { statusCode?: number; code?: string; message?: string };
  return err?.statusCode === 412 || err?.statusCode === 409 || /etag|precondition|conflict/i.test(`${err?.code ?? ''} ${err?.message ?? ''}`);
}
