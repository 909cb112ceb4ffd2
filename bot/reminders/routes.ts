/**
 * The reminders' HTTP routes, registered through the server's `routes` list:
 *   GET  /api/calendar/<token>.ics  the event of a signed calendar link (404 unknown or altered, 410 expired)
 *   POST /api/reminders/run         one scheduler run now, for deployments that prefer an external timer;
 *                                   `Authorization: Bearer <REMINDERS_RUN_SECRET>` (401 without or wrong,
 *                                   compared in constant time; 503 when no secret is configured).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type restify from 'restify';
import { CALENDAR_PATH, icsFor, type CalendarLinks } from './calendar';
import type { SchedulePolicy } from './schedule';
import type { ReminderScheduler } from './scheduler';

export const RUN_PATH = '/api/reminders/run';

export interface ReminderRouteDeps {
  readonly calendar: CalendarLinks;
  readonly scheduler: ReminderScheduler;
  readonly runSecret?: string;
  readonly policy: SchedulePolicy;
  readonly uidHost: () => string;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** Equal secrets, compared in constant time (hashes first: timingSafeEqual needs equal lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function reminderRoutes(deps: ReminderRouteDeps): (server: restify.Server) => void {
  return (server) => {
    // A wildcard, not a :param: the router caps a parameter at 100 characters and a token is longer.
    server.get(`${CALENDAR_PATH}/*`, async (req, res) => {
      const file = String((req.params as Record<string, unknown>)['*'] ?? '');
      const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
      const opened = token ? deps.calendar.open(token, deps.now()) : ({ ok: false, reason: 'invalid' } as const);
      if (!opened.ok) {
        res.setHeader('Cache-Control', 'no-store');
        res.send(opened.reason === 'expired' ? 410 : 404, { error: opened.reason === 'expired' ? 'this calendar link has expired' : 'no such calendar event' });
        return;
      }
      const body = icsFor(opened.item, { policy: deps.policy, uidHost: deps.uidHost(), now: deps.now() });
      res.writeHead(200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'attachment; filename="event.ics"',
        'Cache-Control': 'private, no-store',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    });

    server.post(RUN_PATH, async (req, res) => {
      if (!deps.runSecret) {
        res.send(503, { error: 'reminder runs are not enabled on this server (REMINDERS_RUN_SECRET)' });
        return;
      }
      const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const m = /^Bearer\s+(\S{1,512})$/i.exec(header);
      if (!m || !sameSecret(m[1]!, deps.runSecret)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        res.send(401, { error: 'unauthorized' });
        return;
      }
      try {
        res.send(200, await deps.scheduler.runDue());
      } catch (e) {
        deps.logger.error({ event: 'reminders-run-failed', err: (e as Error).message }, 'reminder run failed');
        res.send(500, { error: 'internal error' });
      }
    });
  };
}
