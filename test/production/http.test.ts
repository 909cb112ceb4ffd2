/**
 * Issue 6 against the real HTTP server (restify + CloudAdapter + bot) on an ephemeral port:
 * authentication, bad input, rate limits, health/readiness, production config and logs.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { ConfigError, loadConfig } from '../../bot/config';
import { AWS_WORDING as WORDING } from '../support/wording';
import {
  activitiesOf,
  BASE_ENV,
  closedPort,
  FAQ_ANSWER_FRAGMENT,
  FAQ_QUESTION,
  logEntries,
  message,
  post,
  request,
  startApp,
  uid,
  visible,
  type RunningApp,
} from './helpers';
import { azuriteConnectionString } from '../support/azurite';

const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const APP_PASSWORD = 'p4ss-Wrd.Never-In-Logs~42';

function b64url(v: string | Buffer): string {
  return Buffer.from(v).toString('base64url');
}

/** A well-formed RS256 JWT, signed with a fresh random key Microsoft never published. */
function forgedJwt(audience: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'forged-unknown-kid', x5t: 'forged-unknown-kid' }));
  const payload = b64url(
    JSON.stringify({ iss: 'https://api.botframework.com', aud: audience, serviceurl: 'https://test.example', nbf: now - 60, iat: now - 60, exp: now + 3600 }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

async function expectStillServing(base: string): Promise<void> {
  const health = await request(`${base}/healthz`);
  expect(health.status).toBe(200);
  const normal = await post(base, message(FAQ_QUESTION));
  expect(normal.status).toBe(200);
  expect(visible(normal)).toContain(FAQ_ANSWER_FRAGMENT);
}

describe('anonymous mode', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp();
  });
  afterAll(() => run.close());

  test('a message with deliveryMode expectReplies -> 200 with the reply activities', async () => {
    const res = await post(run.base, message(FAQ_QUESTION));
    expect(res.status).toBe(200);
    const acts = activitiesOf(res);
    expect(acts.length).toBeGreaterThanOrEqual(1);
    expect(acts[0]!.type).toBe('message');
    expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
  });

  test('GET /healthz -> 200; GET /readyz with memory storage -> 200 with its checks', async () => {
    expect((await request(`${run.base}/healthz`)).status).toBe(200);
    const ready = await request(`${run.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready', checks: { storage: 'memory: ok' } });
    expect(String((ready.json as { checks: Record<string, string> }).checks.knowledge)).toMatch(/^[1-9]\d* entries$/);
  });
});

describe('authentication (MicrosoftAppId/MicrosoftAppPassword set; no internet for the OpenID metadata)', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, OPENID_TIMEOUT_MS: '1500' }, { captureLogs: true });
  });
  afterAll(() => run.close());

  test('no Authorization header -> 401', async () => {
    const res = await post(run.base, message(FAQ_QUESTION));
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('activities');
  });

  test('a garbage token -> 401', async () => {
    for (const value of ['Bearer garbage', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'garbage']) {
      const res = await post(run.base, message(FAQ_QUESTION), { headers: { authorization: value } });
      expect({ value, status: res.status }).toEqual({ value, status: 401 });
    }
  });

  test('a well-formed but forged RS256 JWT -> 401 or 503 within a bounded time, never 500, never a hang', async () => {
    const token = forgedJwt(APP_ID);
    const res = await post(run.base, message(FAQ_QUESTION), { headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000 });
    expect([401, 503]).toContain(res.status);
    expect(res.ms).toBeLessThan(6000);
    expect(res.text).not.toContain('activities');
    if (res.status === 503) expect(res.text).toMatch(/signing keys/);
    // The server keeps serving.
    expect((await request(`${run.base}/healthz`)).status).toBe(200);
  });

  test('the password and the Authorization header never reach the logs', async () => {
    const token = forgedJwt(APP_ID);
    await post(run.base, message(FAQ_QUESTION), { headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000 });
    await post(run.base, message(FAQ_QUESTION), { headers: { authorization: 'Bearer garbage-token-value-xyz' } });
    const all = run.logs.join('');
    expect(all).not.toContain(APP_PASSWORD);
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]!);
    expect(all).not.toContain('garbage-token-value-xyz');
  });
});

describe('bad input: a clear 4xx, and the server keeps answering', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp({ RATE_LIMIT_PER_CLIENT: '100000', RATE_LIMIT_PER_CONVERSATION: '100000' });
  });
  afterAll(() => run.close());

  test('a body over 256 KB -> 413', async () => {
    const res = await post(run.base, message('x'.repeat(300 * 1024)));
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/262144 bytes/);
    await expectStillServing(run.base);
  });

  test('broken JSON with content-type application/json -> 400', async () => {
    const res = await post(run.base, undefined, { raw: '{"type":"message","text":"hi",' });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(300);
    expect(res.text).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    await expectStillServing(run.base);
  });

  test('a text/plain body -> 4xx with a clear message', async () => {
    const res = await post(run.base, undefined, { raw: 'how long is a microcredential valid?', contentType: 'text/plain' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).toMatch(/JSON object|activity|content/i);
    await expectStillServing(run.base);
  });

  test.each([
    ['missing type', (a: Record<string, unknown>) => void delete a.type, /type/],
    ['missing conversation', (a: Record<string, unknown>) => void delete a.conversation, /conversation/],
    ['missing from', (a: Record<string, unknown>) => void delete a.from, /from/],
    ['type is a number', (a: Record<string, unknown>) => void (a.type = 5), /type/],
    ['conversation.id is a number', (a: Record<string, unknown>) => void (a.conversation = { id: 7 }), /conversation\.id/],
    ['from is a string', (a: Record<string, unknown>) => void (a.from = 'user-1'), /from/],
    ['text is an object', (a: Record<string, unknown>) => void (a.text = { html: '<b>x</b>' }), /text/],
    ['attachments is a string', (a: Record<string, unknown>) => void (a.attachments = 'nope'), /attachments/],
  ])('JSON that is not an activity (%s) -> 400 with a short reason', async (_name, mutate, field) => {
    const body = message(FAQ_QUESTION);
    mutate(body);
    const res = await post(run.base, body);
    expect(res.status).toBe(400);
    const error = (res.json as { error?: string } | undefined)?.error ?? '';
    expect(error).toMatch(/^invalid activity: /);
    expect(error).toMatch(field);
    expect(error.length).toBeLessThan(200);
    await expectStillServing(run.base);
  });

  test.each([['[1,2,3]'], ['"a string"'], ['42'], ['null']])('a JSON body that is not an object (%s) -> 400', async (raw) => {
    const res = await post(run.base, undefined, { raw });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/JSON object|activity/);
    await expectStillServing(run.base);
  });

  test('message text over MAX_TEXT_LENGTH -> 200 with a polite reply', async () => {
    const res = await post(run.base, message('microcredential '.repeat(200))); // 3,200 characters > 2,000
    expect(res.status).toBe(200);
    expect(visible(res)).toContain(WORDING.tooLong(2000));
    await expectStillServing(run.base);
  });

  const hostile: ReadonlyArray<readonly [string, string]> = [
    ['script tag', '<script>alert("x")</script> how long is a microcredential valid?'],
    ['only a script tag', '<script>alert(document.cookie)</script>'],
    ['img onerror', '<img src=x onerror=alert(1)>when can I retake an exam'],
    ['markdown link to javascript:', '[click me](javascript:alert(1)) **bold** | a | b |\n|---|---|\n# heading'],
    ['control characters', '\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f\u200b how long is a microcredential valid?'],
    ['RTL override and emoji', '\u202eedilav lainedercorcim 👩🏽‍💻🔥 ﷽ Ω≈ç√∫'],
    ['lone surrogates', 'abc \ud800 def \udfff'],
    ['adaptive card JSON in text', '{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"<script>x</script>"}]}'],
    ['template and entity tricks', '${process.env} {{7*7}} &lt;script&gt; &#60;script&#62; %3Cscript%3E'],
  ];
  const channels = ['emulator', 'webchat', 'directline', 'msteams', 'slack'];

  test.each(hostile)('%s in user text -> 200 on every channel, never echoed as raw <script> or a javascript: link', async (_name, text) => {
    for (const channelId of channels) {
      const res = await post(run.base, message(text, { channelId }));
      expect({ channelId, status: res.status }).toEqual({ channelId, status: 200 });
      expect(activitiesOf(res).length).toBeGreaterThanOrEqual(1);
      expect(res.text).not.toMatch(/<script/i);
      expect(res.text).not.toMatch(/<img/i);
      expect(res.text).not.toMatch(/\]\(\s*javascript:/i);
      for (const a of activitiesOf(res)) {
        for (const att of a.attachments ?? []) {
          if (att.contentType === 'application/vnd.microsoft.card.adaptive') expect(att.content).toMatchObject({ type: 'AdaptiveCard' });
        }
      }
    }
    await expectStillServing(run.base);
  });

  test.each([
    ['an object with unknown fields', { foo: 'bar', nested: { a: [1, 2] } }],
    ['a string', 'just a string'],
    ['an array', [1, 'two', null]],
    ['a number', 42],
    ['ask for an unknown entry', { action: 'ask', entryId: 'no-such-entry' }],
    ['feedback with a wrong type', { action: 'feedback', entryId: 'microcredential-validity', helpful: 'yes' }],
    ['feedback for an unknown entry', { action: 'feedback', entryId: 'no-such-entry', helpful: true }],
    ['an oversized entry id', { action: 'ask', entryId: 'x'.repeat(5000) }],
  ])('a card submit with an unexpected value (%s) -> 200 with a polite reply', async (_name, value) => {
    const res = await post(run.base, message(undefined, { value }));
    expect(res.status).toBe(200);
    expect(visible(res)).toContain(WORDING.unknownAction);
    await expectStillServing(run.base);
  });

  test('a non-message activity (typing, event, conversationUpdate without members) -> 2xx, no crash', async () => {
    for (const type of ['typing', 'event', 'conversationUpdate', 'invoke', 'made-up-type']) {
      const res = await post(run.base, { ...message(undefined), type });
      expect({ type, ok: res.status < 500 }).toEqual({ type, ok: true });
    }
    await expectStillServing(run.base);
  });
});

describe('rate limits (429 with Retry-After)', () => {
  test('RATE_LIMIT_PER_CONVERSATION=3: the 4th post in one conversation -> 429; another conversation still answered', async () => {
    const run = await startApp({ RATE_LIMIT_PER_CONVERSATION: '3', RATE_LIMIT_PER_CLIENT: '1000' });
    try {
      const conversationId = uid('conv');
      for (let i = 0; i < 3; i++) expect((await post(run.base, message(FAQ_QUESTION, { conversationId }))).status).toBe(200);
      const fourth = await post(run.base, message(FAQ_QUESTION, { conversationId }));
      expect(fourth.status).toBe(429);
      const retryAfter = Number(fourth.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await post(run.base, message(FAQ_QUESTION))).status).toBe(200);
    } finally {
      await run.close();
    }
  });

  test('RATE_LIMIT_PER_CLIENT=3: the 4th post from one address (any conversation) -> 429', async () => {
    const run = await startApp({ RATE_LIMIT_PER_CONVERSATION: '1000', RATE_LIMIT_PER_CLIENT: '3', RATE_LIMIT_WINDOW_SECONDS: '120' });
    try {
      for (let i = 0; i < 3; i++) expect((await post(run.base, message(FAQ_QUESTION))).status).toBe(200);
      const fourth = await post(run.base, message(FAQ_QUESTION));
      expect(fourth.status).toBe(429);
      const retryAfter = Number(fourth.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(120);
      // Health checks are not rate limited.
      expect((await request(`${run.base}/healthz`)).status).toBe(200);
    } finally {
      await run.close();
    }
  });
});

describe('readiness with blob storage that cannot be reached', () => {
  test('GET /readyz -> 503 naming the storage, within a bounded time', async () => {
    const port = await closedPort();
    const run = await startApp({ BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`) });
    try {
      const res = await request(`${run.base}/readyz`, { timeoutMs: 20_000 });
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ status: 'not ready', checks: { storage: expect.stringMatching(/^blob: /) } });
      expect(res.ms).toBeLessThan(5000);
      expect((await request(`${run.base}/healthz`)).status).toBe(200);
    } finally {
      await run.close();
    }
  });
});

