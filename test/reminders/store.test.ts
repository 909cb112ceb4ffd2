/**
 * The reminder store and scheduler on their own, against MemoryStorage (same eTag rules as blobs): claims
 * that exclude each other, a crashed claimer's claim expiring after its lease, failed sends retried then
 * given up, parallel adds from two stores losing nothing, the timer started and stopped, and the config.
 */
import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../bot/config';
import { ReminderScheduler } from '../../bot/reminders/scheduler';
import { MAX_SEND_ATTEMPTS, ownerKey, ReminderStore, type NewReminder, type Reminder } from '../../bot/reminders/store';

const silent = pino({ level: 'silent' });
const T0 = new Date('2026-12-09T14:00:00Z');

function draft(n: number, dueAt = T0, owner = ownerKey('webchat', `user-${n}`)): NewReminder {
  return {
    owner,
    channelId: 'webchat',
    item: {
      ref: `ref-${n}`,
      key: 'retake',
      label: 'Retake from',
      date: '2026-12-09',
      timeZone: 'America/New_York',
      deadline: false,
      ruleId: 'rule-a',
      ruleText: '14 days after a failed attempt',
      sourceUrl: 'https://example.com/faq',
      question: `question ${n}`,
      display: 'Wednesday, December 9, 2026',
    },
    dueAt,
    timeZone: 'America/New_York',
    locale: 'en-US',
    reference: { conversation: { id: `conv-${n}`, isGroup: false, conversationType: 'personal', name: '' }, serviceUrl: 'http://127.0.0.1:9/' },
    now: new Date('2026-11-29T15:00:00Z'),
  };
}

async function added(store: ReminderStore, d: NewReminder): Promise<Reminder> {
  const r = await store.add(d);
  if (!r.ok) throw new Error(`not added: ${r.reason}`);
  return r.reminder;
}

describe('ReminderStore', () => {
  test('two claims of one due reminder: exactly one wins', async () => {
    const storage = new MemoryStorage();
    const a = new ReminderStore(storage, 20);
    const b = new ReminderStore(storage, 20);
    await a.ensureIndex();
    const r = await added(a, draft(1));
    const claims = await Promise.all([a.claim(r.id, T0, 'A', 60_000), b.claim(r.id, T0, 'B', 60_000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  test('not due yet: no claim', async () => {
    const store = new ReminderStore(new MemoryStorage(), 20);
    const r = await added(store, draft(1));
    expect(await store.claim(r.id, new Date(T0.getTime() - 1000), 'A', 60_000)).toBeUndefined();
  });

  test("a crashed claimer's claim expires after its lease; then one other instance sends it", async () => {
    const storage = new MemoryStorage();
    const store = new ReminderStore(storage, 20);
    await store.ensureIndex();
    await added(store, draft(1));
    const sends: string[] = [];
    const crashed = new ReminderStore(storage, 20);
    const [entry] = await crashed.due(T0);
    expect(await crashed.claim(entry!.id, T0, 'crashed', 60_000)).toBeDefined(); // ...and never marks it sent
    let now = new Date(T0.getTime() + 30_000);
    const scheduler = new ReminderScheduler(store, async (r) => void sends.push(r.id), { now: () => now, leaseMs: 60_000, pollMs: 0, logger: silent });
    expect(await scheduler.runDue()).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    now = new Date(T0.getTime() + 61_000);
    expect(await scheduler.runDue()).toMatchObject({ due: 1, sent: 1 });
    expect(await scheduler.runDue()).toMatchObject({ due: 0, sent: 0 });
    expect(sends).toHaveLength(1);
  });

  test(`a failing send is retried by later runs, then given up after ${MAX_SEND_ATTEMPTS} attempts`, async () => {
    const store = new ReminderStore(new MemoryStorage(), 20);
    await store.ensureIndex();
    const r = await added(store, draft(1));
    let attempts = 0;
    const scheduler = new ReminderScheduler(
      store,
      async () => {
        attempts += 1;
        throw new Error('connector down');
      },
      { now: () => T0, leaseMs: 60_000, pollMs: 0, logger: silent },
    );
    for (let i = 0; i < MAX_SEND_ATTEMPTS + 2; i++) await scheduler.runDue();
    expect(attempts).toBe(MAX_SEND_ATTEMPTS);
    expect((await store.get(r.id))?.status).toBe('failed');
    expect(await store.indexed()).toEqual([]);
  });

  test('40 reminders added in parallel through two stores on one storage: none lost from the index or the lists', async () => {
    const storage = new MemoryStorage();
    const a = new ReminderStore(storage, 20);
    const b = new ReminderStore(storage, 20);
    await a.ensureIndex();
    const owner = ownerKey('webchat', 'same-user');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).add(draft(i, T0, i < 10 ? owner : undefined))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await a.indexed()).toHaveLength(40);
    expect(await a.list(owner)).toHaveLength(10);
  });

  test('the timer sends a due reminder without a call, and stop() ends it', async () => {
    const store = new ReminderStore(new MemoryStorage(), 20);
    await store.ensureIndex();
    await added(store, draft(1));
    const sends: string[] = [];
    const scheduler = new ReminderScheduler(store, async (r) => void sends.push(r.id), { now: () => T0, leaseMs: 60_000, pollMs: 30, logger: silent });
    scheduler.start(false);
    const deadline = Date.now() + 3000;
    while (sends.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    expect(sends).toHaveLength(1);
    await added(store, draft(2));
    await new Promise((r) => setTimeout(r, 120));
    expect(sends).toHaveLength(1);
  });
});

describe('reminder configuration', () => {
  const base = { NODE_ENV: 'test' };
  test('defaults', () => {
    const c = loadConfig(base);
    expect(c.reminders).toMatchObject({ localTime: '09:00', deadlineLeadDays: 3, timedLeadMinutes: 60, maxPerUser: 20, pollSeconds: 60, leaseSeconds: 120 });
    expect(c.reminders.runSecret).toBeUndefined();
    expect(c.calendar).toEqual({ secret: undefined, ttlHours: 24 });
  });
  test.each([
    ['REMINDER_LOCAL_TIME', '25:00'],
    ['REMINDERS_RUN_SECRET', 'short'],
    ['CALENDAR_LINK_SECRET', 'too-short'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['REMINDER_DEADLINE_LEAD_DAYS', '-1'],
  ])('%s=%s is refused, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(name));
  });
});
