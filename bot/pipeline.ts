/**
 * The answer pipeline (DESIGN.md, data flow steps 4-6), plain TypeScript with no botbuilder import, so
 * tests and `npm run eval` call it directly:
 *   text -> chit-chat? -> personal date question? (rules engine) -> MiniSearch hits -> decision -> Reply.
 * A pending date question (the dialog's state) is continued by `continuePending`.
 */
import type { TurnClock } from '../rules/clock';
import type { RuleOutcome } from '../rules/engine';
import type { KnowledgeIndex, FaqHit } from '../knowledge/index';
import { scoreScale } from '../knowledge/calibrate';
import { answersTheQuestion, decide, mayStandIn, type Decision } from '../knowledge/decide';
import { askedClauses } from '../knowledge/text';
import type { ContentPack } from '../knowledge/pack';
import type { FaqEntry } from '../knowledge/schema';
import { chitChatOf } from './chitchat';
import { datedItems } from './reminders/dated';
import type { Offer, Reply } from './reply';
import { wordingFor, type Wording } from './render/wording';

/** The rules engine as the pipeline sees it (rules/answer.ts and rules/intent.ts implement it). */
export interface DateRules {
  isPersonal(text: string): boolean;
  detectRule(text: string, hint?: string): string | undefined;
  /**
   * The rule a dated personal question asks about in so many words ("I passed SAA-C03 on 5 May 2024,
   * when does it expire?"), or undefined: it outranks a static entry the search is sure of.
   */
  decisiveRule(text: string): string | undefined;
  answer(text: string, clock: TurnClock, opts: { ruleId: string; pendingText?: string; month?: string }): DateAnswer;
  /** The whole message cancels a pending question ("forget it", "nah skip that"); words from content. */
  isCancel(text: string): boolean;
  /** The whole message confirms the date asked about ("yes", "yep"). */
  isYes(text: string): boolean;
  /** The whole message says the date asked about is not the one ("no", "wrong date"). */
  isNo(text: string): boolean;
  /** The message starts as a correction ("no, the 24th", "sorry, I meant...", "not the lab, the exam"). */
  isCorrection(text: string): boolean;
  /** The message holds something that reads as a date ("the 24th", "on March 3"). */
  mentionsDate(text: string): boolean;
  /** The message names a credential ("the Associate one", "the lab"). */
  namesSubject(text: string): boolean;
  /** The rule a correction or a short reply means, given the rule of the question it corrects. */
  correctedRule(previous: string, text: string): string;
}

export type DateAnswer =
  | {
      readonly kind: 'computed';
      readonly ruleId: string;
      readonly entryId: string;
      readonly sourceUrl: string;
      readonly headline: string;
      readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
      readonly notes: readonly string[];
      readonly ruleText: string;
      /** The engine's structured result: its dates become the reply's remindable items (Reply.dated). */
      readonly outcome?: RuleOutcome;
    }
  | {
      readonly kind: 'needInput';
      readonly ruleId: string;
      readonly entryId: string;
      readonly ask: string;
      readonly example: string;
      /** A short question about a date the message gave, instead of the rule's own question. */
      readonly clarify?: {
        readonly question: string;
        readonly quickReplies: readonly string[];
        readonly candidate?: string;
        readonly month?: string;
      };
    }
  | { readonly kind: 'rejected'; readonly ruleId: string; readonly entryId: string; readonly reason: string; readonly message: string };

/** A question waiting for its date: kept in conversation state by the date dialog. */
export interface PendingDate {
  readonly ruleId: string;
  readonly entryId: string;
  /** The user's original question (its exam, family and wording still count). */
  readonly question: string;
  readonly ask: string;
  readonly example: string;
  /** Replies so far that held no usable date. */
  readonly attempts: number;
  /** The date our question asked the user to confirm ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"). */
  readonly candidate?: string;
  /** The month our question asked the day of ("YYYY-MM"). */
  readonly month?: string;
  /**
   * Nothing is pending: the question was answered (a computed or rejected date) and is remembered so
   * that a correction ("no, the 24th", "not the lab, the exam") can recompute it.
   */
  readonly answered?: boolean;
}

