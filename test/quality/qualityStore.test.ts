import { MemoryStorage, type StoreItems } from 'botbuilder';
import type { QualityRecord } from '../../bot/quality';
import { CHUNK_RECORDS, dayKey, isConflict, MAX_RECORDS_PER_DAY, StorageQualityRecorder } from '../../bot/qualityStore';

const AT = new Date('2026-11-20T10:00:00Z');
const entryIds = (records: readonly QualityRecord[]) => records.map((r) => ('entryId' in r ? r.entryId : '')).sort();
const expectedIds = (n: number) => Array.from({ length: n }, (_, i) => `entry-${i}`).sort();

describe('StorageQualityRecorder on MemoryStorage', () => {
  it('keeps every record of 50 parallel record() calls on a day that already has a document', async () => {
    const recorder = new StorageQualityRecorder(new MemoryStorage());
    await recorder.record({ kind: 'answered', entryId: 'first' }, 'webchat', AT);
    await Promise.all(Array.from({ length: 50 }, (_, i) => recorder.record({ kind: 'answered', entryId: `entry-${i}` }, 'msteams', AT)));
    const records = await recorder.read(['2026-11-20']);
    expect(records).toHaveLength(51);
    expect(entryIds(records)).toEqual([...expectedIds(50), 'first'].sort());
  });

  it('keeps every record of 50 parallel record() calls on a fresh day (no document yet)', async () => {
    const recorder = new StorageQualityRecorder(new MemoryStorage());
    await Promise.all(Array.from({ length: 50 }, (_, i) => recorder.record({ kind: 'answered', entryId: `entry-${i}` }, 'msteams', AT)));
    const records = await recorder.read(['2026-11-20']);
    expect(entryIds(records)).toEqual(expectedIds(50));
  });

  it('keeps every record when two recorders (two bot instances) share one store', async () => {
    const storage = new MemoryStorage();
    const a = new StorageQualityRecorder(storage);
    const b = new StorageQualityRecorder(storage);
    await a.record({ kind: 'answered', entryId: 'seed' }, 'webchat', AT);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).record({ kind: 'answered', entryId: `entry-${i}` }, 'webchat', AT)));
    expect(await a.read(['2026-11-20'])).toHaveLength(41);
  });

  it('keeps every record when two recorders start a fresh day at the same time', async () => {
    const storage = new MemoryStorage();
    const a = new StorageQualityRecorder(storage);
    const b = new StorageQualityRecorder(storage);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).record({ kind: 'answered', entryId: `entry-${i}` }, 'webchat', AT)));
    expect(entryIds(await b.read(['2026-11-20']))).toEqual(expectedIds(40));
  });

  it('files records by UTC day, stores time and channel, trims long questions, and reads only the days asked', async () => {
    const recorder = new StorageQualityRecorder(new MemoryStorage());
    await recorder.record({ kind: 'fallback', question: 'x'.repeat(900) }, 'slack', new Date('2026-11-20T23:59:59.999Z'));
    await recorder.record({ kind: 'feedback', entryId: 'merge-accounts', helpful: false }, 'msteams', new Date('2026-11-21T00:00:00.000Z'));
    expect(dayKey(new Date('2026-11-21T00:00:00.000Z'))).toBe('quality/2026-11-21');
    const day1 = await recorder.read(['2026-11-20']);
    expect(day1).toHaveLength(1);
    expect(day1[0]).toMatchObject({ kind: 'fallback', channel: 'slack', at: '2026-11-20T23:59:59.999Z' });
    expect(day1[0] && 'question' in day1[0] ? day1[0].question?.length : 0).toBe(500);
    expect(await recorder.read(['2026-11-21'])).toEqual([
      { kind: 'feedback', entryId: 'merge-accounts', helpful: false, channel: 'msteams', at: '2026-11-21T00:00:00.000Z' },
    ]);
    expect(await recorder.read(['2026-11-19', '2026-11-20', '2026-11-21'])).toHaveLength(2);
    // No user names or ids are stored.
    expect(Object.keys(day1[0] ?? {}).sort()).toEqual(['at', 'channel', 'kind', 'question']);
  });

  it('recognises eTag conflicts from memory and blob storage', () => {
    expect(isConflict(new Error('Storage: error writing "quality/2026-11-20" due to eTag conflict.'))).toBe(true);
    expect(isConflict({ statusCode: 412 })).toBe(true);
    expect(isConflict(new Error('ENOTFOUND'))).toBe(false);
  });

  it('an append writes only its chunk, never the whole day: 5,000 records in batches of 200', async () => {
    const storage = new MemoryStorage();
    const written: number[] = [];
    const write = storage.write.bind(storage);
    storage.write = async (changes: StoreItems) => {
      for (const item of Object.values(changes)) written.push(JSON.stringify(item).length);
      return write(changes);
    };
    const recorder = new StorageQualityRecorder(storage);
    const all = Array.from({ length: 5000 }, (_, i) => ({ kind: 'answered' as const, entryId: `entry-${i}`, channel: 'webchat', at: AT.toISOString() }));
    for (let i = 0; i < all.length; i += 200) await recorder.recordMany(all.slice(i, i + 200));
    const records = await recorder.read(['2026-11-20']);
    expect(records.map((r) => ('entryId' in r ? r.entryId : ''))).toEqual(all.map((r) => r.entryId));
    // The largest document written holds one chunk's records, not the day's.
    const perRecord = JSON.stringify(all[0]).length + 1;
    expect(Math.max(...written)).toBeLessThan(1.2 * CHUNK_RECORDS * perRecord);
  });

  it('reads a day document of the older form (records inline) and adds new records to it', async () => {
    const storage = new MemoryStorage();
    const old = { kind: 'answered', entryId: 'old', channel: 'webchat', at: AT.toISOString() };
    await storage.write({ 'quality/2026-11-20': { records: [old] } });
    const recorder = new StorageQualityRecorder(storage);
    await recorder.record({ kind: 'answered', entryId: 'new' }, 'webchat', AT);
    expect(entryIds(await recorder.read(['2026-11-20']))).toEqual(['new', 'old']);
  });

  it('stops a day at MAX_RECORDS_PER_DAY', async () => {
    const recorder = new StorageQualityRecorder(new MemoryStorage());
    const batch = Array.from({ length: 2000 }, (_, i) => ({ kind: 'answered' as const, entryId: `e${i}`, channel: 'webchat', at: AT.toISOString() }));
    for (let n = 0; n < MAX_RECORDS_PER_DAY + 4000; n += batch.length) await recorder.recordMany(batch);
    expect(await recorder.read(['2026-11-20'])).toHaveLength(MAX_RECORDS_PER_DAY);
  });
});
