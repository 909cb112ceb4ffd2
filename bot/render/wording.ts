/**
 * The bot's user-facing wording. The engine's defaults here are neutral (they name no subject); a
 * content pack sets its own in pack.json ("wording", "examples"), merged over them by wordingFor().
 * Computed-date wording lives in the pack's rules.json.
 */
import type { PackWording } from '../../knowledge/pack';

/** Example questions when the pack gives none. */
export const EXAMPLE_QUESTIONS: readonly string[] = [];

const DEFAULTS = {
  welcomeTitle: 'Hi! I answer questions from our FAQ.',
  welcome: 'Ask me a question in your own words and I will look it up in the FAQ, with a link to the source.',
  greeting: 'Hello! Ask me anything the FAQ covers. For example:',
  thanks: "You're welcome! Ask me another question any time.",
  goodbye: 'Goodbye!',
  help: 'I answer questions from the FAQ, each with its source. Try:',
  fallback: "Sorry, I couldn't find an answer to that in the FAQ. Try rephrasing it, or contact the help desk.",
  fallbackLink: 'Contact the help desk',
  notCovered: "Sorry, the FAQ does not cover that. Try rephrasing it, or contact the help desk.",
  redirectIntro: 'Sorry, the FAQ does not cover that.',
  partlyAnswered: 'This answers the first part of your question; the FAQ does not cover the rest ({rest}).',
  didYouMean: 'I found a few answers that might fit. Did you mean:',
  feedbackSorry: 'Thanks for telling me. If you still need help, you can contact the help desk.',
  empty: 'Please type a question.',
  dialogCancelled: "OK, I've stopped. Ask me anything else.",
  dialogGiveUp: "Sorry, I still couldn't read a date there, so I'll stop asking. You can ask again with the date in your question.",
} as const satisfies Required<PackWording>;

/** Generic labels and messages of the engine itself (no subject in them). */
const ENGINE = {
  sourceLabel: 'Source',
  helpfulQuestion: 'Was this helpful?',
  feedbackThanks: 'Thanks for the feedback!',
  /** A second vote on the same answer (the first one counts). */
  feedbackAlready: 'You already rated this answer. Thanks!',
  unknownAction: "Sorry, I didn't understand that button. Please type your question instead.",
  tooLong: (max: number) => `That message is too long for me (over ${max} characters). Please ask one short question at a time.`,
  /** After a general answer, the question for the user's own date. */
  ownDate: (question: string) => `To work out your own date: ${question}`,
  /** Slack has no buttons: the short answers to the bot's question, spelled out. */
  quickReplies: (answers: readonly string[]) => `Reply ${answers.map((a) => `"${a}"`).join(' or ')}.`,
  dialogRetry: (ask: string, example: string) => `Sorry, I couldn't read a date in that. ${ask} For example: ${example}`,
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
} as const;

export type Wording = Omit<Required<PackWording>, 'partlyAnswered'> &
  typeof ENGINE & {
    /** Under an answer to one part of a message that also asks about something the FAQ does not cover. */
    readonly partlyAnswered: (rest: readonly string[]) => string;
    readonly examples: readonly string[];
  };

function quoteParts(rest: readonly string[]): string {
  return rest.map((r) => `"${r.length > 80 ? `${r.slice(0, 77)}...` : r}"`).join(', ');
}

/** The wording of a pack: its own texts over the neutral defaults. */
export function wordingFor(pack?: { readonly wording: PackWording; readonly examples: readonly string[] }): Wording {
  const w = { ...DEFAULTS, ...(pack?.wording ?? {}) };
  return {
    ...w,
    ...ENGINE,
    partlyAnswered: (rest) => w.partlyAnswered.replace('{rest}', quoteParts(rest)),
    examples: pack?.examples ?? EXAMPLE_QUESTIONS,
  };
}

/** The neutral wording (no pack): for renderers' generic labels and tests of the engine alone. */
export const WORDING: Wording = wordingFor();

/**
 * Channel labels and hints the renderers lay out (generic: no subject in them). The renderers hold no
 * words of their own.
 */