export interface Outcome {
  readonly reply: Reply;
  /** Set when the bot asks for a date: the dialog starts (or continues) with this state. */
  readonly pending?: PendingDate;
  /** How the turn was decided, for logs and quality records. */
  readonly decision: 'chitchat' | 'answer' | 'computed' | 'askDate' | 'rejected' | 'didYouMean' | 'fallback' | 'cancelled' | 'notice';
  /** The best hit's entry and coverage, for quality records of fallbacks and low-confidence answers. */
  readonly best?: { readonly entryId: string; readonly coverage: number; readonly score: number };
}

export interface PipelineOptions {
  /** Overrides the pack's support link (SUPPORT_URL). */
  readonly supportUrl?: string;
  readonly maxTextLength: number;
  /** How many unreadable replies the date dialog re-asks for before stopping politely. */
  readonly maxDateRetries?: number;
}

export const MAX_FOLLOW_UPS = 3;
const DEFAULT_DATE_RETRIES = 2;
/** A reply of at most this many words may fill the pending question by naming a credential. */
const SHORT_REPLY_WORDS = 6;
/** A correction without a date is at most this many words. */
const SHORT_CORRECTION_WORDS = 8;

/** Whitespace and invisible characters normalised; control characters removed. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The classifier's out-of-scope probability from which its top subject's redirect is shown. */
const OUT_OF_SCOPE_SUBJECT_MIN = 0.5;

/** Raw text (before whitespace and markup are normalised) may be this many times the text limit. */
const RAW_TEXT_FACTOR = 2;

const wordingCache = new WeakMap<ContentPack, Wording>();

export class AnswerPipeline {
  constructor(
    private readonly index: () => KnowledgeIndex,
    private readonly rules: DateRules,
    private readonly options: PipelineOptions,
  ) {}

  /** The support link: the configured one, else the pack's. */
  get supportUrl(): string | undefined {
    return this.options.supportUrl ?? this.index().pack.supportUrl;
  }

  /** The current pack's wording (pack.json over the engine's neutral defaults), built once per pack version. */
  get wording(): Wording {
    const pack = this.index().pack;
    let w = wordingCache.get(pack);
    if (!w) {
      w = wordingFor(pack);
      wordingCache.set(pack, w);
    }
    return w;
  }

  get knowledge(): KnowledgeIndex {
    return this.index();
  }

  /** The current pack's score scale for decide()'s floors (computed once per index). */
  private scale(): number {
    return scoreScale(this.index());
  }

