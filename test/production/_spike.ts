import pino from 'pino';
import { buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
async function main() {
  const app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false' }), { logger: pino({ level: 'info' }) });
  const port = await app.listen();
  const base = `http://127.0.0.1:${port}`;
  const act = (text: string) => ({ type: 'message', id: 'a1', channelId: 'emulator', serviceUrl: 'https://test.example', deliveryMode: 'expectReplies',
    conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' }, text, locale: 'en-US', localTimezone: 'America/New_York', localTimestamp: '2026-11-29T10:00:00-05:00', timestamp: '2026-11-29T15:00:00Z' });
  for (const t of ['When can I retry my microcredential?', 'October 30']) {
    const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(act(t)) });
    console.log(r.status, JSON.stringify(await r.json()).slice(0, 1500));
  }
  const r = await fetch(`${base}/readyz`); console.log(r.status, await r.text());
  await app.close();
}
main();
