/**
 * `npm run probe:url` (scripts/probe-url.ts), the README's black-box check, run as a child process against the real
 * server on an ephemeral port: a passing and a failing conversation give one PASS and one FAIL line, the
 * summary line and exit 1; the passing one alone exits 0; a bad file is a usage error (exit 2).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, startApp, type RunningApp } from '../production/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
let running: RunningApp;
let dir: string;

beforeAll(async () => {
  running = await startApp();
  dir = mkdtempSync(path.join(tmpdir(), 'probe-'));
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the probe asynchronously (the server answering it lives in this process). */
function probe(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/probe-url.ts', ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

const cases = [
  { id: 'right', tags: ['faq'], turns: [{ text: FAQ_QUESTION, all: [FAQ_ANSWER_FRAGMENT] }] },
  { id: 'wrong', tags: ['faq'], turns: [{ text: FAQ_QUESTION, all: ['valid for 99 months'], dates: ['2026-12-03'] }] },
];

it('prints PASS and FAIL per case, the reasons, a summary, and exits 1 when a case fails', async () => {
  const file = path.join(dir, 'two.json');
  writeFileSync(file, JSON.stringify(cases));
  const { code, out } = await probe('--url', `${running.base}/api/messages`, file);
  expect(out).toContain('PASS right');
  expect(out).toMatch(/FAIL wrong: turn 1 "How long is a microcredential valid\?": missing "valid for 99 months"; missing date 2026-12-03/);
  expect(out).toContain('by tag: faq 1/2');
  expect(out).toMatch(/^1 passed, 1 failed$/m);
  expect(code).toBe(1);
}, 60_000);

it('exits 0 when every selected case passes (--only)', async () => {
  const file = path.join(dir, 'two.json');
  writeFileSync(file, JSON.stringify(cases));
  const { code, out } = await probe('--url', `${running.base}/api/messages`, '--only', 'right', file);
  expect(out).toMatch(/^1 passed, 0 failed$/m);
  expect(code).toBe(0);
}, 60_000);

it('a missing or malformed file is a usage error', async () => {
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify([{ id: 'x', turns: [] }]));
  const missing = await probe(path.join(dir, 'none.json'));
  expect(missing.code).toBe(2);
  expect(missing.out).toContain('none.json');
  const malformed = await probe(bad);
  expect(malformed.code).toBe(2);
  expect(malformed.out).toMatch(/bad\.json: 0\.turns: /);
}, 60_000);
