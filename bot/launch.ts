/**
 * The production entry point, dist/bot/index.js (scripts/build.ts bundles this file on its own: it uses
 * Node's built-in modules only). It runs the bundled bot, dist/bot/main.js, compiled with the V8 code cache
 * the build made for it (main.js.cache), which spares most of the compiling of a 6 MB file at every start.
 *
 * Node 22 does this for every module with module.enableCompileCache(); Node 20, which the bot runs on, has
 * no such switch, hence this file. A cache V8 rejects (another Node version, other V8 flags, another
 * bundle) costs only the compiling it would have saved; the `listening` log line says which
 * (`codeCache`: used, rejected, none).
 *
 * `node dist/bot/index.js --write-code-cache` (run by the build) compiles and loads the bundle without
 * starting the bot, and writes the cache.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { StartInfo } from './main';

const BUNDLE = join(__dirname, 'main.js');
const CACHE = `${BUNDLE}.cache`;

interface Bundle {
  readonly main: (info: StartInfo) => Promise<void>;
}

/** Compiles the bundle (with `cachedData` when given) and runs its module code, as require() would. */
function load(cachedData?: Buffer): { readonly bundle: Bundle; readonly script: Script } {
  const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  const module = { exports: {} as Bundle, filename: BUNDLE, id: BUNDLE, loaded: false };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  module.loaded = true;
  return { bundle: module.exports, script };
}

if (process.argv[2] === '--write-code-cache') {
  const { script } = load();
  const data = script.createCachedData();
  writeFileSync(CACHE, data);
  process.stdout.write(`${data.length}\n`);
  // Whatever the bundle's module code set going (none of it is the bot), the build waits for no more.
  process.exit(0);
} else {
  const cached = existsSync(CACHE) ? readFileSync(CACHE) : undefined;
  const { bundle, script } = load(cached);
  void bundle.main({ codeCache: cached === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' });
}
