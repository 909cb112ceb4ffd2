/**
 * Shared state on Azure Blob Storage (Azurite): BlobsStorage chosen by config, quality records that lose
 * nothing under parallel writes, a date dialog that moves between two instances, and parallel turns of one
 * conversation. Needs AZURITE_BLOB_ENDPOINT (test/globalSetup.ts or .ci/run).
 */
import type { StoreItem } from 'botbuilder';
import pino from 'pino';
import { buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import type { QualityRecord } from '../../bot/quality';
import { StorageQualityRecorder } from '../../bot/qualityStore';
import { createStorage } from '../../bot/storage';
import { azuriteConnectionString, uniqueContainer } from '../support/azurite';
import { activitiesOf, BASE_ENV, FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message, post, startApp, uid, visible, type RunningApp } from './helpers';

const RETRY_QUESTION = 'When can I retry my microcredential?';

function blobEnv(container: string): Record<string, string> {
  return { BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(), BLOB_STORAGE_CONTAINER: container };
}

function blobStorage(container: string) {
  return createStorage(loadConfig({ ...BASE_ENV, ...blobEnv(container) }));
}

describe('BlobsStorage chosen by config', () => {
  test('memory without a connection string; blob with one', () => {
    expect(createStorage(loadConfig({ ...BASE_ENV })).kind).toBe('memory');
    expect(blobStorage(uniqueContainer('kind')).kind).toBe('blob');
  });

  test('read / write (with eTag) / delete against Azurite', async () => {
    const { storage, check } = blobStorage(uniqueContainer('rwd'));
    await check();
    const key = `conv/${uid('k')}`;
    expect(await storage.read([key])).toEqual({});

    await storage.write({ [key]: { n: 1, text: 'héllo <b>' } });
    const first = (await storage.read([key]))[key] as StoreItem;
    expect(first).toMatchObject({ n: 1, text: 'héllo <b>' });
    expect(typeof first.eTag).toBe('string');

    // A write with the current eTag succeeds; one with a stale eTag is refused.
    await storage.write({ [key]: { n: 2, eTag: first.eTag } });
    await expect(storage.write({ [key]: { n: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read([key]))[key]).toMatchObject({ n: 2 });

    await storage.delete([key]);
    expect(await storage.read([key])).toEqual({});
    await storage.delete([key]); // deleting a missing key is fine
  });
});

describe('StorageQualityRecorder on blobs', () => {
  const at = new Date('2026-11-29T15:00:00Z');
  const day = '2026-11-29';

  test('30 parallel records into a fresh day document: none lost', async () => {
    const { storage } = blobStorage(uniqueContainer('quality'));
    const recorder = new StorageQualityRecorder(storage);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => recorder.record({ kind: 'fallback', question: `question ${i}` }, 'webchat', at)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const records = await recorder.read([day]);
    expect(records).toHaveLength(30);
    expect(new Set(records.map((r) => (r as QualityRecord & { question: string }).question)).size).toBe(30);
  });

  test('two instances (two recorders on one container) writing 20 records each in parallel: none lost (eTag retries)', async () => {
    const container = uniqueContainer('quality2');
    const a = new StorageQualityRecorder(blobStorage(container).storage);
    const b = new StorageQualityRecorder(blobStorage(container).storage);
    await a.record({ kind: 'answered', entryId: 'microcredential-validity' }, 'msteams', at); // the day's document exists
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).record({ kind: 'answered', entryId: `entry-${i}` }, 'msteams', at)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await a.read([day])).toHaveLength(41);
  });

  test("the bot's own fallback records and feedback go to the shared store", async () => {
    const container = uniqueContainer('quality3');
    const run = await startApp(blobEnv(container));
    const question = 'Can I bring my pet iguana to the online proctored exam room?';
    let closed = false;
    // Records are filed under the server's day (issue 13), not the client's localTimestamp (NOW).
    const serverDays = new Set([new Date().toISOString().slice(0, 10)]);
    try {
      const res = await post(run.base, message(question));
      expect(res.status).toBe(200);
      const fb = await post(run.base, message(undefined, { value: { action: 'feedback', entryId: 'microcredential-validity', helpful: false } }));
      expect(fb.status).toBe(200);
      await run.close(); // flushes the buffered records
      closed = true;
      serverDays.add(new Date().toISOString().slice(0, 10));
      const records = await new StorageQualityRecorder(blobStorage(container).storage).read([...serverDays]);
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'feedback', entryId: 'microcredential-validity', helpful: false, channel: 'emulator' }),
        ]),
      );
      const unanswered = records.filter((r) => r.kind === 'fallback' || r.kind === 'lowConfidence');
      expect(unanswered.map((r) => (r as QualityRecord & { question: string }).question)).toContain(question);
    } finally {
      if (!closed) await run.close();
    }
  }, 90_000);
});

