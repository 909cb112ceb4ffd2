/**
 * The bot's Storage, chosen by config: bounded memory by default (one process, lost on restart;
 * conversations expire after MEMORY_STATE_TTL_SECONDS idle, at most MEMORY_STATE_MAX_ITEMS), Azure
 * Blob Storage (botbuilder-azure-blobs) when BLOB_STORAGE_CONNECTION_STRING is set, so any number of
 * instances share conversation state, feedback and unanswered-question records.
 */
import { REMINDER_PREFIX } from './reminders/store';
import type { Storage, StoreItems } from 'botbuilder';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from './config';
import { BoundedMemoryStorage } from './memoryStore';
import { DOCUMENTS_PER_DAY, QUALITY_KEY_PREFIX } from './qualityStore';

/** Quality days kept in memory (each a day document and its chunks): the report reads 30 days. */
const MEMORY_QUALITY_DAYS = 35;

/** A readiness check never takes longer than this (the SDK's own retries take ~16 s on a refused port). */
export const STORAGE_CHECK_TIMEOUT_MS = 3000;

export interface BotStorage {
  readonly storage: Storage;
  readonly kind: 'memory' | 'blob';
  /** The in-memory store when kind is 'memory' (its size, for tests and the soak). */
  readonly memory?: BoundedMemoryStorage;
  /** Resolves when the store answers (readiness); rejects with the reason otherwise. */
  check(): Promise<void>;
}

/**
 * BlobsStorage keeps the promise of its first `createIfNotExists`, a rejected one included: a store
 * unreachable at the first read would fail every later call of that instance, even once the store is
 * back. This wrapper starts over with a fresh BlobsStorage after any failure other than an eTag conflict.
 */
class RecoveringBlobsStorage implements Storage {
  private inner: BlobsStorage | undefined;

  constructor(private readonly make: () => BlobsStorage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.use((s) => s.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.use((s) => s.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.use((s) => s.delete(keys));
  }

  private async use<T>(op: (s: BlobsStorage) => Promise<T>): Promise<T> {
    const s = (this.inner ??= this.make());
    try {
      return await op(s);
    } catch (e) {
      if (!/eTag conflict/i.test((e as Error)?.message ?? '') && this.inner === s) this.inner = undefined;
      throw e;
    }
  }
}

/** In-memory reminder documents (items, user lists, index shards): room for 40,000 users at the cap. */
const MEMORY_REMINDER_ITEMS = 1_000_000;

export function createStorage(config: Config, now?: () => number): BotStorage {
  const cs = config.storage.blobConnectionString;
  if (!cs) {
    const storage = new BoundedMemoryStorage({
      ttlMs: config.memoryState.ttlSeconds * 1000,
      maxItems: config.memoryState.maxItems,
      keep: [
        { prefix: QUALITY_KEY_PREFIX, ttlMs: MEMORY_QUALITY_DAYS * 24 * 3600 * 1000, maxItems: (MEMORY_QUALITY_DAYS + 1) * DOCUMENTS_PER_DAY },
        // Reminders never expire here; their number is bounded by the per-user cap (bot/reminders/).
        { prefix: REMINDER_PREFIX, ttlMs: 0, maxItems: MEMORY_REMINDER_ITEMS },
      ],
      now,
    });
    return { storage, kind: 'memory', memory: storage, check: async () => undefined };
  }
  // Loaded only when configured: the Azure Storage SDK is a large tree that memory storage never uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BlobsStorage: Blobs } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
  const storage = new RecoveringBlobsStorage(() => new Blobs(cs, config.storage.blobContainer));
  return {
    storage,
    kind: 'blob',
    // A read of a key that need not exist: creates the container when missing and proves the store answers.
    check: async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          storage.read(['readiness-probe']),
          new Promise<never>((_r, reject) => {
            timer = setTimeout(() => reject(new Error(`blob storage did not answer within ${STORAGE_CHECK_TIMEOUT_MS} ms`)), STORAGE_CHECK_TIMEOUT_MS);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
