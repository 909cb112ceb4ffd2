/**
 * The rules engine (rules/, pure, no botbuilder) as the answer pipeline's DateRules port. The rules
 * file is validated once, here, at start: a bad rule stops the start with its named error.
 */
import { answerDateQuestion, loadRules, type RuleSet } from '../rules/answer';
import { asksWhen, DECISIVE_TOPICS, DECISIVE_WHEN_TOPICS, detectRule, isPersonal, mentionsDate } from '../rules/intent';
import { isRuleId } from '../rules/schema';
import type { DateRules } from './pipeline';

export function createDateRules(rules: RuleSet = loadRules()): DateRules {
  return {
    isPersonal,
    detectRule: (text, hint) => detectRule(text, hint)?.ruleId,
    decisiveRule: (text) => {
      // "my voucher expires at the end of the month" is about the voucher, not a credential.
      if (/\bvouchers?\b/i.test(text)) return undefined;
      const d = detectRule(text);
      if (!d || d.decidedBy !== 'words' || !d.topic || !mentionsDate(text)) return undefined;
      return DECISIVE_TOPICS.has(d.topic) || (DECISIVE_WHEN_TOPICS.has(d.topic) && asksWhen(text)) ? d.ruleId : undefined;
    },
    answer: (text, clock, opts) => {
      if (!isRuleId(opts.ruleId)) throw new Error(`rules: unknown rule "${opts.ruleId}"`);
      return answerDateQuestion(text, clock, { ruleId: opts.ruleId, pendingText: opts.pendingText, rules });
    },
  };
}
