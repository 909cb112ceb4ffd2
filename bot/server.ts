/**
 * The restify app: POST /api/messages (Bot Framework activities, including deliveryMode
 * "expectReplies"), GET /healthz, GET /readyz, the local chat page and its assets, and the limits that
 * keep bad input away from the adapter: body size (413), JSON (400), activity shape (400), rate (429).
 */
import type { IncomingMessage } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthRejected, AuthUnavailable, type BotAdapter } from './adapter';
import { clientAddressResolver } from './clientAddress';
import type { Logger } from 'pino';
import restify from 'restify';
import { activityProblem } from './activitySchema';
import { BodyError, readJsonBody } from './body';
import type { Config } from './config';
import { RateLimiter } from './rateLimit';

export interface ReadyCheck {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

export interface ServerDeps {
  readonly config: Config;
  readonly adapter: BotAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  readonly ready: () => Promise<ReadyCheck>;
  /** More routes (the chat page, the Direct Line token endpoint). */
  readonly routes?: ReadonlyArray<(server: restify.Server) => void>;
  /** The server's clock in milliseconds (the rate limits' windows); tests pass the fake one the store uses. */
  readonly now?: () => number;
}

export interface BotServer {
  readonly server: restify.Server;
  /** Turns being processed right now. */
  inFlight(): number;
  /** Stop accepting, wait for in-flight turns (at most timeoutMs), close. */
  shutdown(timeoutMs: number): Promise<void>;
  /** Rate-limit windows held right now (expired ones not counted): per client address and per conversation. */
  rateWindows(): { readonly perClient: number; readonly perConversation: number };
}

/** Most time a client may take to send a request body. */
const BODY_TIMEOUT_MS = 10_000;

/** An over-limit upload is read to its end (and discarded) when it is at most this many body limits. */
const DRAIN_FACTOR = 4;
const DRAIN_TIMEOUT_MS = 2_000;

/**
 * Resolves true once the rest of the request body has arrived (body.ts already discards it), false at
 * once when the declared length is over `maxBytes`, or when more than `maxBytes` or `timeoutMs` pass first.
 */
function restDiscarded(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared > maxBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) done(false);
    };
    const onEnd = () => done(true);
    const onClose = () => done(req.complete);
    const timer = setTimeout(() => done(false), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.resume();
  });
}

/** As botbuilder's own activity validator does: ISO strings -> Date, the raw strings kept (they hold the user's offset). */
function fixTimestamps(activity: Partial<Activity> & Record<string, unknown>): Partial<Activity> {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const v = activity[field];
    if (typeof v === 'string') {
      activity[raw] = v;
      const d = new Date(v);
      (activity as Record<string, unknown>)[field] = Number.isNaN(d.getTime()) ? undefined : d;
    }
  }
  return activity;
}

