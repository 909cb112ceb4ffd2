/**
 * Issue 13, finding 4 (outbound calls): a reply sent through the connector to a serviceUrl that accepts the
 * connection and never answers ends within OUTBOUND_TIMEOUT_MS, and the conversation stays usable.
 * Real server on an ephemeral port; the "channel" is a local node:http server that never responds.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, logEntries, message, post, startApp, uid, visible, type RunningApp } from './helpers';

const OUTBOUND_TIMEOUT_MS = 800;

/** A server that accepts every connection and request and never writes a byte back. */
async function silentServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const srv = http.createServer(() => {
    requests += 1;
  });
  srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

let run: RunningApp;
let channel: Awaited<ReturnType<typeof silentServer>>;
beforeAll(async () => {
  channel = await silentServer();
  run = await startApp({ OUTBOUND_TIMEOUT_MS: String(OUTBOUND_TIMEOUT_MS) }, { captureLogs: true });
}, 90_000);
afterAll(async () => {
  await run.close();
  await channel.close();
});

test('a reply to a serviceUrl that never answers ends within the outbound timeout; the next message is answered', async () => {
  const conversationId = uid('conv-hang');
  const hanging = message(FAQ_QUESTION, { conversationId, extra: { serviceUrl: channel.url } });
  delete hanging.deliveryMode;

  const first = await post(run.base, hanging, { timeoutMs: 8000 });
  expect(channel.requests()).toBeGreaterThanOrEqual(1);
  expect(first.status).toBe(200);
  // One bounded attempt (no apology sent to the same dead channel after it): well under two timeouts.
  expect(first.ms).toBeLessThan(2 * OUTBOUND_TIMEOUT_MS + 1000);

  const next = await post(run.base, message(FAQ_QUESTION, { conversationId }), { timeoutMs: 8000 });
  expect(next.status).toBe(200);
  expect(next.ms).toBeLessThan(2000);
  expect(visible(next)).toContain(FAQ_ANSWER_FRAGMENT);

  const entries = logEntries(run.logs);
  expect(entries.some((e) => e.event === 'outbound-timeout')).toBe(true);
  expect(entries.filter((e) => e.level === 'error' || (typeof e.level === 'number' && e.level >= 50))).toEqual([]);
});

test('messages of other conversations are not held while a reply hangs', async () => {
  const hanging = message(FAQ_QUESTION, { extra: { serviceUrl: channel.url } });
  delete hanging.deliveryMode;
  const slow = post(run.base, hanging, { timeoutMs: 8000 });
  const other = await post(run.base, message(FAQ_QUESTION));
  expect(other.status).toBe(200);
  expect(other.ms).toBeLessThan(OUTBOUND_TIMEOUT_MS);
  expect((await slow).status).toBe(200);
});
