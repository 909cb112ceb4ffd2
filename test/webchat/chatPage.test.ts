/**
 * The local chat page over real HTTP: the page references only this server, the Web Chat bundle is
 * served from node_modules, /public/ serves its allow-list and nothing else, and the Direct Line token
 * endpoint (503 without a secret, token exchange against a fake Direct Line, 502, 429).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import pino from 'pino';
import { buildApp, type App } from '../../bot/app';
import { loadConfig, type Config } from '../../bot/config';
import { createServer } from '../../bot/server';
import { chatPageRoutes, DIRECT_LINE_NOT_CONFIGURED, precompressBundle, WEBCHAT_DEFAULTS } from '../../bot/webchat';

const logger = pino({ level: 'silent' });
const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' };

async function start(config: Config): Promise<{ app: App; base: string }> {
  const app = buildApp(config, { logger });
  const port = await app.listen();
  return { app, base: `http://127.0.0.1:${port}` };
}

/** A raw GET that keeps the path exactly as written (fetch and URL would resolve "..", "%2e"). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('chat page (no Direct Line secret)', () => {
  let app: App;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start(loadConfig(BASE_ENV)));
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET / is the help-site page with the chat widget, loading scripts and styles from this server only', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self'/);
    const html = await res.text();
    expect(html).toContain('AWS Certification Help');
    expect(html).toContain('Certification help desk');
    expect(html).toMatch(/id="chat-bubble"/);
    expect(html).toMatch(/id="chat-close"/);

    const refs = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(['/webchat/webchat.js', '/public/chat.js', '/public/chat.css']));
    for (const ref of refs) {
      expect(ref).not.toMatch(/^(?:[a-z]+:)?\/\//i); // no http(s):// and no protocol-relative URL
      expect(ref.startsWith('/')).toBe(true);
    }
    // Every local reference resolves.
    for (const ref of refs) expect([ref, (await fetch(`${base}${ref}`)).status]).toEqual([ref, 200]);
  });

  it('serves the Web Chat UMD bundle from node_modules as JavaScript with cache headers and an ETag', async () => {
    const res = await fetch(`${base}/webchat/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const body = await res.text();
    expect(body.length).toBeGreaterThan(100 * 1024);
    expect(body).toContain('renderWebChat');
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/webchat/webchat.js`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves gzip to clients that accept it', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const { hostname, port } = new URL(base);
      http.get({ host: hostname, port, path: '/webchat/webchat.js', headers: { 'Accept-Encoding': 'gzip' } }, resolve).on('error', reject);
    });
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeLessThan(3_000_000);
  });

  it.each([
    ['/public/chat.js', /^text\/javascript/],
    ['/public/chat.css', /^text\/css/],
    ['/public/favicon.svg', /^image\/svg\+xml/],
  ])('GET %s is served with its content type', async (path, type) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    '/public/../package.json',
    '/public/../../package.json',
    '/public/%2e%2e/package.json',
    '/public/%2E%2E/%2E%2E/package.json',
    '/public/..%2fpackage.json',
    '/public/..%5cpackage.json',
    '/public/..\\package.json',
    '/public/../bot/config.ts',
    '/public/index.html',
    '/public/',
    '/public/chat.js/',
    '/public/chat.js%00.css',
    '/public/./chat.js/../../../package.json',
    '/public/%2fetc%2fpasswd',
    '/webchat/../package.json',
    '/webchat/webchat.js.map',
    '/webchat/%2e%2e/%2e%2e/package.json',
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
  ])('path traversal %s is a 404 and leaks nothing', async (rawPath) => {
    const res = await rawGet(base, rawPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/"name":\s*"cert-helpdesk-bot"|root:|DIRECT_LINE|zod/);
  });

  it('POST /api/directline/token answers 503 with a clear message when DIRECT_LINE_SECRET is unset', async () => {
    const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: DIRECT_LINE_NOT_CONFIGURED });
    expect(DIRECT_LINE_NOT_CONFIGURED).toBe('Direct Line is not configured on this server (DIRECT_LINE_SECRET)');
  });
});

interface FakeDirectLine {
  url: string;
  calls: Array<{ method: string; path: string; authorization: string | undefined }>;
  /** What the next answers look like. */
  mode: 'ok' | 'forbidden' | 'garbage' | 'hang';
  close(): Promise<void>;
}

async function startFakeDirectLine(): Promise<FakeDirectLine> {
  const fake: Omit<FakeDirectLine, 'url' | 'close'> = { calls: [], mode: 'ok' };
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      fake.calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
      if (req.method !== 'POST' || req.url !== '/v3/directline/tokens/generate') {
        // restify patches http.ServerResponse: writeHead() does not return the response here.
        res.writeHead(404);
        res.end();
      } else if (fake.mode === 'forbidden') {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'bad secret' } }));
      } else if (fake.mode === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html>maintenance</html>');
      } else if (fake.mode === 'hang') {
        hanging.push(res);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ conversationId: 'conv-123', token: 'tok-abc.def', expires_in: 3600, streamUrl: 'wss://example.invalid/stream', referenceGrammarId: 'x' }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

