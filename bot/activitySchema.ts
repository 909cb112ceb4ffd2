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
export const DeliverableActivitySchema = IncomingActivitySchema.refine((a) => a.deliveryMode === 'expectReplies' || Boolean(a.serviceUrl), {
  path: ['serviceUrl'],
  message: 'required unless deliveryMode is expectReplies',
});

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
/** undefined, null, or a string of at most `max` characters (`.optional().nullable()`). */
const isOptionalString = (v: unknown, max = Infinity): boolean => v === undefined || v === null || (typeof v === 'string' && v.length <= max);
const isAccount = (v: unknown): boolean => isObject(v) && isString(v.id, 1, 512) && isOptionalString(v.name, 512);
function isOptionalArray(v: unknown, max: number, item: (x: unknown) => boolean): boolean {
  if (v === undefined || v === null) return true;
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
}

/** serviceUrls the schema accepted lately (a channel sends a few): the URL check is the costly one. */
const acceptedServiceUrls = new Set<string>();
const MAX_ACCEPTED_SERVICE_URLS = 64;

/**
 * Whether an activity surely passes DeliverableActivitySchema, checked by hand: the same rules, field by
 * field, but a serviceUrl only when the schema accepted it before. Validating every request through zod
 * cost about 3% of a turn's CPU (a copy of the whole object, issue collection) where a valid activity
 * needs none of it. Never true for an activity the schema refuses (test/http/activitySchema.test.ts);
 * false merely sends the activity through the schema, which decides.
 */
function surelyDeliverable(a: Fields): boolean {
  const serviceUrl = a.serviceUrl;
  return (
    isString(a.type, 1, 64) &&
    isOptionalString(a.id, 512) &&
    isString(a.channelId, 1, 64) &&
    (serviceUrl === undefined || serviceUrl === null || (typeof serviceUrl === 'string' && acceptedServiceUrls.has(serviceUrl))) &&
    isObject(a.conversation) &&
    isString(a.conversation.id, 1, 1024) &&
    isAccount(a.from) &&
    (a.recipient === undefined || a.recipient === null || isAccount(a.recipient)) &&
    isOptionalString(a.text) &&
    isOptionalString(a.locale, 64) &&
    isOptionalString(a.localTimezone, 128) &&
    isOptionalString(a.timestamp, 64) &&
    isOptionalString(a.localTimestamp, 64) &&
    isOptionalString(a.deliveryMode, 32) &&
    isOptionalArray(a.attachments, 50, () => true) &&
    isOptionalArray(a.entities, 50, (e) => isObject(e) && isString(e.type, 0, 64)) &&
    isOptionalArray(a.membersAdded, 500, isAccount) &&
    isOptionalArray(a.membersRemoved, 500, isAccount) &&
    (a.deliveryMode === 'expectReplies' || Boolean(serviceUrl))
  );
}

/** A one-line reason for a body that is not an activity, or undefined when it is one. */
export function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  if (surelyDeliverable(body as Fields)) return undefined;
  const parsed = DeliverableActivitySchema.safeParse(body);
  if (parsed.success) {
    const url = (body as Fields).serviceUrl;
    if (typeof url === 'string' && !acceptedServiceUrls.has(url)) {
      if (acceptedServiceUrls.size >= MAX_ACCEPTED_SERVICE_URLS) acceptedServiceUrls.delete(acceptedServiceUrls.values().next().value!);
      acceptedServiceUrls.add(url);
    }
    return undefined;
  }
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'activity';
  return `invalid activity: ${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`;
}
