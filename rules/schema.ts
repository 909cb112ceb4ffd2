/**
 * The shape of rules/rules.json: every date rule as data, validated at load. A bad rule stops the start
 * with `rules: <file> rule "<id>": <field>: <problem>`. Adding a rule with a new offset is a data edit:
 * the engine only knows the answer kinds below.
 */
import { z } from 'zod';

/** A rule id: lower-case words joined by hyphens, chosen by the pack. */
export type RuleId = string;

export const UNITS = ['days', 'weeks', 'months', 'years', 'businessDays', 'hours', 'minutes'] as const;
export type OffsetUnit = (typeof UNITS)[number];
export const CLOCK_UNITS: readonly OffsetUnit[] = ['hours', 'minutes'];

/**
 * Answer kinds and the headline states each must word. The engine decides the state; the data words it.
 * - retakeFrom: input + offset is the first day the thing can be done again.
 * - expiresOn: input + offset is the expiry date.
 * - dueBy: input + offset is the day something should have arrived.
 * - deadline: input +/- offset is the last moment to act (date or date-time).
 * - windowOpens: a window from offset "opens" to offset conditions.onlyBefore (exclusive).
 * - window: a date-time window from offset "opens" to offset "closes" (inclusive), e.g. check-in.
 * - perGroup: one offset per catalogue group; the item named picks its group's, none named shows all.
 * - age: the age on the event day (second date, default today) against `ages`.
 */
export const ANSWER_STATES = {
  retakeFrom: ['future', 'today', 'now'],
  expiresOn: ['future', 'today', 'past'],
  dueBy: ['future', 'today', 'past'],
  deadline: ['future', 'today', 'past'],
  windowOpens: ['notYet', 'open', 'closed'],
  window: ['notYet', 'open', 'closed'],
  perGroup: ['itemFuture', 'itemPast', 'allGroups'],
  age: ['underMin', 'consent', 'adult'],
} as const;
export type AnswerKind = keyof typeof ANSWER_STATES;
export const ANSWER_KINDS = Object.keys(ANSWER_STATES) as AnswerKind[];

/** Placeholders every headline/note may use, besides each offset key (and "<key>.rel"). */
export const BASE_PLACEHOLDERS = ['date', 'rel', 'input', 'today', 'item', 'age', 'eventDate'] as const;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const OffsetSchema = z
  .object({
    key: z.string().regex(KEY, 'must be lower-case words joined by hyphens'),
    amount: z.number().int().min(0).max(1200),
    unit: z.enum(UNITS),
    direction: z.enum(['after', 'before']),
    /** Fact label of the result, e.g. "Retake from". */
    label: z.string().trim().min(3),
    /** For perGroup: the catalogue group this offset applies to. */
    group: z.string().regex(KEY, 'must be lower-case words joined by hyphens').optional(),
    /** Rule text when only this offset applies (an item of its group was named). */
    describe: z.string().trim().min(5).optional(),
  })
  .strict();

const InputSchema = z
  .object({
    kind: z.enum(['date', 'datetime', 'birthDate']),
    /** The event in words, e.g. "failed attempt". */
    event: z.string().trim().min(3),
    /** Fact label of the input, e.g. "Failed attempt". */
    label: z.string().trim().min(3),
    tense: z.enum(['past', 'future', 'any']),
    /**
     * A past event that may also be asked about ahead of time ("my exam is on Friday, when will results
     * come?"): a question worded in the future tense reads its date as a coming one, and a date given in
     * the future is computed from, not rejected.
     */
    upcoming: z.boolean().optional(),
    /** The question asked when the date is missing: ends with "?" and says "when" or "date". */
    ask: z
      .string()
      .trim()
      .regex(/\?$/, 'must be a question ending with "?"')
      .regex(/\b(when|date)\b/i, 'must contain "when" or "date"'),
    example: z.string().trim().min(3),
  })
  .strict();

const StateText = z.record(z.string(), z.string().trim().min(10));
const StateNotes = z.record(z.string(), z.array(z.string().trim().min(10)));