export const CHANNEL_WORDING = {
  relatedQuestions: 'Related questions',
  helpfulYes: 'Yes',
  helpfulNo: 'No',
  /** Feedback buttons where there is no "Was this helpful?" line beside them (suggested actions, Slack). */
  helpfulLabel: 'Helpful',
  notHelpfulLabel: 'Not helpful',
  /** Slack: how to answer without the buttons (the numbered list and the words still work). */
  slackPickNumber: 'Reply with a number:',
  slackRelatedNumbered: 'Related questions (reply with a number):',
  slackFeedbackHint: 'Reply "helpful" or "not helpful".',
} as const;

/**
 * Reminders and calendar events (bot/reminders/). `when` arrives worded ("Tuesday, December 15, 2026 at
 * 9:00 AM (America/New_York)"); a date item arrives as its label and the date as the answer showed it.
 */
export const REMINDER_WORDING = {
  remindButton: 'Remind me',
  remindButtonFor: (label: string) => `Remind me: ${label}`,
  calendarButton: 'Add to calendar',
  calendarButtonFor: (label: string) => `Add to calendar: ${label}`,
  slackRemindHeading: 'Remind me (reply with a number):',
  slackRemindLine: (label: string, display: string) => `Remind me: ${label}, ${display}`,
  scheduled: (label: string, display: string, when: string, leadDays: number | undefined) =>
    `OK, I'll remind you here of "${label}: ${display}" on ${when}${leadDays ? `, ${leadDays} ${leadDays === 1 ? 'day' : 'days'} before the deadline` : ''}. Say "my reminders" to see them.`,
  alreadyScheduled: (label: string, when: string) => `You already have a reminder for "${label}" on ${when}.`,
  past: (label: string, when: string) => `I can't set a reminder for "${label}": it would be on ${when}, which has already passed.`,
  capReached: (max: number) => `You already have ${max} reminders, the most I keep for one person. Cancel one first (say "my reminders").`,
  nothingToRemind:
    'There is no date to remind you of yet. Ask me a question about your own date first (with the date it counts from), then say "remind me".',
  whichOne: (count: number) => `That answer has ${count} dates. Say "remind me 1" to "remind me ${count}" for one of them, or press its button.`,
  listEmpty: 'You have no reminders set.',
  listHeading: (count: number) => `Your reminders (${count}):`,
  listLine: (n: number, label: string, display: string, when: string) => `${n}. ${label}: ${display}. Reminder on ${when}.`,
  listHint: 'Say "cancel reminder 2" to cancel the second one.',
  cancelButton: (n: number) => `Cancel reminder ${n}`,
  cancelled: (label: string, display: string) => `Cancelled your reminder of "${label}: ${display}".`,
  cancelUnknown: (n: number) => `You have no reminder number ${n}. Say "my reminders" to see them.`,
  cancelGone: 'That reminder is no longer scheduled (already sent or cancelled).',
  reminderTitle: 'Reminder',
  reminderText: (label: string, display: string) => `A reminder you asked for: ${label}, ${display}.`,
  reminderLate: (when: string) => `Sorry, this comes late: it was due on ${when}.`,
  factQuestion: 'Your question',
  factDate: 'Date',
  factRule: 'Rule',
  calendarSummary: (label: string) => label,
  calendarDescription: (question: string, label: string, display: string, ruleText: string, sourceLabel: string, sourceUrl: string) =>
    `${label}: ${display}\nYour question: ${question}\nRule: ${ruleText}\n${sourceLabel}: ${sourceUrl}`,
  calendarAlarm: (label: string) => `Reminder: ${label}`,
  /** What the user types (matched whole, case-insensitive). */
  commands: {
    remind: /^(?:please\s+)?remind\s+me(?:\s+(?:of|about)\s+(?:it|that|this))?(?:\s+(?:#|no\.?\s*|number\s+)?(\d{1,2}))?(?:\s+please)?\s*[.!]*$/i,
    list: /^(?:(?:show|list|see)\s+)?(?:me\s+)?my\s+reminders\s*[?.!]*$/i,
    cancel: /^(?:cancel|delete|remove)\s+(?:my\s+)?reminder\s+(?:#|no\.?\s*|number\s+)?(\d{1,3})\s*[.!]*$/i,
  },
} as const;
