/**
 * The production start, as the README gives it: a folder holding only dist/ (from `npm run build`),
 * package.json and package-lock.json; `npm ci --omit=dev`; `npm run start:prod` (plain node, no tsx, no dev
 * dependencies). The test builds into that folder, installs, starts the bot on an ephemeral port, waits for
 * /readyz, asks a FAQ question over HTTP, fetches the pre-compressed Web Chat bundle, and stops it with SIGTERM.
 *
 * `npm ci --omit=dev` is slow (about 730 packages, mostly botframework-webchat's), so the folder is kept in
 * the system temp folder under the hash of the production part of package.json + package-lock.json: the first
 * run installs (the npm cache makes it offline; a normal `npm ci` is the fallback), later runs with the same
 * production dependencies reuse the install and replace package.json, package-lock.json and dist/.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FAQ_ANSWER_FRAGMENT, FAQ_QUESTION, message } from './helpers';
import { generatePack } from '../../scripts/kb-generate';
import { freePort } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const pkgText = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const lockText = readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8');
const pkg = JSON.parse(pkgText) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: unknown;
};
const lock = JSON.parse(lockText) as { packages: Record<string, { dev?: boolean }> };
/** What `npm ci --omit=dev` installs: the production dependencies and the lock file's non-dev packages. */
const productionSet = JSON.stringify([pkg.dependencies, pkg.overrides ?? null, Object.entries(lock.packages).filter(([, p]) => !p.dev)]);
const key = createHash('sha1').update(productionSet).digest('hex').slice(0, 12);
const DIR = path.join(tmpdir(), `cert-helpdesk-prod-${key}`);
const INSTALLED = path.join(DIR, '.installed');

function npm(args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('npm', args, { cwd: DIR, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' }, timeout: 600_000 });
  return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
}

let child: ChildProcess | undefined;

beforeAll(() => {
  if (!existsSync(INSTALLED)) {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
  }
  // Only the three: package.json, package-lock.json and a fresh dist/ (node_modules comes from npm ci below).
  for (const name of readdirSync(DIR))
    if (!['node_modules', '.installed'].includes(name)) rmSync(path.join(DIR, name), { recursive: true, force: true });
  copyFileSync(path.join(ROOT, 'package.json'), path.join(DIR, 'package.json'));
  copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(DIR, 'package-lock.json'));
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build.ts', '--out', path.join(DIR, 'dist')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  if (!existsSync(INSTALLED)) {
    let run = npm(['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund']);
    if (!run.ok) run = npm(['ci', '--omit=dev', '--no-audit', '--no-fund']);
    if (!run.ok) throw new Error(`npm ci --omit=dev failed:\n${run.output.slice(-3000)}`);
    writeFileSync(INSTALLED, new Date().toISOString());
  }
}, 600_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
});

