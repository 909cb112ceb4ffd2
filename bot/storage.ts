/**
 * The bot's Storage, chosen by config: MemoryStorage by default (one process, lost on restart), Azure
 * Blob Storage (botbuilder-azure-blobs) when BLOB_STORAGE_CONNECTION_STRING is set, so any number of
 * instances share conversation state, feedback and unanswered-question records.
 */
import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from './config';

export interface BotStorage {
  readonly storage: Storage;
  readonly kind: 'memory' | 'blob';
  /** Resolves when the store answers (readiness); rejects with the reason otherwise. */
  check(): Promise<void>;
}

export function createStorage(config: Config): BotStorage {
  const cs = config.storage.blobConnectionString;
  if (!cs) {
    const storage = new MemoryStorage();
    return { storage, kind: 'memory', check: async () => undefined };
  }
  const storage = new BlobsStorage(cs, config.storage.blobContainer);
  return {
    storage,
    kind: 'blob',
    // A read of a key that need not exist: creates the container when missing and proves the store answers.
    check: async () => {
      await storage.read(['readiness-probe']);
    },
  };
}
