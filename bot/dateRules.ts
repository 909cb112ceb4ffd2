/**
 * The rules engine (rules/, pure, no botbuilder) as the answer pipeline's DateRules port. Everything comes
 * from the content pack (its rules.json with the triggers that select a rule, catalogue.json and
 * events.json, validated and reloaded with the rest of the pack): a pack without rules computes no
 * dates, and a rule the pack does not define is never chosen.
 */
import { answerDateQuestion, type RuleSet } from '../rules/answer';
import type { Catalogue } from '../rules/catalogue';
import { NEUTRAL_EVENTS, type EventVocabulary } from '../rules/events';
import { asksWhen, EMPTY_TRIGGERS, mentionsDate, type Triggers } from '../rules/triggers';
import type { DateRules } from './pipeline';

/** The parts of a content pack the date rules use (a ContentPack is one). */
export interface DateRuleBook {
  readonly rules: RuleSet;
  readonly triggers?: Triggers;
  readonly catalogue?: Catalogue;
  readonly events?: EventVocabulary;
}

/** `book`: the current pack (a function, so a reloaded pack's rules are used from its next turn). */
export function createDateRules(book: () => DateRuleBook): DateRules {
  const ev = (): EventVocabulary => book().events ?? NEUTRAL_EVENTS;
  const known = (id: string | undefined): string | undefined => (id !== undefined && book().rules.has(id) ? id : undefined);
  const isRule = (id: string): boolean => book().rules.has(id);
  // A pack with rules but no triggers: only the matched entry's rule is used (the hint), never the words.
  const triggers = (): Triggers => book().triggers ?? EMPTY_TRIGGERS;
  return {
    isPersonal: (text) => {
      return book().rules.size > 0 && triggers().isPersonal(text);
    },
    isCancel: (text) => ev().isCancel(text),
    isYes: (text) => ev().isYes(text),
    isNo: (text) => ev().isNo(text),
    isCorrection: (text) => ev().isCorrection(text),
    mentionsDate,
    namesSubject: (text) => triggers().subjectOf(text) !== undefined,
    correctedRule: (previous, text) => {
      return isRule(previous) ? (known(triggers().corrected(previous, text)) ?? previous) : previous;
    },
    detectRule: (text, hint) => known(triggers().detect(text, hint, isRule)?.ruleId),
    decisiveRule: (text) => {
      if (book().rules.size === 0) return undefined;
      const d = triggers().detect(text, undefined, isRule);
      if (!d || d.decidedBy !== 'words' || !d.topic || !mentionsDate(text)) return undefined;
      return known(d.decisive === 'always' || (d.decisive === 'whenAsked' && asksWhen(text)) ? d.ruleId : undefined);
    },
    answer: (text, clock, opts) => {
      const b = book();
      if (!b.rules.has(opts.ruleId)) throw new Error(`rules: unknown rule "${opts.ruleId}"`);
      return answerDateQuestion(text, clock, {
        ruleId: opts.ruleId,
        pendingText: opts.pendingText,
        month: opts.month,
        rules: b.rules,
        events: ev(),
        ...(b.catalogue ? { catalogue: b.catalogue } : {}),
        ...(b.triggers ? { triggers: b.triggers } : {}),
      });
    },
  };
}
