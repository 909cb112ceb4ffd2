/**
 * The CloudAdapter with its authentication built from the standard Microsoft* settings (none set =
 * anonymous local mode, as with the Emulator) and an onTurnError that logs structured JSON and sends
 * the user a short neutral apology: no stack trace ever reaches a user.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from './config';
import { WORDING } from './render/wording';

export class BotAdapter extends CloudAdapter {
  /** Processes one parsed activity (the server did the HTTP part: limits, validation, errors). */
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(config: Config, logger: Logger): BotAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = config.auth.anonymous
    ? {}
    : {
        MicrosoftAppId: config.auth.appId,
        MicrosoftAppPassword: config.auth.appPassword,
        MicrosoftAppType: config.auth.appType,
        MicrosoftAppTenantId: config.auth.tenantId,
      };
  const adapter = new BotAdapter(new ConfigurationBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context, error) => {
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
