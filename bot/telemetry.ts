/**
 * Application Insights telemetry through botbuilder's telemetry middleware, when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set; nothing otherwise. Personal information (user names,
 * text) is logged only when LOG_USER_TEXT=true, as for the JSON logs.
 */
import { type BotAdapter, TelemetryLoggerMiddleware } from 'botbuilder';
import type { Config } from './config';

export function attachTelemetry(adapter: BotAdapter, config: Config): boolean {
  const cs = config.appInsightsConnectionString;
  if (!cs) return false;
  // Loaded only when configured: the Application Insights SDK is large and starts background work.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ApplicationInsightsTelemetryClient } = require('botbuilder-applicationinsights') as typeof import('botbuilder-applicationinsights');
  const client = new ApplicationInsightsTelemetryClient(cs);
  adapter.use(new TelemetryLoggerMiddleware(client, config.log.userText));
  return true;
}