describe('configuration', () => {
  test('NODE_ENV=production without credentials refuses to start, naming MicrosoftAppId', () => {
    expect(() => loadConfig({ ...BASE_ENV, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE_ENV, NODE_ENV: 'production' })).toThrow(/MicrosoftAppId/);
  });

  test('NODE_ENV=production with ALLOW_ANONYMOUS=true starts anonymous', () => {
    const config = loadConfig({ ...BASE_ENV, NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true' });
    expect(config.auth.anonymous).toBe(true);
  });

  test('NODE_ENV=production with credentials starts authenticated', () => {
    const config = loadConfig({ ...BASE_ENV, NODE_ENV: 'production', MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD });
    expect(config.auth.anonymous).toBe(false);
  });
});

describe('structured logs', () => {
  // The user's question itself is the marker: it must not appear in the logs unless LOG_USER_TEXT=true.
  const MARKER = 'How long is a microcredential';

  test('one line per turn with channel, decision and latency; user text absent by default', async () => {
    const run = await startApp({}, { captureLogs: true });
    try {
      const res = await post(run.base, message(FAQ_QUESTION, { channelId: 'webchat' }));
      expect(res.status).toBe(200);
      const turns = logEntries(run.logs).filter((l) => l.event === 'turn');
      expect(turns).toHaveLength(1);
      expect(turns[0]).toMatchObject({ channel: 'webchat', decision: expect.any(String), entry: 'microcredential-validity' });
      expect(typeof turns[0]!.ms).toBe('number');
      expect(run.logs.join('')).not.toContain(MARKER);
    } finally {
      await run.close();
    }
  });

  // KNOWN GAP (reported): bot/faqBot.ts continuePending() logs the dialog step without `ms`. test.failing
  // passes while the gap exists; once faqBot.ts logs the latency there, turn this into a plain test().
  test('a date dialog step is logged as one turn line with channel, decision and latency', async () => {
    const run = await startApp({}, { captureLogs: true });
    try {
      const conversationId = uid('conv');
      await post(run.base, message('When can I retry my microcredential?', { conversationId }));
      run.logs.length = 0;
      const res = await post(run.base, message('October 30', { conversationId }));
      expect(visible(res)).toContain('November 24, 2026');
      const turns = logEntries(run.logs).filter((l) => l.event === 'turn');
      expect(turns).toHaveLength(1);
      expect(turns[0]).toMatchObject({ channel: 'emulator', decision: 'computed', rule: 'mc-retake' });
      expect(typeof turns[0]!.ms).toBe('number');
    } finally {
      await run.close();
    }
  });

  // KNOWN GAP (reported): issue 6 asks for a per-turn id in the logs; the turn line carries none (not the
  // activity id either). test.failing passes while the gap exists; make it a plain test() once fixed.
  test('the turn line carries a per-turn id (the activity id or a generated one)', async () => {
    const run = await startApp({}, { captureLogs: true });
    try {
      const activity = message(FAQ_QUESTION);
      await post(run.base, activity);
      const turn = logEntries(run.logs).find((l) => l.event === 'turn')!;
      const idFields = ['turnId', 'turn', 'activityId', 'requestId', 'reqId', 'id'];
      expect(idFields.some((f) => typeof turn[f] === 'string' && String(turn[f]).length > 0)).toBe(true);
    } finally {
      await run.close();
    }
  });

  test('user text is logged only with LOG_USER_TEXT=true', async () => {
    const run = await startApp({ LOG_USER_TEXT: 'true' }, { captureLogs: true });
    try {
      await post(run.base, message(FAQ_QUESTION));
      const turns = logEntries(run.logs).filter((l) => l.event === 'turn');
      expect(turns).toHaveLength(1);
      expect(String(turns[0]!.text)).toContain(MARKER);
    } finally {
      await run.close();
    }
  });
});
