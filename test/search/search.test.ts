/**
 * Search quality as the user sees it: the decision (which entry answers, or none) that
 * `decide(index.search(q))` reaches for paraphrases, typos, abbreviations and out-of-scope questions,
 * and the credential-family guard that keeps exam and microcredential answers apart.
 * The questions here are written for this file; they are not the eval set's questions.
 */
import { scoreScale } from '../../knowledge/calibrate';
import { answersTheQuestion, decide, mayStandIn } from '../../knowledge/decide';
import { editDistance, KnowledgeIndex, type FaqHit } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { loadKnowledge } from '../../knowledge/load';
import { askedClauses, stem } from '../../knowledge/text';

const index = new KnowledgeIndex(loadPack());
const { tokenize } = index.text;
const foreignTerms = (t: string): string[] => index.text.foreignTerms(t);
const questionFocus = (t: string): string | undefined => index.text.questionFocus(t);

/** The entry id the search answers with, 'none' for a decline, 'didYouMean:a,b' for choices. */
function decision(q: string): string {
  const d = decide(index.search(q));
  if (d.kind === 'answer') return d.hit.entry.id;
  if (d.kind === 'none') return 'none';
  return `didYouMean:${d.hits.map((h) => h.entry.id).join(',')}`;
}

describe('search decisions: paraphrases', () => {
  it.each([
    ['can I combine my two AWS certification logins into one', 'merge-accounts'],
    ['how old must a candidate be to sit an AWS exam', 'teen-candidates'],
    ['my dad wants to make a certification account for me, I am 14', 'teen-account-setup'],
    ['who should I contact about a technical problem in my exam', 'exam-or-lab-issue'],
    ['does AWS run instructor-led classroom courses', 'training-options'],
    ['where is the closest Pearson VUE testing location', 'find-test-center'],
    ['can I move my exam appointment to a later day', 'reschedule-cancel'],
    ['is it possible to get an extension on an exam voucher', 'voucher-expiry'],
    ['how many minutes early can I start check-in for an online exam', 'online-check-in'],
    ['what time should I get to the test centre on exam day', 'test-center-arrival'],
    ['extra exam time for candidates whose first language is not English', 'esl-accommodation'],
    ['what score is needed to pass a professional level exam', 'passing-scores'],
    ['how many business days until my exam score shows up', 'exam-results'],
    ['can a feature launched two months ago be on my exam', 'new-features-on-exams'],
    ['am I allowed a second attempt at a beta exam', 'beta-exams'],
    ['I failed my certification exam, how long before I can take it again', 'exam-retake-wait'],
    ['I passed already but want a better score, may I sit the same exam again', 'retake-after-passing'],
    ['for how many years is an AWS certification valid', 'certification-validity'],
    ['my certification expired last month, can I still recertify', 'recertification'],
    ['where do I find the 50% voucher I got after passing', 'recertification-discount'],
    ['how can a hiring manager confirm my AWS certification is genuine', 'verify-certification'],
    ['my exam result was invalidated, is there an appeal deadline', 'result-invalidated-appeal'],
    ['what exactly are AWS microcredentials', 'microcredential-about'],
    ['which Skill Builder courses help me prepare for a microcredential', 'microcredential-prepare'],
    ['where in CertMetrics are the microcredentials I earned', 'microcredential-find-earned'],
    ['where can I look up the date of my failed microcredential attempt', 'microcredential-failed-date'],
    ['how long after failing a microcredential can I attempt it again', 'microcredential-retake-wait'],
    ['do I receive a Credly badge for passing a microcredential', 'microcredential-badge'],
    ['for how many months does a microcredential stay valid', 'microcredential-validity'],
    ['how many months after passing can I renew a microcredential', 'microcredential-renewal'],
    ['the microcredential lab stopped working halfway, who do I tell', 'microcredential-issue'],
  ])('%s -> %s', (q, expected) => {
    expect(decision(q)).toBe(expected);
  });
});

