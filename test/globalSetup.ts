/**
 * Jest global setup: makes an Azurite blob endpoint available to the storage tests.
 * - AZURITE_BLOB_ENDPOINT already set (CI: .ci/run starts Azurite): used as is.
 * - Otherwise Azurite is started from node_modules on a free port with a temporary data folder; its
 *   endpoint is exported through process.env (inherited by the workers) and globalTeardown stops it by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/ports';

export interface AzuriteHandle {
  readonly child: ChildProcess;
  readonly dir: string;
}

/** Read by globalTeardown (jest runs both in the same parent process). */
export const AZURITE_GLOBAL = '__CERT_BOT_AZURITE__';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.AZURITE_BLOB_ENDPOINT) return;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'azurite-'));
  const main = join(__dirname, '..', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const child = spawn(
    process.execPath,
    [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', dir, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const deadline = Date.now() + 20_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not open port ${port} within 20 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  process.env.AZURITE_BLOB_ENDPOINT = `http://127.0.0.1:${port}/devstoreaccount1`;
  (globalThis as Record<string, unknown>)[AZURITE_GLOBAL] = { child, dir } satisfies AzuriteHandle;
}
