/**
 * The production logger (bot/logger.ts): secrets are redacted wherever they appear, and the turn line,
 * written through the unredacted child for speed, comes out exactly as through the logger itself.
 */
import { createLogger, unredacted } from '../../bot/logger';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', { write: (line: string) => void lines.push(line) }) };
}

const withoutTime = (line: string) => line.replace(/"time":\d+,/, '');

test('secrets are redacted at the top level, one level down and in request headers', () => {
  const { lines, logger } = capture();
  logger.info(
    {
      event: 'x',
      token: 't0',
      config: { appPassword: 'p1', MicrosoftAppPassword: 'p2', connectionString: 'c3', name: 'kept' },
      req: { headers: { authorization: 'Bearer a4' } },
      upstream: { secret: 's5' },
    },
    'm',
  );
  const line = lines.join('');
  for (const secret of ['t0', 'p1', 'p2', 'c3', 'a4', 's5']) expect(line).not.toContain(`"${secret}"`);
  expect(line).toContain('"kept"');
  expect(JSON.parse(line).config.appPassword).toBe('[redacted]');
});

test('a turn line is the same through the unredacted child', () => {
  const a = capture();
  const b = capture();
  const turn = {
    event: 'turn',
    turnId: 'act-1',
    channel: 'msteams',
    decision: 'answer',
    entry: 'merge-accounts',
    rule: undefined,
    ms: 1.25,
    text: 'my token is "abc", secret: x',
  };
  a.logger.info(turn, 'answered');
  unredacted(b.logger).info(turn, 'answered');
  expect(b.lines).toHaveLength(1);
  expect(withoutTime(b.lines[0]!)).toBe(withoutTime(a.lines[0]!));
});
