/** Reply fixtures for the renderer tests, built here (independent of the knowledge files). */
import type { Reply } from '../../bot/reply';
import { AWS_WORDING as WORDING } from '../support/wording';

const EXAMPLE_QUESTIONS = WORDING.examples;

export const FAQ_URL = 'https://aws.amazon.com/certification/faqs/';
export const SUPPORT_URL = 'https://aws.amazon.com/contact-us/aws-training/';
export const POLICY_URL = 'https://aws.amazon.com/certification/policies/after-testing/';

export const answerReply: Reply = {
  kind: 'answer',
  title: 'How long is a microcredential valid?',
  text: 'A microcredential stays valid for 12 months from the day you pass it.\n\nYou can renew it once 9 months have gone by.',
  source: { label: 'AWS Certification FAQ', url: FAQ_URL },
  followUps: [
    { entryId: 'microcredential-renewal', question: 'How do I renew a microcredential?' },
    { entryId: 'microcredential-badge', question: 'Where do I find my microcredential badge?' },
    { entryId: 'microcredential-retake-wait', question: 'How long must I wait to retake a microcredential after failing it?' },
  ],
  feedbackFor: 'microcredential-validity',
  entryId: 'microcredential-validity',
};

export const computedReply: Reply = {
  kind: 'computed',
  title: 'You can retake your microcredential from December 3, 2026 (in 4 days).',
  text: 'You can retake your microcredential from December 3, 2026 (in 4 days).',
  facts: [
    { label: 'Failed attempt', value: 'November 8, 2026' },
    { label: 'Rule', value: 'Wait 25 days after a failed attempt' },
    { label: 'Retake from', value: 'December 3, 2026 (in 4 days)' },
    { label: 'Today', value: 'November 29, 2026' },
  ],
  notes: ['No year was given, so 2026 was assumed.'],
  source: { label: 'AWS Certification FAQ', url: FAQ_URL },
  followUps: [{ entryId: 'microcredential-prepare', question: 'How do I prepare for a microcredential?' }],
  feedbackFor: 'microcredential-retake-wait',
  entryId: 'microcredential-retake-wait',
  ruleId: 'mc-retake',
};

/** A computed answer whose headline does not itself state the date. */
export const computedNoDateReply: Reply = {
  ...computedReply,
  title: 'You will be able to retake your microcredential soon.',
  text: 'You will be able to retake your microcredential soon.',
};

export const didYouMeanReply: Reply = {
  kind: 'didYouMean',
  text: WORDING.didYouMean,
  choices: [
    { entryId: 'exam-retake-wait', question: 'How long must I wait before retaking a failed exam?' },
    { entryId: 'retake-after-passing', question: 'Can I take an exam again after passing it?' },
    { entryId: 'microcredential-retake-wait', question: 'How long must I wait to retake a microcredential?' },
  ],
};

export const fallbackReply: Reply = {
  kind: 'fallback',
  text: WORDING.fallback,
  links: [{ label: WORDING.fallbackLink, url: SUPPORT_URL }],
};

export const welcomeReply: Reply = {
  kind: 'welcome',
  title: WORDING.welcomeTitle,
  text: WORDING.welcome,
  examples: EXAMPLE_QUESTIONS.slice(0, 2),
};

export const greetingReply: Reply = { kind: 'chitchat', text: WORDING.greeting, examples: EXAMPLE_QUESTIONS };
export const thanksReply: Reply = { kind: 'chitchat', text: WORDING.thanks };
export const noticeReply: Reply = { kind: 'notice', text: WORDING.dialogCancelled };
export const askDateReply: Reply = {
  kind: 'askDate',
  title: 'How long must I wait to retake a microcredential?',
  text: 'You can retake a microcredential 25 days after a failed attempt.\n\nTo work out your own date: When did you fail it? For example: I failed on November 3',
  source: { label: 'AWS Certification FAQ', url: FAQ_URL },
  entryId: 'microcredential-retake-wait',
  ruleId: 'mc-retake',
};

/** User words quoted back, full of characters that mean something in markdown, mrkdwn or Teams. */
export const HOSTILE = '<at>FAQ Bot</at> *urgent* _now_ [click](https://evil.example.com) <b>x</b>';

export const hostileReply: Reply = {
  kind: 'answer',
  title: `You asked: ${HOSTILE}`,
  text: `I could not read "${HOSTILE}" as a date.\n\n# not a heading\n- not a list`,
  facts: [{ label: 'You wrote', value: HOSTILE }],
  notes: [`Quoted: ${HOSTILE}`],
  source: { label: 'AWS Certification FAQ', url: FAQ_URL },
  followUps: [{ entryId: 'exam-retake-wait', question: 'How long must I wait before retaking a failed exam?' }],
  feedbackFor: 'exam-retake-wait',
};

/** Every reply kind the pipeline produces, for checks that hold for all of them. */
export const ALL_REPLIES: ReadonlyArray<[string, Reply]> = [
  ['answer', answerReply],
  ['computed', computedReply],
  ['computed (date not in headline)', computedNoDateReply],
  ['didYouMean', didYouMeanReply],
  ['fallback', fallbackReply],
  ['welcome', welcomeReply],
  ['greeting', greetingReply],
  ['thanks', thanksReply],
  ['notice', noticeReply],
  ['askDate', askDateReply],
  ['hostile', hostileReply],
];
