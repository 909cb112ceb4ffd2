/**
 * Reminders and calendar events through the real server: a local HTTP sink stands in for the Bot
 * Connector (the activities' serviceUrl points at it) and captures the proactive POSTs to
 * /v3/conversations/{id}/activities. A fake server clock drives the scheduler. On Azurite: a restart in
 * the middle (the reminder due while down is sent at start, marked late) and two instances racing for
 * the same due reminders (each sent exactly once). The .ics is fetched from its signed link and parsed
 * back with ical.js, its dates compared with the computed ones.
 */
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { buildApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { REMINDER_WORDING as W } from '../../bot/render/wording';
import { azuriteConnectionString, uniqueContainer } from '../support/azurite';
import { activitiesOf, BASE_ENV, message, post, request, uid } from './helpers';

// ical.js ships ESM with a CommonJS build; jest runs CommonJS, so it is required (types from the ESM entry).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default = require('ical.js');
type IcalTime = InstanceType<typeof ICAL.Time>;

// Each test starts one or two whole apps (knowledge pack indexed at every start): more than jest's 30 s on a busy machine.
jest.setTimeout(180_000);

const SECRET = 'run-secret-0123456789abcdef';
const RETAKE = 'I failed DVA-C02 on November 25, 2026. When can I retake it?';

interface Captured {
  readonly conversationId: string;
  readonly body: Record<string, unknown>;
}

/** The Bot Connector stand-in. */
async function startSink(): Promise<{ url: string; posts: Captured[]; close(): Promise<void> }> {
  const posts: Captured[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method === 'POST' && m) {
        posts.push({ conversationId: decodeURIComponent(m[1]!), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: uid('sent') }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, posts, close: () => new Promise((r) => server.close(() => r())) };
}

class FakeClock {
  constructor(public at: Date) {}
  now = (): Date => this.at;
}

interface Running {
  readonly app: App;
  readonly base: string;
  close(): Promise<void>;
}

async function start(clock: FakeClock, env: Record<string, string> = {}): Promise<Running> {
  const config = loadConfig({ ...BASE_ENV, REMINDERS_POLL_SECONDS: '0', REMINDERS_RUN_SECRET: SECRET, CALENDAR_LINK_SECRET: 'c'.repeat(40), ...env });
  const app = buildApp(config, { logger: pino({ level: 'silent' }), serverNow: clock.now });
  const port = await app.listen();
  await app.remindersStarted();
  return { app, base: `http://127.0.0.1:${port}`, close: () => app.close() };
}

function run(base: string, secret?: string) {
  return request(`${base}/api/reminders/run`, { method: 'POST', headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` } });
}

/** The first value of a card button / suggested action with this action. */
function submitValue(result: Awaited<ReturnType<typeof post>>, action: string): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    for (const k of ['data', 'value']) {
      const v = o[k] as Record<string, string> | undefined;
      if (v && typeof v === 'object' && v.action === action) found = v;
    }
    Object.values(o).forEach(walk);
  };
  walk(result.json);
  return found;
}

/** Asks the retake question in a conversation and presses its "Remind me". */
async function askAndRemind(base: string, sinkUrl: string, conversationId: string, userId = 'user-1'): Promise<string> {
  const extra = { serviceUrl: sinkUrl, from: { id: userId, name: 'User' } };
  const answer = await post(base, message(RETAKE, { channelId: 'webchat', conversationId, extra }));
  expect(answer.status).toBe(200);
  const remind = submitValue(answer, 'remind');
  expect(remind).toBeDefined();
  const confirm = await post(base, message(undefined, { channelId: 'webchat', conversationId, value: { action: 'remind', ref: remind!.ref }, extra }));
  return activitiesOf(confirm)
    .map((a) => a.text ?? JSON.stringify(a.attachments ?? ''))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

describe('reminders over HTTP with a Bot Connector sink', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeEach(async () => {
    sink = await startSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  test('scheduled in a turn, sent once by POST /api/reminders/run at 09:00 New York time, to the same conversation', async () => {
    const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
    const app = await start(clock);
    try {
      const conv = uid('conv');
      expect(await askAndRemind(app.base, sink.url, conv)).toContain('December 9, 2026 at 9:00 AM (America/New_York)');
      clock.at = new Date('2026-12-09T13:59:00Z');
      expect((await run(app.base, SECRET)).json).toMatchObject({ sent: 0 });
      clock.at = new Date('2026-12-09T14:00:05Z');
      expect((await run(app.base, SECRET)).json).toMatchObject({ due: 1, sent: 1, late: 0, failed: 0 });
      expect((await run(app.base, SECRET)).json).toMatchObject({ due: 0, sent: 0 });
      expect(sink.posts).toHaveLength(1);
      const sent = sink.posts[0]!;
      expect(sent.conversationId).toBe(conv);
      const raw = JSON.stringify(sent.body);
      expect(raw).toContain(RETAKE);
      expect(raw).toContain('Retake from: Wednesday, December 9, 2026');
      expect(raw).toContain('https://aws.amazon.com/');
    } finally {
      await app.close();
    }
  });

  test('POST /api/reminders/run: 401 without or with a wrong secret, 503 when none is configured', async () => {
    const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
    const app = await start(clock);
    const off = await start(clock, { REMINDERS_RUN_SECRET: '' });
    try {
      expect((await run(app.base)).status).toBe(401);
      expect((await run(app.base, 'wrong-secret-0123456789')).status).toBe(401);
      expect((await run(app.base, SECRET)).status).toBe(200);
      expect((await run(off.base, SECRET)).status).toBe(503);
    } finally {
      await app.close();
      await off.close();
    }
  });

  test('the .ics from the signed link parses back with the computed dates: all-day for a day rule, TZID for an hour rule', async () => {
    const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
    const app = await start(clock);
    try {
      const icsOf = async (question: string) => {
        const res = await post(app.base, message(question, { channelId: 'webchat' }));
        const url = /http:\/\/localhost:\d+\/api\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(res.text)?.[0];
        expect(url).toBeDefined();
        // Nothing of the question or the date in the link: not in its text, nor in the bytes its token encodes
        // (it is sealed). Short patterns such as "dva" turn up by chance in a random 700-character token (about
        // one run in thirty), so the text is checked for longer ones.
        expect(url).not.toMatch(/DVA-C0|2026-|appointment/i);
        const token = /\/api\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url!)![1]!;
        expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/DVA|2026|appointment/i);
        const got = await request(url!.replace('localhost', '127.0.0.1'));
        expect(got.status).toBe(200);
        expect(got.headers.get('content-type')).toMatch(/^text\/calendar/);
        return { url: url!, vevent: new ICAL.Component(ICAL.parse(got.text)).getFirstSubcomponent('vevent')!, text: got.text };
      };

      const day = await icsOf(RETAKE);
      const start = day.vevent.getFirstPropertyValue('dtstart') as IcalTime;
      expect(start.isDate).toBe(true);
      expect(start.toString()).toBe('2026-12-09');
      expect((day.vevent.getFirstPropertyValue('dtend') as IcalTime).toString()).toBe('2026-12-10');
      expect(String(day.vevent.getFirstPropertyValue('description'))).toContain('https://aws.amazon.com/');
      expect(String(day.vevent.getFirstPropertyValue('description'))).toContain(RETAKE);
      const alarm = day.vevent.getFirstSubcomponent('valarm')!;
      expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('PT9H'); // 09:00 on the day
      const uid1 = day.vevent.getFirstPropertyValue('uid');
      expect((await icsOf(RETAKE)).vevent.getFirstPropertyValue('uid')).toBe(uid1); // stable

      const timed = await icsOf('My exam appointment is on December 10, 2026 at 9:00 AM, until when can I reschedule it?');
      const prop = timed.vevent.getFirstProperty('dtstart')!;
      expect(prop.getParameter('tzid')).toBe('America/New_York');
      expect((prop.getFirstValue() as IcalTime).toString()).toBe('2026-12-09T09:00:00');
      expect(timed.text).toContain('BEGIN:VTIMEZONE');
      expect(timed.text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
      // The event's instant through the zone: 09:00 EST is 14:00Z.
      const comp = new ICAL.Component(ICAL.parse(timed.text));
      const zone = new ICAL.Timezone(comp.getFirstSubcomponent('vtimezone')!);
      const t = (prop.getFirstValue() as IcalTime).clone();
      t.zone = zone;
      expect(t.toJSDate().toISOString()).toBe('2026-12-09T14:00:00.000Z');

      // An altered token is a 404; an expired link a 410.
      const token = day.url.split('/').pop()!;
      const altered = day.url.replace(token, `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`).replace('localhost', '127.0.0.1');
      expect((await request(altered)).status).toBe(404);
      expect((await request(`${app.base}/api/calendar/not-a-token.ics`)).status).toBe(404);
      clock.at = new Date('2026-11-30T15:00:01Z');
      expect((await request(day.url.replace('localhost', '127.0.0.1'))).status).toBe(410);
    } finally {
      await app.close();
    }
  });
});

describe('reminders on Azurite: restart and two instances', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeEach(async () => {
    sink = await startSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  test('restart in the middle: the reminder due while no instance ran is sent at start, marked late, once', async () => {
    const env = { BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(), BLOB_STORAGE_CONTAINER: uniqueContainer('rem-restart') };
    const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
    const first = await start(clock, env);
    const conv = uid('conv');
    try {
      expect(await askAndRemind(first.base, sink.url, conv)).toContain('December 9, 2026 at 9:00 AM');
    } finally {
      await first.close();
    }
    clock.at = new Date('2026-12-09T16:30:00Z'); // 2.5 hours after it was due, nobody running
    const second = await start(clock, env);
    try {
      expect(sink.posts).toHaveLength(1);
      expect(sink.posts[0]!.conversationId).toBe(conv);
      expect(JSON.stringify(sink.posts[0]!.body)).toContain('Sorry, this comes late');
      expect((await run(second.base, SECRET)).json).toMatchObject({ sent: 0 });
      const [entry] = await second.app.reminders.store.indexed();
      expect(entry).toBeUndefined();
    } finally {
      await second.close();
    }
    expect(sink.posts).toHaveLength(1);
  });

  test('two instances race for the same 12 due reminders: each is sent exactly once', async () => {
    const env = { BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(), BLOB_STORAGE_CONTAINER: uniqueContainer('rem-race') };
    const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
    const a = await start(clock, env);
    const b = await start(clock, env);
    try {
      const conversations = Array.from({ length: 12 }, () => uid('conv'));
      // Scheduled through both instances at once: the shared index loses nothing.
      await Promise.all(conversations.map((c, i) => askAndRemind(i % 2 ? a.base : b.base, sink.url, c, `user-${i}`)));
      expect(await a.app.reminders.store.indexed()).toHaveLength(12);
      clock.at = new Date('2026-12-09T14:01:00Z');
      // (A second run asked of the same process joins the run in progress, so one run per instance.)
      const reports = await Promise.all([run(a.base, SECRET), run(b.base, SECRET)]);
      const sent = reports.map((r) => (r.json as { sent: number }).sent);
      expect(sent.reduce((x, y) => x + y, 0)).toBe(12);
      expect(sink.posts).toHaveLength(12);
      expect(new Set(sink.posts.map((p) => p.conversationId))).toEqual(new Set(conversations));
      // Both instances took part or one took all; either way none twice. A later run sends nothing.
      expect(((await run(b.base, SECRET)).json as { sent: number }).sent).toBe(0);
      expect(sink.posts).toHaveLength(12);
      process.stdout.write(`reminders race: scheduled 12, sent ${sink.posts.length}, per run ${JSON.stringify(sent)}, duplicates ${sink.posts.length - new Set(sink.posts.map((p) => p.conversationId)).size}\n`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
