/**
 * The pack's catalogue (catalogue.json): the named things its date rules talk about (products, courses,
 * credentials...) with their codes, short names and groups. A rule with a per-group answer picks its
 * offset by the group of the item named; answers word the item with the catalogue's own phrase.
 * The engine knows no item: swap the file and the same code finds another organisation's names.
 */
import { z } from 'zod';
import { formatPath } from './schema';

const GROUP = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TEXT = 2000;

const ItemSchema = z
  .object({
    /** The current code; for an item in a version change, the first of `codes`. */
    code: z.string().trim().min(1).max(40),
    /** Every code the item is known by (defaults to [code]). */
    codes: z.array(z.string().trim().min(1).max(40)).optional(),
    /** The full name, as answers show it. */
    name: z.string().trim().min(2).max(120),
    /** The group the item belongs to (a per-group rule has one offset per group). */
    group: z.string().regex(GROUP, 'must be lower-case words joined by hyphens').optional(),
    /** Lower-case phrases that name the item (its full name in other words, short names). */
    aliases: z.array(z.string().trim().min(2).max(80)).default([]),
  })
  .strict();

export const CatalogueFileSchema = z
  .object({
    $comment: z.string().optional(),
    $schema: z.string().optional(),
    /** Fact label of the item in a computed answer ("Product"). */
    label: z.string().trim().min(2).max(40),
    /** How an answer words a named item: {name} and {code}. */
    phrase: z.string().trim().min(2).includes('{name}'),
    /** How an answer words the item when none was named. */
    none: z.string().trim().min(2),
    /** A regular expression for codes in general, even unlisted ones (marks the catalogue's subject). */
    codePattern: z.string().min(1).optional(),
    /**
     * Short names (up to `maxLength` characters) count only next to one of `after` ("xyz exam") or after
     * one of `before` ("passed xyz", "my xyz"): alone they are too often ordinary words.
     */
    shortNames: z
      .object({
        maxLength: z.number().int().min(1).max(10),
        before: z.array(z.string().min(1)).default([]),
        after: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .optional(),
    items: z.array(ItemSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const codes = new Map<string, number>();
    file.items.forEach((item, i) => {
      for (const c of item.codes ?? [item.code]) {
        const k = c.toUpperCase();
        if (codes.has(k)) ctx.addIssue({ code: 'custom', path: ['items', i, 'codes'], message: `code "${c}" is also item ${codes.get(k)}'s` });
        codes.set(k, i);
      }
      if (item.codes && !item.codes.map((c) => c.toUpperCase()).includes(item.code.toUpperCase())) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'codes'], message: `must include the code "${item.code}"` });
      }
    });
    for (const [path, source] of [
      [['codePattern'], file.codePattern],
      ...(file.shortNames?.before ?? []).map((s, i) => [['shortNames', 'before', i], s] as const),
      ...(file.shortNames?.after ?? []).map((s, i) => [['shortNames', 'after', i], s] as const),
    ] as const) {
      if (source === undefined) continue;
      try {
        new RegExp(source, 'i');
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: [...path], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
  });

export type CatalogueFile = z.infer<typeof CatalogueFileSchema>;

/** An item of the catalogue, as rules and answers see it. */
export interface CatalogueItem {
  readonly code: string;
  readonly codes: readonly string[];
  readonly name: string;
  readonly group?: string;
}

export class CatalogueLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueLoadError';
  }
}

interface Pattern {
  readonly item: CatalogueItem;
  readonly phrase: string;
  /** A short name: the contexts it must stand in, compiled once. */
  readonly context?: RegExp;
}

/** Lower case, anything but letters and digits a single space, padded with spaces. */
function normalise(text: string): string {
  return ` ${text
    .slice(0, MAX_TEXT)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Catalogue {
  readonly items: readonly CatalogueItem[];
  /** The groups items belong to, in order of first use. */
  readonly groups: readonly string[];
  private readonly patterns: readonly Pattern[];
  private readonly codeRe?: RegExp;

  constructor(private readonly file: CatalogueFile) {
    this.items = file.items.map((i) => ({ code: i.code, codes: i.codes ?? [i.code], name: i.name, ...(i.group ? { group: i.group } : {}) }));
    this.groups = [...new Set(this.items.flatMap((i) => (i.group ? [i.group] : [])))];
    if (file.codePattern) this.codeRe = new RegExp(file.codePattern, 'i');
    const short = file.shortNames;
    const patterns: Pattern[] = [];
    file.items.forEach((def, n) => {
      const item = this.items[n]!;
      const phrases = new Set<string>();
      for (const code of item.codes) {
        phrases.add(normalise(code).trim());
        phrases.add(normalise(code).trim().replace(/ /g, ''));
      }
      for (const alias of def.aliases) phrases.add(normalise(alias).trim());
      phrases.add(normalise(item.name).trim());
      for (const phrase of phrases) {
        if (!phrase) continue;
        if (short && phrase.length <= short.maxLength && !phrase.includes(' ')) {
          const after = short.after.length ? ` ${escape(phrase)} (?:${short.after.join('|')})(?= )` : undefined;
          const before = short.before.length ? ` (?:${short.before.join('|')}) ${escape(phrase)} ` : undefined;
          const alts = [after, before].filter((s): s is string => s !== undefined);
          if (alts.length) patterns.push({ item, phrase, context: new RegExp(alts.join('|'), 'i') });
          continue;
        }
        patterns.push({ item, phrase });
      }
    });
    // Longest phrase first, so a longer name beats the shorter one it contains.
    this.patterns = patterns.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  /** The fact label of an item in a computed answer. */
  get label(): string {
    return this.file.label;
  }

  /** The item a text names, by code ("ABC-C01", "abc c01", "abcc01"), name, alias or short name in context. */
  find(text: string): CatalogueItem | undefined {
    if (this.patterns.length === 0) return undefined;
    const norm = normalise(text);
    for (const p of this.patterns) {
      if (p.context) {
        if (p.context.test(norm)) return p.item;
      } else if (norm.includes(` ${p.phrase} `)) {
        return p.item;
      }
    }
    return undefined;
  }

  /** Whether the text holds something shaped like a code, listed or not. */
  mentionsCode(text: string): boolean {
    return this.codeRe !== undefined && this.codeRe.test(text.slice(0, MAX_TEXT));
  }

  /** The item with this code (any of its versions), case-insensitive. */
  byCode(code: string): CatalogueItem | undefined {
    const c = code.toUpperCase();
    return this.items.find((i) => i.codes.some((x) => x.toUpperCase() === c));
  }

  /** An item in an answer's words ("the Widget Pro course (WP-1)"), or the words for none named. */
  phrase(item: CatalogueItem | undefined): string {
    return item ? this.file.phrase.replace(/\{name\}/g, item.name).replace(/\{code\}/g, item.code) : this.file.none;
  }
}

/** A pack without a catalogue names no items. */
export const EMPTY_CATALOGUE = new Catalogue({ label: 'Item', phrase: '{name}', none: 'it', items: [] });

/** Validates catalogue data; `file` names it in errors. */
export function parseCatalogue(data: unknown, file: string): Catalogue {
  const parsed = CatalogueFileSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CatalogueLoadError(`catalogue: ${file}: ${formatPath(i.path)}: ${i.message}`);
  }
  return new Catalogue(parsed.data);
}
