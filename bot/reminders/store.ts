/**
 * Reminders in the bot's Storage (MemoryStorage locally, BlobsStorage across instances). The Storage
 * interface cannot list keys, so three kinds of documents:
 *   reminders/item/<id>       one reminder: what, when (UTC ISO + the user's zone), its owner, the
 *                             conversation reference to send it to, its status and its claim;
 *   reminders/user/<owner>    the ids of one user's scheduled reminders (owner = a hash of channel + user id);
 *   reminders/index/<0..15>   the due index, sharded by id: { id, dueAt } of every scheduled reminder.
 * Every shared document is changed with a read -> modify -> write carrying the read eTag, retried on a
 * conflict, so two instances adding at once lose nothing. A document that does not exist yet can only be
 * written unconditionally (both stores write a missing key whatever the eTag), so the index shards are
 * created once at start (ensureIndex), and an append is read back and redone if a racing create lost it.
 * A due reminder is claimed by a conditional write (status 'sending' + a lease) before it is sent: of two
 * instances claiming with the same eTag, one fails. A claim older than its lease (a crashed sender) is
 * claimed again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ConversationReference, Storage, StoreItem } from 'botbuilder';
import type { DatedItem } from '../reply';

export const REMINDER_PREFIX = 'reminders/';
export const INDEX_SHARDS = 16;
const MAX_RETRIES = 12;
/** Reads of many keys go in chunks of this size. */
const READ_CHUNK = 50;
/** A reminder that failed to send this many times is given up (status 'failed'). */
export const MAX_SEND_ATTEMPTS = 5;

export type ReminderStatus = 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'failed';

/** The dated item as kept with a reminder (its calendar link is not: links expire). */
export type StoredItem = Omit<DatedItem, 'calendarUrl'>;

export interface Reminder {
  readonly id: string;
  /** channel + user id, hashed (ownerKey): a user's reminders are theirs only. */
  readonly owner: string;
  readonly channelId: string;
  readonly item: StoredItem;
  /** When to send, UTC ISO. */
  readonly dueAt: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly createdAt: string;
  readonly reference: Partial<ConversationReference>;
  readonly status: ReminderStatus;
  readonly claim?: { readonly by: string; readonly until: string };
  readonly attempts: number;
  readonly sentAt?: string;
  readonly late?: boolean;
}

interface ItemDoc extends StoreItem {
  reminder: Reminder;
}
interface UserDoc extends StoreItem {
  ids: string[];
}
export interface IndexEntry {
  readonly id: string;
  readonly dueAt: string;
}
interface IndexDoc extends StoreItem {
  entries: IndexEntry[];
}

export function ownerKey(channelId: string, userId: string): string {
  return createHash('sha256').update(`${channelId}\u0000${userId}`).digest('base64url').slice(0, 32);
}

const itemKey = (id: string): string => `${REMINDER_PREFIX}item/${id}`;
const userKey = (owner: string): string => `${REMINDER_PREFIX}user/${owner}`;
const shardKey = (n: number): string => `${REMINDER_PREFIX}index/${n}`;
function shardOf(id: string): number {
  return createHash('sha256').update(id).digest()[0]! % INDEX_SHARDS;
}

export function isConflict(e: unknown): boolean {
  return /eTag conflict|precondition|ConditionNotMet|412/i.test((e as Error)?.message ?? '');
}

const pause = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, 5 + Math.random() * 15 * (attempt + 1)));

export type AddResult =
  | { readonly ok: true; readonly reminder: Reminder }
  | { readonly ok: false; readonly reason: 'cap' | 'duplicate'; readonly existing?: Reminder };

export interface NewReminder {
  readonly owner: string;
  readonly channelId: string;
  readonly item: StoredItem;
  readonly dueAt: Date;
  readonly timeZone: string;
  readonly locale: string;
  readonly reference: Partial<ConversationReference>;
  readonly now: Date;
}

export class ReminderStore {
  /** The last pending change per key: changes to one document from this process run one at a time. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    readonly maxPerUser: number,
  ) {}

  /** Creates the index shards that do not exist yet (at start, before any reminder is added). */
  async ensureIndex(): Promise<void> {
    const keys = Array.from({ length: INDEX_SHARDS }, (_, n) => shardKey(n));
    const found = await this.storage.read(keys);
    const missing = keys.filter((k) => !found[k]);
    if (missing.length) await this.storage.write(Object.fromEntries(missing.map((k) => [k, { entries: [], eTag: '*' } satisfies IndexDoc])));
  }

