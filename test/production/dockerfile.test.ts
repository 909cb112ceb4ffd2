/**
 * The Dockerfile (images cannot be built on this machine: no container registry), checked as far as it can
 * be here: dockerfile-utils finds no problem (what `npm run lint:docker` runs), the stages do what the README
 * and docs/deploy-azure.md say, and its HEALTHCHECK command, run for real with node, passes against a
 * running bot and fails when nothing listens.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { startApp, type RunningApp } from './helpers';
import { freePort } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The instructions of each stage, by stage name. */
function stages(): Map<string, Instruction[]> {
  const out = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      current = [];
      out.set(
        dockerfile
          .getFROMs()
          .find((f) => f.getRange().start.line === i.getRange().start.line)
          ?.getBuildStage() ?? `#${out.size}`,
        current,
      );
    }
    current.push(i);
  }
  return out;
}
const args = (i: Instruction | undefined): string => i?.getArgumentsContent() ?? '';
const first = (list: Instruction[], keyword: string): Instruction | undefined => list.find((i) => i.getKeyword() === keyword);
const jsonArgs = (i: Instruction | undefined): string[] => JSON.parse(args(i).replace(/^CMD\s+/, '')) as string[];

describe('Dockerfile', () => {
  it('has no problem dockerfile-utils can find (npm run lint:docker)', () => {
    expect(validate(text)).toEqual([]);
  });

  it('builds in a stage with dev dependencies and runs node:20-slim with production dependencies only', () => {
    const all = stages();
    expect([...all.keys()]).toEqual(['build', 'runtime']);
    const build = all.get('build')!;
    expect(build.filter((i) => i.getKeyword() === 'RUN').map(args)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    // Everything `npm run build` compiles is in the build context.
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    const copied = build
      .filter((i) => i.getKeyword() === 'COPY')
      .map(args)
      .join(' ');
    for (const dir of new Set([...tsconfig.include.map((p) => p.split('/')[0]!), 'scripts', 'tsconfig.build.json']))
      expect(copied).toContain(dir);

    const runtime = all.get('runtime')!;
    expect(dockerfile.getFROMs().at(-1)!.getImage()).toBe('node:20-slim');
    expect(args(first(runtime, 'RUN'))).toMatch(/^npm ci --omit=dev\b/);
    expect(
      runtime.some((i) => i.getKeyword() === 'COPY' && /--from=build/.test(i.getTextContent()) && args(i) === '/app/dist ./dist'),
    ).toBe(true);
    expect(args(first(runtime, 'ENV'))).toMatch(/\bNODE_ENV=production\b/);
    expect(args(first(runtime, 'EXPOSE'))).toBe('3978');
  });

  it('runs as the unprivileged user node, with node as PID 1 on the same entry point as npm run start:prod', () => {
    const runtime = stages().get('runtime')!;
    const user = runtime.findIndex((i) => i.getKeyword() === 'USER');
    expect(args(runtime[user])).toBe('node');
    expect(user).toBeGreaterThan(runtime.findIndex((i) => i.getKeyword() === 'RUN')); // installs as root, runs as node
    expect(jsonArgs(first(runtime, 'CMD'))).toEqual(pkg.scripts['start:prod']!.split(' '));
  });

  describe('HEALTHCHECK (node, since slim has no curl), run for real', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp();
    });
    afterAll(async () => {
      await running.close();
    });

    const command = (): string[] => jsonArgs(first(stages().get('runtime')!, 'HEALTHCHECK'));
    // Asynchronous: the bot answering it runs in this process.
    const check = (port: number): Promise<number | null> =>
      new Promise((resolve) => {
        const child = spawn(command()[0] === 'node' ? process.execPath : command()[0]!, command().slice(1), {
          env: { PORT: String(port) },
          stdio: 'ignore',
          timeout: 10_000,
        });
        child.once('exit', (code) => resolve(code));
      });

    it('asks /healthz with a timeout', () => {
      expect(command()[0]).toBe('node');
      expect(command().join(' ')).toContain('/healthz');
      expect(command().join(' ')).toContain('AbortSignal.timeout');
    });

    it('exits 0 against a running bot and 1 when nothing listens', async () => {
      expect(await check(running.port)).toBe(0);
      expect(await check(await freePort())).toBe(1);
    });
  });

  it('.dockerignore keeps secrets, installs and builds out of the context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const p of ['.env', 'node_modules', 'dist', '.git']) expect(ignored).toContain(p);
  });
});
