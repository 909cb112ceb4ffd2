/**
 * Scripted conversations over real HTTP (the black-box protocol of ../shared/tools/botprobe.mjs, checked
 * here in-repo): test/eval/conversations.json holds 303 conversations written blind (by four writers) from
 * knowledge-facts.md (FAQ, personal dates in several zones and locales, dialogs, out of scope, Teams
 * and Slack). The checker is scripts/botprobe.ts (`npm run probe -- FILE` runs any such file). Each turn is posted with deliveryMode "expectReplies" to the real server on an ephemeral
 * port, and its replies' text (message text and card strings, not card actions) is checked.
 */
import { join } from 'node:path';
import pino from 'pino';
import { type App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { problems, runConversation, type ProbeConversation as Conversation } from '../../scripts/botprobe';
import { loadConversations } from '../../scripts/probe';

const CASES = loadConversations(join(__dirname, '..', 'eval', 'conversations.json'));

let app: App;
let url: string;

beforeAll(async () => {
  app = buildApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${await app.listen()}/api/messages`;
});

afterAll(async () => {
  await app.close();
});

async function run(c: Conversation): Promise<string[]> {
  return (await runConversation(url, c, 30_000)).failures;
}

describe('scripted conversations over HTTP (test/eval/conversations.json)', () => {
  it('has cases of every kind', () => {
    const tags = new Set(CASES.flatMap((c) => c.tags));
    for (const t of ['faq', 'rule', 'dialog', 'out-of-scope', 'channel', 'chitchat']) expect(tags).toContain(t);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(await run(c)).toEqual([]);
  });

  it('the checker itself fails a wrong answer: a missing fact, a forbidden one and a wrong date', () => {
    const reply = [{ type: 'message', text: 'Wait **25 days**: you can retry on December 3, 2026.' }];
    expect(problems({ all: ['25 days'], dates: ['2026-12-03'] }, 200, reply)).toEqual([]);
    expect(problems({ all: ['14 days'] }, 200, reply)).toContain('missing "14 days"');
    expect(problems({ none: ['25 days'] }, 200, reply)).toContain('must not say "25 days"');
    expect(problems({ dates: ['2026-12-04'], noDates: ['2026-12-03'] }, 200, reply)).toEqual(expect.arrayContaining(['missing date 2026-12-04', 'must not give date 2026-12-03']));
  });
});
