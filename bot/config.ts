/**
 * The only reader of process.env. One zod schema -> a typed, frozen Config passed down from the
 * composition root. An invalid value stops the start with a message naming the variable.
 * A `.env` file in the working directory is read when present (never committed; see .env.example).
 */
import { z } from 'zod';
import { isValidTimeZone, LOCALE_TAG } from './clock';
import { trustedProxyProblem } from './clientAddress';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const bool = (dflt: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? dflt : v),
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes'),
  );
const int = (dflt: number, min: number, max: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(dflt));

export const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: int(3978, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  // Unset: SingleTenant when a tenant id is set (what new Azure Bot registrations are), else MultiTenant (older
  // registrations, unchanged behaviour); see appTypeOf.
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalString,
  ALLOW_ANONYMOUS: bool(false),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  LOG_USER_TEXT: bool(false),
  DEFAULT_TIMEZONE: z.preprocess(emptyToUndefined, z.string().default('UTC')).refine(isValidTimeZone, 'not a known IANA time zone'),
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.string().regex(LOCALE_TAG, 'not a BCP 47 locale').default('en-US')),
  SUPPORT_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  KNOWLEDGE_DIR: optionalString,
  KNOWLEDGE_WATCH: bool(true),
  /** Unset: on, except under NODE_ENV=test (each test's app would compile the date patterns anew). */
  WARM_UP: z.preprocess(emptyToUndefined, bool(true).optional()),
  MAX_BODY_BYTES: int(256 * 1024, 1024, 10 * 1024 * 1024),
  MAX_TEXT_LENGTH: int(2000, 50, 100_000),
  RATE_LIMIT_PER_CONVERSATION: int(30, 1, 100_000),
  // Per client address: a flood guard only. Channel traffic reaches /api/messages through the Bot Connector
  // service from a few shared addresses, so a per-address limit near one user's pace would throttle every
  // Teams or Slack user at once; one user's flood is what the per-conversation limit stops.
  RATE_LIMIT_PER_CLIENT: int(6000, 1, 1_000_000),
  RATE_LIMIT_WINDOW_SECONDS: int(60, 1, 3600),
  DIRECT_LINE_SECRET: optionalString,
  DIRECT_LINE_ENDPOINT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https$/ }).default('https://directline.botframework.com')),
  BLOB_STORAGE_CONNECTION_STRING: optionalString,
  BLOB_STORAGE_CONTAINER: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'not a valid blob container name').default('bot-state')),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  OPENID_TIMEOUT_MS: int(4000, 100, 60_000),
  // The SDK's own setting name: where the channel's OpenID metadata (and so its signing keys) is read from.
  BotOpenIdMetadata: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  OUTBOUND_TIMEOUT_MS: int(5000, 100, 120_000),
  MEMORY_STATE_TTL_SECONDS: int(3600, 1, 30 * 24 * 3600),
  MEMORY_STATE_MAX_ITEMS: int(10_000, 10, 10_000_000),
  TRUSTED_PROXIES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean))
      .refine((list) => trustedProxyProblem(list) === undefined, { error: (iss) => trustedProxyProblem(iss.input as string[]) ?? 'invalid' }),
  ),
  SHUTDOWN_TIMEOUT_MS: int(8000, 100, 60_000),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  CALENDAR_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  CALENDAR_LINK_TTL_HOURS: int(24, 1, 24 * 30),
  REMINDERS_RUN_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  REMINDER_LOCAL_TIME: z.preprocess(emptyToUndefined, z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24 h)').default('09:00')),
  REMINDER_DEADLINE_LEAD_DAYS: int(3, 0, 60),
  REMINDER_TIMED_LEAD_MINUTES: int(60, 0, 7 * 24 * 60),
  REMINDERS_MAX_PER_USER: int(20, 1, 1000),
  REMINDERS_POLL_SECONDS: int(60, 0, 3600),
  REMINDERS_LEASE_SECONDS: int(120, 10, 3600),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly auth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
    /** True when no app id is set: anonymous local mode (Emulator, local chat page). */
    readonly anonymous: boolean;
    readonly openIdTimeoutMs: number;
    /** BotOpenIdMetadata: the OpenID metadata URL of the channel (the SDK's default when unset). */
    readonly openIdMetadataUrl?: string;
  };
  /** Deadline of every call made through the connector (replies to the activity's serviceUrl). */
  readonly outboundTimeoutMs: number;
  /** In-memory conversation state: idle time to live and size cap (least recently used evicted). */
  readonly memoryState: { readonly ttlSeconds: number; readonly maxItems: number };
  /** Addresses / CIDRs / proxy-addr names of reverse proxies whose X-Forwarded-For is believed. Empty: none. */
  readonly trustedProxies: readonly string[];
  readonly log: { readonly level: string; readonly userText: boolean };
  readonly defaults: { readonly timeZone: string; readonly locale: string };
  /** Overrides the content pack's support link. */
  readonly supportUrl?: string;
  readonly knowledge: { readonly dir?: string; readonly watch: boolean };
  /** Warm up date reading and search right after listening (bot/warmUp.ts). */
  readonly warmUp: boolean;
  readonly limits: {
    readonly maxBodyBytes: number;
    readonly maxTextLength: number;
    readonly perConversation: number;
    readonly perClient: number;
    readonly windowSeconds: number;
  };
  readonly directLine: { readonly secret?: string; readonly endpoint: string };
  readonly storage: { readonly blobConnectionString?: string; readonly blobContainer: string };
  readonly appInsightsConnectionString?: string;
  readonly shutdownTimeoutMs: number;
  /** Absolute base of links the bot hands out (calendar events); unset = http://localhost:<bound port>. */
  readonly publicBaseUrl?: string;
  readonly calendar: { readonly secret?: string; readonly ttlHours: number };
  readonly reminders: {
    readonly runSecret?: string;
    /** Wall time (HH:mm) a day's reminder is sent in the user's zone. */
    readonly localTime: string;
    readonly deadlineLeadDays: number;
    readonly timedLeadMinutes: number;
    readonly maxPerUser: number;
    /** In-process scheduler period; 0 = none (an external timer calls POST /api/reminders/run). */
    readonly pollSeconds: number;
    readonly leaseSeconds: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (process.env by default, after reading .env) into a Config. Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = readProcessEnv()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`config: invalid environment\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const anonymous = !e.MicrosoftAppId;
  const appType = appTypeOf(e.MicrosoftAppType, e.MicrosoftAppTenantId);
  if (!anonymous && appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new ConfigError('config: invalid environment\n  MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  if (!anonymous && appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError(`config: invalid environment\n  MicrosoftAppTenantId: required when MicrosoftAppType is ${appType}`);
  }
  if (anonymous && e.NODE_ENV === 'production' && !e.ALLOW_ANONYMOUS) {
    throw new ConfigError(
      'config: invalid environment\n  MicrosoftAppId: required when NODE_ENV=production (set ALLOW_ANONYMOUS=true to run without authentication)',
    );
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    auth: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType,
      tenantId: e.MicrosoftAppTenantId,
      anonymous,
      openIdTimeoutMs: e.OPENID_TIMEOUT_MS,
      openIdMetadataUrl: e.BotOpenIdMetadata,
    },
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    memoryState: { ttlSeconds: e.MEMORY_STATE_TTL_SECONDS, maxItems: e.MEMORY_STATE_MAX_ITEMS },
    trustedProxies: Object.freeze([...e.TRUSTED_PROXIES]),
    log: { level: e.LOG_LEVEL, userText: e.LOG_USER_TEXT },
    defaults: { timeZone: e.DEFAULT_TIMEZONE, locale: e.DEFAULT_LOCALE },
    supportUrl: e.SUPPORT_URL,
    knowledge: { dir: e.KNOWLEDGE_DIR, watch: e.KNOWLEDGE_WATCH },
    warmUp: e.WARM_UP ?? e.NODE_ENV !== 'test',
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxTextLength: e.MAX_TEXT_LENGTH,
      perConversation: e.RATE_LIMIT_PER_CONVERSATION,
      perClient: e.RATE_LIMIT_PER_CLIENT,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    directLine: { secret: e.DIRECT_LINE_SECRET, endpoint: e.DIRECT_LINE_ENDPOINT },
    storage: { blobConnectionString: e.BLOB_STORAGE_CONNECTION_STRING, blobContainer: e.BLOB_STORAGE_CONTAINER },
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    calendar: { secret: e.CALENDAR_LINK_SECRET, ttlHours: e.CALENDAR_LINK_TTL_HOURS },
    reminders: {
      runSecret: e.REMINDERS_RUN_SECRET,
      localTime: e.REMINDER_LOCAL_TIME,
      deadlineLeadDays: e.REMINDER_DEADLINE_LEAD_DAYS,
      timedLeadMinutes: e.REMINDER_TIMED_LEAD_MINUTES,
      maxPerUser: e.REMINDERS_MAX_PER_USER,
      pollSeconds: e.REMINDERS_POLL_SECONDS,
      leaseSeconds: e.REMINDERS_LEASE_SECONDS,
    },
  });
}

/**
 * The app type when MicrosoftAppType is unset. New Azure Bot registrations are single tenant (creating
 * multi-tenant ones is deprecated) and always come with a tenant id, so a tenant id alone means SingleTenant;
 * without one, MultiTenant, as before, so an existing multi-tenant bot's settings keep working. An explicit
 * MicrosoftAppType always wins.
 */
export function appTypeOf(explicit: Config['auth']['appType'] | undefined, tenantId: string | undefined): Config['auth']['appType'] {
  return explicit ?? (tenantId ? 'SingleTenant' : 'MultiTenant');
}

function readProcessEnv(): NodeJS.ProcessEnv {
  // dotenv fills only variables that are not already set; a missing .env is fine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('dotenv').config({ quiet: true });
  return process.env;
}