  /** Schedules a reminder for its owner: refused past the cap, or when the same item is already scheduled. */
  async add(draft: NewReminder): Promise<AddResult> {
    return this.serialized(userKey(draft.owner), async () => {
      const current = await this.list(draft.owner);
      const existing = current.find((r) => r.item.ref === draft.item.ref);
      if (existing) return { ok: false, reason: 'duplicate', existing } as const;
      if (current.length >= this.maxPerUser) return { ok: false, reason: 'cap' } as const;
      const reminder: Reminder = {
        id: randomUUID(),
        owner: draft.owner,
        channelId: draft.channelId,
        item: draft.item,
        dueAt: draft.dueAt.toISOString(),
        timeZone: draft.timeZone,
        locale: draft.locale,
        createdAt: draft.now.toISOString(),
        reference: draft.reference,
        status: 'scheduled',
        attempts: 0,
      };
      // The item first: an index entry never points at nothing; then the due index, then the user's list.
      await this.storage.write({ [itemKey(reminder.id)]: { reminder, eTag: '*' } satisfies ItemDoc });
      await this.addToIndex({ id: reminder.id, dueAt: reminder.dueAt });
      await this.change<UserDoc>(userKey(draft.owner), { ids: [] }, (doc) => ({ ...doc, ids: [...doc.ids.filter((i) => i !== reminder.id), reminder.id] }), (doc) =>
        doc.ids.includes(reminder.id),
      );
      return { ok: true, reminder } as const;
    });
  }

  /** The owner's scheduled reminders, soonest first. */
  async list(owner: string): Promise<Reminder[]> {
    const doc = (await this.storage.read([userKey(owner)]))[userKey(owner)] as UserDoc | undefined;
    const ids = doc?.ids ?? [];
    const reminders = await this.readMany(ids);
    return reminders.filter((r) => r.owner === owner && (r.status === 'scheduled' || r.status === 'sending')).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  async get(id: string): Promise<Reminder | undefined> {
    return (await this.readItems([id]))[0]?.reminder;
  }

  /** Cancels one of the owner's reminders; undefined when it is not theirs or no longer scheduled. */
  async cancel(owner: string, id: string): Promise<Reminder | undefined> {
    return this.serialized(userKey(owner), async () => {
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const doc = (await this.readItems([id]))[0];
        if (!doc || doc.reminder.owner !== owner || doc.reminder.status !== 'scheduled') return undefined;
        const cancelled: Reminder = { ...doc.reminder, status: 'cancelled' };
        try {
          await this.storage.write({ [itemKey(id)]: { reminder: cancelled, eTag: doc.eTag } satisfies ItemDoc });
        } catch (e) {
          if (!isConflict(e)) throw e;
          await pause(attempt);
          continue;
        }
        await this.forget(cancelled);
        return cancelled;
      }
      throw new Error(`reminders: could not cancel ${id} after ${MAX_RETRIES} eTag conflicts`);
    });
  }

