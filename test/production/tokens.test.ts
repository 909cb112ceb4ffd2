/**
 * Issue 13, finding 5: every token rejection is 401 (or 503 when the keys cannot be fetched), whatever the
 * token's header says. The bot reads its signing keys from a local OpenID metadata document and key set
 * (BotOpenIdMetadata, the SDK's own setting), so a token can name a kid that really is in the key set.
 */
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
// restify (loaded by the app) patches http.ServerResponse: status codes are set, not chained through writeHead.
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, logEntries, message, post, request, startApp, visible, type RunningApp } from './helpers';

const APP_ID = '0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const APP_PASSWORD = 'local-test-password-not-a-secret';
const ISSUER = 'https://api.botframework.com';
const KID = 'local-test-kid';
const SERVICE_URL = 'https://test.example';

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

interface TokenSpec {
  readonly alg: string;
  readonly kid?: string;
  readonly claims?: Record<string, unknown>;
  /** How the signature is made. */
  readonly signWith: 'rs256' | 'ps256' | 'hs256-public-pem' | 'none' | 'foreign-rs256';
}

function token(spec: TokenSpec): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: spec.alg, typ: 'JWT', kid: spec.kid ?? KID, x5t: spec.kid ?? KID }));
  const payload = b64url(
    JSON.stringify({ iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...spec.claims }),
  );
  const data = Buffer.from(`${header}.${payload}`);
  let signature: Buffer;
  switch (spec.signWith) {
    case 'rs256':
      signature = sign('sha256', data, privateKey);
      break;
    case 'foreign-rs256':
      signature = sign('sha256', data, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
      break;
    case 'ps256':
      signature = sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      break;
    case 'hs256-public-pem':
      // The classic algorithm confusion: HMAC keyed with the published public key.
      signature = createHmac('sha256', publicKey.export({ type: 'spki', format: 'pem' })).update(data).digest();
      break;
    case 'none':
      signature = Buffer.alloc(0);
      break;
  }
  return `${header}.${payload}.${b64url(signature)}`;
}

/** A local OpenID metadata document and key set; `mode` decides how it answers. */
async function keyServer(key: KeyObject): Promise<{ url: string; mode: { status: number }; close: () => Promise<void> }> {
  const mode = { status: 200 };
  const jwk = key.export({ format: 'jwk' });
  const srv = http.createServer((req, res) => {
    const port = (srv.address() as { port: number }).port;
    if (mode.status !== 200) {
      res.statusCode = mode.status;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (req.url === '/metadata') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `http://127.0.0.1:${port}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e }] }));
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/metadata`, mode, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

const activity = () => message(FAQ_QUESTION, { extra: { serviceUrl: SERVICE_URL } });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('tokens checked against a key set that holds the kid', () => {
  let keys: Awaited<ReturnType<typeof keyServer>>;
  let run: RunningApp;
  beforeAll(async () => {
    keys = await keyServer(publicKey);
    run = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, BotOpenIdMetadata: keys.url, OPENID_TIMEOUT_MS: '3000' }, { captureLogs: true });
  }, 90_000);
  afterAll(async () => {
    await run.close();
    await keys.close();
  });

  test('control: a correctly signed RS256 token with that kid is accepted (so the kid is in the key set)', async () => {
    const res = await post(run.base, activity(), { headers: bearer(token({ alg: 'RS256', signWith: 'rs256' })) });
    expect(res.status).toBe(200);
    expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
  });

  test.each<[string, TokenSpec]>([
    ['alg HS256, HMAC keyed with the public key', { alg: 'HS256', signWith: 'hs256-public-pem' }],
    ['alg PS256, signed with the real private key', { alg: 'PS256', signWith: 'ps256' }],
    ['alg RS256 header over a PS256 signature', { alg: 'RS256', signWith: 'ps256' }],
    ['alg none, no signature', { alg: 'none', signWith: 'none' }],
    ['alg RS256 signed by another key', { alg: 'RS256', signWith: 'foreign-rs256' }],
    ['a kid not in the key set', { alg: 'RS256', kid: 'someone-elses-kid', signWith: 'rs256' }],
    ['expired', { alg: 'RS256', signWith: 'rs256', claims: { exp: Math.floor(Date.now() / 1000) - 3600 } }],
    ['not valid yet', { alg: 'RS256', signWith: 'rs256', claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }],
    ['another audience', { alg: 'RS256', signWith: 'rs256', claims: { aud: 'someone-else' } }],
    ['a serviceurl claim that is not the activity\'s', { alg: 'RS256', signWith: 'rs256', claims: { serviceurl: 'https://elsewhere.example' } }],
    ['an issuer the bot does not trust', { alg: 'RS256', signWith: 'rs256', claims: { iss: 'https://evil.example' } }],
  ])('%s -> 401, never 500', async (_name, spec) => {
    const res = await post(run.base, activity(), { headers: bearer(token(spec)) });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('activities');
  });

  test('rejections are logged as such, never as an internal error, and never with the token', async () => {
    const t = token({ alg: 'HS256', signWith: 'hs256-public-pem' });
    await post(run.base, activity(), { headers: bearer(t) });
    const entries = logEntries(run.logs);
    expect(entries.filter((e) => typeof e.level === 'number' && e.level >= 50)).toEqual([]);
    expect(entries.some((e) => e.event === 'auth-rejected')).toBe(true);
    expect(run.logs.join('')).not.toContain(t.split('.')[2]!);
  });
});

describe('keys that cannot be fetched -> 503', () => {
  test('the metadata endpoint answers 500: 503 within the bound; the server keeps serving', async () => {
    const keys = await keyServer(publicKey);
    keys.mode.status = 500;
    const run = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, BotOpenIdMetadata: keys.url, OPENID_TIMEOUT_MS: '3000' });
    try {
      const res = await post(run.base, activity(), { headers: bearer(token({ alg: 'RS256', signWith: 'rs256' })) });
      expect(res.status).toBe(503);
      expect((await request(`${run.base}/healthz`)).status).toBe(200);
    } finally {
      await run.close();
      await keys.close();
    }
  }, 90_000);
});