  /** A new message (no pending date question). */
  answer(rawText: string, clock: TurnClock): Outcome {
    // The length limit comes before any normalising: a huge message costs nothing but this check.
    if (rawText.length > this.options.maxTextLength * RAW_TEXT_FACTOR) {
      return { reply: { kind: 'notice', text: this.wording.tooLong(this.options.maxTextLength) }, decision: 'notice' };
    }
    const text = cleanText(rawText);
    if (text.length === 0) return { reply: { kind: 'notice', text: this.wording.empty, examples: this.wording.examples }, decision: 'notice' };
    if (text.length > this.options.maxTextLength) {
      return { reply: { kind: 'notice', text: this.wording.tooLong(this.options.maxTextLength) }, decision: 'notice' };
    }
    const chat = chitChatOf(text);
    if (chat) return { reply: this.chitChat(chat), decision: 'chitchat' };

    const found = this.index().searchMessage(text);
    let hits = found.hits;
    let decision = decide(hits, this.scale());
    const namesOtherSubject = hits[0] !== undefined && (hits[0].foreign.length > 0 || hits[0].otherProgram);
    if (decision.kind !== 'answer' && !namesOtherSubject && found.question) {
      // A long message the search cannot place as a whole: the question it asks, without the story.
      const questionDecision = decide(found.question, this.scale());
      // ...unless the whole message points at another entry, which the question's answer may not stand in for.
      const wholeBest = hits[0];
      const asWhole = questionDecision.kind === 'answer' ? hits.find((h) => h.entry.id === questionDecision.hit.entry.id) : undefined;
      // An entry the whole message did not rank at all counts as one the classifier gives nothing.
      const standsIn = !wholeBest || asWhole === wholeBest || (asWhole ? mayStandIn(asWhole, wholeBest) : wholeBest.learned === 0);
      if (questionDecision.kind === 'answer' && standsIn) [hits, decision] = [found.question, questionDecision];
    }
    // An answer its story alone supports, while the question sentences ask something else, is no answer;
    // nor does such a message get a date computed from its story.
    let storyOnly = false;
    if (decision.kind === 'answer' && hits === found.hits && found.question && !answersTheQuestion(decision.hit, found.question, found.questionWords ?? 0)) {
      decision = { kind: 'none', best: hits[0] };
      storyOnly = true;
    }
    let unanswered: readonly string[] | undefined;
    if (decision.kind === 'none' && hits[0] !== undefined && hits[0].foreign.length > 0 && !hits[0].otherProgram) {
      // A message that asks two things, one we answer and one about another subject ("how long do I
      // wait to resit, and also is it worth it for a junior dev job?"): the part we can answer is
      // answered, with a note on the rest.
      const part = this.answerablePart(text);
      if (part) [hits, decision, unanswered] = part;
    }
    // A question about another certification program ("renew my Azure certification") is no date question of ours.
    // ...nor is one that asks about a subject we do not cover ("I failed on Feb 1 and retake on the 20th.
    // Which practice exam provider would you recommend?"), whatever dates its story gives.
    const asksOtherSubject = (hits[0]?.askedForeign === true && decision.kind === 'none') || storyOnly;
    if (this.rules.isPersonal(text) && !this.index().text.namesOtherProgram(text) && !asksOtherSubject) {
      // A dated question that says in so many words what it asks ("I failed SAA-C03 on May 3, when can I
      // retake it?") decides first. Then the entry the search answers with decides: its rule, or none
      // for a static entry, which wins over the rules engine's reading of single words ("fail" in "no
      // pass/fail shown"). A question declined for naming another subject ("my ACM certificate
      // expired") gets no rule; otherwise the question's words decide, the search's best entry helping
      // only when they name a topic and no subject.
      const sure = decision.kind === 'answer' ? decision.hit.entry : undefined;
      const offSubject = decision.kind === 'none' && (hits[0]?.foreign.length ?? 0) > 0;
      const ruleId = this.rules.decisiveRule(text) ?? (sure ? sure.rule : offSubject ? undefined : this.rules.detectRule(text, ruleHint(decision)));
      if (ruleId) return this.dateOutcome(text, clock, ruleId, hits, decision);
    }
    const outcome = this.fromDecision(decision, hits, text);
    if (!unanswered || outcome.reply.kind !== 'answer') return outcome;
    // Recorded with the whole message's coverage, so the part left unanswered shows up in the quality report.
    const best = outcome.best && found.hits[0] ? { ...outcome.best, coverage: Math.min(outcome.best.coverage, found.hits[0].coverage) } : outcome.best;
    return { ...outcome, best, reply: { ...outcome.reply, notes: [...(outcome.reply.notes ?? []), this.wording.partlyAnswered(unanswered)] } };
  }

  /**
   * The first clause of a message asking several things (askedClauses), when it names no other subject
   * and is answered and every later clause names another subject (it is an afterthought: "...and how
   * hard is it honestly"); undefined otherwise.
   */
  private answerablePart(text: string): [FaqHit[], Decision, readonly string[]] | undefined {
    const clauses = askedClauses(text);
    if (!clauses) return undefined;
    const [first, ...rest] = clauses;
    const model = this.index().text;
    if (first === undefined || model.foreignTerms(first).length > 0 || rest.some((c) => model.foreignTerms(c).length === 0)) return undefined;
    const hits = this.index().search(first);
    const decision = decide(hits, this.scale());
    return decision.kind === 'answer' ? [hits, decision, rest] : undefined;
  }

