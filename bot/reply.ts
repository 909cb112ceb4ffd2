/**
 * The neutral reply: what the answer pipeline decides to say, before any channel formatting.
 * bot/render/ turns one Reply into the activities of a channel family (Adaptive Card, Slack mrkdwn,
 * markdown + suggested actions). Plain text everywhere here: renderers escape and format.
 */

export interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface Link {
  readonly label: string;
  readonly url: string;
}

/** An entry offered to the user: a follow-up or a did-you-mean choice. */
export interface Offer {
  readonly entryId: string;
  readonly question: string;
}

export type ReplyKind =
  | 'answer' // a static FAQ answer
  | 'computed' // a date computed by the rules engine
  | 'didYouMean' // close candidates, as choices
  | 'fallback' // nothing good enough
  | 'chitchat' // greeting, thanks, help, goodbye
  | 'welcome'
  | 'askDate' // the date dialog asks for (or re-asks) a date
  | 'notice'; // any other short message (dialog cancelled, rejected date, polite error)

export interface Reply {
  readonly kind: ReplyKind;
  /** A heading: the question answered, or a short title. */
  readonly title?: string;
  /** The main text, in plain sentences. */
  readonly text: string;
  /** Computed facts (date answers): the inputs as understood, the rule, the result. */
  readonly facts?: readonly Fact[];
  /** Short lines shown small under the answer: a year assumed, the locale's reading of 03/11. */
  readonly notes?: readonly string[];
  readonly source?: Link;
  /** Extra links (for example: open a case with customer service). */
  readonly links?: readonly Link[];
  readonly followUps?: readonly Offer[];
  readonly choices?: readonly Offer[];
  /** Show "Was this helpful?" for this entry. */
  readonly feedbackFor?: string;
  /**
   * Identifies this one reply (set by the bot when it sends a reply with feedback): a vote carries it,
   * so a second vote on the same answer is recognised and not counted twice.
   */
  readonly replyId?: string;
  /**
   * Extra buttons under the reply, in order (each posts its SubmitAction). Every renderer lays them out
   * the same way as the follow-ups: card buttons, Slack buttons, suggested actions.
   */
  readonly actions?: readonly ReplyButton[];
  /** For logs and quality records: the entry / rule that produced the reply. */
  readonly entryId?: string;
  readonly ruleId?: string;
  /** The out-of-scope subject (out-of-scope.json) a fallback redirects from. */
  readonly outOfScopeSubject?: string;
  /** Extra example questions (welcome, help). */
  readonly examples?: readonly string[];
  /** Short answers to a question the bot asked, posted back as if typed ("Yes, November 14, 2026", "No"). */
  readonly quickReplies?: readonly string[];
  /** Computed answers: the dates the user can be reminded of or add to a calendar (bot/reminders/). */
  readonly dated?: readonly DatedItem[];
  /** A list of the user's reminders: one cancel button each (SubmitAction 'cancelReminder'). */
  readonly cancellable?: ReadonlyArray<{ readonly id: string; readonly title: string }>;
}

/**
 * One computed date as something to remember: built from the rule outcome (bot/reminders/dated.ts),
 * with no knowledge of which rules exist. Dates are the user's local calendar date (YYYY-MM-DD) and
 * wall time (HH:mm) in `timeZone`.
 */
export interface DatedItem {
  /** A short stable reference to this item (card buttons and conversation state use it). */
  readonly ref: string;
  /** The offset's key in its rule. */
  readonly key: string;
  /** The fact label ("Retake from"). */
  readonly label: string;
  readonly date: string;
  readonly time?: string;
  readonly timeZone: string;
  /** The last day (or moment) to act: reminded a lead time before it. */
  readonly deadline: boolean;
  readonly ruleId: string;
  /** The rule in words, with its number. */
  readonly ruleText: string;
  readonly sourceUrl: string;
  readonly sourceLabel?: string;
  /** The user's question the date answers (clipped). */
  readonly question: string;
  /** The date as the answer showed it ("Tuesday, December 15, 2026"). */
  readonly display: string;
  /** A signed link to an .ics event for this date (added when sent: it needs the server's address). */
  readonly calendarUrl?: string;
}

/** What a card button or suggested action posts back (activity.value): handled as an action, never searched. */
export type SubmitAction =
  | { readonly action: 'ask'; readonly entryId: string }
  | { readonly action: 'feedback'; readonly entryId: string; readonly helpful: boolean; readonly replyId?: string }
  | { readonly action: 'example'; readonly text: string }
  | { readonly action: 'remind'; readonly ref: string }
  | { readonly action: 'cancelReminder'; readonly id: string };

/** A button of a reply: its label (plain text, wording from bot/render/wording.ts) and what it posts. */
export interface ReplyButton {
  readonly label: string;
  readonly action: SubmitAction;
}

/** The "helpful" / "not helpful" vote of a reply (with its replyId when it has one). */
export function feedbackAction(reply: Pick<Reply, 'feedbackFor' | 'replyId'>, helpful: boolean): SubmitAction | undefined {
  if (!reply.feedbackFor) return undefined;
  return { action: 'feedback', entryId: reply.feedbackFor, helpful, ...(reply.replyId ? { replyId: reply.replyId } : {}) };
}
