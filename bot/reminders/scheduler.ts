/**
 * Sends due reminders. One run: read the due index, claim each due reminder (a conditional write, so of
 * several instances exactly one sends it), send it, mark it sent. A run at start catches up on what came
 * due while no instance was running; those are sent marked late. The in-process timer fires every
 * REMINDERS_POLL_SECONDS with +-20% jitter (instances started together drift apart), is unref'd (it never
 * keeps the process alive) and is stopped on close; POST /api/reminders/run runs the same code.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Reminder, ReminderStore } from './store';

/** A reminder sent more than this long after it was due is marked late. */
export const LATE_AFTER_MS = 10 * 60_000;
/** At most this many reminders are sent by one run (the next run takes the rest). */
export const MAX_PER_RUN = 200;

/** Sends one reminder to its conversation; rejects on failure (bounded by its own timeout). */
export type ReminderSender = (reminder: Reminder, late: boolean) => Promise<void>;

export interface RunReport {
  readonly due: number;
  readonly sent: number;
  readonly late: number;
  readonly failed: number;
  /** Due entries this instance did not send (claimed elsewhere, already done, or not yet due). */
  readonly skipped: number;
}

export interface SchedulerOptions {
  readonly now: () => Date;
  readonly leaseMs: number;
  /** 0 = no timer (runs only on demand). */
  readonly pollMs: number;
  readonly logger: Logger;
  readonly instanceId?: string;
}

export class ReminderScheduler {
  readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<RunReport>;
  private stopped = false;

  constructor(
    private readonly store: ReminderStore,
    private readonly send: ReminderSender,
    private readonly options: SchedulerOptions,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** Starts the timer; with runNow, runs once first (catching up after a restart). */
  start(runNow = true): void {
    this.stopped = false;
    if (runNow) void this.runDue().catch((e: Error) => this.options.logger.error({ event: 'reminders-run-failed', err: e.message }, 'reminder run failed'));
    this.schedule();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run; a run already in progress in this process is joined, not doubled. */
  runDue(): Promise<RunReport> {
    if (this.running) return this.running;
    const run = this.runOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private schedule(): void {
    if (this.stopped || this.options.pollMs <= 0) return;
    const delay = Math.round(this.options.pollMs * (0.8 + Math.random() * 0.4));
    this.timer = setTimeout(() => {
      void this.runDue()
        .catch((e: Error) => this.options.logger.error({ event: 'reminders-run-failed', err: e.message }, 'reminder run failed'))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private async runOnce(): Promise<RunReport> {
    const now = this.options.now();
    const due = (await this.store.due(now)).slice(0, MAX_PER_RUN);
    let sent = 0;
    let late = 0;
    let failed = 0;
    let skipped = 0;
    for (const entry of due) {
      if (this.stopped && this.options.pollMs > 0) break;
      const at = this.options.now();
      const claimed = await this.store.claim(entry.id, at, this.instanceId, this.options.leaseMs);
      if (!claimed) {
        skipped += 1;
        continue;
      }
      const isLate = at.getTime() - Date.parse(claimed.dueAt) > LATE_AFTER_MS;
      try {
        await this.send(claimed, isLate);
      } catch (e) {
        failed += 1;
        this.options.logger.warn({ event: 'reminder-send-failed', reminder: claimed.id, attempts: claimed.attempts, err: (e as Error).message }, 'could not send a reminder');
        await this.store.release(claimed);
        continue;
      }
      await this.store.markSent(claimed, at, isLate);
      sent += 1;
      if (isLate) late += 1;
      this.options.logger.info({ event: 'reminder-sent', reminder: claimed.id, channel: claimed.channelId, late: isLate, instance: this.instanceId }, 'reminder sent');
    }
    return { due: due.length, sent, late, failed, skipped };
  }
}
