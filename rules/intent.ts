/**
 * Which date rule a personal question is about, from its words: the subject (a microcredential or an
 * exam/certification, never confused) and the topic (retake, expiry, renewal, results, ...). The search
 * engine's top entry may give a `hint` rule, used only when the words alone do not decide.
 */
import { findExam, mentionsExamCode, type ExamInfo } from './exams';
import { isRuleId, type RuleId } from './schema';

export type Subject = 'microcredential' | 'exam';

export interface RuleDetection {
  readonly ruleId: RuleId;
  /** What decided: the question's own words, or the hint. */
  readonly decidedBy: 'words' | 'hint';
  readonly subject?: Subject;
  readonly exam?: ExamInfo;
  /** The topic whose words decided (absent when the hint alone decided). */
  readonly topic?: string;
}

/**
 * Topics whose words say unmistakably what a personal question asks ("when does it expire", "when can
 * I retake", "she was born on ..."): with a date in the question, they decide the rule even when the
 * search's closest entry is another one (for example an exam named the way the passing-score entry
 * names it).
 */
export const DECISIVE_TOPICS: ReadonlySet<string> = new Set(['appeal', 'age', 'checkin', 'reschedule', 'again-after-passing', 'retake', 'renew', 'expiry']);

/**
 * Topics whose words decide only when the question asks "when" ("I sat the exam yesterday, by what date
 * should I have my score?"): "score" alone is in many questions about other things ("...it hurt my
 * score. Where can I report this?").
 */
export const DECISIVE_WHEN_TOPICS: ReadonlySet<string> = new Set(['results']);
const ASKS_WHEN_RE = /\b(?:when|by\s+what\s+(?:date|day)|which\s+(?:date|day)|how\s+(?:long|soon|many\s+days)|due)\b/i;

/** Whether the question asks for a date or a time span ("when", "by what date", "how long"). */
export function asksWhen(text: string): boolean {
  return ASKS_WHEN_RE.test((text ?? '').slice(0, MAX_TEXT));
}

const MAX_TEXT = 1000;

/** Words for a failed attempt besides "fail" itself, shared by the retake topic and FAILED_RE. */
const FAILURE_WORDS = String.raw`flunk\w*|didn'?t\s+pass|did\s+not\s+pass|(?:haven|hasn)'?t\s+pass\w*|(?:didn'?t|haven'?t|not)\s+clear\w*|(?:didn'?t|did\s+not|not)\s+succe\w*|unsuccessful`;

const MICRO_RE = /\b(?:micro[\s-]?cred\w*|mcs?|exam[\s-]+labs?|labs?)\b/i;
const EXAM_RE =
  /\b(?:exams?|tests?|certifications?|certs?|certified|certificates?|recertif\w*|associate|professional|specialty|practitioner|solutions?\s+architect|developer|sysops|cloudops|devops|data\s+engineer|machine\s+learning|advanced\s+networking)\b/i;

const MICRO_RULES = new Set<RuleId>(['mc-retake', 'mc-expiry', 'mc-renewal']);

interface Topic {
  readonly name: string;
  readonly test: RegExp;
  /** The rule for each subject, or one rule whatever the subject. */
  readonly rule: RuleId | { readonly microcredential: RuleId; readonly exam: RuleId };
}

