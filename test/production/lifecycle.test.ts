/**
 * The real process (node --import tsx bot/index.ts): start-up log, refusing an invalid environment,
 * the anonymous-mode warning, and SIGTERM with a turn in flight (finished, then exit 0 within 10 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { azuriteConnectionString, azuriteEndpoint, uniqueContainer } from '../support/azurite';
import { activitiesOf, message, post, request, visible, FAQ_ANSWER_FRAGMENT, FAQ_QUESTION } from './helpers';

const ROOT = join(__dirname, '..', '..');

interface Proc {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts the bot with exactly this environment (plus PATH/HOME), never the test runner's own. */
function startBot(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', HOST: '127.0.0.1', KNOWLEDGE_WATCH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    stdout.push(...lines.filter((l) => l.trim()));
  });
  child.stderr!.on('data', (d: Buffer) => void stderr.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, stdout, stderr, exited };
}

function jsonLines(proc: Proc): Array<Record<string, unknown>> {
  return proc.stdout.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** Waits for the JSON start-up line `event:"listening"` and returns its port. */
async function listeningPort(proc: Proc, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = jsonLines(proc).find((l) => l.event === 'listening');
    if (line) return Number(line.port);
    if (proc.child.exitCode !== null) throw new Error(`the bot exited (${proc.child.exitCode}): ${proc.stderr.join('')}`);
    if (Date.now() > deadline) throw new Error(`no "listening" line within ${timeoutMs} ms: ${proc.stdout.join('\n')} ${proc.stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stop(proc: Proc): void {
  if (proc.child.exitCode === null && proc.child.signalCode === null && proc.child.pid !== undefined) proc.child.kill('SIGKILL');
}

/** A TCP proxy to Azurite that delays every chunk both ways: storage becomes slow, so a turn takes seconds. */
async function slowProxy(targetPort: number, delayMs: number): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const relay = (from: Socket, to: Socket) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('the bot process', () => {
  test('starts with PORT=0, logs a JSON "listening" line with the port, and answers', async () => {
    const proc = startBot({ PORT: '0' });
    try {
      const port = await listeningPort(proc);
      expect(port).toBeGreaterThan(0);
      const res = await post(`http://127.0.0.1:${port}`, message(FAQ_QUESTION));
      expect(res.status).toBe(200);
      expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
    } finally {
      stop(proc);
      await proc.exited;
    }
  });

  test('with no credentials it logs exactly one clear warning at start', async () => {
    const proc = startBot({ PORT: '0' });
    try {
      await listeningPort(proc);
      const warnings = jsonLines(proc).filter((l) => Number(l.level) === 40);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]!.msg)).toMatch(/MicrosoftAppId/);
      expect(String(warnings[0]!.msg)).toMatch(/without authentication/);
    } finally {
      stop(proc);
      await proc.exited;
    }
  });

  test('an invalid environment (PORT=abc) -> exits non-zero with a message naming PORT', async () => {
    const proc = startBot({ PORT: 'abc' });
    const started = Date.now();
    const { code } = await proc.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(proc.stderr.join('')).toMatch(/\bPORT\b/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test('NODE_ENV=production without credentials -> exits non-zero naming MicrosoftAppId', async () => {
    const proc = startBot({ PORT: '0', NODE_ENV: 'production' });
    const { code } = await proc.exited;
    expect(code).not.toBe(0);
    expect(proc.stderr.join('')).toMatch(/MicrosoftAppId/);
  });

  test('SIGTERM while a slow turn is in flight: the turn is answered, new requests refused, exit 0 within 10 s', async () => {
    const target = Number(new URL(azuriteEndpoint()).port);
    const proxy = await slowProxy(target, 400);
    const endpoint = `http://127.0.0.1:${proxy.port}/devstoreaccount1`;
    const proc = startBot({
      PORT: '0',
      BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(endpoint),
      BLOB_STORAGE_CONTAINER: uniqueContainer('lifecycle'),
    });
    try {
      const base = `http://127.0.0.1:${await listeningPort(proc)}`;
      const inFlight = post(base, message(FAQ_QUESTION), { timeoutMs: 15_000 });
      // Let the turn start (its state read now waits on the slow store), then ask the process to stop.
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      proc.child.kill('SIGTERM');

      // While it drains, a new request is refused (connection refused, or a 503 "shutting down").
      await new Promise((r) => setTimeout(r, 200));
      const late = await request(`${base}/healthz`, { timeoutMs: 3000 }).then((r) => r.status, (e: Error) => e.name);
      expect([503, 'TypeError', 'AbortError', 'TimeoutError']).toContain(late);

      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(activitiesOf(res).length).toBeGreaterThanOrEqual(1);
      expect(visible(res)).toContain(FAQ_ANSWER_FRAGMENT);
      expect(res.ms).toBeGreaterThan(800); // it really was slow: in flight when SIGTERM arrived

      const { code, signal, at } = await proc.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(at - signalled).toBeLessThan(10_000);
      const events = jsonLines(proc).map((l) => l.event);
      expect(events).toEqual(expect.arrayContaining(['shutdown', 'stopped']));
      expect(jsonLines(proc).find((l) => l.event === 'shutdown')).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
      // Nothing listens any more.
      await expect(request(`${base}/healthz`, { timeoutMs: 2000 })).rejects.toThrow();
    } finally {
      stop(proc);
      await proc.exited;
      await proxy.close();
    }
  });

  test('SIGTERM when idle -> exit 0 quickly', async () => {
    const proc = startBot({ PORT: '0' });
    try {
      const base = `http://127.0.0.1:${await listeningPort(proc)}`;
      expect((await request(`${base}/healthz`)).status).toBe(200); // leaves a keep-alive connection open
      const signalled = Date.now();
      proc.child.kill('SIGTERM');
      const { code, at } = await proc.exited;
      expect(code).toBe(0);
      expect(at - signalled).toBeLessThan(3000);
    } finally {
      stop(proc);
      await proc.exited;
    }
  });
});
