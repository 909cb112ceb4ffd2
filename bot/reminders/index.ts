/**
 * The reminders feature assembled from a Config (the composition root calls this): the store on the
 * bot's Storage, the service the bot talks to, the scheduler that sends through the CloudAdapter, the
 * calendar links and the HTTP routes.
 */
import { randomBytes } from 'node:crypto';
import type { CloudAdapter, ConversationState, Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Config } from '../config';
import { renderReply } from '../render/index';
import { CalendarLinks } from './calendar';
import { reminderRoutes } from './routes';
import type { SchedulePolicy } from './schedule';
import { ReminderScheduler, type ReminderSender, type RunReport } from './scheduler';
import { reminderReply, ReminderService } from './service';
import { ReminderStore } from './store';

/** The most a proactive send may take (the claim's lease must be longer). */
export const SEND_TIMEOUT_MS = 15_000;

export interface Reminders {
  readonly store: ReminderStore;
  readonly service: ReminderService;
  readonly scheduler: ReminderScheduler;
  readonly calendar: CalendarLinks;
  readonly route: (server: restify.Server) => void;
  /** Creates the index, then runs once (what came due while down is sent, marked late) and starts the timer. */
  start(): Promise<RunReport | undefined>;
  stop(): Promise<void>;
}

export interface ReminderDeps {
  readonly storage: Storage;
  readonly conversationState: ConversationState;
  readonly adapter: CloudAdapter;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The absolute base of links (PUBLIC_BASE_URL, else the local address the server is bound to). */
  readonly baseUrl: () => string;
  /** Replaces the proactive sender (tests with TestAdapter). */
  readonly send?: ReminderSender;
}

export function policyOf(config: Config): SchedulePolicy {
  return { localTime: config.reminders.localTime, deadlineLeadDays: config.reminders.deadlineLeadDays, timedLeadMinutes: config.reminders.timedLeadMinutes };
}

/** Sends a reminder into its conversation with CloudAdapter.continueConversationAsync, within a timeout. */
export function cloudSender(adapter: CloudAdapter, appId: string, timeoutMs = SEND_TIMEOUT_MS): ReminderSender {
  return async (reminder, late) => {
    const activities = renderReply(reminderReply(reminder, late), reminder.channelId);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        adapter.continueConversationAsync(appId, reminder.reference, async (context) => {
          await context.sendActivities(activities);
        }),
        new Promise<never>((_r, reject) => {
          timer = setTimeout(() => reject(new Error(`reminder send timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export function buildReminders(config: Config, deps: ReminderDeps): Reminders {
  const policy = policyOf(config);
  let secret = config.calendar.secret;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    // A warning where it matters (a registered bot, or instances sharing blob storage); locally, in
    // anonymous mode, one line of info: the start's one warning stays the anonymous-mode one.
    const shared = !config.auth.anonymous || Boolean(config.storage.blobConnectionString);
    deps.logger[shared ? 'warn' : 'info'](
      { event: 'calendar-secret' },
      'no CALENDAR_LINK_SECRET set: calendar links are signed with a random key that changes at every start and differs between instances',
    );
  }
  const calendar = new CalendarLinks(secret, config.calendar.ttlHours * 3_600_000, deps.baseUrl);
  const store = new ReminderStore(deps.storage, config.reminders.maxPerUser);
  const service = new ReminderService({ store, conversationState: deps.conversationState, policy, calendar, now: deps.now });
  const scheduler = new ReminderScheduler(store, deps.send ?? cloudSender(deps.adapter, config.auth.appId ?? ''), {
    now: deps.now,
    leaseMs: config.reminders.leaseSeconds * 1000,
    pollMs: config.reminders.pollSeconds * 1000,
    logger: deps.logger,
  });
  const uidHost = (): string => {
    try {
      return new URL(deps.baseUrl()).hostname;
    } catch {
      return 'localhost';
    }
  };
  const route = reminderRoutes({ calendar, scheduler, runSecret: config.reminders.runSecret, policy, uidHost, now: deps.now, logger: deps.logger });
  return {
    store,
    service,
    scheduler,
    calendar,
    route,
    async start() {
      try {
        await store.ensureIndex();
      } catch (e) {
        deps.logger.error({ event: 'reminders-index-failed', err: (e as Error).message }, 'could not create the reminder index');
      }
      const first = scheduler.runDue().catch((e: Error) => {
        deps.logger.error({ event: 'reminders-run-failed', err: e.message }, 'reminder run failed');
        return undefined;
      });
      scheduler.start(false);
      return first;
    },
    stop: () => scheduler.stop(),
  };
}
