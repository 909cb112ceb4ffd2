/**
 * Reminders through whole turns (TestAdapter): the computed answer offers "Remind me", the user presses
 * it (or says "remind me", or answers Slack's number), the bot confirms what and when; a fake clock then
 * drives the scheduler, whose proactive message arrives in the same conversation through the adapter.
 * Also: DST (09:00 in New York is 13:00Z before the November change, 14:00Z after), deadlines reminded a
 * lead time ahead, a reminder already past refused, the list, cancel by words and by button, a user's
 * reminders theirs only, the cap.
 */
import { type Activity, type ConversationState, MemoryStorage, TurnContext } from 'botbuilder';
import pino from 'pino';
import { renderReply } from '../../bot/render/index';
import { REMINDER_WORDING as W } from '../../bot/render/wording';
import { CalendarLinks } from '../../bot/reminders/calendar';
import { ReminderScheduler, type RunReport } from '../../bot/reminders/scheduler';
import { reminderReply, ReminderService } from '../../bot/reminders/service';
import { ownerKey, ReminderStore } from '../../bot/reminders/store';
import { BotHarness, visibleText } from '../support/botHarness';

const POLICY = { localTime: '09:00', deadlineLeadDays: 3, timedLeadMinutes: 60 };
const RETAKE = 'I failed DVA-C02 on November 25, 2026. When can I retake it?';

/** A fake clock the scheduler and calendar links read. */
class FakeClock {
  constructor(private at: Date) {}
  now = (): Date => this.at;
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

interface Setup {
  readonly bot: BotHarness;
  readonly store: ReminderStore;
  readonly scheduler: ReminderScheduler;
  readonly clock: FakeClock;
  /** Activities the scheduler sent proactively, by conversation. */
  readonly delivered: Array<{ conversationId: string; activity: Partial<Activity> }>;
  run(): Promise<RunReport>;
}

function setup(channelId = 'webchat', opts: { storage?: MemoryStorage; userId?: string; maxPerUser?: number; conversationId?: string } = {}): Setup {
  const storage = opts.storage ?? new MemoryStorage();
  const clock = new FakeClock(new Date('2026-11-29T15:00:00Z'));
  const store = new ReminderStore(storage, opts.maxPerUser ?? 20);
  const calendar = new CalendarLinks('k'.repeat(40), 24 * 3_600_000, () => 'http://localhost:3978');
  const make = (state: ConversationState) => new ReminderService({ store, conversationState: state, policy: POLICY, calendar, now: clock.now });
  const bot = new BotHarness(channelId, storage, opts.conversationId, {}, make, opts.userId);
  const delivered: Setup['delivered'] = [];
  // The proactive send as the CloudAdapter would do it, on the TestAdapter: a turn built from the stored reference.
  const scheduler = new ReminderScheduler(
    store,
    async (reminder, late) => {
      const context = new TurnContext(bot.adapter, TurnContext.applyConversationReference({ type: 'event' }, reminder.reference, true));
      const before = bot.adapter.activeQueue.length;
      await context.sendActivities(renderReply(reminderReply(reminder, late), reminder.channelId));
      for (const activity of bot.adapter.activeQueue.splice(before)) delivered.push({ conversationId: reminder.reference.conversation!.id, activity });
    },
    { now: clock.now, leaseMs: 60_000, pollMs: 0, logger: pino({ level: 'silent' }) },
  );
  return { bot, store, scheduler, clock, delivered, run: () => scheduler.runDue() };
}

/** The SubmitAction values of the card buttons / suggested actions of some activities. */
function submits(activities: Partial<Activity>[], action: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const k of ['data', 'value']) {
        const v = o[k] as Record<string, string> | undefined;
        if (v && typeof v === 'object' && v.action === action && !out.some((x) => JSON.stringify(x) === JSON.stringify({ ...v, msteams: undefined }))) {
          out.push({ ...v, msteams: undefined } as unknown as Record<string, string>);
        }
      }
      for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
    }
  };
  for (const a of activities) {
    walk(a.attachments ?? []);
    walk(a.suggestedActions?.actions ?? []);
  }
  return out;
}

