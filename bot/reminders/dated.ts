/**
 * The dates of a computed answer as things to remember (Reply.dated): one DatedItem per computed
 * result still ahead of the user. Built from the rule engine's structured outcome only (ISO dates,
 * answer kind, offset keys): nothing here knows which rules exist.
 */
import { createHash } from 'node:crypto';
import type { ComputedDate, RuleOutcome } from '../../rules/engine';
import { formatDateTime } from '../../rules/format';
import type { AnswerKind } from '../../rules/schema';
import type { DatedItem } from '../reply';

/** Longest question kept with an item (it travels in state, reminders and calendar links). */
export const MAX_ITEM_QUESTION = 200;
/** At most this many dates of one answer are offered. */
export const MAX_DATED_ITEMS = 4;

/**
 * Which results of an answer kind are deadlines (the last day or moment to act), by the engine's own
 * answer kinds (rules/schema.ts ANSWER_STATES): a deadline or an expiry is; of a window, its end is.
 */
function isDeadline(answer: AnswerKind, result: ComputedDate, first: ComputedDate | undefined): boolean {
  switch (answer) {
    case 'deadline':
    case 'expiresOn':
      return true;
    case 'window':
    case 'windowOpens':
      return result !== first && result.key !== 'opens';
    default:
      return false;
  }
}

export interface DatedContext {
  readonly question: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly sourceLabel?: string;
}

/** A short stable reference for an item: the same date of the same rule and question gives the same ref. */
export function itemRef(parts: Pick<DatedItem, 'ruleId' | 'key' | 'date' | 'time' | 'timeZone' | 'question'>): string {
  return createHash('sha256')
    .update([parts.ruleId, parts.key, parts.date, parts.time ?? '', parts.timeZone, parts.question].join('\u0000'))
    .digest('base64url')
    .slice(0, 16);
}

export function clipQuestion(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_ITEM_QUESTION ? flat : `${flat.slice(0, MAX_ITEM_QUESTION - 1)}…`;
}

/** The dated items of a rule outcome: results not yet past, each with its deadline flag. */
export function datedItems(outcome: RuleOutcome, ctx: DatedContext): DatedItem[] {
  const question = clipQuestion(ctx.question);
  const first = outcome.results[0];
  return outcome.results
    .filter((r) => r.status !== 'past' && (r.minutesFromNow === undefined || r.minutesFromNow > 0))
    .slice(0, MAX_DATED_ITEMS)
    .map((r) => {
      const base = {
        key: r.key,
        label: r.label,
        date: r.date,
        ...(r.time ? { time: r.time } : {}),
        timeZone: ctx.timeZone,
        ruleId: outcome.ruleId,
        question,
      };
      return {
        ...base,
        ref: itemRef(base),
        deadline: isDeadline(outcome.answer, r, first),
        ruleText: outcome.ruleText,
        sourceUrl: outcome.sourceUrl,
        ...(ctx.sourceLabel ? { sourceLabel: ctx.sourceLabel } : {}),
        display: formatDateTime(r.date, r.time, ctx.locale),
      };
    });
}
