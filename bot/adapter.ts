/**
 * The CloudAdapter with its authentication built from the standard Microsoft* settings (none set =
 * anonymous local mode, as with the Emulator) and an onTurnError that logs structured JSON and sends
 * the user a short neutral apology: no stack trace ever reaches a user.
 *
 * Authentication runs on its own, before the turn, so its outcome is one of two defined errors:
 * AuthRejected (any token the SDK refuses, whatever its header claims: 401) or AuthUnavailable (the
 * signing keys could not be fetched in time: 503). Every call the turn makes through the connector has
 * a deadline (bot/outbound.ts).
 */
import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  DeliveryModes,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult, type ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from './config';
import { boundedConnectorFactory, isChannelCallFailure, isOutboundTimeout, lazyConnectorFactory, LazyUserTokenClient } from './outbound';
import { WORDING } from './render/wording';

/** The request's token was refused (401). */
export class AuthRejected extends Error {
  override name = 'AuthRejected';
}

/** The token could not be checked: the signing keys / OpenID metadata could not be fetched (503). */
export class AuthUnavailable extends Error {
  override name = 'AuthUnavailable';
}

/** Network failures while fetching the OpenID metadata or the key set (node-fetch, undici, sockets). */
const NETWORK = /fetch failed|getaddrinfo|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up|network timeout/i;

/** Sorts whatever authentication threw into "refused" or "could not check". */
export function classifyAuthError(err: unknown): AuthRejected | AuthUnavailable {
  const e = err as { name?: string; message?: string; statusCode?: number; code?: string; type?: string } | undefined;
  const message = e?.message ?? String(err);
  // The SDK's OpenIdMetadata throws AuthenticationError 500 when the metadata or key set answer is not OK.
  if (err instanceof AuthenticationError && typeof e?.statusCode === 'number' && e.statusCode >= 500) return new AuthUnavailable(message);
  if (e?.name === 'FetchError' || e?.type === 'system' || NETWORK.test(`${e?.code ?? ''} ${message}`)) return new AuthUnavailable(message);
  return new AuthRejected(message);
}

/** The standard authentication, whose per-turn user token client is made only if the turn uses it (LazyUserTokenClient). */
export class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return new LazyUserTokenClient(() => super.createUserTokenClient(claimsIdentity));
  }
}

export class BotAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    /** Deadline of each call to the channel (bot/outbound.ts). */
    private readonly outboundTimeoutMs: number,
  ) {
    super(auth);
  }

  /**
   * Authenticates the request (at most authTimeoutMs; rejects with AuthRejected or AuthUnavailable),
   * then runs the turn. The server did the HTTP part: limits, validation, errors.
   */
  async processIncoming(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    authTimeoutMs: number,
  ): Promise<InvokeResponse | undefined> {
    let timer: NodeJS.Timeout | undefined;
    let auth: AuthenticateRequestResult;
    try {
      auth = await Promise.race([
        this.botFrameworkAuthentication.authenticateRequest(activity, authHeader),
        new Promise<never>((_r, reject) => {
          timer = setTimeout(() => reject(new AuthUnavailable(`authentication did not finish within ${authTimeoutMs} ms`)), authTimeoutMs);
        }),
      ]);
    } catch (err) {
      throw err instanceof AuthUnavailable ? err : classifyAuthError(err);
    } finally {
      clearTimeout(timer);
    }
    const bounded = auth.connectorFactory && boundedConnectorFactory(auth.connectorFactory, this.outboundTimeoutMs);
    // expectReplies: the replies come back in the response; a connector client is made only if a call needs one.
    const connectorFactory = bounded && activity.deliveryMode === DeliveryModes.ExpectReplies ? lazyConnectorFactory(bounded) : bounded;
    return this.processActivity({ ...auth, connectorFactory }, activity, logic);
  }
}

/**
 * The SDK treats any one "parameterized" setting as a full custom configuration (the others become
 * undefined), so another OpenID metadata URL comes with the public cloud's values for the rest.
 */
function publicCloudWithMetadata(metadataUrl: string): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

export function createAdapter(config: Config, logger: Logger): BotAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = config.auth.anonymous
    ? {}
    : {
        MicrosoftAppId: config.auth.appId,
        MicrosoftAppPassword: config.auth.appPassword,
        MicrosoftAppType: config.auth.appType,
        MicrosoftAppTenantId: config.auth.tenantId,
        ...(config.auth.openIdMetadataUrl ? publicCloudWithMetadata(config.auth.openIdMetadataUrl) : {}),
      };
  const adapter = new BotAdapter(new BotAuthentication(options), config.outboundTimeoutMs);
  adapter.onTurnError = async (context, error) => {
    if (isChannelCallFailure(error, context.activity.serviceUrl)) {
      // The channel did not take the reply (no answer in time, refused, an error status): an apology sent to
      // the same channel would fail the same way. A warning, since the cause is outside this process.
      const event = isOutboundTimeout(error) ? 'outbound-timeout' : 'outbound-failed';
      logger.warn({ event, channel: context.activity.channelId, activityType: context.activity.type, err: error.message }, 'a reply was not delivered');
      return;
    }
    logger.error(
      { event: 'turn-error', channel: context.activity.channelId, activityType: context.activity.type, err: { message: error.message, stack: error.stack } },
      'unhandled error in a turn',
    );
    try {
      if (context.activity.type === 'message' && !context.responded) await context.sendActivity(WORDING.error);
    } catch (sendError) {
      logger.error({ event: 'turn-error-reply-failed', err: (sendError as Error).message }, 'could not send the apology');
    }
  };
  return adapter;
}
