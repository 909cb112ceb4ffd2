/**
 * Shared helpers for the production tests: the real app (buildApp + listen on an ephemeral port),
 * activities as a channel would post them, and a small HTTP client that measures each request.
 */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { buildApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { freePort } from '../support/ports';

/** The probe clock every test uses: Sunday, November 29, 2026, 10:00 in New York. */
export const NOW = '2026-11-29T10:00:00-05:00';
export const TZ = 'America/New_York';
export const FAQ_QUESTION = 'How long is a microcredential valid?';
export const FAQ_ANSWER_FRAGMENT = 'valid for 12 months';

export const BASE_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  KNOWLEDGE_WATCH: 'false',
  LOG_LEVEL: 'silent',
};

export interface RunningApp {
  readonly app: App;
  readonly base: string;
  readonly port: number;
  /** Every JSON log line written so far (only when started with captureLogs). */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  /** Log through the production logger (bot/logger.ts, with its redaction) at trace level into `logs`. */
  readonly captureLogs?: boolean;
  /** The server's clock (a fake one for expiry tests). */
  readonly serverNow?: () => Date;
}

export async function startApp(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningApp> {
  const logs: string[] = [];
  const logger: Logger = options.captureLogs
    ? createLogger('trace', { write: (line: string) => void logs.push(line) })
    : pino({ level: 'silent' });
  const app = buildApp(loadConfig({ ...BASE_ENV, ...env }), { logger, serverNow: options.serverNow });
  const port = await app.listen();
  return { app, port, base: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

export function uid(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export interface ActivityOptions {
  readonly conversationId?: string;
  readonly channelId?: string;
  readonly value?: unknown;
  readonly extra?: Record<string, unknown>;
}

/** A message activity as a channel posts it, with deliveryMode expectReplies so the replies come back in the response. */
export function message(text: string | undefined, opts: ActivityOptions = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: uid('act'),
    channelId: opts.channelId ?? 'emulator',
    serviceUrl: 'https://test.example',
    deliveryMode: 'expectReplies',
    conversation: { id: opts.conversationId ?? uid('conv') },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Cert Bot' },
    locale: 'en-US',
    localTimezone: TZ,
    localTimestamp: NOW,
    timestamp: new Date(NOW).toISOString(),
    ...(text !== undefined ? { text } : {}),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...opts.extra,
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly ms: number;
}

export interface PostOptions {
  readonly headers?: Record<string, string>;
  /** A raw body (sent as is); otherwise `body` is JSON-encoded. */
  readonly raw?: string;
  readonly contentType?: string;
  readonly timeoutMs?: number;
}

export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<HttpResult> {
  const started = performance.now();
  const once = () => fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
  // A keep-alive socket the server closed while its event loop was busy (an index rebuilt in the same
  // process by a test) resets on reuse before the request is read: retried once on a fresh connection.
  const res = await once().catch((e: Error & { cause?: { code?: string } }) => {
    // (undici says ECONNRESET, or UND_ERR_SOCKET "other side closed" when the close lands first.)
    if (e.cause?.code === 'ECONNRESET' || e.cause?.code === 'UND_ERR_SOCKET') return once();
    // The error keeps its name (TypeError, AbortError, TimeoutError) for the tests that check it.
    throw Object.assign(new Error(`${e.message}: ${String(e.cause)} (${url})`), { name: e.name });
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, ms: performance.now() - started };
}

export function post(base: string, body: unknown, opts: PostOptions = {}): Promise<HttpResult> {
  return request(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': opts.contentType ?? 'application/json', ...opts.headers },
    body: opts.raw ?? JSON.stringify(body),
    timeoutMs: opts.timeoutMs,
  });
}

interface ReplyActivity {
  type?: string;
  text?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}

/** The activities of an expectReplies response. */
export function activitiesOf(result: HttpResult): ReplyActivity[] {
  const body = result.json as { activities?: ReplyActivity[] } | undefined;
  return Array.isArray(body?.activities) ? body.activities : [];
}

/** Everything the user would see: the texts and the attachments' content, flattened to one string. */
export function visible(result: HttpResult): string {
  return activitiesOf(result)
    .map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => JSON.stringify(x.content ?? ''))].join('\n'))
    .join('\n');
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export const closedPort = freePort;

/** The parsed JSON log lines. */
export function logEntries(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}
