/**
 * npm run build [-- --out DIR]: the production build in dist/ (or DIR; run with `npm run start:prod` =
 * `node dist/bot/index.js`).
 *   1. dist/ emptied, then tsc -p tsconfig.build.json (bot/, knowledge/, rules/; no tests, no scripts).
 *   2. Every file that is not TypeScript under the run-time folders (RUNTIME_DIRS, plus any folder
 *      tsconfig.build.json includes) is copied to the same place under dist/: the knowledge folder's JSON,
 *      the rules, the chat page (bot/public). The code finds them through __dirname, so the same relative
 *      paths hold from source (tsx) and from dist/. A new content file or folder under them is copied with
 *      no change here.
 *   3. The Web Chat bundle (read from node_modules at run time) is compressed once (gzip and brotli) into
 *      dist/bot/, with the hash of the bundle it was made from; bot/webchat.ts serves them while that hash
 *      matches.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { precompressBundle } from '../bot/webchat';

const ROOT = path.resolve(__dirname, '..');
const { values: args } = parseArgs({ options: { out: { type: 'string', default: path.join(ROOT, 'dist') } } });
const OUT = path.resolve(args.out);
/** Folders whose non-TypeScript files the bot reads at run time (a top-level content folder may be added here). */
const RUNTIME_DIRS = ['bot', 'knowledge', 'rules'];
/** Never copied: TypeScript sources, editor and OS leftovers. */
const SKIP = /\.(?:ts|tsx|mts|cts)$|^\.DS_Store$|~$/;

function includedRoots(): string[] {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include?: string[] };
  return (config.include ?? []).map((p) => p.split('/')[0]!).filter((d) => d && !d.includes('*'));
}

function copyData(dir: string): number {
  let n = 0;
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) n += copyData(rel);
    else if (!SKIP.test(name)) {
      mkdirSync(path.join(OUT, dir), { recursive: true });
      cpSync(path.join(ROOT, rel), path.join(OUT, rel));
      n++;
    }
  }
  return n;
}

const inside = (dir: string, parent: string): boolean =>
  !path.relative(parent, dir).startsWith('..') && !path.isAbsolute(path.relative(parent, dir));
if (inside(ROOT, OUT) || ['bot', 'knowledge', 'rules', 'scripts', 'test', 'node_modules'].some((d) => inside(OUT, path.join(ROOT, d)))) {
  process.stderr.write(`build: refusing to empty ${OUT} (it holds sources)\n`);
  process.exit(2);
}

const started = performance.now();
rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', OUT], {
  stdio: 'inherit',
  cwd: ROOT,
});

const dirs = [...new Set([...RUNTIME_DIRS, ...includedRoots()])].filter((d) => existsSync(path.join(ROOT, d)));
const copied = dirs.reduce((n, d) => n + copyData(d), 0);

const { bundle, gzip: gz, brotli: br } = precompressBundle(path.join(OUT, 'bot'));

process.stdout.write(
  `build: ${path.relative(process.cwd(), OUT) || '.'}/ in ${((performance.now() - started) / 1000).toFixed(1)} s: compiled ${dirs.join(', ')}; ${copied} data files copied; ` +
    `Web Chat bundle ${(bundle.length / 1e6).toFixed(1)} MB -> ${(gz.length / 1e6).toFixed(2)} MB gzip, ${(br.length / 1e6).toFixed(2)} MB brotli\n`,
);
