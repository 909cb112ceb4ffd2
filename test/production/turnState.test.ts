/**
 * What a turn costs the conversation-state store, through the real server (memory storage): a FAQ answer
 * with no dialog active reads the conversation's state once and writes nothing; a date question that asks
 * for its date writes the dialog, and the next turn finishes it from the stored state.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message, post, startApp, uid, visible, type RunningApp } from './helpers';

const RETRY_QUESTION = 'When can I retry my microcredential?';

/** Every read and write of conversation keys (quality and reminder documents left out). */
function watch(storage: Storage): { reads: string[][]; writes: string[][]; restore(): void } {
  const reads: string[][] = [];
  const writes: string[][] = [];
  const read = storage.read.bind(storage);
  const write = storage.write.bind(storage);
  const conv = (keys: string[]) => keys.filter((k) => k.includes('/conversations/'));
  storage.read = async (keys: string[]) => {
    if (conv(keys).length) reads.push(conv(keys));
    return read(keys);
  };
  storage.write = async (changes: StoreItems) => {
    if (conv(Object.keys(changes)).length) writes.push(conv(Object.keys(changes)));
    return write(changes);
  };
  return {
    reads,
    writes,
    restore: () => {
      storage.read = read;
      storage.write = write;
    },
  };
}

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running.close();
});

test('a FAQ answer with no dialog active reads the conversation state once and writes none', async () => {
  const seen = watch(running.app.storage.storage);
  try {
    for (const channelId of ['emulator', 'webchat', 'msteams']) {
      seen.reads.length = 0;
      seen.writes.length = 0;
      const conversationId = uid(`faq-${channelId}`);
      const res = await post(running.base, message(FAQ_QUESTION, { conversationId, channelId, extra: channelId === 'msteams' ? { conversation: { id: conversationId, conversationType: 'channel' } } : {} }));
      expect(res.status).toBe(200);
      expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
      expect(seen.reads).toEqual([[expect.stringContaining(conversationId)]]);
      expect(seen.writes).toEqual([]);
    }
  } finally {
    seen.restore();
  }
});

test('a date question without its date stores the dialog, and the next turn answers from it', async () => {
  const seen = watch(running.app.storage.storage);
  const conversationId = uid('dialog');
  try {
    const first = await post(running.base, message(RETRY_QUESTION, { conversationId }));
    expect(first.status).toBe(200);
    expect(seen.writes).toHaveLength(1);
    const stored = (await running.app.storage.storage.read(seen.writes[0]!))[seen.writes[0]![0]!] as { dialogState?: { dialogStack?: unknown[] } };
    expect(stored.dialogState?.dialogStack).toHaveLength(1);

    const second = await post(running.base, message('November 3, 2026', { conversationId }));
    expect(second.status).toBe(200);
    // The dialog's answer: a computed date from the rule of the first turn's question.
    expect(visible(second)).toMatch(/Retake from:\*\* Saturday, November 28, 2026/);
  } finally {
    seen.restore();
  }
});

test('after the dialog, a FAQ answer in the same conversation writes nothing', async () => {
  const conversationId = uid('after');
  await post(running.base, message(RETRY_QUESTION, { conversationId }));
  await post(running.base, message('November 3, 2026', { conversationId }));
  // A new question ends the remembered (answered) date question: one write, the emptied stack.
  await post(running.base, message(FAQ_QUESTION, { conversationId }));
  const seen = watch(running.app.storage.storage);
  try {
    const res = await post(running.base, message(FAQ_QUESTION, { conversationId }));
    expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
    expect(seen.writes).toEqual([]);
  } finally {
    seen.restore();
  }
});
