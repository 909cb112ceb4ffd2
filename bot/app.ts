/**
 * Builds the whole application from a Config, without listening: knowledge index, rules, storage ->
 * pipeline, bot, adapter -> server. bot/main.ts listens; tests build it on an ephemeral port.
 */
import { ConversationState } from 'botbuilder';
import type { Logger } from 'pino';
import { KnowledgeStore } from '../knowledge/store';
import { createAdapter, type BotAdapter } from './adapter';
import type { Config } from './config';
import { createDateRules } from './dateRules';
import { FaqBot } from './faqBot';
import { AnswerPipeline } from './pipeline';
import type { QualityRecorder } from './quality';
import { BufferedQualityRecorder, StorageQualityRecorder } from './qualityStore';
import { buildReminders, type Reminders } from './reminders/index';
import type { ReminderSender, RunReport } from './reminders/scheduler';
import { createServer, type BotServer, type ReadyCheck } from './server';
import { createStorage, type BotStorage } from './storage';
import { attachTelemetry } from './telemetry';
import { warmUp, type WarmUpReport } from './warmUp';
import { chatPageRoutes } from './webchat';

export interface App {
  readonly config: Config;
  readonly knowledge: KnowledgeStore;
  readonly storage: BotStorage;
  readonly recorder: StorageQualityRecorder;
  /** The bot's own recorder: buffers and writes to `recorder` in batches (flush() to write now). */
  readonly qualityBuffer: BufferedQualityRecorder;
  readonly pipeline: AnswerPipeline;
  readonly bot: FaqBot;
  readonly adapter: BotAdapter;
  readonly http: BotServer;
  readonly reminders: Reminders;
  /** The reminders' first run after listen() (what came due while no instance ran); resolves with its report. */
  remindersStarted(): Promise<RunReport | undefined>;
  /** The warm-up after listen() (bot/warmUp.ts); resolves with its report (undefined before listen()). */
  warmedUp(): Promise<WarmUpReport | undefined>;
  /** Listens on config.port (0 = ephemeral); resolves with the bound port. */
  listen(): Promise<number>;
  /** Graceful stop: no new requests, in-flight turns finish, watchers closed. */
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger: Logger;
  /** Overrides the quality recorder (tests). */
  readonly recorder?: QualityRecorder;
  /** The server's clock (tests): quality records' day, memory state expiry, rate-limit windows, the default user clock. */
  readonly serverNow?: () => Date;
  /** Replaces the reminders' proactive sender (tests). */
  readonly reminderSender?: ReminderSender;
}

export function buildApp(config: Config, options: AppOptions): App {
  const { logger } = options;
  const knowledge = new KnowledgeStore(config.knowledge.dir, logger);
  if (config.knowledge.watch) knowledge.watch();
  const serverMs = options.serverNow ? () => options.serverNow!().getTime() : undefined;
  const storage = createStorage(config, serverMs);
  const recorder = new StorageQualityRecorder(storage.storage);
  const buffered = new BufferedQualityRecorder(recorder, (e) => logger.error({ event: 'quality-write-failed', err: e.message }, 'could not store quality records'));
  const pipeline = new AnswerPipeline(() => knowledge.index, createDateRules(() => knowledge.index.pack), {
    supportUrl: config.supportUrl,
    maxTextLength: config.limits.maxTextLength,
  });
  const conversationState = new ConversationState(storage.storage);
  const adapter = createAdapter(config, logger);
  let boundPort = config.port;
  const now = options.serverNow ?? (() => new Date());
  const reminders = buildReminders(config, {
    storage: storage.storage,
    conversationState,
    adapter,
    logger,
    now,
    baseUrl: () => config.publicBaseUrl ?? `http://localhost:${boundPort}`,
    send: options.reminderSender,
  });
  const bot = new FaqBot({
    pipeline,
    conversationState,
    logger,
    clockDefaults: config.defaults,
    recorder: options.recorder ?? buffered,
    logUserText: config.log.userText,
    serverNow: options.serverNow,
    reminders: reminders.service,
  });
  if (attachTelemetry(adapter, config)) logger.info({ event: 'telemetry' }, 'Application Insights telemetry on');
  const ready = async (): Promise<ReadyCheck> => {
    const checks: Record<string, string> = { knowledge: `${knowledge.index.size} entries` };
    // A rejected edit leaves the previous content serving (still ready), with the reason for its owner.
    const rejected = knowledge.lastRejection;
    if (rejected) checks.knowledgeRejected = `${rejected.at}: ${rejected.error}`;
    let ok = knowledge.index.size > 0;
    try {
      await storage.check();
      checks.storage = `${storage.kind}: ok`;
    } catch (e) {
      ok = false;
      checks.storage = `${storage.kind}: ${(e as Error).message.split('\n')[0]}`;
    }
    return { ok, checks };
  };
  const http = createServer({ config, adapter, logic: (context) => bot.run(context), logger, ready, routes: [...chatPageRoutes(config, logger), reminders.route], now: serverMs });
  let started: Promise<RunReport | undefined> = Promise.resolve(undefined);
  let warmed: Promise<WarmUpReport | undefined> = Promise.resolve(undefined);
  let closing = false;

  return {
    config,
    knowledge,
    storage,
    recorder,
    qualityBuffer: buffered,
    pipeline,
    bot,
    adapter,
    http,
    reminders,
    remindersStarted: () => started,
    warmedUp: () => warmed,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(config.port, config.host, () => {
          const addr = http.server.address() as { port: number };
          boundPort = addr.port;
          started = reminders.start();
          if (config.warmUp) warmed = warmUp(pipeline, { now: now(), ...config.defaults }, () => closing).then(
            (report) => {
              logger.info({ event: 'warmed-up', ...report }, 'warmed up: date reading and search compiled');
              return report;
            },
            (e: Error) => {
              logger.error({ event: 'warm-up-failed', err: e.message }, 'warm-up failed (the first questions will be slower)');
              return undefined;
            },
          );
          resolve(addr.port);
        });
      }),
    close: async () => {
      closing = true;
      knowledge.close();
      // The timer stops now; a reminder run in progress (on a slow store) finishes alongside the turns
      // in flight, never before the server stops accepting.
      const remindersStopped = reminders.stop();
      await http.shutdown(config.shutdownTimeoutMs);
      await remindersStopped;
      await buffered.flush();
    },
  };
}
