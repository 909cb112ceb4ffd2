/** The real server on an ephemeral port: a Bot Framework activity with deliveryMode "expectReplies". */
import pino from 'pino';
import { type App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';

let app: App;
let base: string;

beforeAll(async () => {
  app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  const port = await app.listen();
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app.close();
});

const activity = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channelId: 'emulator',
  serviceUrl: 'http://127.0.0.1:9/',
  deliveryMode: 'expectReplies',
  locale: 'en-US',
  localTimestamp: '2026-11-29T10:00:00-05:00',
  localTimezone: 'America/New_York',
  conversation: { id: `http-${Math.random()}` },
  from: { id: 'user' },
  recipient: { id: 'bot' },
  text,
  ...extra,
});

async function post(body: unknown): Promise<{ status: number; json: { activities?: Array<{ type: string; text?: string }> } }> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as { activities?: Array<{ type: string; text?: string }> } };
}

describe('POST /api/messages over real HTTP', () => {
  it('answers a FAQ question in the HTTP response', async () => {
    const { status, json } = await post(activity('How long do I wait after failing a microcredential?'));
    expect(status).toBe(200);
    const text = (json.activities ?? []).map((a) => a.text ?? '').join('\n');
    expect(text).toContain('25 days');
  });

  it("computes a personal date on the user's clock", async () => {
    const { status, json } = await post(activity('I failed my microcredential on October 1, 2026. When can I try again?'));
    expect(status).toBe(200);
    const text = JSON.stringify(json.activities);
    expect(text).toMatch(/October 26, 2026/);
    expect(text).toContain('25 days');
  });

  it('GET /healthz answers 200 and GET /readyz reports the knowledge and storage', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { storage: 'memory: ok' } });
  });

  it('answers 400 with a reason to a body that is not an activity', async () => {
    const { status, json } = await post({ hello: 'world' });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toMatch(/invalid activity: (type|conversation|from)/);
  });
});