describe('search decisions: typos, abbreviations and short queries', () => {
  it.each([
    ['merge acounts', 'merge-accounts'],
    ['resheduel my exam', 'reschedule-cancel'],
    ['pasing score', 'passing-scores'],
    ['exam reslts', 'exam-results'],
    ['certifcation expiry', 'certification-validity'],
    ['microcredntial badge', 'microcredential-badge'],
    ['MC validity', 'microcredential-validity'],
    ['failed DVA-C02, retry wait', 'exam-retake-wait'],
    ['verify cert', 'verify-certification'],
    ['beta exam', 'beta-exams'],
    ['voucher extension', 'voucher-expiry'],
    ['recert', 'recertification'],
    ['a 16yo taking the CLF-C02', 'teen-candidates'],
    ["I didn't pass my exam, when can I retry", 'exam-retake-wait'],
  ])('%s -> %s', (q, expected) => {
    expect(decision(q)).toBe(expected);
  });
});

describe('search decisions: out of scope is declined', () => {
  it.each([
    ['how do I attach an IAM policy to an S3 bucket'],
    ['what is the default timeout of a Lambda function'],
    ['how much will an RDS instance cost me each month'],
    ['is the CKA harder than the AWS developer exam'],
    ['renewal rules for the CompTIA A+'],
    ['how many questions does the developer associate exam have'],
    ['how long is the cloud practitioner exam'],
    ['how much is the SAA-C03 exam'],
    ['which AWS certification should I start with'],
    ['what topics are on the machine learning specialty exam'],
    ['can I sit the exam in Korean'],
    ['average salary of an AWS solutions architect'],
    ['where can I download exam dumps'],
    ['any tips to pass the cloud practitioner'],
    ['what is 12 times 12'],
    ['tell me something funny'],
    ['what will the weather be tomorrow'],
    ['zzzz qqqq'],
    ['when does re:Invent start'],
    ['How do I set up MFA on my AWS root account?'],
    ['Will AWS give me an invitation letter for a visa to write the exam abroad?'],
    ['Is there a dashboard where managers can see which employees passed their certifications?'],
    ['How many hours of study are needed for Cloud Practitioner?'],
    ['Which microcredentials are available right now?'],
    ['How do I fix the spelling of my name in my certification account?'],
    // Near misses in the program's own words: the facts do not answer them.
    ['I failed by only 10 points, can I ask for a rescore?'],
    ['Do I need Cloud Practitioner before I can take Solutions Architect Associate?'],
    ['Does the score report break down my performance by domain?'],
    ["What's the time limit on a microcredential lab?"],
    ['How long do I have to wait between two different AWS exams?'],
    ['What payment methods are accepted when booking an exam?'],
    ['How do I change the email address on my certification account?'],
    ['Can I recertify my Associate cert by passing the Professional exam instead?'],
    ['What score do I need to pass a microcredential?'],
    ['Can I use my exam voucher for a different exam than the one it was meant for?'],
    ['Will my Credly badge be removed once my certification expires?'],
    ['How is the scaled score actually calculated from my raw answers?'],
    ['Can I switch my booking from a test center to online proctoring?'],
    ['Does passing SAP-C02 automatically renew my Solutions Architect Associate?'],
    ['number of exam questions'],
    ['Can the 50% discount voucher be combined with another promo code?'],
    ['Does renewing my Professional certification also renew my Associate one?'],
    ['When will SAA-C04 be released?'],
    ['forgot my skill builder password how do i reset it'],
    ['difference between SAP-C02 and DOP-C02 content?'],
    ['Do AWS exams include unscored questions?'],
    ['How far in advance can I schedule an exam?'],
    ['Is it against the rules to discuss exam questions on Reddit after I pass?'],
    ['Does AWS give a group discount if we buy all the exams together?'],
    ["I merged my duplicate certification accounts last week. Now I'd also like to change the email address on my profile. How do I do that?"],
  ])('%s -> none', (q) => {
    expect(decision(q)).toBe('none');
  });
});