export const RuleSchema = z
  .object({
    id: z.string().regex(ID, 'must be lower-case words joined by hyphens'),
    /** The knowledge entry the rule is grounded in. */
    entry: z.string().regex(ID, 'must be lower-case words joined by hyphens'),
    sourceUrl: z.url({ protocol: /^https$/ }),
    title: z.string().trim().min(5),
    answer: z.enum(ANSWER_KINDS as [AnswerKind, ...AnswerKind[]]),
    input: InputSchema,
    offsets: z.array(OffsetSchema),
    /** The rule in words, with its number: "25 days after a failed attempt". */
    describe: z.string().trim().regex(/\d/, 'must state the number of the rule'),
    conditions: z
      .object({
        /** The window closes (exclusive) at this offset: "only while still valid". */
        onlyBefore: z.string().regex(KEY),
        describe: z.string().trim().min(5),
      })
      .strict()
      .optional(),
    ages: z
      .object({
        consentFrom: z.number().int().min(1).max(30),
        adultAt: z.number().int().min(1).max(30),
        /** Fact labels of the day the age counts on and of the age on it. */
        eventLabel: z.string().trim().min(3).default('Event day'),
        ageLabel: z.string().trim().min(3).default('Age on the day'),
      })
      .strict()
      .optional(),
    /**
     * For rules computed from the date something was obtained: a date given as its expiry ("it expires on
     * May 3") is not computed from. `future`/`past` word what that means ({date}, {rel}); `pastEntry` is
     * the entry an expired one belongs to (its follow-ups and quality records go there).
     */
    expiryGiven: z
      .object({ future: z.string().trim().min(10), past: z.string().trim().min(10), pastEntry: z.string().regex(ID).optional() })
      .strict()
      .optional(),
    headline: StateText,
    notes: StateNotes.optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    const keys = rule.offsets.map((o) => o.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) issue(['offsets', i, 'key'], `duplicate key "${k}"`);
    });
    rule.offsets.forEach((o, i) => {
      const clock = CLOCK_UNITS.includes(o.unit);
      if (clock && rule.input.kind !== 'datetime') issue(['offsets', i, 'unit'], `"${o.unit}" needs a datetime input`);
    });
    const states: readonly string[] = ANSWER_STATES[rule.answer];
    const required = rule.input.kind === 'datetime' ? [...states, 'noTime'] : [...states];
    for (const s of required) if (!rule.headline[s]) issue(['headline', s], 'missing');
    for (const s of Object.keys(rule.headline)) if (!required.includes(s)) issue(['headline', s], `unknown state (expected ${required.join(', ')})`);
    for (const s of Object.keys(rule.notes ?? {})) if (s !== 'all' && !required.includes(s)) issue(['notes', s], 'unknown state');
    const needKeys: Partial<Record<AnswerKind, string[]>> = { windowOpens: ['opens'], window: ['opens', 'closes'] };
    for (const k of needKeys[rule.answer] ?? []) if (!keys.includes(k)) issue(['offsets'], `needs an offset with key "${k}"`);
    if (rule.answer === 'windowOpens' && !rule.conditions) issue(['conditions'], 'windowOpens needs conditions.onlyBefore');
    if (rule.conditions && !keys.includes(rule.conditions.onlyBefore)) issue(['conditions', 'onlyBefore'], `no offset "${rule.conditions.onlyBefore}"`);
    if (rule.answer === 'perGroup') {
      rule.offsets.forEach((o, i) => {
        if (!o.group) issue(['offsets', i, 'group'], 'a perGroup rule needs a group on every offset');
        else if (rule.offsets.findIndex((x) => x.group === o.group) !== i) issue(['offsets', i, 'group'], `duplicate group "${o.group}"`);
      });
      if (rule.offsets.length === 0) issue(['offsets'], 'needs at least one offset');
    } else if (rule.answer === 'age') {
      if (!rule.ages) issue(['ages'], 'an age rule needs ages');
      else if (rule.ages.adultAt <= rule.ages.consentFrom) issue(['ages', 'adultAt'], 'must be above consentFrom');
    } else if (rule.offsets.length === 0) {
      issue(['offsets'], 'needs at least one offset');
    }
    const allowed = new Set<string>([...BASE_PLACEHOLDERS, ...keys, ...keys.map((k) => `${k}.rel`)]);
    const texts: [(string | number)[], string][] = [
      ...Object.entries(rule.headline).map(([s, t]): [(string | number)[], string] => [['headline', s], t]),
      ...Object.entries(rule.notes ?? {}).flatMap(([s, list]) => list.map((t, i): [(string | number)[], string] => [['notes', s, i], t])),
    ];
    for (const [path, text] of texts) {
      for (const m of text.matchAll(/\{([^}]*)\}/g)) if (!allowed.has(m[1])) issue(path, `unknown placeholder {${m[1]}}`);
    }
  });

export const RulesFileSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.array(z.unknown()).min(1),
    /** What selects each rule (rules/triggers.ts). */
    triggers: z.unknown().optional(),
  })
  .strict();

export type Rule = z.infer<typeof RuleSchema>;
export type RuleOffset = z.infer<typeof OffsetSchema>;
export type RuleInput = z.infer<typeof InputSchema>;

/** Formats a zod issue path as "headline.future" / "offsets[0].unit". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(rule)';
}