describe('POST /api/directline/token with a secret (against a fake Direct Line on 127.0.0.1)', () => {
  const SECRET = 'test-secret-value-0123456789';
  let fake: FakeDirectLine;
  let app: App;
  let base: string;

  beforeAll(async () => {
    fake = await startFakeDirectLine();
    // DIRECT_LINE_ENDPOINT must be https in the schema; the fake is plain http on 127.0.0.1.
    const base0 = loadConfig({ ...BASE_ENV, DIRECT_LINE_SECRET: SECRET });
    const config: Config = { ...base0, directLine: { secret: SECRET, endpoint: `${fake.url}/` } };
    ({ app, base } = await start(config));
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  const post = () => fetch(`${base}/api/directline/token`, { method: 'POST' });

  it('exchanges the secret for a token and returns only token, conversationId and expires_in', async () => {
    fake.mode = 'ok';
    fake.calls.length = 0;
    const res = await post();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ token: 'tok-abc.def', conversationId: 'conv-123', expires_in: 3600 });
    expect(text).not.toContain(SECRET);
    expect(fake.calls).toEqual([{ method: 'POST', path: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` }]);
  });

  it.each([
    ['forbidden', /status 403/],
    ['garbage', /without a token/],
  ] as const)('answers 502 when Direct Line is %s, without the secret', async (mode, message) => {
    fake.mode = mode;
    const res = await post();
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text).error).toMatch(message);
    expect(text).not.toContain(SECRET);
  });

  it('is rate limited per client address: 429 with Retry-After once the window is used up', async () => {
    fake.mode = 'ok';
    // Earlier tests in this block used 3 of the window's requests.
    const statuses: number[] = [];
    let last: Response | undefined;
    let lastBody = '';
    for (let i = 0; i < WEBCHAT_DEFAULTS.tokenRequestsPerWindow; i++) {
      last = await post();
      statuses.push(last.status);
      lastBody = await last.text();
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.slice(0, WEBCHAT_DEFAULTS.tokenRequestsPerWindow - 3).every((s) => s === 200)).toBe(true);
    expect(last!.status).toBe(429);
    const retryAfter = Number(last!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WEBCHAT_DEFAULTS.tokenWindowMs / 1000);
    expect(JSON.parse(lastBody)).toEqual({ error: expect.stringMatching(/too many/) });
  });
});

describe('POST /api/directline/token: a Direct Line that does not answer', () => {
  it('gives up after the timeout with a 502', async () => {
    const fake = await startFakeDirectLine();
    fake.mode = 'hang';
    const config: Config = { ...loadConfig(BASE_ENV), directLine: { secret: 's', endpoint: fake.url } };
    const bot = createServer({
      config,
      adapter: {} as never,
      logic: async () => undefined,
      logger,
      ready: async () => ({ ok: true, checks: {} }),
      routes: chatPageRoutes(config, logger, { tokenTimeoutMs: 300 }),
    });
    await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = bot.server.address() as AddressInfo;
    try {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/directline/token`, { method: 'POST' });
      expect(res.status).toBe(502);
      expect((await res.json()).error).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await bot.shutdown(1000);
      await fake.close();
    }
  });
});

describe('the Web Chat bundle pre-compressed by the build', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'webchat-precompressed-'));
  let made: ReturnType<typeof precompressBundle>;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    made = precompressBundle(dir);
    const config = loadConfig(BASE_ENV);
    const http = createServer({ config, adapter: undefined as never, logic: async () => undefined, logger, ready: async () => ({ ok: true, checks: {} }), routes: chatPageRoutes(config, logger, { precompressedDir: dir }) });
    await new Promise<void>((r) => http.server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    close = () => http.shutdown(1000);
  }, 120_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A raw GET with the given Accept-Encoding: the body as sent (not decoded) and the headers. */
  function get(acceptEncoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      http.get({ host: hostname, port, path: '/webchat/webchat.js', headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  it('brotli to a client that accepts it: the built file, decoding to the installed bundle', async () => {
    const res = await get('gzip, deflate, br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.body.equals(made.brotli)).toBe(true);
    expect(brotliDecompressSync(res.body).equals(made.bundle)).toBe(true);
  });

  it('gzip to a client without brotli (or refusing it with q=0): the built file, decoding to the same bytes', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip']) {
      const res = await get(accept);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body.equals(made.gzip)).toBe(true);
      expect(gunzipSync(res.body).equals(made.bundle)).toBe(true);
    }
  });

  it('the plain bundle to a client that accepts neither', async () => {
    const res = await get('identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(made.bundle)).toBe(true);
  });
});
