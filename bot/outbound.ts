/**
 * A deadline on every call the connector makes for a turn (a reply, a proactive send, an update, a
 * delete to the activity's serviceUrl, with the token request that signs it). botbuilder sends them with
 * no timeout of its own: a serviceUrl that accepts the connection and never answers held a turn for
 * minutes, and the conversation's next message behind it.
 *
 * Why a wrapper and not ConnectorClientOptions: the SDK's ConnectorFactoryImpl overwrites
 * `requestPolicyFactories` with its own, and the ConnectorClient's pipeline is private. The generated
 * operations do take per-call options (`abortSignal`, `timeout`), so the connector factory of each turn is
 * wrapped and every client it makes passes both; the call also rejects at the deadline even if signing
 * (the token request) is what hangs.
 */
import type { Activity, SignInUrlResponse, TokenExchangeRequest, TokenResponse, TokenStatus } from 'botbuilder';
import { type ConnectorClient, type ConnectorFactory, UserTokenClient } from 'botframework-connector';

export class OutboundTimeoutError extends Error {
  override name = 'OutboundTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly host: string,
  ) {
    super(`outbound call to ${host} did not answer within ${timeoutMs} ms`);
  }
}

/** True when the error (or one it wraps) is an outbound deadline. */
export function isOutboundTimeout(err: unknown): err is OutboundTimeoutError {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutboundTimeoutError) return true;
  }
  return false;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
}

/** Runs `call` with an abort signal that fires at the deadline; rejects with OutboundTimeoutError then. */
export async function withDeadline<T>(timeoutMs: number, host: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new OutboundTimeoutError(timeoutMs, host));
      controller.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The client, with its conversation operations (the ones a turn uses) bounded by the deadline. */
export function boundedConnectorClient(client: ConnectorClient, serviceUrl: string, timeoutMs: number): ConnectorClient {
  const ops = client.conversations;
  const host = hostOf(serviceUrl);
  const opts = (abortSignal: AbortSignal) => ({ abortSignal, timeout: timeoutMs });
  const sendToConversation = ops.sendToConversation.bind(ops);
  const replyToActivity = ops.replyToActivity.bind(ops);
  const updateActivity = ops.updateActivity.bind(ops);
  const deleteActivity = ops.deleteActivity.bind(ops);
  Object.assign(ops, {
    sendToConversation: (conversationId: string, activity: Partial<Activity>) =>
      withDeadline(timeoutMs, host, (signal) => sendToConversation(conversationId, activity, opts(signal))),
    replyToActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
      withDeadline(timeoutMs, host, (signal) => replyToActivity(conversationId, activityId, activity, opts(signal))),
    updateActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
      withDeadline(timeoutMs, host, (signal) => updateActivity(conversationId, activityId, activity, opts(signal))),
    deleteActivity: (conversationId: string, activityId: string) =>
      withDeadline(timeoutMs, host, (signal) => deleteActivity(conversationId, activityId, opts(signal))),
  });
  return client;
}

/** A connector factory whose clients are all bounded (see boundedConnectorClient). */
export function boundedConnectorFactory(inner: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) =>
      boundedConnectorClient(
        await withDeadline(timeoutMs, hostOf(serviceUrl), () => inner.create(serviceUrl, audience)),
        serviceUrl,
        timeoutMs,
      ),
  };
}

/**
 * A connector factory for a turn whose replies come back in the HTTP response (deliveryMode
 * "expectReplies"): the SDK buffers that turn's replies and makes no connector call for them, yet builds a
 * ConnectorClient (an HTTP pipeline of a dozen policies) for every turn. Here the client is only made when
 * one of its conversation operations is called, through `inner` (so with its deadline); until then the
 * turn holds a stand-in with the same `conversations` operations.
 */
export function lazyConnectorFactory(inner: ConnectorFactory): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) => {
      let made: Promise<ConnectorClient> | undefined;
      const client = (): Promise<ConnectorClient> => (made ??= inner.create(serviceUrl, audience));
      type Operation = (...args: unknown[]) => Promise<unknown>;
      const conversations = new Proxy(
        {},
        {
          get: (_target, name) =>
            // A thenable check (await, Promise.resolve) must not take the stand-in for a promise.
            name === 'then' || typeof name !== 'string'
              ? undefined
              : (...args: unknown[]) => client().then((c) => (c.conversations[name as keyof typeof c.conversations] as Operation)(...args)),
        },
      );
      return { conversations } as unknown as ConnectorClient;
    },
  };
}

/**
 * True when the error is a failed call to the activity's own serviceUrl (the connector's RestError names
 * the request it failed on), as opposed to, say, a storage RestError inside the same turn.
 */
export function isChannelCallFailure(err: unknown, serviceUrl: string | undefined): boolean {
  if (isOutboundTimeout(err)) return true;
  const e = err as { name?: unknown; request?: { url?: unknown } } | null | undefined;
  if (e?.name !== 'RestError' || typeof e.request?.url !== 'string' || !serviceUrl) return false;
  try {
    return new URL(e.request.url).origin === new URL(serviceUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The user token client of a turn (OAuth sign-in: OAuthPrompt, getUserToken), made when one of its
 * operations is first called. CloudAdapter builds one for every turn (a TokenApiClient: credentials and
 * an HTTP pipeline of a dozen policies, about 5% of a FAQ turn's CPU), and this bot signs no one in.
 */
export class LazyUserTokenClient extends UserTokenClient {
  private made?: Promise<UserTokenClient>;

  constructor(private readonly make: () => Promise<UserTokenClient>) {
    super();
  }

  private client(): Promise<UserTokenClient> {
    return (this.made ??= this.make());
  }

  async getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string): Promise<TokenResponse> {
    return (await this.client()).getUserToken(userId, connectionName, channelId, magicCode);
  }

  async getSignInResource(connectionName: string, activity: Activity, finalRedirect: string): Promise<SignInUrlResponse> {
    return (await this.client()).getSignInResource(connectionName, activity, finalRedirect);
  }

  async signOutUser(userId: string, connectionName: string, channelId: string): Promise<void> {
    return (await this.client()).signOutUser(userId, connectionName, channelId);
  }

  async getTokenStatus(userId: string, channelId: string, includeFilter: string): Promise<TokenStatus[]> {
    return (await this.client()).getTokenStatus(userId, channelId, includeFilter);
  }

  async getAadTokens(
    userId: string,
    connectionName: string,
    resourceUrls: string[],
    channelId: string,
  ): Promise<Record<string, TokenResponse>> {
    return (await this.client()).getAadTokens(userId, connectionName, resourceUrls, channelId);
  }

  async exchangeToken(
    userId: string,
    connectionName: string,
    channelId: string,
    exchangeRequest: TokenExchangeRequest,
  ): Promise<TokenResponse> {
    return (await this.client()).exchangeToken(userId, connectionName, channelId, exchangeRequest);
  }
}
