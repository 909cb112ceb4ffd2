/**
 * What the start loads: the app built with memory storage loads neither @microsoft/recognizers-text (the
 * dialogs' prompts, never used) nor the Azure Storage SDK; with a blob connection string it loads the
 * latter. Each case runs in a fresh node process (tsx), so the module cache is the app's own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BASE_ENV } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');

function loadedBy(env: Record<string, string>): { recognizers: number; blobs: number; dialogs: number } {
  const script = `
    const { buildApp } = require('./bot/app');
    const { loadConfig } = require('./bot/config');
    const app = buildApp(loadConfig(${JSON.stringify({ ...BASE_ENV, ...env })}), { logger: require('pino')({ level: 'silent' }) });
    const loaded = Object.keys(require.cache);
    const count = (re) => loaded.filter((k) => re.test(k)).length;
    process.stdout.write(JSON.stringify({
      recognizers: count(/recognizers-text/),
      blobs: count(/@azure[\\\\/]storage-blob|botbuilder-azure-blobs/),
      dialogs: count(/botbuilder-dialogs/),
    }));
    app.close().then(() => process.exit(0));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as { recognizers: number; blobs: number; dialogs: number };
}

test('memory storage: no recognizers-text and no Azure Storage SDK loaded; the dialogs are', () => {
  const loaded = loadedBy({});
  expect(loaded.recognizers).toBe(0);
  expect(loaded.blobs).toBe(0);
  expect(loaded.dialogs).toBeGreaterThan(0);
}, 90_000);

test('blob storage configured: the Azure Storage SDK is loaded, still no recognizers-text', () => {
  const loaded = loadedBy({ BLOB_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;', BLOB_STORAGE_CONTAINER: 'footprint' });
  expect(loaded.blobs).toBeGreaterThan(0);
  expect(loaded.recognizers).toBe(0);
}, 90_000);
