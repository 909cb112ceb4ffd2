/**
 * The shape an incoming activity must have before it reaches the adapter (a clear 400 otherwise).
 * Only what the bot relies on is checked; other Bot Framework fields pass through untouched.
 */
import { z } from 'zod';

const Account = z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).optional().nullable() });

export const IncomingActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional().nullable(),
  // Every channel sends both; the SDK cannot key state without a channel, nor reply without a serviceUrl.
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048).optional().nullable(),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: Account,
  recipient: Account.optional().nullable(),
  text: z.string().optional().nullable(),
  locale: z.string().max(64).optional().nullable(),
  localTimezone: z.string().max(128).optional().nullable(),
  timestamp: z.string().max(64).optional().nullable(),
  localTimestamp: z.string().max(64).optional().nullable(),
  deliveryMode: z.string().max(32).optional().nullable(),
  attachments: z.array(z.unknown()).max(50).optional().nullable(),
  entities: z.array(z.looseObject({ type: z.string().max(64) })).max(50).optional().nullable(),
  membersAdded: z.array(Account).max(500).optional().nullable(),
  membersRemoved: z.array(Account).max(500).optional().nullable(),
});

export type IncomingActivity = z.infer<typeof IncomingActivitySchema>;

/** Replies go to serviceUrl unless they come back in the response (deliveryMode expectReplies). */
const Deliverable = IncomingActivitySchema.refine((a) => a.deliveryMode === 'expectReplies' || Boolean(a.serviceUrl), {
  path: ['serviceUrl'],
  message: 'required unless deliveryMode is expectReplies',
});

/** A one-line reason for a body that is not an activity, or undefined when it is one. */
export function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  const parsed = Deliverable.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'activity';
  return `invalid activity: ${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`;
}