  /**
   * Whether a message continues a date question already answered: a correction ("no, the 24th",
   * "not the lab, the exam") or a short reply naming a credential ("the Associate one"). Anything else
   * is a new message and the remembered question is dropped.
   */
  continuesAnswered(rawText: string): boolean {
    const text = cleanText(rawText);
    if (text.length === 0 || text.length > this.options.maxTextLength) return false;
    return this.rules.isCorrection(text) || this.isShortFill(text);
  }

  /** A short reply that names a credential and asks nothing ("the Associate one", "the lab"). */
  private isShortFill(text: string): boolean {
    return !text.includes('?') && text.split(/\s+/).length <= SHORT_REPLY_WORDS && this.rules.namesSubject(text);
  }

  /** The reply to a message while a date question is pending (the date dialog's turn). */
  continuePending(rawText: string, clock: TurnClock, pending: PendingDate): Outcome {
    const text = cleanText(rawText);
    if (text.length > this.options.maxTextLength) {
      return { reply: { kind: 'notice', text: this.wording.tooLong(this.options.maxTextLength) }, pending, decision: 'notice' };
    }
    if (pending.answered) return this.correct(text, clock, pending) ?? this.answer(text, clock);
    if (pending.candidate && this.rules.isYes(text)) {
      // "Yes": the date we asked about is the one; computed as if the user had typed it.
      const typed = pending.candidate.replace('T', ' at ');
      return this.fromPendingAnswer(this.rules.answer(typed, clock, { ruleId: pending.ruleId, pendingText: pending.question }), pending, clock);
    }
    if (pending.candidate && this.rules.isNo(text)) {
      // "No": not that date; ask the rule's own question.
      const { candidate: _dropped, ...rest } = pending;
      return { reply: { kind: 'askDate', text: `${pending.ask} For example: ${pending.example}`, ruleId: pending.ruleId, entryId: pending.entryId }, pending: rest, decision: 'askDate' };
    }
    if (this.rules.isCancel(text)) return { reply: { kind: 'notice', text: this.wording.dialogCancelled }, decision: 'cancelled' };
    const corrected = this.correct(text, clock, pending);
    if (corrected) return corrected;
    // A new personal question about another rule interrupts: answer it instead.
    const otherRule = this.rules.isPersonal(text) ? this.rules.detectRule(text) : undefined;
    if (otherRule && otherRule !== pending.ruleId) return this.answer(text, clock);

    const result = this.rules.answer(text, clock, { ruleId: pending.ruleId, pendingText: pending.question, ...(pending.month ? { month: pending.month } : {}) });
    if (result.kind !== 'needInput' || result.clarify) return this.fromPendingAnswer(result, pending, clock);

    // No date in the reply: a new question or small talk is answered; anything else is asked again.
    const fresh = this.answer(text, clock);
    // An FAQ question in between is answered and the date question keeps waiting; small talk or a new
    // date question ends (or replaces) it.
    // A reply the search places on the pending question's own entry ("it was online" to the check-in
    // question) refers to that question: it is asked again rather than answered with the same entry.
    if (fresh.decision === 'answer' && fresh.reply.entryId === pending.entryId && !fresh.pending) {
      return { reply: { kind: 'askDate', text: `${pending.ask} For example: ${pending.example}`, ruleId: pending.ruleId, entryId: pending.entryId }, pending, decision: 'askDate' };
    }
    if (fresh.decision === 'answer' || fresh.decision === 'didYouMean') return fresh.pending && !fresh.pending.answered ? fresh : { ...fresh, pending };
    if (fresh.decision !== 'fallback' && fresh.decision !== 'notice') return fresh;
    const attempts = pending.attempts + 1;
    if (attempts > (this.options.maxDateRetries ?? DEFAULT_DATE_RETRIES)) {
      return { reply: { kind: 'notice', text: this.wording.dialogGiveUp }, decision: 'cancelled' };
    }
    return {
      reply: { kind: 'askDate', text: this.wording.dialogRetry(pending.ask, pending.example), ruleId: pending.ruleId, entryId: pending.entryId },
      pending: { ...pending, attempts },
      decision: 'askDate',
    };
  }