describe('credential family guard', () => {
  it.each([
    ['retake a failed exam', 'exam-retake-wait'],
    ['how long until I can retake a failed certification exam', 'exam-retake-wait'],
    ['failed SAP-C02, how many days before a retake', 'exam-retake-wait'],
  ])('exam question "%s" never gets the microcredential answer', (q, expected) => {
    expect(decision(q)).toBe(expected);
    const hits = index.search(q, 10);
    const exam = hits.find((h) => h.entry.id === 'exam-retake-wait');
    const mc = hits.find((h) => h.entry.id === 'microcredential-retake-wait');
    expect(exam).toBeDefined();
    if (mc) expect(mc.score).toBeLessThan(exam!.score * 0.5);
  });

  it.each([
    ['retake a failed microcredential', 'microcredential-retake-wait'],
    ['how long until I can retake a failed microcredential lab', 'microcredential-retake-wait'],
    ['failed my MC, how many days before a retake', 'microcredential-retake-wait'],
  ])('microcredential question "%s" never gets the exam answer', (q, expected) => {
    expect(decision(q)).toBe(expected);
    const hits = index.search(q, 10);
    const mc = hits.find((h) => h.entry.id === 'microcredential-retake-wait');
    const exam = hits.find((h) => h.entry.id === 'exam-retake-wait');
    expect(mc).toBeDefined();
    if (exam) expect(exam.score).toBeLessThan(mc!.score * 0.5);
  });

  it('keeps validity answers apart: 3-year certification vs 12-month microcredential', () => {
    expect(decision('how long is my certification valid')).toBe('certification-validity');
    expect(decision('how long is my microcredential valid')).toBe('microcredential-validity');
  });
});

describe('search internals', () => {
  it('an exact short title beats an entry that merely shares its words', () => {
    // "exam results" is also part of "exam result invalidated"; the closest phrasing wins.
    const [first, second] = index.search('exam results');
    expect(first!.entry.id).toBe('exam-results');
    expect(first!.phrasing).toBe(1);
    expect(second!.phrasing).toBeLessThan(1);
  });

  it('corrects typos to the knowledge base word, transpositions counting one edit', () => {
    expect(index.correct('resluts')).toBe('results');
    expect(index.correct('certifcation')).toBe('certification');
    expect(index.correct('vouchr')).toBe('voucher');
    // Known words and foreign terms are left alone.
    expect(index.correct('lambda')).toBe('lambda');
    expect(index.correct('voucher')).toBe('voucher');
  });

  it('computes edit distance with transpositions and gives up past the limit', () => {
    expect(editDistance('exam', 'exam', 2)).toBe(0);
    expect(editDistance('chnage', 'change', 2)).toBe(1);
    expect(editDistance('voucher', 'vouchr', 2)).toBe(1);
    expect(editDistance('maximum', 'minimum', 1)).toBe(2);
  });

  it('marks foreign subjects by word and by phrasing', () => {
    expect(foreignTerms('how do I launch an EC2 instance')).toEqual(expect.arrayContaining(['ec2', 'instance']));
    expect(foreignTerms('how many questions are on the exam')).toContain('[question-count]');
    expect(foreignTerms('how much does a retake cost')).toEqual([]);
    expect(foreignTerms('I failed on 2026-11-02, when can I retake')).toEqual([]);
  });

  it('tokenises ages, negated passes and check-in as the search needs them', () => {
    expect(tokenize("I'm 15, can I take it")).toContain('teen');
    expect(tokenize("I didn't pass")).toContain('fail');
    expect(tokenize('online check-in')).toContain('checkin');
  });

  it('gives a long question that matches several rare words an answer despite its filler', () => {
    const q =
      'so my employer bought me an exam voucher months ago and with the project deadlines I never booked anything and the voucher is close to expiring now, can it be extended somehow';
    expect(decision(q)).toBe('voucher-expiry');
  });
});

