/** Jest global teardown: stops the Azurite that test/globalSetup.ts started (by PID) and removes its data. */
import { rmSync } from 'node:fs';
import { AZURITE_GLOBAL, type AzuriteHandle } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>)[AZURITE_GLOBAL] as AzuriteHandle | undefined;
  if (!handle) return;
  const { child, dir } = handle;
  if (child.exitCode === null && child.pid !== undefined) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!stopped && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[AZURITE_GLOBAL];
}
