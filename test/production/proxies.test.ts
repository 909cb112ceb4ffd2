/**
 * Issue 13, finding 8: rate limits keyed on the client address. X-Forwarded-For is believed only when the
 * request came from a configured proxy (TRUSTED_PROXIES); with no setting it is ignored, so a client cannot
 * pick its own bucket. The test client connects from 127.0.0.1, so trusting 127.0.0.1 makes it "the proxy".
 */
import { ConfigError, loadConfig } from '../../bot/config';
import { BASE_ENV, FAQ_QUESTION, message, post, request, startApp, type RunningApp } from './helpers';

const TOKEN_LIMIT = 10; // bot/webchat.ts WEBCHAT_DEFAULTS.tokenRequestsPerWindow
const MESSAGE_LIMIT = 3;

/** Without DIRECT_LINE_SECRET the endpoint answers 503 once past the rate limit, 429 when limited. */
const token = (run: RunningApp, xff?: string) =>
  request(`${run.base}/api/directline/token`, { method: 'POST', headers: xff ? { 'x-forwarded-for': xff } : {} }).then((r) => r.status);

const say = (run: RunningApp, xff?: string) => post(run.base, message(FAQ_QUESTION), { headers: xff ? { 'x-forwarded-for': xff } : {} }).then((r) => r.status);

async function exhaust(send: () => Promise<number>, limit: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < limit; i++) statuses.push(await send());
  return statuses;
}

describe('no TRUSTED_PROXIES (the default): X-Forwarded-For is ignored', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp({ RATE_LIMIT_PER_CLIENT: String(MESSAGE_LIMIT) });
  }, 90_000);
  afterAll(() => run.close());

  test('the Direct Line token endpoint: a new X-Forwarded-For does not get a fresh bucket', async () => {
    expect(await exhaust(() => token(run, '198.51.100.1'), TOKEN_LIMIT)).toEqual(Array(TOKEN_LIMIT).fill(503));
    expect(await token(run, '198.51.100.1')).toBe(429);
    expect(await token(run, '198.51.100.2')).toBe(429);
    expect(await token(run)).toBe(429);
  });

  test('/api/messages: a new X-Forwarded-For does not get a fresh bucket', async () => {
    expect(await exhaust(() => say(run, '198.51.100.1'), MESSAGE_LIMIT)).toEqual(Array(MESSAGE_LIMIT).fill(200));
    expect(await say(run, '198.51.100.2')).toBe(429);
  });
});

describe('TRUSTED_PROXIES=127.0.0.1: the client address comes from X-Forwarded-For', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp({ RATE_LIMIT_PER_CLIENT: String(MESSAGE_LIMIT), TRUSTED_PROXIES: '127.0.0.1, ::1' });
  }, 90_000);
  afterAll(() => run.close());

  test('the Direct Line token endpoint: two forwarded clients get separate buckets', async () => {
    expect(await exhaust(() => token(run, '203.0.113.1'), TOKEN_LIMIT)).toEqual(Array(TOKEN_LIMIT).fill(503));
    expect(await token(run, '203.0.113.1')).toBe(429);
    expect(await token(run, '203.0.113.2')).toBe(503);
  });

  test('/api/messages: two forwarded clients get separate buckets', async () => {
    expect(await exhaust(() => say(run, '203.0.113.1'), MESSAGE_LIMIT)).toEqual(Array(MESSAGE_LIMIT).fill(200));
    expect(await say(run, '203.0.113.1')).toBe(429);
    expect(await say(run, '203.0.113.2')).toBe(200);
  });

  test('addresses a client writes in front of the chain do not move it to another bucket', async () => {
    // The proxy appends the address it saw; what the client sent before it is not believed.
    expect(await exhaust(() => say(run, `10.9.9.${Math.floor(Math.random() * 200)}, 203.0.113.7`), MESSAGE_LIMIT)).toEqual(Array(MESSAGE_LIMIT).fill(200));
    expect(await say(run, '10.1.1.1, 203.0.113.7')).toBe(429);
  });

  test('a request with no X-Forwarded-For is keyed on the proxy itself', async () => {
    expect(await exhaust(() => say(run), MESSAGE_LIMIT)).toEqual(Array(MESSAGE_LIMIT).fill(200));
    expect(await say(run)).toBe(429);
    expect(await say(run, '203.0.113.3')).toBe(200);
  });
});

describe('TRUSTED_PROXIES trusting another address: the socket address is used', () => {
  test('a request from an untrusted socket cannot choose its bucket with X-Forwarded-For', async () => {
    const run = await startApp({ RATE_LIMIT_PER_CLIENT: String(MESSAGE_LIMIT), TRUSTED_PROXIES: '10.0.0.0/8' });
    try {
      expect(await exhaust(() => say(run, '203.0.113.1'), MESSAGE_LIMIT)).toEqual(Array(MESSAGE_LIMIT).fill(200));
      expect(await say(run, '203.0.113.2')).toBe(429);
    } finally {
      await run.close();
    }
  }, 90_000);
});

test('an entry that is not an address, CIDR or proxy-addr name stops the start with the variable named', () => {
  expect(() => loadConfig({ ...BASE_ENV, TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.com' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...BASE_ENV, TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.com' })).toThrow(/TRUSTED_PROXIES/);
  expect(loadConfig({ ...BASE_ENV, TRUSTED_PROXIES: 'loopback, 10.0.0.0/8, 2001:db8::/32' }).trustedProxies).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32']);
});