describe('long messages: the question asked, and the story around it', () => {
  it('finds the question sentences of a message with a story, and adds the family the story names', () => {
    expect(questionFocus('How long is a microcredential valid?')).toBeUndefined();
    expect(questionFocus('My microcredential lapsed in May. I was busy. Is it gone for good?')).toBe('Is it gone for good? (microcredential)');
    expect(questionFocus('I failed SAA-C03 yesterday. Kindly tell me the waiting rule.')).toBe('Kindly tell me the waiting rule. (exam)');
    // A question with nothing of its own ("How do I do that?") asks about the sentence before it.
    expect(questionFocus("I merged my certification accounts last week. Now I'd like to change the email address on my profile. How do I do that?")).toBe(
      "Now I'd like to change the email address on my profile. How do I do that? (exam)",
    );
  });

  it('searchMessage is search for a one-sentence message', () => {
    const q = 'how soon can I retake a failed exam';
    expect(index.searchMessage(q).hits.map((h) => h.entry.id)).toEqual(index.search(q).map((h) => h.entry.id));
    expect(index.searchMessage(q).question).toBeUndefined();
  });

  it.each([
    [
      'I failed my microcredential twice and the lab kept freezing. My manager says I should just wait. How do I find out the date of my last attempt?',
      'microcredential-failed-date',
    ],
    [
      'I failed the Security Specialty last spring, waited the two weeks and retook it, and that went fine. Now my manager wants proof for a client. How can the client check that my certification is real?',
      'verify-certification',
    ],
    [
      'I booked my Developer Associate at a center downtown and my sister says I should get there an hour early. Parking there is a nightmare. How early do I really need to arrive?',
      'test-center-arrival',
    ],
  ])('%s -> %s', (q, id) => {
    const d = decide(index.searchMessage(q).hits);
    expect(d.kind === 'answer' && d.hit.entry.id).toBe(id);
  });

  it('keeps what the whole message says about other subjects', () => {
    const q = 'We moved our Kubernetes clusters to EKS last year. The team wants certificates. How long is it valid?';
    const { hits } = index.searchMessage(q);
    expect(hits[0]?.foreign).toEqual(expect.arrayContaining(['kubernetes', 'eks']));
    expect(hits[0]?.otherProgram).toBe(true);
    expect(decide(hits).kind).toBe('none');
  });
});