describe('two instances sharing one container (scale-out behind a load balancer)', () => {
  let container: string;
  let a: RunningApp;
  let b: RunningApp;
  beforeAll(async () => {
    container = uniqueContainer('scaleout');
    a = await startApp(blobEnv(container));
    b = await startApp(blobEnv(container));
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test('both are ready (storage reachable)', async () => {
    for (const run of [a, b]) {
      const res = await fetch(`${run.base}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ checks: { storage: 'blob: ok' } });
    }
  });

  test('a date dialog started on instance A is finished on instance B', async () => {
    expect(a.port).not.toBe(b.port);
    const conversationId = uid('conv');
    const ask = await post(a.base, message(RETRY_QUESTION, { conversationId }));
    expect(ask.status).toBe(200);
    expect(visible(ask)).toMatch(/When was your failed attempt\?/);

    const answer = await post(b.base, message('October 30', { conversationId }));
    expect(answer.status).toBe(200);
    // 25 days after Friday, October 30, 2026 (probe clock 2026-11-29 10:00 America/New_York).
    expect(visible(answer)).toContain('November 24, 2026');
    expect(visible(answer)).toMatch(/Failed attempt:\*\* Friday, October 30, 2026/);

    // The dialog is over everywhere: "October 30" alone is no longer taken as the date on A.
    const again = await post(a.base, message('October 30', { conversationId }));
    expect(again.status).toBe(200);
    expect(visible(again)).not.toContain('November 24, 2026');
  });

  test('10 parallel posts in one conversation (across both instances): no 5xx, state still usable afterwards', async () => {
    const conversationId = uid('conv');
    const texts = [FAQ_QUESTION, RETRY_QUESTION, 'October 30', 'hello', 'help', 'How do I renew a microcredential?', 'thanks', 'October 31', FAQ_QUESTION, 'when are exam results due'];
    const results = await Promise.all(texts.map((t, i) => post(i % 2 ? a.base : b.base, message(t, { conversationId }))));
    for (const r of results) {
      expect(r.status).toBeLessThan(500);
      if (r.status === 200) expect(activitiesOf(r).length).toBeGreaterThanOrEqual(1);
      else expect(r.text).toMatch(/error/);
    }
    // The stored state is still a readable JSON document and the conversation goes on normally.
    const normal = await post(a.base, message(FAQ_QUESTION, { conversationId }));
    expect(normal.status).toBe(200);
    expect(visible(normal)).toContain(FAQ_ANSWER_FRAGMENT);
    const ask = await post(b.base, message(RETRY_QUESTION, { conversationId }));
    expect(visible(ask)).toMatch(/When was your failed attempt\?/);
    const answer = await post(a.base, message('October 30', { conversationId }));
    expect(visible(answer)).toContain('November 24, 2026');
  });
});

describe('one instance, 10 parallel posts in one conversation (blob state)', () => {
  test('every request gets 200 with a reply and the conversation still works', async () => {
    const app = buildApp(loadConfig({ ...BASE_ENV, ...blobEnv(uniqueContainer('parallel')) }), { logger: pino({ level: 'silent' }) });
    const port = await app.listen();
    const base = `http://127.0.0.1:${port}`;
    try {
      const conversationId = uid('conv');
      const results = await Promise.all(Array.from({ length: 10 }, () => post(base, message(FAQ_QUESTION, { conversationId }))));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      for (const r of results) expect(visible(r)).toContain(FAQ_ANSWER_FRAGMENT);
      const ask = await post(base, message(RETRY_QUESTION, { conversationId }));
      expect(visible(ask)).toMatch(/When was your failed attempt\?/);
      const answer = await post(base, message('October 30', { conversationId }));
      expect(visible(answer)).toContain('November 24, 2026');
    } finally {
      await app.close();
    }
  });
});

describe('lost updates between parallel turns of one conversation', () => {
  // KNOWN GAP (reported): botbuilder's ConversationState saves with eTag '*' (last writer wins). A date
  // question and another message sent at the same moment: the other turn's save overwrites the dialog
  // state, so the user's date answer is no longer understood (observed 19/20 on blobs, 20/20 in memory).
  // Nothing is corrupted (the state stays a valid document), but an update is lost. test.failing passes
  // while the gap exists; once turns of a conversation are serialized or retried on conflict, make it test().
  test('a dialog started while another turn of the conversation runs in parallel survives', async () => {
    const run = await startApp();
    try {
      for (let i = 0; i < 3; i++) {
        const conversationId = uid('conv');
        await Promise.all([post(run.base, message(RETRY_QUESTION, { conversationId })), post(run.base, message('How do I renew a microcredential?', { conversationId }))]);
        const answer = await post(run.base, message('October 30', { conversationId }));
        expect(visible(answer)).toContain('November 24, 2026');
      }
    } finally {
      await run.close();
    }
  });
});
