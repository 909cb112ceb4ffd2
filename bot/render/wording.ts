/**
 * Fixed user-facing wording (welcome, chit-chat, fallback, dialog). Kept in one place so the tone
 * stays consistent and tests can refer to it. Computed-date wording lives in rules/answer.ts.
 */

export const EXAMPLE_QUESTIONS = [
  'How long is a microcredential valid?',
  'I failed my microcredential on Nov 3, when can I retry?',
  'When will I get my exam results?',
] as const;

export const WORDING = {
  welcomeTitle: 'Hi! I answer questions about AWS Certification.',
  welcome:
    'Ask me about exams, scheduling, scores and results, retakes, certification validity and recertification, or microcredentials. ' +
    'I can also work out your personal dates: tell me when you failed or passed, and I will compute when you can retake, when it expires or when you can renew, and show the rule it rests on.',
  greeting: 'Hello! Ask me anything about AWS Certification exams or microcredentials. For example:',
  thanks: "You're welcome! Ask me another question any time.",
  goodbye: 'Goodbye, and good luck with your certification!',
  help:
    'I answer questions from the AWS Certification FAQ: accounts, scheduling and rescheduling, scores and results, retakes, validity and recertification, and microcredentials. ' +
    'I can also compute personal dates (when you can retake, when something expires, when results are due) if you tell me the date. Try:',
  fallback:
    "Sorry, I couldn't find an answer to that in the AWS Certification FAQ. I can only help with AWS Certification and microcredential questions. " +
    'Try rephrasing it, or open a case with AWS Training & Certification customer service.',
  fallbackLink: 'Open a case with customer service',
  /** Under an answer to one part of a message that also asks about something this bot does not cover. */
  partlyAnswered: (rest: readonly string[]) =>
    `This answers the first part of your question; the AWS Certification FAQ does not cover the rest (${rest.map((r) => `"${r.length > 80 ? `${r.slice(0, 77)}...` : r}"`).join(', ')}).`,
  didYouMean: 'I found a few answers that might fit. Did you mean:',
  sourceLabel: 'Source',
  helpfulQuestion: 'Was this helpful?',
  feedbackThanks: 'Thanks for the feedback!',
  feedbackSorry: "Thanks for telling me. If you still need help, you can open a case with AWS Training & Certification customer service.",
  unknownAction: "Sorry, I didn't understand that button. Please type your question instead.",
  tooLong: (max: number) => `That message is too long for me (over ${max} characters). Please ask one short question at a time.`,
  empty: 'Please type a question about AWS Certification, for example: "How long is a microcredential valid?"',
  dialogCancelled: "OK, I've stopped. Ask me anything else about AWS Certification.",
  dialogGiveUp:
    "Sorry, I still couldn't read a date there, so I'll stop asking. You can ask again with the date in your question, for example: \"I failed my microcredential on October 30, when can I retry?\"",
  dialogRetry: (ask: string, example: string) => `Sorry, I couldn't read a date in that. ${ask} For example: ${example}`,
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
} as const;