describe('decide: the rules between hits', () => {
  const entry = (id: string) => index.entry(id)!;
  const hit = (id: string, over: Partial<FaqHit> = {}): FaqHit => ({
    entry: entry(id),
    score: 10,
    coverage: 0.6,
    matchedWeight: 3,
    unmatched: [],
    foreign: [],
    phrasing: 0.5,
    learned: 0.5,
    outOfScope: 0,
    otherProgram: false,
    askedForeign: false,
    foreignInStory: false,
    otherFamily: false,
    ...over,
  });

  it('answers with a hit that covers enough of the question', () => {
    const d = decide([hit('certification-validity'), hit('recertification', { score: 3 })]);
    expect(d.kind === 'answer' && d.hit.entry.id).toBe('certification-validity');
  });

  it('accepts a low-coverage best hit only when it leads every other by the dominance factor', () => {
    const low = { coverage: 0.45, matchedWeight: 2 };
    expect(decide([hit('passing-scores', { ...low, score: 40 }), hit('exam-results', { score: 10, coverage: 0.2 })]).kind).toBe('answer');
    expect(decide([hit('passing-scores', { ...low, score: 20 }), hit('exam-results', { score: 10, coverage: 0.2 })]).kind).toBe('none');
  });

  it('never accepts a lower hit for a dominance it does not have', () => {
    const d = decide([hit('recertification', { score: 60, coverage: 0.33, matchedWeight: 2.4 }), hit('microcredential-renewal', { score: 31, coverage: 0.45, matchedWeight: 3.5 })]);
    expect(d.kind).toBe('none');
  });

  it('never lets a lower hit of the other credential family stand in for the best one', () => {
    const d = decide([
      hit('certification-validity', { score: 22, coverage: 0.23, matchedWeight: 2 }),
      hit('microcredential-validity', { score: 19, coverage: 0.67, otherFamily: true }),
    ]);
    expect(d.kind).toBe('none');
    const same = decide([hit('certification-validity', { score: 22, coverage: 0.23, matchedWeight: 2 }), hit('recertification', { score: 19, coverage: 0.67 })]);
    expect(same.kind === 'answer' && same.hit.entry.id).toBe('recertification');
  });

  it('declines another program, and an uncovered subject asked about, whatever the coverage', () => {
    expect(decide([hit('recertification', { coverage: 0.9, otherProgram: true })]).kind).toBe('none');
    expect(decide([hit('passing-scores', { coverage: 0.7, foreign: ['[practice-tests]'], askedForeign: true, matchedWeight: 12 })]).kind).toBe('none');
    expect(decide([hit('passing-scores', { coverage: 0.45, foreign: ['[practice-tests]'], askedForeign: false, matchedWeight: 12, score: 50 })]).kind).toBe('answer');
  });

  it('accepts a best hit the classifier is sure of at a lower coverage, only when it also leads clearly and names no other subject', () => {
    const low = { coverage: 0.33, matchedWeight: 1.8 };
    const runnerUp = hit('microcredential-validity', { score: 2, coverage: 0.2 });
    expect(decide([hit('microcredential-about', { ...low, learned: 0.9 }), runnerUp]).kind).toBe('answer');
    expect(decide([hit('microcredential-about', { ...low, learned: 0.5 }), runnerUp]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, learned: 0.9 }), hit('microcredential-validity', { score: 5, coverage: 0.2 })]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, coverage: 0.25, learned: 0.9 }), runnerUp]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, learned: 0.9, foreign: ['iguana'] }), runnerUp]).kind).toBe('none');
  });

  it('accepts a low-coverage, low-scoring best hit when the search and the classifier both put it well ahead of every rival', () => {
    // A pack without synonyms meets many of the user's words for the first time: coverage and score are low.
    const low = { coverage: 0.25, matchedWeight: 1.5, score: 3, learned: 0.5, outOfScope: 0.1 };
    const runnerUp = hit('microcredential-validity', { score: 1, coverage: 0.2, learned: 0.1 });
    const third = hit('microcredential-renewal', { score: 0.5, coverage: 0.1, learned: 0.05 });
    const agreed = decide([hit('microcredential-about', low), runnerUp, third]);
    expect(agreed.kind === 'answer' && agreed.hit.entry.id).toBe('microcredential-about');
    // The classifier places the question out of scope nearly as much as on the entry.
    expect(decide([hit('microcredential-about', { ...low, outOfScope: 0.4 }), runnerUp, third]).kind).toBe('none');
    // The search's runner-up is close behind.
    expect(decide([hit('microcredential-about', low), hit('microcredential-validity', { score: 2, coverage: 0.2, learned: 0.1 }), third]).kind).toBe('none');
    // The classifier rates another hit (not only the runner-up) nearly as high.
    expect(decide([hit('microcredential-about', low), runnerUp, hit('microcredential-renewal', { score: 0.5, coverage: 0.1, learned: 0.3 })]).kind).toBe('none');
    // Too little of the question matched, too little score, another subject named, a weak classifier.
    expect(decide([hit('microcredential-about', { ...low, coverage: 0.15 }), runnerUp, third]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, score: 0.8 }), { ...runnerUp, score: 0.2 }, { ...third, score: 0.1 }]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, foreign: ['iguana'] }), runnerUp, third]).kind).toBe('none');
    expect(decide([hit('microcredential-about', { ...low, learned: 0.15, outOfScope: 0 }), hit('microcredential-validity', { score: 1, coverage: 0.2, learned: 0.05 })]).kind).toBe('none');
  });

  it("scales the score floors by the pack's score scale, which is 1 for this pack", () => {
    const lowScore = [hit('certification-validity', { score: 3, coverage: 0.6 }), hit('recertification', { score: 1, coverage: 0.2 })];
    expect(decide(lowScore).kind).toBe('none');
    expect(decide(lowScore, 1).kind).toBe('none');
    const scaled = decide(lowScore, 0.7);
    expect(scaled.kind === 'answer' && scaled.hit.entry.id).toBe('certification-validity');
    expect(scoreScale(index)).toBe(1);
  });
});

