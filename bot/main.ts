/**
 * Composition root: config -> logger -> app (knowledge index, rules, storage, bot, adapter, server)
 * -> listen. SIGTERM/SIGINT: stop accepting, finish in-flight turns, exit 0. Started by bot/index.ts
 * (from source) or by bot/launch.ts (the production build's entry point, which loads it bundled).
 */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

export interface StartInfo {
  /** Whether the production launcher compiled the bundle with the build's V8 code cache (bot/launch.ts). */
  readonly codeCache?: 'used' | 'rejected' | 'none';
}

export async function main(info: StartInfo = {}): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.log.level);
  if (config.auth.anonymous) {
    logger.warn({ event: 'anonymous' }, 'no MicrosoftAppId set: running without authentication (local mode: Emulator, local chat page)');
  }
  let app;
  try {
    app = buildApp(config, { logger });
  } catch (e) {
    logger.fatal({ event: 'start-failed', err: (e as Error).message }, (e as Error).message);
    process.exit(1);
  }
  const port = await app.listen();
  logger.info({ event: 'listening', port, storage: app.storage.kind, entries: app.knowledge.index.size, ...info }, `bot listening on http://localhost:${port}/ (POST /api/messages)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal, inFlight: app.http.inFlight() }, 'shutting down');
    const hard = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1500);
    hard.unref();
    await app.close();
    logger.info({ event: 'stopped' }, 'stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

