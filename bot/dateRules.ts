/**
 * The rules engine (rules/, pure, no botbuilder) as the answer pipeline's DateRules port. The rules come
 * from the content pack (its rules.json, validated and reloaded with the rest of the pack): a pack
 * without rules computes no dates, and a rule the pack does not define is never chosen.
 */
import { answerDateQuestion, loadRules, type RuleSet } from '../rules/answer';
import { bundledVocabulary, type EventVocabulary } from '../rules/events';
import { asksWhen, correctedRule, DECISIVE_TOPICS, DECISIVE_WHEN_TOPICS, detectRule, isPersonal, mentionsDate, subjectNamed } from '../rules/intent';
import { isRuleId } from '../rules/schema';
import type { DateRules } from './pipeline';

/** `rules`: the current pack's rules (a function, so a reloaded pack's rules are used from its next turn). */
export function createDateRules(rules: () => RuleSet = bundledRules(), eventsOf: () => EventVocabulary | undefined = () => undefined): DateRules {
  const fallbackEvents = bundledVocabulary();
  // The current pack's event words (events.json), else the bundled ones.
  const ev = (): EventVocabulary => eventsOf() ?? fallbackEvents;
  const known = (id: string | undefined): string | undefined => (id !== undefined && rules().has(id as never) ? id : undefined);
  return {
    isPersonal: (text) => rules().size > 0 && isPersonal(text),
    isCancel: (text) => ev().isCancel(text),
    isYes: (text) => ev().isYes(text),
    isNo: (text) => ev().isNo(text),
    isCorrection: (text) => ev().isCorrection(text),
    mentionsDate,
    namesSubject: (text) => subjectNamed(text) !== undefined,
    correctedRule: (previous, text) => (isRuleId(previous) ? known(correctedRule(previous, text)) ?? previous : previous),
    detectRule: (text, hint) => known(detectRule(text, hint)?.ruleId),
    decisiveRule: (text) => {
      if (rules().size === 0) return undefined;
      const d = detectRule(text);
      if (!d || d.decidedBy !== 'words' || !d.topic || !mentionsDate(text)) return undefined;
      return known(DECISIVE_TOPICS.has(d.topic) || (DECISIVE_WHEN_TOPICS.has(d.topic) && asksWhen(text)) ? d.ruleId : undefined);
    },
    answer: (text, clock, opts) => {
      if (!isRuleId(opts.ruleId) || !rules().has(opts.ruleId)) throw new Error(`rules: unknown rule "${opts.ruleId}"`);
      return answerDateQuestion(text, clock, { ruleId: opts.ruleId, pendingText: opts.pendingText, month: opts.month, rules: rules(), events: ev() });
    },
  };
}

function bundledRules(): () => RuleSet {
  let cached: RuleSet | undefined;
  return () => (cached ??= loadRules());
}
