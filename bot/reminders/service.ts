/**
 * The reminders as the bot sees them: the words ("remind me", "remind me 2", "my reminders", "cancel
 * reminder 2") and the card buttons (SubmitAction 'remind' / 'cancelReminder'), the last computed dates
 * of a conversation (kept in conversation state, so "remind me" right after an answer knows what it
 * means), the calendar links added to a computed reply, and the reminder message itself.
 */
import { type ConversationState, type StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { TurnClock } from '../../rules/clock';
import { formatDateTime } from '../../rules/format';
import { REMINDER_WORDING as W, WORDING } from '../render/wording';
import type { Reply } from '../reply';
import type { CalendarLinks } from './calendar';
import { reminderTime, type SchedulePolicy } from './schedule';
import { ownerKey, type Reminder, type ReminderStore, type StoredItem } from './store';

/** How many dated items of recent answers a conversation keeps (buttons of older cards still work). */
export const MAX_REMEMBERED_ITEMS = 12;

export type ReminderCommand = { readonly kind: 'remind'; readonly n?: number } | { readonly kind: 'list' } | { readonly kind: 'cancel'; readonly n: number };

interface LastDated {
  /** Newest first; the first `latest` of them are the last computed answer's. */
  items: StoredItem[];
  latest: number;
}

export function parseReminderCommand(text: string): ReminderCommand | undefined {
  const t = text.trim();
  if (t.length > 60) return undefined;
  const remind = W.commands.remind.exec(t);
  if (remind) return remind[1] ? { kind: 'remind', n: Number(remind[1]) } : { kind: 'remind' };
  if (W.commands.list.test(t)) return { kind: 'list' };
  const cancel = W.commands.cancel.exec(t);
  if (cancel) return { kind: 'cancel', n: Number(cancel[1]) };
  return undefined;
}

export interface ReminderServiceOptions {
  readonly store: ReminderStore;
  readonly conversationState: ConversationState;
  readonly policy: SchedulePolicy;
  readonly calendar?: CalendarLinks;
  /** The server's clock (calendar links expire by it). */
  readonly now: () => Date;
}

export class ReminderService {
  private readonly lastDated: StatePropertyAccessor<LastDated>;

  constructor(private readonly options: ReminderServiceOptions) {
    this.lastDated = options.conversationState.createProperty<LastDated>('lastDated');
  }

  get store(): ReminderStore {
    return this.options.store;
  }

  /** A computed reply with a calendar link on each of its dates. */
  decorate(reply: Reply, now: Date = this.options.now()): Reply {
    const calendar = this.options.calendar;
    if (!reply.dated?.length || !calendar) return reply;
    return { ...reply, dated: reply.dated.map((d) => ({ ...d, calendarUrl: calendar.link(d, now) })) };
  }

  /** Keeps a sent reply's dates as the conversation's last computed answer. */
  async remember(context: TurnContext, reply: Reply): Promise<void> {
    if (!reply.dated?.length) return;
    const fresh = reply.dated.map(({ calendarUrl: _u, ...item }) => item);
    const old = (await this.lastDated.get(context))?.items ?? [];
    const items = [...fresh, ...old.filter((o) => !fresh.some((f) => f.ref === o.ref))].slice(0, MAX_REMEMBERED_ITEMS);
    await this.lastDated.set(context, { items, latest: fresh.length });
  }

  /** The words of a reminder command -> the reply. */
  async command(context: TurnContext, command: ReminderCommand, clock: TurnClock): Promise<Reply> {
    switch (command.kind) {
      case 'remind':
        return this.remindLatest(context, clock, command.n);
      case 'list':
        return this.list(context);
      case 'cancel':
        return this.cancelNumber(context, command.n);
    }
  }

  /** "Remind me" of one remembered item (a button's ref). */
  async remindRef(context: TurnContext, ref: string, clock: TurnClock): Promise<Reply> {
    const item = (await this.lastDated.get(context))?.items.find((i) => i.ref === ref);
    if (!item) return { kind: 'notice', text: W.nothingToRemind };
    return this.schedule(context, item, clock);
  }

  /** Cancels one of the user's reminders by id (a card button); another user's id is refused alike. */
  async cancelId(context: TurnContext, id: string): Promise<Reply> {
    const cancelled = await this.options.store.cancel(this.owner(context), id);
    if (!cancelled) return { kind: 'notice', text: W.cancelGone };
    return { kind: 'notice', text: W.cancelled(cancelled.item.label, cancelled.item.display) };
  }

  private async remindLatest(context: TurnContext, clock: TurnClock, n: number | undefined): Promise<Reply> {
    const last = await this.lastDated.get(context);
    const latest = last ? last.items.slice(0, last.latest) : [];
    if (!latest.length) return { kind: 'notice', text: W.nothingToRemind };
    if (n === undefined && latest.length > 1) {
      return { kind: 'notice', text: W.whichOne(latest.length), dated: this.decorate({ kind: 'notice', text: '', dated: latest }).dated };
    }
    const item = latest[(n ?? 1) - 1];
    if (!item) return { kind: 'notice', text: W.whichOne(latest.length) };
    return this.schedule(context, item, clock);
  }

  private async schedule(context: TurnContext, item: StoredItem, clock: TurnClock): Promise<Reply> {
    const when = reminderTime(item, clock.now, this.options.policy);
    const worded = this.when(when.localDate, when.localTime, item.timeZone, clock.locale);
    if (!when.ok) return { kind: 'notice', text: W.past(item.label, worded) };
    const activity = context.activity;
    const result = await this.options.store.add({
      owner: this.owner(context),
      channelId: activity.channelId ?? 'unknown',
      item,
      dueAt: when.at,
      timeZone: item.timeZone,
      locale: clock.locale,
      reference: TurnContext.getConversationReference(activity),
      now: clock.now,
    });
    if (!result.ok) {
      if (result.reason === 'cap') return { kind: 'notice', text: W.capReached(this.maxPerUser()) };
      return { kind: 'notice', text: W.alreadyScheduled(item.label, this.dueWords(result.existing!)) };
    }
    const lead = item.deadline && !item.time ? this.options.policy.deadlineLeadDays : undefined;
    return { kind: 'notice', text: W.scheduled(item.label, item.display, worded, lead) };
  }

  private async list(context: TurnContext): Promise<Reply> {
    const reminders = await this.options.store.list(this.owner(context));
    if (!reminders.length) return { kind: 'notice', text: W.listEmpty };
    const lines = reminders.map((r, i) => W.listLine(i + 1, r.item.label, r.item.display, this.dueWords(r)));
    return {
      kind: 'notice',
      text: [W.listHeading(reminders.length), ...lines, '', W.listHint].join('\n'),
      cancellable: reminders.map((r, i) => ({ id: r.id, title: W.cancelButton(i + 1) })),
    };
  }

  private async cancelNumber(context: TurnContext, n: number): Promise<Reply> {
    const reminders = await this.options.store.list(this.owner(context));
    const target = reminders[n - 1];
    if (!target) return { kind: 'notice', text: W.cancelUnknown(n) };
    return this.cancelId(context, target.id);
  }

  /** A reminder's due time in the user's words and zone. */
  dueWords(r: Reminder): string {
    return formatLocal(new Date(r.dueAt), r.timeZone, r.locale);
  }

  private when(localDate: string, localTime: string, timeZone: string, locale: string): string {
    return `${formatDateTime(localDate, localTime, locale)} (${timeZone})`;
  }

  private owner(context: TurnContext): string {
    return ownerKey(context.activity.channelId ?? 'unknown', context.activity.from?.id ?? 'unknown');
  }

  private maxPerUser(): number {
    return this.options.store.maxPerUser;
  }
}

/** An instant as the user's local date and time, with the zone named. */
export function formatLocal(at: Date, timeZone: string, locale: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return `${formatDateTime(`${get('year')}-${get('month')}-${get('day')}`, `${get('hour')}:${get('minute')}`, locale)} (${timeZone})`;
}

/** The reminder message: what, when, the question it answers, the rule and where to read more. */
export function reminderReply(r: Reminder, late: boolean): Reply {
  const item = r.item;
  return {
    kind: 'notice',
    title: W.reminderTitle,
    text: [W.reminderText(item.label, item.display), ...(late ? [W.reminderLate(formatLocal(new Date(r.dueAt), r.timeZone, r.locale))] : [])].join('\n\n'),
    facts: [
      { label: W.factQuestion, value: item.question },
      { label: W.factDate, value: `${item.label}: ${item.display}` },
      { label: W.factRule, value: item.ruleText },
    ],
    source: { label: item.sourceLabel ?? WORDING.sourceLabel, url: item.sourceUrl },
    ruleId: item.ruleId,
  };
}