  /**
   * A correction of the pending or answered question: another credential ("not the lab, the exam"),
   * another event ("no, I failed it"), another date ("no, the 24th"), or a short reply naming the
   * credential ("the Associate one"). Undefined when the message changes nothing of the question.
   */
  private correct(text: string, clock: TurnClock, pending: PendingDate): Outcome | undefined {
    const fill = this.isShortFill(text);
    // A correction gives a date, or is short and asks nothing ("not the lab, the exam"); "actually, where
    // do I find a test center?" is a new question.
    const short = !text.includes('?') && text.split(/\s+/).length <= SHORT_CORRECTION_WORDS;
    if (!fill && !(this.rules.isCorrection(text) && (short || this.rules.mentionsDate(text)))) return undefined;
    const ruleId = this.rules.correctedRule(pending.ruleId, text);
    const result = this.rules.answer(text, clock, { ruleId, pendingText: pending.question, ...(pending.month ? { month: pending.month } : {}) });
    const ownDate = this.rules.answer(text, clock, { ruleId }).kind !== 'needInput';
    // A correction that changes nothing is a new message; a reply naming the credential fills the question.
    if (ruleId === pending.ruleId && !ownDate && !fill && !(result.kind === 'needInput' && result.clarify)) return undefined;
    if (result.kind !== 'needInput' || result.clarify) return this.fromPendingAnswer(result, { ...pending, ruleId, entryId: result.entryId }, clock);
    const ask = `${result.ask} For example: ${result.example}`;
    return {
      reply: { kind: 'askDate', text: ask, ruleId, entryId: result.entryId },
      pending: { ruleId, entryId: result.entryId, question: pending.question, ask: result.ask, example: result.example, attempts: 0 },
      decision: 'askDate',
    };
  }

  /** The outcome of an answer to a pending (or remembered) question. */
  private fromPendingAnswer(result: DateAnswer, pending: PendingDate, clock: TurnClock): Outcome {
    if (result.kind === 'needInput') {
      if (result.clarify) return this.clarifyOutcome(result, pending.question);
      return { reply: { kind: 'askDate', text: this.wording.dialogRetry(result.ask, result.example), ruleId: result.ruleId, entryId: result.entryId }, pending: { ...pending, attempts: pending.attempts + 1 }, decision: 'askDate' };
    }
    return this.remember(this.fromDateAnswer(result, [], { question: pending.question, clock }), result, pending.question);
  }

  /** One short question about a date the message gave ("Just to be sure: is November 14, 2026 the failed attempt?"). */
  private clarifyOutcome(result: Extract<DateAnswer, { kind: 'needInput' }>, question: string): Outcome {
    const c = result.clarify!;
    const pending: PendingDate = {
      ruleId: result.ruleId,
      entryId: result.entryId,
      question,
      ask: result.ask,
      example: result.example,
      attempts: 0,
      ...(c.candidate ? { candidate: c.candidate } : {}),
      ...(c.month ? { month: c.month } : {}),
    };
    return {
      reply: { kind: 'askDate', text: c.question, ruleId: result.ruleId, entryId: result.entryId, ...(c.quickReplies.length ? { quickReplies: c.quickReplies } : {}) },
      pending,
      decision: 'askDate',
      best: { entryId: result.entryId, coverage: 1, score: 0 },
    };
  }

  /** A computed or rejected date, remembered so that a correction can recompute it. */
  private remember(outcome: Outcome, result: Exclude<DateAnswer, { kind: 'needInput' }>, question: string): Outcome {
    return { ...outcome, pending: { ruleId: result.ruleId, entryId: result.entryId, question, ask: '', example: '', attempts: 0, answered: true } };
  }

  /** The static answer of one entry (a follow-up or did-you-mean choice was picked). */
  answerEntry(entryId: string): Outcome | undefined {
    const entry = this.index().entry(entryId);
    if (!entry) return undefined;
    return { reply: this.staticReply(entry), decision: 'answer', best: { entryId, coverage: 1, score: 0 } };
  }

  welcome(): Reply {
    return { kind: 'welcome', title: this.wording.welcomeTitle, text: this.wording.welcome, examples: this.wording.examples.slice(0, 2) };
  }