describe('reminders through whole turns', () => {
  test('retake date: card button -> confirmed for 09:00 local -> sent once at 14:00Z with the question, date, rule and source', async () => {
    const s = setup('webchat');
    const answer = await s.bot.say(RETAKE);
    expect(visibleText(answer)).toContain('December 9, 2026');
    const [remind] = submits(answer, 'remind');
    expect(remind).toBeDefined();
    expect(visibleText(answer)).toContain(W.remindButton);
    expect(JSON.stringify(answer)).toMatch(/http:\/\/localhost:3978\/api\/calendar\/[A-Za-z0-9_-]+\.ics/);

    const confirm = visibleText(await s.bot.submit({ action: 'remind', ref: remind!.ref }));
    expect(confirm).toContain('December 9, 2026 at 9:00 AM (America/New_York)');
    expect(confirm).toContain('Retake from');

    const [reminder] = await s.store.list(ownerKey('webchat', 'user-1'));
    expect(reminder!.dueAt).toBe('2026-12-09T14:00:00.000Z');
    expect(reminder!.timeZone).toBe('America/New_York');

    s.clock.set('2026-12-09T13:59:00Z');
    expect(await s.run()).toMatchObject({ sent: 0 });
    s.clock.set('2026-12-09T14:00:30Z');
    expect(await s.run()).toMatchObject({ due: 1, sent: 1, late: 0 });
    expect(await s.run()).toMatchObject({ due: 0, sent: 0 });

    expect(s.delivered).toHaveLength(1);
    const text = visibleText(s.delivered.map((d) => d.activity));
    expect(s.delivered[0]!.conversationId).toBe(s.bot.conversationId);
    const raw = JSON.stringify(s.delivered[0]!.activity);
    expect(raw).toContain(RETAKE);
    expect(raw).toContain('Retake from: Wednesday, December 9, 2026');
    expect(raw).toContain('14 days');
    expect(text).toContain(W.reminderText('Retake from', 'Wednesday, December 9, 2026'));
    expect(JSON.stringify(s.delivered[0]!.activity)).toContain('https://aws.amazon.com/');
    expect(text).not.toMatch(/late/i);
    expect(await s.store.list(ownerKey('webchat', 'user-1'))).toEqual([]);
  });

  test('"remind me" in words right after the answer; "my reminders"; "cancel reminder 1"', async () => {
    const s = setup('emulator');
    expect(visibleText(await s.bot.say('remind me'))).toContain(W.nothingToRemind);
    await s.bot.say(RETAKE);
    expect(visibleText(await s.bot.say('Remind me'))).toContain('December 9, 2026 at 9:00 AM (America/New_York)');
    expect(visibleText(await s.bot.say('remind me please'))).toContain('You already have a reminder');
    const list = visibleText(await s.bot.say('my reminders'));
    expect(list).toContain(W.listHeading(1));
    expect(list).toMatch(/1\\?\. Retake from: Wednesday, December 9, 2026\. Reminder on Wednesday, December 9, 2026 at 9:00 AM/);
    expect(visibleText(await s.bot.say('cancel reminder 2'))).toContain(W.cancelUnknown(2));
    expect(visibleText(await s.bot.say('cancel reminder 1'))).toContain('Cancelled your reminder');
    expect(visibleText(await s.bot.say('my reminders'))).toContain(W.listEmpty);
    s.clock.set('2026-12-10T00:00:00Z');
    expect(await s.run()).toMatchObject({ sent: 0 });
    expect(s.delivered).toHaveLength(0);
  });

  test('DST: 09:00 in New York is 13:00Z before the November change and 14:00Z after it', async () => {
    const s = setup('emulator');
    const now = '2026-10-20T10:00:00-04:00';
    await s.bot.say('I failed DVA-C02 on October 15, 2026. When can I retake it?', { now });
    expect(visibleText(await s.bot.say('remind me', { now }))).toContain('October 29, 2026 at 9:00 AM');
    await s.bot.say('I failed DVA-C02 on October 20, 2026. When can I retake it?', { now });
    expect(visibleText(await s.bot.say('remind me', { now }))).toContain('November 3, 2026 at 9:00 AM');
    const due = (await s.store.list(ownerKey('emulator', 'user-1'))).map((r) => r.dueAt);
    expect(due).toEqual(['2026-10-29T13:00:00.000Z', '2026-11-03T14:00:00.000Z']);
    s.clock.set('2026-10-29T13:00:00Z');
    expect(await s.run()).toMatchObject({ sent: 1 });
    s.clock.set('2026-11-03T13:59:59Z');
    expect(await s.run()).toMatchObject({ sent: 0 });
    s.clock.set('2026-11-03T14:00:00Z');
    expect(await s.run()).toMatchObject({ sent: 1, late: 0 });
    expect(s.delivered).toHaveLength(2);
  });

  test('a deadline is reminded 3 days ahead; one whose reminder would be past is refused with the reason', async () => {
    const s = setup('emulator');
    await s.bot.say('My result was invalidated and I got the notice on November 20, 2026, until when can I appeal?');
    const ok = visibleText(await s.bot.say('remind me'));
    expect(ok).toContain('December 1, 2026 at 9:00 AM (America/New_York)');
    expect(ok).toContain('3 days before the deadline');
    await s.bot.say('My result was invalidated and I got the notice on November 17, 2026, until when can I appeal?');
    const refused = visibleText(await s.bot.say('remind me'));
    expect(refused).toContain('already passed');
    expect(refused).toContain('November 28, 2026 at 9:00 AM');
    expect(await s.store.list(ownerKey('emulator', 'user-1'))).toHaveLength(1);
  });

  test('an hour rule: reminded an hour before the moment, in the user zone', async () => {
    const s = setup('emulator');
    await s.bot.say('My exam appointment is on December 10, 2026 at 9:00 AM, until when can I reschedule it?');
    const text = visibleText(await s.bot.say('remind me'));
    expect(text).toContain('December 9, 2026 at 8:00 AM (America/New_York)');
    const [r] = await s.store.list(ownerKey('emulator', 'user-1'));
    expect(r!.dueAt).toBe('2026-12-09T13:00:00.000Z');
    expect(r!.item).toMatchObject({ date: '2026-12-09', time: '09:00', deadline: true });
  });

  test('two dates in one answer: "remind me" asks which; "remind me 2" picks the second', async () => {
    const s = setup('emulator');
    await s.bot.say('I passed a microcredential on 2026-04-10, when can I renew it?');
    expect(visibleText(await s.bot.say('remind me'))).toContain(W.whichOne(2));
    const second = visibleText(await s.bot.say('remind me 2'));
    expect(second).toContain('Expires on');
    expect(second).toContain('April 7, 2027'); // April 10, 2027 is the deadline: 3 days ahead
  });

  test('Slack: the dates are numbered after the related questions; the number sets the reminder', async () => {
    const s = setup('slack');
    const answer = visibleText(await s.bot.say(RETAKE));
    const m = new RegExp(`(\\d)\\. ${W.slackRemindLine('Retake from', 'Wednesday, December 9, 2026').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(answer);
    expect(m).not.toBeNull();
    const confirm = visibleText(await s.bot.say(m![1]!)).replace(/\u200b/g, '');
    expect(confirm).toContain('December 9, 2026 at 9:00 AM (America/New_York)');
    expect(await s.store.list(ownerKey('slack', 'user-1'))).toHaveLength(1);
  });

  test("a user's reminders are theirs only: another user's cancel button and list do not reach them", async () => {
    const storage = new MemoryStorage();
    const alice = setup('webchat', { storage, userId: 'alice', conversationId: 'shared-conv' });
    const bob = setup('webchat', { storage, userId: 'bob', conversationId: 'shared-conv' });
    const answer = await alice.bot.say(RETAKE);
    await alice.bot.submit({ action: 'remind', ref: submits(answer, 'remind')[0]!.ref });
    const aliceList = await alice.bot.say('my reminders');
    const [cancel] = submits(aliceList, 'cancelReminder');
    expect(cancel).toBeDefined();
    expect(visibleText(await bob.bot.say('my reminders'))).toContain(W.listEmpty);
    expect(visibleText(await bob.bot.submit({ action: 'cancelReminder', id: cancel!.id }))).toContain(W.cancelGone);
    expect(await alice.store.list(ownerKey('webchat', 'alice'))).toHaveLength(1);
    // Alice's own button cancels it.
    expect(visibleText(await alice.bot.submit({ action: 'cancelReminder', id: cancel!.id }))).toContain('Cancelled your reminder');
    expect(await alice.store.list(ownerKey('webchat', 'alice'))).toHaveLength(0);
  });

  test('the cap per user', async () => {
    const s = setup('emulator', { maxPerUser: 2 });
    for (const day of [20, 21, 22]) {
      await s.bot.say(`I failed DVA-C02 on November ${day}, 2026. When can I retake it?`);
      const reply = visibleText(await s.bot.say('remind me'));
      if (day < 22) expect(reply).toContain("OK, I'll remind you");
      else expect(reply).toContain(W.capReached(2));
    }
  });

  test('a forged remind button (unknown ref) gets a polite reply, not a reminder', async () => {
    const s = setup('webchat');
    await s.bot.say(RETAKE);
    expect(visibleText(await s.bot.submit({ action: 'remind', ref: 'nope' }))).toContain(W.nothingToRemind);
    expect(visibleText(await s.bot.submit({ action: 'remind', ref: 'x'.repeat(500) }))).toMatch(/didn't understand that button/);
    expect(await s.store.list(ownerKey('webchat', 'user-1'))).toHaveLength(0);
  });
});