/** In priority order: the first topic whose words appear decides. */
const TOPICS: readonly Topic[] = [
  { name: 'appeal', test: /\b(?:invalidat\w*|appeal\w*|notice|disput\w*|contest\w*|revok\w*|thrown\s+out|voided|withdrawn)\b/i, rule: 'appeal-deadline' },
  {
    name: 'age',
    test: /\b(?:born|birthday|birth\s*date|date\s+of\s+birth|dob|years?\s+old|my\s+age|aged?\s+\d|i'?m\s+1[0-9]\b|i\s+am\s+1[0-9]\b|teen\w*|minor|parental(?!\s+leave)|guardian|consent)\b/i,
    rule: 'teen-consent',
  },
  {
    name: 'feature',
    test: /\b(?:generally\s+available|general\s+availability|ga|new\s+(?:feature|service|product)s?|(?:feature|service|product)s?\s+(?:was\s+|were\s+|got\s+)?(?:launched|released|announced)|launch(?:ed)?)\b/i,
    rule: 'feature-on-exam',
  },
  { name: 'checkin', test: /\bcheck[\s-]?in\b/i, rule: 'online-checkin' },
  { name: 'reschedule', test: /\b(?:re-?schedul\w*|cancel\w*|postpone\w*|move\s+my\s+(?:exam|appointment|booking))\b/i, rule: 'reschedule-deadline' },
  {
    name: 'again-after-passing',
    test: /\b(?:same\s+exam\s+again|again\s+after\s+passing|after\s+passing\b[^.?!]{0,60}\bagain)\b/i,
    rule: 'same-exam-again',
  },
  {
    name: 'retake',
    test: new RegExp(`\\b(?:fail(?:ed|ing|s)?|not\\s+pass|${FAILURE_WORDS}|re-?take|re-?try|re-?sit|re-?attempt|try\\s+again|(?:give|write|sit|take|do)\\s+(?:it|the\\s+(?:exam|test))\\s+again|another\\s+(?:try|attempt|go)|next\\s+attempt|attempt\\s+again)\\b`, 'i'),
    rule: { microcredential: 'mc-retake', exam: 'exam-retake' },
  },
  { name: 'results', test: /\b(?:results?|scores?|score\s+report|pass(?:ed)?\s+or\s+fail(?:ed)?|find\s+out\s+if\s+i\s+passed)\b/i, rule: 'results-due' },
  {
    name: 'renew',
    test: /\b(?:renew\w*|recertif\w*|re-?certif\w*|extend\w*|get\s+(?:it|them|this|that|my\s+\w+)\s+back|reinstat\w*|restor\w*|reactivat\w*|reviv\w*|revalidat\w*|prolong\w*|keep\s+(?:it|them|this|that|my\s+\w+)\s+(?:alive|active|valid|current|going))\b/i,
    rule: { microcredential: 'mc-renewal', exam: 'cert-expiry' },
  },
  {
    name: 'expiry',
    test: /\b(?:expir\w*|valid(?:ity)?|lapse\w*|good\s+until|good\s+for|how\s+long\s+(?:does|will|is)\b[^.?!]*\blast|last\s+until|still\s+(?:valid|good|active)|run\s+out|end)\b/i,
    rule: { microcredential: 'mc-expiry', exam: 'cert-expiry' },
  },
];

/** Words of an age question proper (birth, consent, minors), as against an age said in passing. */
const AGE_ASKED_RE = /\b(?:born|birthday|birth\s*date|date\s+of\s+birth|dob|teen\w*|minor|parental(?!\s+leave)|parent|guardian|consent|too\s+young|old\s+enough|age\s+limit|minimum\s+age)\b/i;
const AGE_YIELDS_TO: ReadonlySet<string> = new Set(['retake', 'renew', 'expiry', 'results', 'checkin', 'reschedule', 'appeal', 'feature']);

/** A passed exam + "again" without a failure: same-exam-again, not retake. */
const PASSED_RE = /\b(?:passed|passing|cleared)\b/i;
const AGAIN_RE = /\b(?:again|re-?take|re-?sit|re-?try|re-?do|same\s+exam|once\s+more|one\s+more\s+time)\b/i;
const RENEW_RE = /\b(?:renew\w*|recertif\w*|re-?certif\w*)\b/i;
const LAPSED_RE = /\b(?:expired|lapsed|ran\s+out|run\s+out|no\s+longer\s+valid|ran\s+its\s+course|let\s+(?:it\s+|them\s+|my\s+\w+\s+)?(?:expire|lapse))\b/i;
const PASS_OR_FAIL_RE = /\bpass(?:ed)?\s*(?:or|\/|-)?\s*fail(?:ed)?\b/i;
const SCORE_NEEDED_RE = /\bscores?\s+(?:you|i|we|one)\s+need|\bneed(?:ed)?\s+(?:a\s+|to\s+(?:get|score)\s+)?(?:scores?|\d{3})\b|\bpass(?:ing)?\s+(?:score|mark)|\bminimum\s+score|\bcut-?\s?off\b/i;
const FAILED_RE = new RegExp(`\\b(?:fail\\w*|${FAILURE_WORDS})\\b`, 'i');

function subjectOf(text: string): Subject | undefined {
  if (MICRO_RE.test(text)) return 'microcredential';
  if (EXAM_RE.test(text) || findExam(text) || mentionsExamCode(text)) return 'exam';
  return undefined;
}

function subjectOfRule(ruleId: RuleId): Subject {
  return MICRO_RULES.has(ruleId) ? 'microcredential' : 'exam';
}

/**
 * The date rule a question is about, or undefined when neither its words nor the hint decide.
 * `hint` is the rule of the search engine's top entry.
 */
export function detectRule(text: string, hint?: RuleId | string): RuleDetection | undefined {
  const t = (text ?? '').slice(0, MAX_TEXT);
  const validHint = hint !== undefined && isRuleId(hint) ? hint : undefined;
  const exam = findExam(t);
  const wordsSubject = subjectOf(t);
  const subject = wordsSubject ?? (validHint ? subjectOfRule(validHint) : undefined);
  const extra = { ...(subject ? { subject } : {}), ...(exam ? { exam } : {}) };

  for (const topic of TOPICS) {
    let rule = topic.rule;
    if (topic.name === 'again-after-passing') {
      // Passed + "again"/"retake" and no failure: taking the same exam again (a microcredential: renewal).
      const passedAgain = AGAIN_RE.test(t) && PASSED_RE.test(t) && !FAILED_RE.test(t) && !RENEW_RE.test(t);
      if (!topic.test.test(t) && !passedAgain) continue;
      if (subject === 'microcredential') rule = 'mc-renewal';
    } else if (!topic.test.test(t)) {
      continue;
    }
    // "I'm 17 years old and I failed my microcredential 3 weeks ago, when can I retry?": an age said in
    // passing, while the question asks another topic and says nothing of consent or birth.
    if (topic.name === 'age' && !AGE_ASKED_RE.test(t) && TOPICS.some((o) => AGE_YIELDS_TO.has(o.name) && o.test.test(t))) continue;
    if (topic.name === 'retake' && PASS_OR_FAIL_RE.test(t)) continue; // "will I know if I passed or failed"
    // "the score you need", "the pass mark": the passing score, not when results arrive.
    if (topic.name === 'results' && SCORE_NEEDED_RE.test(t)) continue;
    // "My microcredential expired, can I retake it?" asks about a lapsed credential, not a failed attempt.
    if (topic.name === 'retake' && LAPSED_RE.test(t) && !FAILED_RE.test(t)) continue;
    if (typeof rule === 'string') return { ruleId: rule, decidedBy: 'words', topic: topic.name, ...extra };
    if (subject) return { ruleId: rule[subject], decidedBy: wordsSubject ? 'words' : 'hint', topic: topic.name, ...extra };
    // Topic known, subject not: only a hint of the same topic can decide.
    if (validHint && (validHint === rule.microcredential || validHint === rule.exam)) return { ruleId: validHint, decidedBy: 'hint', ...extra };
    return undefined;
  }
  return validHint ? { ruleId: validHint, decidedBy: 'hint', ...extra } : undefined;
}

const OWN_RE = /\b(?:my|me|mine|myself)\b/i;
/** "I" as the one who did something: "I failed", "I passed", "I took", "I'm 16", "I was born". */
const I_DID_RE =
  /\bi(?:'ve|'m|'d|\s+have|\s+had|\s+am|\s+was|\s+will|\s+just|\s+already|\s+only)?\s+(?:just\s+|already\s+|recently\s+)?(?:failed|passed|took|sat|did|got|received|earned|completed|finished|booked|scheduled|registered|wrote|attempted|tried|was\s+born|born|turn(?:ed)?|am\s+\d|\d{1,2}\b|taking|sitting|writing|have\s+(?:an?|my)\s+(?:exam|appointment))/i;
/** "When can I retake the microcredential?": a question about the asker's own date, even without "my". */
const WHEN_CAN_I_RE = /\bwhen\s+(?:can|could|should|may|do|will|would)\s+i\b/i;
/** Chat style without the "I": "failed the mc lab on the 20th", "passed SAA last week". */
const CHAT_DID_RE = /^\s*(?:just\s+)?(?:failed|flunked|passed|took|sat|booked|scheduled)\b/i;
const DATE_HINT_RE =
  /\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:on\s+)?the\s+\d{1,2}(?:st|nd|rd|th)|yesterday|today|tonight|last\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|(?:a|one)\s+fortnight\s+ago|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;

/** Whether the question holds something that reads as a date or a day ("on March 3", "last Tuesday", "2024-03-15"). */
export function mentionsDate(text: string): boolean {
  return DATE_HINT_RE.test((text ?? '').slice(0, MAX_TEXT));
}

/**
 * Whether a question is about the user's own case (so a date can be computed for them): "my", "me", "I"
 * as the one who did something ("I failed", "I passed"), a date in the question, or "when can I ...".
 * A general question such as "How long is a microcredential valid?" or "How soon can I retake a failed
 * exam?" is not. (A personal question without a date gets the general answer and the date question.)
 */
export function isPersonal(text: string): boolean {
  const t = (text ?? '').slice(0, MAX_TEXT);
  return OWN_RE.test(t) || I_DID_RE.test(t) || CHAT_DID_RE.test(t) || DATE_HINT_RE.test(t) || WHEN_CAN_I_RE.test(t);
}

/** "not the lab", "not my exam": what a correction takes back (generic English: "not" + a determiner + a word). */
const NEGATED_RE = /\b(?:not|isn'?t|wasn'?t|no)\s+(?:the|my|a|an|that)\s+[\w-]+(?:\s+(?:one|exam|test|lab))?/gi;

/** The subject a message names ("the Associate one" -> exam; "the lab" -> microcredential), if any. */
export function subjectNamed(text: string): Subject | undefined {
  return subjectOf((text ?? '').slice(0, MAX_TEXT));
}

/**
 * The rule a correction or a short reply means, given the rule it corrects: "not the lab, the exam"
 * keeps the topic (retake) and changes the subject; "I failed it, I didn't pass" keeps the subject and
 * changes the topic. What follows "not the ..." is taken back, not meant.
 */
export function correctedRule(previous: RuleId, correction: string): RuleId {
  const meant = (correction ?? '').slice(0, MAX_TEXT).replace(NEGATED_RE, ' ');
  const subject = subjectOf(meant) ?? subjectOfRule(previous);
  const own = detectRule(meant, previous);
  const topicName = own?.topic ?? topicOfRule(previous);
  const topic = TOPICS.find((t) => t.name === topicName);
  if (!topic) return own?.ruleId ?? previous;
  if (typeof topic.rule === 'string') return topic.rule;
  // A microcredential renews; a certification's renewal is recertification before it expires.
  return topic.rule[subject];
}

function topicOfRule(ruleId: RuleId): string | undefined {
  if (ruleId === 'same-exam-again') return 'again-after-passing';
  // From the end: cert-expiry is the expiry topic's rule before it is the renewal topic's.
  return [...TOPICS].reverse().find((t) => (typeof t.rule === 'string' ? t.rule === ruleId : t.rule.microcredential === ruleId || t.rule.exam === ruleId))?.name;
}
