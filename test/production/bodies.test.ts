/**
 * Request bodies against the real server (issue 13, findings 1, 2 and 4): compressed bodies, gzip bombs,
 * form-encoded cross-site posts and over-long bodies get a clear 4xx, and the process keeps serving.
 * Raw node:http requests, so the exact bytes and headers are the test's own.
 */
import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message, post, request, startApp, visible, type RunningApp } from './helpers';

interface RawResult {
  readonly status: number;
  readonly body: string;
}

function rawPost(base: string, body: Buffer, headers: Record<string, string>, path = '/api/messages'): Promise<RawResult> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-length': String(body.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    // The server may answer (413, 415) and close before the whole upload is written.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.end(body);
  });
}

const JSON_GZIP = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

async function expectServing(run: RunningApp): Promise<void> {
  expect((await request(`${run.base}/healthz`)).status).toBe(200);
  const res = await post(run.base, message(FAQ_QUESTION));
  expect(res.status).toBe(200);
  expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
}

let run: RunningApp;
beforeAll(async () => {
  run = await startApp({ MAX_BODY_BYTES: '65536', RATE_LIMIT_PER_CLIENT: '100000', RATE_LIMIT_PER_CONVERSATION: '100000' });
});
afterAll(() => run.close());

describe('compressed bodies', () => {
  test.each([
    ['one byte that is not gzip', Buffer.from('x')],
    ['a truncated gzip stream', gzipSync(JSON.stringify(message(FAQ_QUESTION))).subarray(0, 20)],
    ['a gzip header then garbage', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('garbage garbage')])],
  ])('%s -> 400, and the process keeps serving', async (_name, body) => {
    const res = await rawPost(run.base, body, JSON_GZIP);
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/at \w+ \(|node_modules/);
    await expectServing(run);
  });

  test('a valid gzip activity is answered like a plain one', async () => {
    const res = await rawPost(run.base, gzipSync(JSON.stringify(message(FAQ_QUESTION))), JSON_GZIP);
    expect(res.status).toBe(200);
    expect(res.body).toContain(FAQ_ANSWER_FRAGMENT);
  });

  test('a valid deflate activity is answered', async () => {
    const res = await rawPost(run.base, deflateSync(JSON.stringify(message(FAQ_QUESTION))), { 'content-type': 'application/json', 'content-encoding': 'deflate' });
    expect(res.status).toBe(200);
    expect(res.body).toContain(FAQ_ANSWER_FRAGMENT);
  });

  test('a gzip bomb (small compressed, over the limit decompressed) -> 413, bounded memory and time', async () => {
    const activity = message(`${'a '.repeat(20_000_000)}`);
    const bomb = gzipSync(JSON.stringify(activity), { level: 9 });
    expect(bomb.length).toBeLessThan(65536);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await rawPost(run.base, bomb, JSON_GZIP);
    expect(res.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(3000);
    // The server runs in this process: a fully inflated 40 MB text would show here.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(32 * 1024 * 1024);
    await expectServing(run);
  });

  test('an unknown content-encoding -> 415', async () => {
    const res = await rawPost(run.base, Buffer.from(JSON.stringify(message(FAQ_QUESTION))), { 'content-type': 'application/json', 'content-encoding': 'br' });
    expect(res.status).toBe(415);
  });
});

describe('content types and sizes', () => {
  test.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])(
    'a %s post (what a cross-site form can send) -> 415, never a turn',
    async (type) => {
      const res = await rawPost(run.base, Buffer.from(JSON.stringify(message(FAQ_QUESTION))), { 'content-type': type });
      expect(res.status).toBe(415);
      expect(res.body).not.toContain(FAQ_ANSWER_FRAGMENT);
    },
  );

  test('no content-type -> 415', async () => {
    const res = await rawPost(run.base, Buffer.from(JSON.stringify(message(FAQ_QUESTION))), {});
    expect(res.status).toBe(415);
  });

  test('a body over MAX_BODY_BYTES -> 413; a declared length over it is refused before reading', async () => {
    const big = Buffer.from(JSON.stringify(message('x'.repeat(70_000))));
    expect((await rawPost(run.base, big, { 'content-type': 'application/json' })).status).toBe(413);
    expect((await rawPost(run.base, Buffer.from('{}'), { 'content-type': 'application/json', 'content-length': '999999999' }).catch(() => ({ status: 413, body: '' }))).status).toBe(413);
    await expectServing(run);
  });

  test('random bytes under any encoding header never get a 5xx or kill the process', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('gzip', 'deflate', 'identity', 'x-gzip', 'compress', ''),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'application/vnd.api+json'),
        async (bytes, encoding, type) => {
          const headers: Record<string, string> = { 'content-type': type };
          if (encoding) headers['content-encoding'] = encoding;
          const res = await rawPost(run.base, Buffer.from(bytes), headers);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    await expectServing(run);
  });
});
