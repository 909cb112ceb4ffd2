/**
 * Numbers written once: a rule's offsets hold its numbers, and texts quote them by placeholder.
 * In a rule's texts `{{n:<offset key>}}` is the rule's own number with its unit ("14 days"), and
 * `{{rule:<rule id>.<offset key>}}` another rule's; an entry's answer uses the second form
 * (knowledge/pack.ts). An edit to one number then changes every sentence that quotes it.
 */

const UNIT_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  years: ['year', 'years'],
  businessDays: ['business day', 'business days'],
  hours: ['hour', 'hours'],
  minutes: ['minute', 'minutes'],
};

/** `{{rule:<rule id>.<offset key>}}`. */
const RULE_PLACEHOLDER = /\{\{\s*rule:([a-z0-9-]+)\.([a-z0-9-]+)\s*\}\}/g;

type RawOffset = { key?: unknown; amount?: unknown; unit?: unknown };

/** "14 days" for an offset of the raw rules JSON, or undefined when it is not well formed. */
export function offsetPhrase(o: RawOffset | undefined): string | undefined {
  if (!o || typeof o.amount !== 'number' || typeof o.unit !== 'string') return undefined;
  const [one, many] = UNIT_WORDS[o.unit] ?? [o.unit, o.unit];
  return `${o.amount} ${o.amount === 1 ? one : many}`;
}

/**
 * The rules file with its number placeholders filled: in any text of a rule, `{{n:<offset key>}}` is that
 * rule's own number with its unit and `{{rule:<id>.<key>}}` another rule's, so a number is written once
 * (in `offsets`) and every sentence that quotes it follows an edit. Unknown placeholders are left for
 * the rule validation to report.
 */
export function fillRuleTexts(json: unknown): unknown {
  const list = (json as { rules?: unknown }).rules;
  if (!Array.isArray(list)) return json;
  const offsetsOf = new Map<string, RawOffset[]>();
  for (const r of list as Array<{ id?: unknown; offsets?: unknown }>) {
    if (typeof r?.id === 'string' && Array.isArray(r.offsets)) offsetsOf.set(r.id, r.offsets as RawOffset[]);
  }
  const fill = (value: unknown, own: RawOffset[]): unknown => {
    if (typeof value === 'string') {
      return value
        .replace(/\{\{\s*n:([a-z0-9-]+)\s*\}\}/g, (m, key: string) => offsetPhrase(own.find((o) => o.key === key)) ?? m)
        .replace(RULE_PLACEHOLDER, (m, id: string, key: string) => offsetPhrase(offsetsOf.get(id)?.find((o) => o.key === key)) ?? m);
    }
    if (Array.isArray(value)) return value.map((v) => fill(v, own));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, own)]));
    return value;
  };
  return { ...(json as object), rules: list.map((r: { offsets?: unknown }) => fill(r, Array.isArray(r?.offsets) ? (r.offsets as RawOffset[]) : [])) };
}