  private chitChat(kind: 'greeting' | 'thanks' | 'help' | 'goodbye'): Reply {
    switch (kind) {
      case 'greeting':
        return { kind: 'chitchat', text: this.wording.greeting, examples: this.wording.examples };
      case 'help':
        return { kind: 'chitchat', text: this.wording.help, examples: this.wording.examples };
      case 'thanks':
        return { kind: 'chitchat', text: this.wording.thanks };
      case 'goodbye':
        return { kind: 'chitchat', text: this.wording.goodbye };
    }
  }

  private dateOutcome(text: string, clock: TurnClock, ruleId: string, hits: readonly FaqHit[], d: Decision): Outcome {
    const result = this.rules.answer(text, clock, { ruleId });
    // The search is sure of another entry that computes nothing: it answers better than a dialog when no
    // day was given ("I failed sometime last month, where can I look up the day?"), and better than
    // reading the date given as a credential's expiry ("our vouchers expire at the end of this month").
    const staticBetter = d.kind === 'answer' && d.hit.entry.id !== result.entryId && !d.hit.entry.rule;
    if (result.kind === 'rejected' && result.reason === 'expiryGiven' && staticBetter) return this.fromDecision(d, hits, text);
    if (result.kind !== 'needInput') return this.remember(this.fromDateAnswer(result, hits, { question: text, clock }), result, text);
    if (result.clarify?.month && staticBetter) return this.fromDecision(d, hits, text);
    if (result.clarify) {
      const clarifying = this.clarifyOutcome(result, text);
      // A month without a day: the general answer first, as for a missing date, then the question.
      const entry = result.clarify.month ? this.index().entry(result.entryId) : undefined;
      if (!entry) return clarifying;
      return {
        ...clarifying,
        reply: { ...clarifying.reply, title: entry.question, text: `${entry.answer}\n\n${this.wording.ownDate(result.clarify.question)}`, source: this.sourceOf(entry) },
      };
    }
    // No date given, and the search is sure of another entry that computes nothing ("how do I find
    // the date I failed my microcredential?"): that entry answers the question better than a dialog.
    if (staticBetter) return this.fromDecision(d, hits, text);
    const entry = this.index().entry(result.entryId);
    const pending: PendingDate = { ruleId, entryId: result.entryId, question: text, ask: result.ask, example: result.example, attempts: 0 };
    // The general answer first, then the question for the user's date.
    const reply: Reply = {
      kind: 'askDate',
      title: entry?.question,
      text: entry ? `${entry.answer}\n\n${this.wording.ownDate(`${result.ask} For example: ${result.example}`)}` : `${result.ask} For example: ${result.example}`,
      source: entry ? this.sourceOf(entry) : undefined,
      entryId: result.entryId,
      ruleId,
    };
    return { reply, pending, decision: 'askDate', best: { entryId: result.entryId, coverage: 1, score: 0 } };
  }

  private fromDateAnswer(result: Exclude<DateAnswer, { kind: 'needInput' }>, hits: readonly FaqHit[], asked: { question: string; clock: TurnClock }): Outcome {
    const entry = this.index().entry(result.entryId);
    const source = entry ? this.sourceOf(entry) : undefined;
    const best = { entryId: result.entryId, coverage: hits[0]?.coverage ?? 1, score: hits[0]?.score ?? 0 };
    if (result.kind === 'rejected') {
      return {
        reply: { kind: 'notice', text: result.message, source, entryId: result.entryId, ruleId: result.ruleId },
        decision: 'rejected',
        best,
      };
    }
    return {
      reply: {
        kind: 'computed',
        title: result.headline,
        text: result.headline,
        facts: result.facts,
        notes: result.notes,
        source: source ?? { label: this.wording.sourceLabel, url: result.sourceUrl },
        followUps: entry ? this.followUps(entry) : undefined,
        feedbackFor: result.entryId,
        entryId: result.entryId,
        ruleId: result.ruleId,
        ...datedOf(result, asked, source?.label),
      },
      decision: 'computed',
      best,
    };
  }

