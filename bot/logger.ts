/** Structured JSON logs (pino). Secrets and Authorization headers are redacted wherever they appear. */
import pino, { type Logger } from 'pino';

export const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'appPassword',
  '*.appPassword',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'connectionString',
  '*.connectionString',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'cert-helpdesk-bot' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
