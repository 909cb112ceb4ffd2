/**
 * Whole-turn test harness: the real bot (pipeline, rules, dialogs, renderers, conversation state)
 * behind botbuilder's TestAdapter, with activities that carry a fixed clock.
 */
import { type Activity, ActivityTypes, type ConversationAccount, ConversationState, MemoryStorage, type Storage, TestAdapter } from 'botbuilder';
import pino from 'pino';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { loadKnowledge } from '../../knowledge/load';
import { createDateRules } from '../../bot/dateRules';
import { FaqBot } from '../../bot/faqBot';
import { AnswerPipeline } from '../../bot/pipeline';
import type { QualityEvent, QualityRecorder } from '../../bot/quality';
import type { ReminderService } from '../../bot/reminders/service';

export const FIXED_NOW = '2026-11-29T10:00:00-05:00';
export const SUPPORT_URL = 'https://aws.amazon.com/contact-us/aws-training/';

let sharedIndex: KnowledgeIndex | undefined;
export function knowledgeIndex(): KnowledgeIndex {
  sharedIndex ??= new KnowledgeIndex(loadPack());
  return sharedIndex;
}

export function makePipeline(): AnswerPipeline {
  const index = knowledgeIndex();
  return new AnswerPipeline(() => index, createDateRules(() => index.pack), { supportUrl: SUPPORT_URL, maxTextLength: 2000 });
}

export interface TurnOptions {
  readonly now?: string;
  readonly tz?: string;
  readonly locale?: string;
  readonly value?: unknown;
  readonly extra?: Partial<Activity>;
}

export class BotHarness {
  readonly adapter: TestAdapter;
  readonly records: Array<{ event: QualityEvent; channel: string }> = [];
  readonly bot: FaqBot;

  constructor(
    readonly channelId = 'emulator',
    readonly storage: Storage = new MemoryStorage(),
    readonly conversationId = `conv-${Math.random().toString(36).slice(2)}`,
    /** The conversation's kind (Teams: conversationType personal / groupChat / channel, isGroup). */
    conversation: Partial<ConversationAccount> = {},
    /** Builds the reminders on the harness's conversation state (none by default). */
    reminders?: (conversationState: ConversationState) => ReminderService,
    readonly userId = 'user-1',
  ) {
    const conversationState = new ConversationState(storage);
    const recorder: QualityRecorder = {
      record: async (event, channel) => {
        this.records.push({ event, channel });
      },
    };
    this.bot = new FaqBot({
      pipeline: makePipeline(),
      conversationState,
      logger: pino({ level: 'silent' }),
      clockDefaults: { timeZone: 'UTC', locale: 'en-US' },
      recorder,
      ...(reminders ? { reminders: reminders(conversationState) } : {}),
    });
    this.adapter = new TestAdapter(async (context) => this.bot.run(context), {
      channelId,
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '', ...conversation },
      from: { id: userId, name: 'User' },
      recipient: { id: 'bot', name: 'Cert Bot' },
      serviceUrl: 'https://test.example',
    });
  }

  /** Sends one message and returns what the bot sent back in that turn. */
  async say(text: string, opts: TurnOptions = {}): Promise<Partial<Activity>[]> {
    const now = opts.now ?? FIXED_NOW;
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      text,
      channelId: this.channelId,
      locale: opts.locale ?? 'en-US',
      localTimezone: opts.tz ?? 'America/New_York',
      localTimestamp: now as unknown as Date,
      timestamp: new Date(now),
      ...(opts.value !== undefined ? { value: opts.value } : {}),
      ...opts.extra,
    };
    return this.turn(activity);
  }

  /** A card submit / messageBack with `value`. */
  async submit(value: unknown, text?: string): Promise<Partial<Activity>[]> {
    return this.say(text ?? '', { value });
  }

  async join(): Promise<Partial<Activity>[]> {
    return this.turn({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user-1', name: 'User' }],
      channelId: this.channelId,
    });
  }

  async turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }
}

/** Every string a user would read in the replies: text plus the text inside card attachments. */
export function visibleText(activities: Partial<Activity>[]): string {
  const out: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if (key !== 'type' && key !== 'url' && key !== 'version' && key !== '$schema' && key !== 'contentType') out.push(node);
    } else if (Array.isArray(node)) node.forEach((n) => walk(n));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'data' && k !== 'value') walk(v, k);
  };
  for (const a of activities) {
    if (a.type !== 'message') continue;
    if (a.text) out.push(a.text);
    for (const att of a.attachments ?? []) walk(att.content);
  }
  return out.join('\n').replace(/\\([*_[\]#`~\\|])/g, '$1');
}

/** The follow-up / choice entry ids offered (suggested actions or card Action.Submit data). */
export function offeredEntryIds(activities: Partial<Activity>[]): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const data = (o.data ?? o.value) as Record<string, unknown> | undefined;
      if (data && data.action === 'ask' && typeof data.entryId === 'string') ids.push(data.entryId);
      for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
    }
  };
  for (const a of activities) {
    walk(a.suggestedActions?.actions ?? []);
    walk(a.attachments ?? []);
  }
  return [...new Set(ids)];
}