export function createServer(deps: ServerDeps): BotServer {
  const { config, adapter, logger } = deps;
  const server = restify.createServer({ name: 'cert-helpdesk-bot', handleUncaughtExceptions: false });
  const perClient = new RateLimiter(config.limits.perClient, config.limits.windowSeconds * 1000, deps.now);
  const perConversation = new RateLimiter(config.limits.perConversation, config.limits.windowSeconds * 1000, deps.now);
  const clientAddress = clientAddressResolver(config.trustedProxies);
  let inFlight = 0;
  // One entry per conversation with a turn running or waiting; removed when its last turn ends, so it
  // holds at most as many entries as there are requests in flight (each bounded by the outbound timeout).
  const conversationQueue = new Map<string, Promise<void>>();
  let closing = false;

  server.pre((req, res, next) => {
    if (closing) {
      res.setHeader('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return next(false);
    }
    return next();
  });

  server.use(restify.plugins.queryParser({ mapParams: false }));
  // No restify bodyParser: /api/messages reads its own body (bot/body.ts) after the rate limit, with the
  // content type, the encoding and the decompressed size decided before anything is parsed.

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const r = await deps.ready().catch((e: Error): ReadyCheck => ({ ok: false, checks: { ready: e.message } }));
    res.send(r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', checks: r.checks });
  });

  server.post('/api/messages', async (req, res) => {
    const client = perClient.hit(clientAddress(req));
    if (!client.allowed) {
      res.setHeader('Retry-After', String(client.retryAfterSeconds));
      res.send(429, { error: 'too many requests; retry later' });
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, { maxBytes: config.limits.maxBodyBytes, timeoutMs: BODY_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof BodyError) {
        // A client still uploading when the answer comes and the socket closes sees a reset, not the 413:
        // let a moderately sized rest arrive (discarded) first; a huge or slow one gets the close.
        const drained = err.status === 413 && (await restDiscarded(req, config.limits.maxBodyBytes * DRAIN_FACTOR, DRAIN_TIMEOUT_MS));
        if ((err.status === 413 && !drained) || err.status === 408) res.setHeader('Connection', 'close');
        res.send(err.status, { error: err.message });
        return;
      }
      throw err;
    }
    const problem = activityProblem(body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    const activity = fixTimestamps(body as Partial<Activity> & Record<string, unknown>);
    const conv = perConversation.hit(`${activity.channelId ?? ''}|${activity.conversation!.id}`);
    if (!conv.allowed) {
      res.setHeader('Retry-After', String(conv.retryAfterSeconds));
      res.send(429, { error: 'too many messages in this conversation; retry later' });
      return;
    }
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    // Turns of one conversation run one at a time in this process, so a turn always reads the state the
    // previous one saved (a dialog started by one message is not lost to a parallel message).
    const convKey = `${activity.channelId ?? ''}|${activity.conversation!.id}`;
    const previous = conversationQueue.get(convKey) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    conversationQueue.set(convKey, tail);
    await previous;
    inFlight += 1;
    try {
      const invoke: InvokeResponse | undefined = await adapter.processIncoming(authHeader, activity as Activity, deps.logic, config.auth.openIdTimeoutMs);
      res.send(invoke?.status ?? 200, invoke?.body ?? undefined);
    } catch (err) {
      const e = err as Error;
      if (e instanceof AuthRejected) {
        logger.info({ event: 'auth-rejected', client: clientAddress(req), reason: e.message.slice(0, 200) }, 'request refused: token not accepted');
        res.send(401, { error: 'unauthorized' });
      } else if (e instanceof AuthUnavailable) {
        logger.warn({ event: 'auth-unavailable', err: e.message }, 'could not verify the request: signing keys unavailable');
        res.send(503, { error: 'could not verify the request: the signing keys could not be fetched; retry later' });
      } else {
        logger.error({ event: 'process-error', err: e?.message }, 'activity processing failed');
        res.send(500, { error: 'internal error' });
      }
    } finally {
      inFlight -= 1;
      release();
      if (conversationQueue.get(convKey) === tail) conversationQueue.delete(convKey);
    }
  });

  for (const add of deps.routes ?? []) add(server);

  // restify's own errors (413, 400 on bad JSON, 404, 405) stay short JSON without stack traces.
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number; body?: unknown }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    (err as Error & { toJSON?: () => unknown }).toJSON = () => ({ error: status === 413 ? `request body over ${config.limits.maxBodyBytes} bytes` : status >= 500 ? 'internal error' : err.message });
    if (status >= 500) logger.error({ event: 'http-error', status, url: req.url, err: err.message }, 'http error');
    return cb();
  });

  return {
    server,
    inFlight: () => inFlight,
    rateWindows: () => ({ perClient: perClient.size, perConversation: perConversation.size }),
    async shutdown(timeoutMs: number) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      // Idle keep-alive sockets would hold close() open: end them once the turns are done.
      const http = server.server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      http.closeIdleConnections?.();
      if (inFlight === 0) http.closeAllConnections?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
    },
  };
}
