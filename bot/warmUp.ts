/**
 * The first questions after a start would pay for work done once per process: chrono compiling its date
 * patterns on the first date it reads (about 0.2 s for the English parser, 0.35 s more for the day-first
 * one), the search's patterns and the everyday-English word list (about 0.15 s), V8 compiling the search
 * and the rules. Measured on the compiled start: the first date questions took 0.3-0.5 s instead of a few
 * milliseconds.
 *
 * warmUp() does that work right after the server listens, one message per event-loop turn, so a turn that
 * arrives meanwhile waits for one message's work at most. It reads the pack's example questions and its
 * first entries' questions through the same pipeline as a turn (the answers are thrown away: nothing is
 * stored, recorded or sent), and a few date expressions with a month-first and a day-first clock.
 */
import { setImmediate } from 'node:timers/promises';
import type { TurnClock } from '../rules/clock';
import { findDates } from '../rules/dates';
import type { AnswerPipeline } from './pipeline';

/** Generic English date expressions: each of chrono's kinds of reading once (numeric, named month, relative). */
const DATE_TEXTS = ['on 3/11/2026', 'on 14 March 2026 at 9:30', 'next Friday', 'in two weeks', 'two days ago'];

/** At most this many of the entries' questions (bounded work at any pack size). */
const MAX_ENTRY_QUESTIONS = 12;

export interface WarmUpReport {
  readonly messages: number;
  readonly ms: number;
}

export async function warmUp(pipeline: AnswerPipeline, clock: TurnClock, stopped: () => boolean): Promise<WarmUpReport> {
  const started = performance.now();
  const index = pipeline.knowledge;
  const texts = [...new Set([...index.pack.examples, ...index.entries.slice(0, MAX_ENTRY_QUESTIONS).map((e) => e.question)])];
  const dayFirst: TurnClock = { ...clock, locale: 'en-GB' };
  let messages = 0;
  for (const text of texts) {
    await setImmediate();
    if (stopped()) break;
    pipeline.answer(text, clock);
    messages += 1;
  }
  for (const text of DATE_TEXTS) {
    for (const c of [clock, dayFirst]) {
      await setImmediate();
      if (stopped()) break;
      findDates(text, c, { tense: 'any' });
      messages += 1;
    }
  }
  return { messages, ms: Math.round(performance.now() - started) };
}
