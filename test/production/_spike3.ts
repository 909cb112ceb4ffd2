import net from 'node:net';
import globalSetup from '../globalSetup';
import globalTeardown from '../globalTeardown';
import { azuriteConnectionString, uniqueContainer } from '../support/azurite';
import { loadConfig } from '../../bot/config';
import { createStorage } from '../../bot/storage';
async function main() {
  await globalSetup();
  const target = Number(new URL(process.env.AZURITE_BLOB_ENDPOINT!).port);
  const proxy = net.createServer((c) => { const u = net.connect(target, '127.0.0.1'); c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const port = (proxy.address() as net.AddressInfo).port;
  await new Promise<void>((r) => proxy.close(() => r()));
  const s = createStorage(loadConfig({ BLOB_STORAGE_CONNECTION_STRING: azuriteConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`), BLOB_STORAGE_CONTAINER: uniqueContainer('p') }));
  const t0 = Date.now();
  try { await s.check(); console.log('ok?!'); } catch (e) { console.log('down', (e as Error).message, Date.now() - t0); }
  const p2 = net.createServer((c) => { const u = net.connect(target, '127.0.0.1'); c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); });
  await new Promise<void>((r) => p2.listen(port, '127.0.0.1', () => r()));
  try { await s.check(); console.log('recovered'); } catch (e) { console.log('still down after recovery:', (e as Error).message); }
  try { await s.storage.write({ k: { a: 1 } }); console.log('write ok'); } catch (e) { console.log('write fails after recovery:', (e as Error).message); }
  p2.close();
  await globalTeardown();
  process.exit(0);
}
main();
