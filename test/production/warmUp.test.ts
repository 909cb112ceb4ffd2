/**
 * The warm-up after listen() (bot/warmUp.ts): it reads the pack's example questions and a few dates, one per
 * event-loop turn, while the server already answers; it stores nothing; a close stops it; WARM_UP=false and
 * the test environment's default skip it. Real HTTP against the app on an ephemeral port.
 */
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message, post, startApp, visible } from './helpers';

describe('warm-up after listen', () => {
  it('reads the examples and dates while turns are answered, and stores or records nothing', async () => {
    const run = await startApp({ WARM_UP: 'true' }, { captureLogs: true });
    try {
      // A turn sent at once is answered (the warm-up yields between its messages).
      const during = post(run.base, message(FAQ_QUESTION));
      const report = await run.app.warmedUp();
      expect(visible(await during)).toContain(FAQ_ANSWER_FRAGMENT);
      const pack = run.app.knowledge.index.pack;
      expect(report?.messages).toBeGreaterThanOrEqual(pack.examples.length + 10);
      expect(run.logs.join('\n')).toMatch(/"event":"warmed-up","messages":\d+/);
      // Only the real turn left a quality record: the warm-up's answers were thrown away.
      await run.app.qualityBuffer.flush();
      const day = await run.app.recorder.read([new Date().toISOString().slice(0, 10)]);
      expect(day.length).toBe(1);
    } finally {
      await run.close();
    }
  });

  it('a close during the warm-up stops it', async () => {
    const run = await startApp({ WARM_UP: 'true' });
    await run.close();
    const report = await run.app.warmedUp();
    expect(report?.messages).toBeLessThan(run.app.knowledge.index.pack.examples.length + 10);
  });

  it('off with WARM_UP=false, and by default under NODE_ENV=test', async () => {
    for (const env of [{ WARM_UP: 'false' }, {}] as Array<Record<string, string>>) {
      const run = await startApp(env);
      try {
        expect(await run.app.warmedUp()).toBeUndefined();
      } finally {
        await run.close();
      }
    }
  });
});
