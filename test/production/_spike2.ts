import globalSetup from '../globalSetup';
import globalTeardown from '../globalTeardown';
import { azuriteConnectionString, uniqueContainer } from '../support/azurite';
import { loadConfig } from '../../bot/config';
import { createStorage } from '../../bot/storage';
import { StorageQualityRecorder } from '../../bot/qualityStore';
async function main() {
  await globalSetup();
  console.log(process.env.AZURITE_BLOB_ENDPOINT);
  const cfg = loadConfig({ BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(), BLOB_STORAGE_CONTAINER: uniqueContainer('spike') });
  const s = createStorage(cfg);
  await s.check();
  const rec = new StorageQualityRecorder(s.storage);
  const at = new Date('2026-11-29T15:00:00Z');
  const res = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => rec.record({ kind: 'answered', entryId: `e${i}` }, 'test', at)));
  console.log(res.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message));
  console.log('records', (await rec.read(['2026-11-29'])).length);
  const t0 = Date.now();
  const bad = createStorage(loadConfig({ BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString('http://127.0.0.1:9/devstoreaccount1') }));
  try { await bad.check(); } catch (e) { console.log('bad', (e as Error).message.split('\n')[0], Date.now() - t0); }
  await globalTeardown();
}
main();
