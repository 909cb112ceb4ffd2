/**
 * The shape of a entries file of a content pack (knowledge/aws/*.json). Data only: every entry is validated here at
 * start, and a bad entry stops the start with the file, entry id and field in the message.
 * `npm run kb:schema` writes knowledge/schemas/faq.schema.json from this schema so editors check the files.
 */
import { z } from 'zod';

export const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const FaqEntrySchema = z
  .object({
    id: z.string().regex(ENTRY_ID, 'must be lower-case words joined by hyphens'),
    /** The pack's own topic name (lower-case words joined by hyphens): entries are grouped by it. */
    topic: z.string().regex(ENTRY_ID, 'must be lower-case words joined by hyphens'),
    question: z.string().trim().min(8),
    alternatives: z.array(z.string().trim().min(3)).min(3, 'needs at least 3 alternative phrasings'),
    answer: z.string().trim().min(20),
    source: z.url({ protocol: /^https$/ }),
    sourceLabel: z.string().trim().min(3).optional(),
    related: z.array(z.string().regex(ENTRY_ID)).max(6).optional(),
    rule: z.string().regex(ENTRY_ID).optional(),
    /**
     * Narrower answers for questions that name one case ("the passing score for an Associate exam"): `when`
     * is a regular expression (case-insensitive) over the user's question; a variant answers only when
     * it is the one variant that matches, otherwise the entry's own answer does.
     */
    variants: z
      .array(
        z
          .object({
            when: z
              .string()
              .min(3)
              .max(300)
              .refine((src) => {
                try {
                  new RegExp(src, 'i');
                  return true;
                } catch {
                  return false;
                }
              }, 'must be a valid regular expression'),
            answer: z.string().trim().min(20),
          })
          .strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();

export const KnowledgeFileSchema = z
  .object({
    $schema: z.string().optional(),
    entries: z.array(FaqEntrySchema).min(1),
  })
  .strict();

export type FaqEntry = z.infer<typeof FaqEntrySchema>;
export type KnowledgeFile = z.infer<typeof KnowledgeFileSchema>;