describe('answers the story supports but the question does not ask', () => {
  it('lets a lower hit stand in for the best only when the classifier does not rate it far below', () => {
    const e = (id: string) => index.entry(id)!;
    const h = (id: string, learned: number, otherFamily = false): FaqHit => ({ ...index.search('exam')[0]!, entry: e(id), learned, otherFamily });
    expect(mayStandIn(h('exam-results', 0.2), h('microcredential-retake-wait', 0.44))).toBe(true);
    expect(mayStandIn(h('exam-results', 0.07), h('microcredential-retake-wait', 0.44))).toBe(false);
    expect(mayStandIn(h('microcredential-validity', 0.9, true), h('certification-validity', 0.5))).toBe(false);
  });

  it('needs the question sentences, when they say enough, to match the answer too', () => {
    const q = "I failed CLF-C02 twice now and I know about the 14 day wait between tries. Honestly I'm getting discouraged. Would it be smarter to switch careers into data analytics instead?";
    const found = index.searchMessage(q);
    expect(found.hits[0]?.entry.id).toBe('exam-retake-wait');
    expect(found.questionWords).toBeGreaterThanOrEqual(6);
    expect(answersTheQuestion(found.hits[0]!, found.question ?? [], found.questionWords ?? 0)).toBe(false);
    // A question part that says little ("Is that true?") leaves the story to decide.
    const short = index.searchMessage('Someone in our Slack said you get a 50% voucher after passing an exam. Is that true?');
    expect(answersTheQuestion(short.hits[0]!, short.question ?? [], short.questionWords ?? 0)).toBe(true);
  });
});

describe('other subjects in the story only', () => {
  it('accepts the best hit when the question sentences name no other subject, and not when they do', () => {
    const story = "My salary review is next month and I'm panicking about my exam. Do new launches get added to the exams straight away?";
    const { hits } = index.searchMessage(story);
    expect(hits[0]?.foreignInStory).toBe(true);
    expect(decide(hits).kind === 'answer' && (decide(hits) as { hit: FaqHit }).hit.entry.id).toBe('new-features-on-exams');
    const asked = index.searchMessage('I have my exam next month. Do new launches get added to the exams straight away, and does it help my salary?').hits;
    expect(asked[0]?.foreignInStory).toBe(false);
  });
});

describe('messages that ask two things', () => {
  it('splits a sentence into the things it asks, at "and", "also" or a semicolon before a new question', () => {
    expect(askedClauses("what's the cutoff to pass the professional exams and how hard are they honestly")).toEqual([
      "what's the cutoff to pass the professional exams",
      'how hard are they honestly',
    ]);
    expect(askedClauses('how does someone check my cert is real, also does it help with salary')).toEqual(['how does someone check my cert is real', 'does it help with salary']);
    expect(askedClauses('Is national ID enough at the test centre or do I need my passport?')).toBeUndefined();
    expect(askedClauses('How long is a microcredential valid?')).toBeUndefined();
  });
});


describe('words that are names of built-in object properties', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('"%s" is a word like any other (no synonym, no crash)', (word) => {
    expect(index.text.processTerm(word)).toEqual([stem(word.toLowerCase())]);
    expect(() => index.searchMessage(`what is the ${word} of my exam?`)).not.toThrow();
  });
});