  private fromDecision(d: Decision, hits: readonly FaqHit[], question?: string): Outcome {
    const best = hits[0] ? { entryId: hits[0].entry.id, coverage: hits[0].coverage, score: hits[0].score } : undefined;
    switch (d.kind) {
      case 'answer':
        return { reply: this.staticReply(d.hit.entry, question), decision: 'answer', best };
      case 'didYouMean':
        return {
          reply: { kind: 'didYouMean', text: this.wording.didYouMean, choices: d.hits.map((h) => this.offer(h.entry)) },
          decision: 'didYouMean',
          best,
        };
      case 'none':
        return { reply: this.fallback(hits[0]), decision: 'fallback', best };
    }
  }

  /**
   * The reply when nothing answers: an out-of-scope subject's own redirect when the message is on one
   * (out-of-scope.json "reply"), the pack's "not covered" wording for a subject it names without a
   * redirect, else the plain fallback; each with the support link.
   */
  private fallback(best: FaqHit | undefined): Reply {
    const w = this.wording;
    const support = this.supportUrl;
    const links = support ? [{ label: w.fallbackLink, url: support }] : [];
    const subjectId =
      best && best.outOfScopeSubject !== undefined && (best.outOfScopeSubjectP ?? 0) >= OUT_OF_SCOPE_SUBJECT_MIN
        ? best.outOfScopeSubject
        : best?.foreign.find((f) => f.startsWith('['))?.slice(1, -1);
    const subject = subjectId === undefined ? undefined : this.index().pack.outOfScope.subjects.find((x) => x.id === subjectId);
    if (subject?.reply) {
      return { kind: 'fallback', text: `${w.redirectIntro} ${subject.reply}`, source: subject.source, links, outOfScopeSubject: subject.id };
    }
    if (subject) return { kind: 'fallback', text: w.notCovered, links, outOfScopeSubject: subject.id };
    return { kind: 'fallback', text: w.fallback, links };
  }

  /** An entry's answer: its one variant that matches the question (FaqEntry.variants), or its own answer. */
  private staticReply(entry: FaqEntry, question?: string): Reply {
    const matching = question === undefined ? [] : (entry.variants ?? []).filter((v) => variantPattern(v.when).test(question));
    return {
      kind: 'answer',
      title: entry.question,
      text: matching.length === 1 ? matching[0]!.answer : entry.answer,
      source: this.sourceOf(entry),
      followUps: this.followUps(entry),
      feedbackFor: entry.id,
      entryId: entry.id,
      ruleId: entry.rule,
    };
  }

  private sourceOf(entry: FaqEntry): { label: string; url: string } {
    return { label: entry.sourceLabel ?? this.wording.sourceLabel, url: entry.source };
  }

  private offer(entry: FaqEntry): Offer {
    return { entryId: entry.id, question: entry.question };
  }

  private followUps(entry: FaqEntry): Offer[] {
    const index = this.index();
    return (entry.related ?? [])
      .map((id) => index.entry(id))
      .filter((e): e is FaqEntry => e !== undefined)
      .slice(0, MAX_FOLLOW_UPS)
      .map((e) => this.offer(e));
  }
}

/** Compiled variant patterns (FaqEntry.variants), by source. */
const variantPatterns = new Map<string, RegExp>();
function variantPattern(source: string): RegExp {
  let re = variantPatterns.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    if (variantPatterns.size < 1000) variantPatterns.set(source, re);
  }
  return re;
}

/** The computed dates a user can be reminded of (Reply.dated), when the rules engine gave its outcome. */
function datedOf(result: Extract<DateAnswer, { kind: 'computed' }>, asked: { question: string; clock: TurnClock }, sourceLabel?: string): Pick<Reply, 'dated'> {
  if (!result.outcome) return {};
  const dated = datedItems(result.outcome, { question: asked.question, timeZone: asked.clock.timeZone, locale: asked.clock.locale, sourceLabel });
  return dated.length ? { dated } : {};
}

/** The rule of the best acceptable hit, as a hint for the rules engine's own reading of the words. */
function ruleHint(d: Decision): string | undefined {
  if (d.kind === 'answer') return d.hit.entry.rule;
  if (d.kind === 'didYouMean') return d.hits.find((h) => h.entry.rule)?.entry.rule;
  return undefined;
}