  /** Every index entry due at or before `now` (all shards read in one call). */
  async due(now: Date | undefined): Promise<IndexEntry[]> {
    const keys = Array.from({ length: INDEX_SHARDS }, (_, n) => shardKey(n));
    const docs = await this.storage.read(keys);
    const at = now ? now.toISOString() : '\uffff';
    return keys
      .flatMap((k) => (docs[k] as IndexDoc | undefined)?.entries ?? [])
      .filter((e) => e.dueAt <= at)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /**
   * Claims a due reminder for `by` until now + leaseMs with a conditional write. Undefined when it is
   * not due, already done, held by a live claim, or another instance claimed it first.
   */
  async claim(id: string, now: Date, by: string, leaseMs: number): Promise<Reminder | undefined> {
    const doc = (await this.readItems([id]))[0];
    if (!doc) {
      await this.removeFromIndex(id);
      return undefined;
    }
    const r = doc.reminder;
    if (r.status === 'sent' || r.status === 'cancelled' || r.status === 'failed') {
      await this.removeFromIndex(id);
      return undefined;
    }
    if (r.dueAt > now.toISOString()) return undefined;
    if (r.status === 'sending' && r.claim && r.claim.until > now.toISOString()) return undefined;
    const claimed: Reminder = { ...r, status: 'sending', claim: { by, until: new Date(now.getTime() + leaseMs).toISOString() }, attempts: r.attempts + 1 };
    try {
      await this.storage.write({ [itemKey(id)]: { reminder: claimed, eTag: doc.eTag } satisfies ItemDoc });
    } catch (e) {
      if (isConflict(e)) return undefined;
      throw e;
    }
    return claimed;
  }

  /** The claimer marks its reminder sent (it holds the claim: no other writer while the lease lasts). */
  async markSent(r: Reminder, sentAt: Date, late: boolean): Promise<void> {
    const { claim: _claim, ...rest } = r;
    const sent: Reminder = { ...rest, status: 'sent', sentAt: sentAt.toISOString(), late };
    await this.storage.write({ [itemKey(r.id)]: { reminder: sent, eTag: '*' } satisfies ItemDoc });
    await this.forget(sent);
  }

  /** A send failed: the claim is released so a later run retries, until MAX_SEND_ATTEMPTS. */
  async release(r: Reminder): Promise<void> {
    const { claim: _claim, ...rest } = r;
    const failed = r.attempts >= MAX_SEND_ATTEMPTS;
    const next: Reminder = { ...rest, status: failed ? 'failed' : 'scheduled' };
    await this.storage.write({ [itemKey(r.id)]: { reminder: next, eTag: '*' } satisfies ItemDoc });
    if (failed) await this.forget(next);
  }

  /** Every reminder the index holds (tests, reports). */
  async indexed(): Promise<IndexEntry[]> {
    return this.due(undefined);
  }

  private async forget(r: Reminder): Promise<void> {
    await this.removeFromIndex(r.id);
    await this.change<UserDoc>(userKey(r.owner), { ids: [] }, (doc) => ({ ...doc, ids: doc.ids.filter((i) => i !== r.id) }));
  }

  private addToIndex(entry: IndexEntry): Promise<void> {
    return this.change<IndexDoc>(
      shardKey(shardOf(entry.id)),
      { entries: [] },
      (doc) => ({ ...doc, entries: [...doc.entries.filter((e) => e.id !== entry.id), entry] }),
      (doc) => doc.entries.some((e) => e.id === entry.id),
    );
  }

  private removeFromIndex(id: string): Promise<void> {
    return this.change<IndexDoc>(shardKey(shardOf(id)), { entries: [] }, (doc) => ({ ...doc, entries: doc.entries.filter((e) => e.id !== id) }));
  }

  /**
   * Read -> modify -> conditional write of one document, retried on an eTag conflict. A missing document
   * is created empty first (unconditionally: the stores allow nothing else) and then changed with its
   * real eTag. `holds`, when given, is checked on a fresh read after the write: a racing create that
   * wiped the change makes it run again.
   */
  private change<T extends StoreItem>(key: string, empty: Omit<T, 'eTag'>, modify: (doc: T) => T, holds?: (doc: T) => boolean): Promise<void> {
    return this.serialized(`doc:${key}`, async () => {
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const doc = (await this.storage.read([key]))[key] as T | undefined;
        if (!doc) {
          await this.storage.write({ [key]: { ...empty, eTag: '*' } });
          continue;
        }
        const next = modify(doc);
        try {
          await this.storage.write({ [key]: { ...next, eTag: doc.eTag ?? '*' } });
        } catch (e) {
          if (!isConflict(e)) throw e;
          await pause(attempt);
          continue;
        }
        if (!holds) return;
        const check = (await this.storage.read([key]))[key] as T | undefined;
        if (check && holds(check)) return;
      }
      throw new Error(`reminders: could not update ${key} after ${MAX_RETRIES} attempts`);
    });
  }

  private async readItems(ids: readonly string[]): Promise<ItemDoc[]> {
    const out: ItemDoc[] = [];
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const keys = ids.slice(i, i + READ_CHUNK).map(itemKey);
      const found = await this.storage.read(keys);
      for (const k of keys) {
        const doc = found[k] as ItemDoc | undefined;
        if (doc?.reminder) out.push(doc);
      }
    }
    return out;
  }

  private async readMany(ids: readonly string[]): Promise<Reminder[]> {
    return (await this.readItems(ids)).map((d) => d.reminder);
  }

  private serialized<R>(key: string, op: () => Promise<R>): Promise<R> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(op);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}
