/**
 * `npm run probe -- FILE [FILE...]`: runs scripted conversations (the botprobe format of
 * test/eval/conversations.json) over real HTTP against the app on an ephemeral port, and prints what
 * failed and two figures for personal dates:
 * - right date within two turns: of the turns that expect dates (`dates`), how many show every expected
 *   date in that turn's replies or the next turn's (one clarifying question allowed);
 * - wrong dates stated: turns whose replies give a date they must not (`noDates`), give a computed answer
 *   ("Rule:" in the working) where `none` forbids one, or give a computed answer without the expected dates.
 * The protocol and its checker are scripts/botprobe.ts (also used by test/http/conversations.test.ts).
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from '../bot/app';
import { loadConfig } from '../bot/config';
import { datePattern, failures, playConversation, ProbeFile, replyText, type ProbeConversation, type TurnRun } from './botprobe';

export function loadConversations(file: string): ProbeConversation[] {
  return ProbeFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const COMPUTED_MARK = 'rule:';

export interface DateFigures {
  /** Turns that expect dates, and those whose dates show in that turn's or the next turn's replies. */
  readonly expected: number;
  readonly rightWithinTwo: number;
  /** Turns that state a date they must not. */
  readonly wrong: number;
  readonly wrongTurns: readonly string[];
  readonly missedTurns: readonly string[];
}

export function dateFigures(results: ReadonlyArray<{ readonly id: string; readonly runs: readonly TurnRun[] }>): DateFigures {
  let expected = 0;
  let right = 0;
  const wrongTurns: string[] = [];
  const missedTurns: string[] = [];
  for (const { id, runs } of results) {
    runs.forEach((r, i) => {
      const text = replyText(r.activities);
      const low = text.toLowerCase();
      const computed = low.includes(COMPUTED_MARK);
      const where = `${id} turn ${i + 1}`;
      const forbidden = (r.turn.noDates ?? []).filter((d) => datePattern(d).test(text));
      const forbiddenComputed = computed && (r.turn.none ?? []).some((s) => s.toLowerCase() === COMPUTED_MARK || low.includes(s.toLowerCase()));
      const dates = r.turn.dates ?? [];
      const missingHere = dates.filter((d) => !datePattern(d).test(text));
      const wrongComputed = computed && dates.length > 0 && missingHere.length > 0;
      if (forbidden.length || forbiddenComputed || wrongComputed) wrongTurns.push(`${where}: ${text.slice(0, 160)}`);
      if (dates.length === 0) return;
      expected++;
      const next = runs[i + 1] ? replyText(runs[i + 1]!.activities) : '';
      if (missingHere.every((d) => datePattern(d).test(next))) right++;
      else missedTurns.push(`${where}: ${text.slice(0, 160)}`);
    });
  }
  return { expected, rightWithinTwo: right, wrong: wrongTurns.length, wrongTurns, missedTurns };
}

async function main(files: readonly string[]): Promise<void> {
  const app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  const url = `http://127.0.0.1:${await app.listen()}/api/messages`;
  try {
    for (const file of files) {
      const cases = loadConversations(file);
      const results: Array<{ id: string; runs: TurnRun[] }> = [];
      for (const c of cases) results.push({ id: c.id, runs: await playConversation(url, c, 30_000) });
      const failed = results.filter((r) => failures(r.runs).length > 0);
      for (const r of failed) console.log(`FAIL ${r.id}\n  ${failures(r.runs).join('\n  ')}`);
      const f = dateFigures(results);
      console.log(`\n${file}: ${cases.length - failed.length}/${cases.length} conversations pass every check`);
      console.log(`  right date within two turns: ${f.rightWithinTwo}/${f.expected}${f.expected ? ` (${((100 * f.rightWithinTwo) / f.expected).toFixed(1)}%)` : ''}`);
      console.log(`  wrong dates stated: ${f.wrong} turn(s)`);
      for (const w of f.wrongTurns) console.log(`    wrong: ${w}`);
      for (const m of f.missedTurns) console.log(`    missed: ${m}`);
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run probe -- FILE [FILE...]');
    process.exit(2);
  }
  main(files).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
