/**
 * Quality records (feedback, fallbacks, low-confidence answers): what content owners need to improve
 * the knowledge base. No user names or ids are kept: the entry, the question text, channel and time.
 */
export type QualityEvent =
  | { readonly kind: 'feedback'; readonly entryId: string; readonly helpful: boolean; readonly question?: string }
  | { readonly kind: 'fallback'; readonly question: string; readonly bestEntryId?: string; readonly coverage?: number }
  | { readonly kind: 'lowConfidence'; readonly question: string; readonly entryId: string; readonly coverage: number }
  | { readonly kind: 'answered'; readonly entryId: string };

export type QualityRecord = QualityEvent & { readonly channel: string; readonly at: string };

export interface QualityRecorder {
  record(event: QualityEvent, channel: string, at: Date): Promise<void>;
}

/** Records nothing (tests that do not look at quality records). */
export const noQualityRecorder: QualityRecorder = { record: async () => undefined };
