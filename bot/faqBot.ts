/**
 * The bot (ActivityHandler): welcome on join; a message -> cleaned text -> the answer pipeline (or the
 * pending date dialog) -> the channel's renderer -> sent. Card submits and suggested actions are
 * handled by their data (activity.value), never searched as free text. Everything it needs is
 * injected (DESIGN.md: constructor injection, no module-level singletons).
 */
import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityHandler,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
// The two modules this bot uses, not the package's index: that loads every prompt and recognizer, with
// @microsoft/recognizers-text (about 130 ms of start-up), none of which this bot runs.
import type { DialogContext, DialogState } from 'botbuilder-dialogs';
import { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { TurnClock } from '../rules/clock';
import { clockFromActivity, type ClockDefaults } from './clock';
import { beginDateDialog, DATE_DIALOG_ID, DateDialog } from './dialogs/dateDialog';
import { chitChatOf } from './chitchat';
import { cleanText, type AnswerPipeline, type Outcome, type PendingDate } from './pipeline';
import { noQualityRecorder, type QualityRecorder } from './quality';
import { parseReminderCommand, type ReminderService } from './reminders/service';
import type { Reply, SubmitAction } from './reply';
import { channelFamily, renderReply } from './render/index';
import { slackOffers } from './render/slack';
import { WORDING } from './render/wording';
import { unredacted } from './logger';
import { slackSubmit } from './slackInbound';

export interface FaqBotDeps {
  readonly pipeline: AnswerPipeline;
  readonly conversationState: ConversationState;
  readonly logger: Logger;
  readonly clockDefaults: ClockDefaults;
  readonly recorder?: QualityRecorder;
  /** Log user text (off by default: LOG_USER_TEXT). */
  readonly logUserText?: boolean;
  /** Answers below this coverage are recorded as low-confidence. */
  readonly lowConfidenceCoverage?: number;
  readonly serverNow?: () => Date;
  /** "Remind me", "my reminders", calendar links (bot/reminders/); none = no reminder actions. */
  readonly reminders?: ReminderService;
}

const SubmitSchema: z.ZodType<SubmitAction> = z.union([
  z.object({ action: z.literal('ask'), entryId: z.string().min(1).max(100) }),
  z.object({ action: z.literal('feedback'), entryId: z.string().min(1).max(100), helpful: z.boolean(), replyId: z.string().min(1).max(100).optional() }),
  z.object({ action: z.literal('example'), text: z.string().min(1).max(500) }),
  z.object({ action: z.literal('remind'), ref: z.string().min(1).max(64) }),
  z.object({ action: z.literal('cancelReminder'), id: z.string().min(1).max(64) }),
]);

/**
 * The Universal Actions answer (the SDK's AdaptiveCardInvokeResponse types `value` as an object only; a
 * message response carries a string).
 */
interface CardActionResponse {
  readonly statusCode: number;
  readonly type: 'application/vnd.microsoft.activity.message' | 'application/vnd.microsoft.error';
  readonly value: string | { readonly code: string; readonly message: string };
}

/** Where the last offers of a conversation are kept (Slack's numbered replies, text feedback). */
interface LastOffers {
  entryIds: string[];
  answered?: string;
  /** The reply the words "helpful" / "not helpful" rate. */
  replyId?: string;
  /** Slack: the dated items numbered after the entries (refs of Reply.dated). */
  remind?: string[];
}

/** Whether this conversation has had the bot's welcome (or, in a group, its introduction). */
interface WelcomeState {
  welcomed?: boolean;
}

/** How many rated replies a conversation remembers (a second vote on one of them is not counted). */
export const MAX_RATED_REPLIES = 200;

/**
 * A conversation with several people in it: a Teams team channel or group chat (conversationType, or
 * isGroup), or any Slack conversation (Slack sends member_joined_channel for every person joining a
 * channel, and no join at all for a direct message). There the bot introduces itself once, when it is
 * added, and never greets people joining.
 */
export function isGroupConversation(activity: Partial<Activity>): boolean {
  if (channelFamily(activity.channelId) === 'slack') return true;
  const type = activity.conversation?.conversationType;
  if (type === 'channel' || type === 'groupChat') return true;
  if (type === 'personal') return false;
  return activity.conversation?.isGroup === true;
}

/**
 * The text of the bot's own mentions. TurnContext.removeRecipientMention does this job but throws on a
 * mention entity without `mentioned` and on null text, both of which valid-looking activities carry.
 */
function recipientMentionTexts(activity: TurnContext['activity']): string[] {
  const botId = activity.recipient?.id;
  if (!botId || !Array.isArray(activity.entities)) return [];
  return activity.entities.flatMap((e) => {
    const m = e as { type?: unknown; mentioned?: unknown; text?: unknown };
    const mentioned = m.mentioned as { id?: unknown } | null | undefined;
    return m.type === 'mention' && typeof m.text === 'string' && m.text && typeof mentioned === 'object' && mentioned?.id === botId ? [m.text] : [];
  });
}

/** Text of a message with Teams mentions of the bot and HTML removed, whitespace normalised. */
export function cleanIncomingText(context: TurnContext): string {
  const activity = context.activity;
  let text = typeof activity.text === 'string' ? activity.text : '';
  for (const mention of recipientMentionTexts(activity)) text = text.split(mention).join(' ');
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

export class FaqBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly offers: StatePropertyAccessor<LastOffers>;
  private readonly welcomeState: StatePropertyAccessor<WelcomeState>;
  private readonly rated: StatePropertyAccessor<string[]>;
  private readonly dialogs: DialogSet;
  private readonly recorder: QualityRecorder;
  /** Per-turn id and start time, for the turn's log line (dialog steps included). */
  private readonly turns = new WeakMap<TurnContext, { turnId: string; started: number }>();
  /** Where the turn lines go: their fields are fixed here and hold strings and numbers only (unredacted). */
  private readonly turnLog: Logger;

  constructor(private readonly deps: FaqBotDeps) {
    super();
    this.recorder = deps.recorder ?? noQualityRecorder;
    this.turnLog = unredacted(deps.logger);
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.offers = deps.conversationState.createProperty<LastOffers>('lastOffers');
    this.welcomeState = deps.conversationState.createProperty<WelcomeState>('welcome');
    this.rated = deps.conversationState.createProperty<string[]>('ratedReplies');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new DateDialog((ctx, pending) => this.continuePending(ctx, pending)));

    this.onMembersAdded(async (context, next) => {
      const activity = context.activity;
      const botId = activity.recipient?.id;
      const added = activity.membersAdded ?? [];
      const botAdded = added.some((m) => m.id === botId);
      const people = added.filter((m) => m.id !== botId);
      if (isGroupConversation(activity)) {
        // A team channel, a group chat, a Slack channel: introduced once, when the bot is added.
        if (botAdded) await this.welcomeOnce(context);
      } else if (channelFamily(activity.channelId) === 'teams') {
        // A personal install: Teams names the bot (and sometimes the user) as added.
        if (botAdded || people.length > 0) await this.welcomeOnce(context);
      } else if (people.length > 0) {
        await this.welcomeOnce(context);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      if (await this.welcomeFirstMessage(context)) {
        await next();
        return;
      }
      await this.handleMessage(context);
      await next();
    });
  }

  /**
   * Invokes: an Adaptive Card Universal Action (this bot's cards use Action.Submit, so none is expected)
   * gets the protocol's own answers, a 400 error response when its value is not an action object; any
   * other invoke this bot does not handle is acknowledged with a bare 200 instead of the SDK's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const activity = context.activity;
    if (activity.name === 'adaptiveCard/action') {
      const value = activity.value as { action?: unknown } | null | undefined;
      const valid = typeof value === 'object' && value !== null && typeof value.action === 'object' && value.action !== null;
      const body: CardActionResponse = valid
        ? { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: WORDING.unknownAction }
        : { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: WORDING.unknownAction } };
      return { status: body.statusCode, body };
    }
    const handled = await super.onInvokeActivity(context);
    if (handled.status === StatusCodes.NOT_IMPLEMENTED) {
      this.deps.logger.info({ event: 'invoke-ignored', channel: activity.channelId, name: typeof activity.name === 'string' ? activity.name.slice(0, 64) : undefined }, 'invoke not handled');
      return { status: StatusCodes.OK };
    }
    return handled;
  }

  /** Runs a turn and saves conversation state (dialog, offers) at its end. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  /** Sends the welcome unless this conversation has had it; true when it was sent now. */
  private async welcomeOnce(context: TurnContext): Promise<boolean> {
    const state = await this.welcomeState.get(context, {});
    if (state.welcomed) return false;
    await this.send(context, this.deps.pipeline.welcome());
    await this.welcomeState.set(context, { welcomed: true });
    return true;
  }

  /**
   * Teams 1:1: a first message from someone never welcomed (the install event was missed, or the app
   * was added before the bot could answer) gets the welcome first. A greeting or "help" is answered by
   * the welcome alone (true: nothing else to do); any other message is answered as usual after it.
   */
  private async welcomeFirstMessage(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    if (channelFamily(activity.channelId) !== 'teams' || isGroupConversation(activity)) return false;
    if (!(await this.welcomeOnce(context))) return false;
    if (activity.value !== undefined && activity.value !== null) return false;
    const chat = chitChatOf(cleanText(cleanIncomingText(context)));
    return chat === 'greeting' || chat === 'help';
  }

  /**
   * When a quality record happened: the server's clock, never the client's localTimestamp (the user's
   * "now" is right for their date answers, but a client could file records under any day it likes).
   */
  private recordedAt(): Date {
    return this.deps.serverNow?.() ?? new Date();
  }

  clockOf(context: TurnContext): TurnClock {
    return clockFromActivity(context.activity, this.deps.clockDefaults, this.deps.serverNow);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const clock = this.clockOf(context);
    const started = performance.now();
    const turnId = activity.id || `turn-${Math.random().toString(36).slice(2, 10)}`;
    this.turns.set(context, { turnId, started });

    if (activity.value !== undefined && activity.value !== null) {
      await this.handleSubmit(context, activity.value);
      return;
    }
    const text = cleanIncomingText(context);
    // A Slack button click: its value (our SubmitAction) comes as the text or in channelData.Payload.
    const clicked = channelFamily(activity.channelId) === 'slack' ? slackSubmit(activity, text) : undefined;
    if (clicked) {
      await this.handleSubmit(context, clicked);
      return;
    }
    if (await this.reminderCommand(context, text, clock)) return;

    // The dialog machinery (a DialogContext and its state manager, and a conversation-state write of an
    // empty dialog stack) only when a dialog is active or one starts: a plain answer reads the
    // conversation's state once and writes nothing.
    const dc = await this.activeDialogContext(context);
    if (dc?.activeDialog) {
      // A date answered earlier is remembered only for a correction ("no, the 24th"); anything else is a new message.
      const remembered = (dc.activeDialog.state as { pending?: PendingDate }).pending;
      if (remembered?.answered && !this.deps.pipeline.continuesAnswered(text)) {
        await dc.cancelAllDialogs();
      } else {
        const result = await dc.continueDialog();
        if (result.status !== DialogTurnStatus.empty) return;
      }
    }

    const shortcut = await this.slackShortcut(context, text);
    if (shortcut) return;

    const outcome = await this.answerNew(context, dc, text, clock);
    this.turnLog.info(
      {
        event: 'turn',
        turnId,
        channel: activity.channelId,
        decision: outcome.decision,
        entry: outcome.reply.entryId,
        rule: outcome.reply.ruleId,
        ms: Math.round((performance.now() - started) * 100) / 100,
        ...(this.deps.logUserText ? { text } : {}),
      },
      'answered',
    );
  }

  /**
   * A DialogContext when the conversation's dialog stack holds a dialog, else none (the state is read
   * without adding to it: no DialogContext, state manager or state write for a turn with no dialog).
   */
  private async activeDialogContext(context: TurnContext): Promise<DialogContext | undefined> {
    const state = await this.dialogState.get(context);
    return (state?.dialogStack?.length ?? 0) > 0 ? this.dialogs.createContext(context) : undefined;
  }

  /**
   * A new question: the pipeline's answer is sent, and its date question (if any) starts the dialog (in
   * `dc` when the turn has one, else in a dialog context made now).
   */
  private async answerNew(context: TurnContext, dc: DialogContext | undefined, text: string, clock: TurnClock): Promise<Outcome> {
    const outcome = this.deps.pipeline.answer(text, clock);
    await this.deliver(context, outcome, text);
    if (outcome.pending) {
      if (dc) await dc.beginDialog(DATE_DIALOG_ID, outcome.pending);
      else beginDateDialog(await this.dialogState.get(context, { dialogStack: [] }), outcome.pending);
    }
    return outcome;
  }

  private async continuePending(context: TurnContext, pending: PendingDate): Promise<Outcome> {
    const text = cleanIncomingText(context);
    const outcome = this.deps.pipeline.continuePending(text, this.clockOf(context), pending);
    await this.deliver(context, outcome, text);
    const turn = this.turns.get(context);
    this.turnLog.info(
      {
        event: 'turn',
        turnId: turn?.turnId,
        channel: context.activity.channelId,
        decision: outcome.decision,
        entry: outcome.reply.entryId,
        rule: outcome.reply.ruleId ?? pending.ruleId,
        dialog: true,
        ms: turn ? Math.round((performance.now() - turn.started) * 100) / 100 : undefined,
        ...(this.deps.logUserText ? { text } : {}),
      },
      'answered',
    );
    return outcome;
  }

  /** "remind me", "my reminders", "cancel reminder 2": answered by the reminders, never searched. */
  private async reminderCommand(context: TurnContext, text: string, clock: TurnClock): Promise<boolean> {
    const reminders = this.deps.reminders;
    const command = reminders ? parseReminderCommand(text) : undefined;
    if (!reminders || !command) return false;
    await this.send(context, await reminders.command(context, command, clock));
    this.turnLog.info({ event: 'turn', turnId: this.turns.get(context)?.turnId, channel: context.activity.channelId, decision: `reminder-${command.kind}` }, 'answered');
    return true;
  }

  /** Slack: "2" picks the second offered question; "helpful" / "not helpful" rate the last answer. */
  private async slackShortcut(context: TurnContext, text: string): Promise<boolean> {
    if (channelFamily(context.activity.channelId) !== 'slack') return false;
    const last = await this.offers.get(context);
    if (!last) return false;
    const n = /^\s*#?(\d)\s*\.?\s*$/.exec(text);
    if (n) {
      const entryId = last.entryIds[Number(n[1]) - 1];
      if (entryId) {
        await this.answerEntry(context, entryId);
        return true;
      }
      const ref = last.remind?.[Number(n[1]) - last.entryIds.length - 1];
      if (ref && this.deps.reminders) {
        await this.send(context, await this.deps.reminders.remindRef(context, ref, this.clockOf(context)));
        return true;
      }
    }
    const fb = /^\s*(not\s+helpful|unhelpful|helpful)\s*[.!]?\s*$/i.exec(text);
    if (fb && last.answered) {
      await this.feedback(context, last.answered, !/not|un/i.test(fb[1]!), last.replyId);
      return true;
    }
    return false;
  }

  private async handleSubmit(context: TurnContext, value: unknown): Promise<void> {
    const parsed = SubmitSchema.safeParse(value);
    if (!parsed.success) {
      await this.send(context, { kind: 'notice', text: WORDING.unknownAction });
      return;
    }
    const action = parsed.data;
    // A button press ends any pending date question.
    const dc = await this.activeDialogContext(context);
    if (dc?.activeDialog && (action.action === 'ask' || action.action === 'example')) await dc.cancelAllDialogs();
    switch (action.action) {
      case 'ask':
        await this.answerEntry(context, action.entryId);
        return;
      case 'feedback':
        await this.feedback(context, action.entryId, action.helpful, action.replyId);
        return;
      case 'example':
        await this.answerNew(context, dc, action.text, this.clockOf(context));
        return;
      case 'remind':
      case 'cancelReminder': {
        const reminders = this.deps.reminders;
        if (!reminders) {
          await this.send(context, { kind: 'notice', text: WORDING.unknownAction });
          return;
        }
        const clock = this.clockOf(context);
        await this.send(context, action.action === 'remind' ? await reminders.remindRef(context, action.ref, clock) : await reminders.cancelId(context, action.id));
        return;
      }
    }
  }

  private async answerEntry(context: TurnContext, entryId: string): Promise<void> {
    const outcome = this.deps.pipeline.answerEntry(entryId);
    if (!outcome) {
      await this.send(context, { kind: 'notice', text: WORDING.unknownAction });
      return;
    }
    await this.deliver(context, outcome, undefined);
  }

  /**
   * One vote per answer: the reply's id (or, for a vote without one, the entry) is remembered in the
   * conversation, and a second vote on it is answered, not recorded.
   */
  private async feedback(context: TurnContext, entryId: string, helpful: boolean, replyId?: string): Promise<void> {
    if (!this.deps.pipeline.knowledge.entry(entryId)) {
      await this.send(context, { kind: 'notice', text: WORDING.unknownAction });
      return;
    }
    const key = replyId ? `reply:${replyId}` : `entry:${entryId}`;
    const rated = await this.rated.get(context, []);
    if (rated.includes(key)) {
      await this.send(context, { kind: 'notice', text: WORDING.feedbackAlready });
      return;
    }
    await this.rated.set(context, [...rated, key].slice(-MAX_RATED_REPLIES));
    await this.recorder.record({ kind: 'feedback', entryId, helpful }, context.activity.channelId ?? 'unknown', this.recordedAt());
    const reply: Reply = helpful
      ? { kind: 'notice', text: WORDING.feedbackThanks }
      : { kind: 'notice', text: this.deps.pipeline.wording.feedbackSorry, links: supportLinks(this.deps.pipeline.wording.fallbackLink, this.deps.pipeline.supportUrl) };
    await this.send(context, reply);
  }

  /** Sends an outcome's reply and records what content owners need (fallbacks, low confidence). */
  private async deliver(context: TurnContext, outcome: Outcome, question: string | undefined): Promise<void> {
    await this.send(context, outcome.reply);
    const channel = context.activity.channelId ?? 'unknown';
    const at = this.recordedAt();
    if (outcome.decision === 'fallback' && question) {
      await this.recorder.record({ kind: 'fallback', question, bestEntryId: outcome.best?.entryId, coverage: outcome.best?.coverage }, channel, at);
    } else if (outcome.reply.entryId && (outcome.decision === 'answer' || outcome.decision === 'computed')) {
      const low = this.deps.lowConfidenceCoverage ?? 0.7;
      if (question && outcome.best && outcome.best.coverage < low) {
        await this.recorder.record({ kind: 'lowConfidence', question, entryId: outcome.reply.entryId, coverage: outcome.best.coverage }, channel, at);
      }
      await this.recorder.record({ kind: 'answered', entryId: outcome.reply.entryId }, channel, at);
    } else if (outcome.decision === 'didYouMean' && question) {
      await this.recorder.record({ kind: 'lowConfidence', question, entryId: outcome.best?.entryId ?? '', coverage: outcome.best?.coverage ?? 0 }, channel, at);
    }
  }

  private async send(context: TurnContext, plain: Reply): Promise<void> {
    // Computed dates get their calendar links, and are remembered for "remind me".
    const reply = this.deps.reminders ? this.deps.reminders.decorate(plain) : plain;
    // A reply that can be rated gets its own id, so that its votes are counted once.
    const sent: Reply = reply.feedbackFor && !reply.replyId ? { ...reply, replyId: randomUUID() } : reply;
    const activities = renderReply(sent, context.activity.channelId);
    await context.sendActivities(activities);
    await this.deps.reminders?.remember(context, sent);
    // Only Slack reads them back (numbered picks, "helpful" typed as a reply): other channels' buttons
    // carry their own data, and their turns write no offers.
    if (channelFamily(context.activity.channelId) !== 'slack') return;
    const offered = slackOffers(sent).map((o) => o.entryId);
    const remind = sent.dated?.map((d) => d.ref);
    if (offered.length || sent.feedbackFor || remind?.length) {
      await this.offers.set(context, { entryIds: offered, answered: sent.feedbackFor, replyId: sent.replyId, ...(remind?.length ? { remind } : {}) });
    }
  }
}

function supportLinks(label: string, url: string | undefined): Array<{ label: string; url: string }> {
  return url ? [{ label, url }] : [];
}
