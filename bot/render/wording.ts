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