/** The production start (start:prod) with these settings on a free port, once /readyz answers 200. */
async function startProd(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; readyMs: number; logs: () => string; stop: () => Promise<number | null> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = spawn(process.execPath, pkg.scripts['start:prod']!.split(' ').slice(1), {
    cwd: DIR,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      ALLOW_ANONYMOUS: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      KNOWLEDGE_WATCH: 'false',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let ready = false;
  while (!ready && performance.now() - started < 30_000 && proc.exitCode === null) {
    ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  const readyAfter = performance.now() - started;
  if (!ready) {
    proc.kill('SIGKILL');
    throw new Error(`not ready after ${readyAfter.toFixed(0)} ms:\n${out}`);
  }
  return {
    child: proc,
    base: url,
    readyMs: readyAfter,
    logs: () => out,
    stop: () => {
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      return exited;
    },
  };
}

describe('production start: dist/ + package.json + package-lock.json, npm ci --omit=dev, npm run start:prod', () => {
  it('the folder holds only the three and production dependencies: no tsx, typescript or jest', () => {
    expect(
      readdirSync(DIR)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    expect(existsSync(path.join(DIR, 'node_modules', 'botbuilder'))).toBe(true);
    for (const dev of ['tsx', 'typescript', 'jest', 'ts-jest']) expect(existsSync(path.join(DIR, 'node_modules', dev))).toBe(false);
    expect(pkg.devDependencies).toHaveProperty('tsx');
    expect(pkg.dependencies).not.toHaveProperty('tsx');
  });

  it('dist/ holds the compiled bot and every data file under bot/, knowledge/ and rules/ (the knowledge folder, the chat page), and no tests or scripts', () => {
    const dist = path.join(DIR, 'dist');
    const data = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? data(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [] : [path.join(dir, e.name)],
      );
    const files = ['bot', 'knowledge', 'rules'].flatMap(data);
    expect(files).toEqual(expect.arrayContaining([path.join('bot', 'public', 'index.html'), path.join('bot', 'public', 'chat.js')]));
    expect(files.filter((f) => f.startsWith('knowledge') && f.endsWith('.json')).length).toBeGreaterThan(3);
    for (const f of [...files, 'bot/index.js', 'bot/main.js', 'bot/main.js.cache', 'knowledge/buildWorker.js', 'knowledge/index.snapshot', 'bot/webchat.js.gz', 'bot/webchat.js.br']) expect(existsSync(path.join(dist, f))).toBe(true);
    expect(existsSync(path.join(dist, 'test'))).toBe(false);
    expect(existsSync(path.join(dist, 'scripts'))).toBe(false);
  });

  it('start:prod is plain node on the compiled entry point', () => {
    expect(pkg.scripts['start:prod']).toBe('node dist/bot/index.js');
  });

  it('starts from the build\'s index snapshot and code cache, is ready, answers a FAQ question over HTTP, serves the pre-compressed bundle, and exits 0 on SIGTERM', async () => {
    const prod = await startProd({});
    child = prod.child;
    const base = prod.base;
    // The shipped pack is the one the build indexed: no training at start. The bundle was compiled with the
    // build's code cache (same node binary).
    expect(prod.logs()).toMatch(/"event":"knowledge-loaded","entries":\d+,"from":"snapshot"/);
    expect(prod.logs()).toMatch(/"event":"listening".*"codeCache":"used"/);

    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(FAQ_QUESTION)),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text?: string; attachments?: unknown[] }> };
    expect(JSON.stringify(body.activities)).toContain(FAQ_ANSWER_FRAGMENT);

    const bundle = await fetch(`${base}/webchat/webchat.js`, {
      headers: { 'accept-encoding': 'gzip' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(bundle.status).toBe(200);
    // fetch decodes gzip itself; the built file is what was sent when the lengths agree.
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(Number(bundle.headers.get('content-length'))).toBe(statSync(path.join(DIR, 'dist', 'bot', 'webchat.js.gz')).size);
    expect((await bundle.text()).length).toBe(gunzipSync(readFileSync(path.join(DIR, 'dist', 'bot', 'webchat.js.gz'))).toString().length);

    expect(await prod.stop()).toBe(0);
    expect(prod.logs()).toContain('"event":"stopped"');
    expect(prod.logs()).not.toMatch(/"level":(?:50|60)/);
  }, 60_000);

  it('another pack (KNOWLEDGE_DIR) is indexed at start, and an edit of it is rebuilt in the worker thread (dist/knowledge/buildWorker.js)', async () => {
    const pack = mkdtempSync(path.join(tmpdir(), 'prod-reload-'));
    const generated = generatePack(30);
    for (const f of generated.files) writeFileSync(path.join(pack, f.name), JSON.stringify(f.json, null, 2));
    const prod = await startProd({ KNOWLEDGE_DIR: pack, KNOWLEDGE_WATCH: 'true' });
    child = prod.child;
    try {
      expect(prod.logs()).toMatch(/"event":"knowledge-loaded","entries":30,"from":"pack","snapshot":"the pack changed since the build"/);
      const entry = generated.entries[0]!;
      const ask = async () => {
        const res = await fetch(`${prod.base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message(entry.question)),
          signal: AbortSignal.timeout(10_000),
        });
        return JSON.stringify(((await res.json()) as { activities: unknown[] }).activities);
      };
      expect(await ask()).toContain(entry.answer);
      const file = path.join(pack, generated.files.find((f) => JSON.stringify(f.json).includes(entry.id))!.name);
      const json = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ id: string; answer: string }> };
      json.entries.find((e) => e.id === entry.id)!.answer = 'Reloaded in production: the steps changed.';
      writeFileSync(file, JSON.stringify(json, null, 2));
      const until = performance.now() + 45_000;
      while (!prod.logs().includes('"event":"knowledge-reloaded"') && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(prod.logs()).toMatch(/"event":"knowledge-reloaded","entries":30,"generation":2,"via":"worker"/);
      expect(await ask()).toContain('Reloaded in production: the steps changed.');
      expect(await prod.stop()).toBe(0);
      expect(prod.logs()).not.toMatch(/"level":(?:50|60)/);
    } finally {
      rmSync(pack, { recursive: true, force: true });
    }
  }, 90_000);
});
