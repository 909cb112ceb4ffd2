/**
 * The local chat page and what it needs, served by the bot's own restify server:
 *   GET  /                      the help-site style page with the chat widget (bot/public/index.html)
 *   GET  /public/<name>         the page's own script and style, from a fixed allow-list (nothing else)
 *   GET  /webchat/webchat.js    Bot Framework Web Chat's browser bundle, straight from node_modules
 *   POST /api/directline/token  exchanges DIRECT_LINE_SECRET for a Direct Line token, server-side
 * Nothing comes from a CDN: the page works with no network and no credentials (DESIGN.md, "Parts and
 * how they start").
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import type { Config } from './config';
import { clientAddressResolver } from './clientAddress';
import { RateLimiter } from './rateLimit';

/** Defaults of the options below, as plain constants. */
export const WEBCHAT_DEFAULTS = {
  /** Token requests allowed per client address and window. */
  tokenRequestsPerWindow: 10,
  tokenWindowMs: 60_000,
  /** How long the Direct Line token service gets to answer. */
  tokenTimeoutMs: 5_000,
} as const;

export interface ChatPageOptions {
  readonly tokenRequestsPerWindow?: number;
  readonly tokenWindowMs?: number;
  readonly tokenTimeoutMs?: number;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Where the build's pre-compressed bundle is (default: next to this file, dist/bot/ in a build). */
  readonly precompressedDir?: string;
}

export const WEBCHAT_BUNDLE_URL = '/webchat/webchat.js';
export const DIRECT_LINE_TOKEN_URL = '/api/directline/token';
export const DIRECT_LINE_NOT_CONFIGURED = 'Direct Line is not configured on this server (DIRECT_LINE_SECRET)';

/** bot/public next to this file (tsx), or the source tree's when running from a tsc build in dist/. */
export const PUBLIC_DIR = [path.join(__dirname, 'public'), path.resolve(__dirname, '..', '..', 'bot', 'public')].find((d) =>
  existsSync(path.join(d, 'index.html')),
) ?? path.join(__dirname, 'public');

interface Asset {
  readonly file: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly precompressed?: Precompressed;
}

/** The only files GET /public/<name> serves; any other name (or any path trick) is a 404. */
const PUBLIC_ASSETS: Readonly<Record<string, Omit<Asset, 'file'>>> = {
  'chat.js': { contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' },
  'chat.css': { contentType: 'text/css; charset=utf-8', cacheControl: 'no-cache' },
  'favicon.svg': { contentType: 'image/svg+xml', cacheControl: 'public, max-age=86400' },
};

/**
 * The classic-script (UMD) bundle of botframework-webchat: it sets window.WebChat. The package's
 * "exports" map hides dist/ from require.resolve, so resolve the package's main file and step over.
 */
export function webChatBundlePath(): string {
  const main = require.resolve('botframework-webchat');
  return path.resolve(path.dirname(main), '..', 'dist', 'webchat.js');
}

/**
 * The gzip and brotli forms of the bundle that `npm run build` writes next to the compiled file
 * (dist/bot/), with the SHA-1 of the bundle they were made from: served (brotli first, to clients that
 * accept it) instead of compressing 3.9 MB at run time, and only while that hash matches the installed
 * bundle (a different botframework-webchat falls back to gzip made here; brotli is never made at run time).
 */
export const PRECOMPRESSED_BUNDLE = { file: 'webchat.js.gz', brotliFile: 'webchat.js.br', hashFile: 'webchat.js.sha1' } as const;

/**
 * Build time (`npm run build`, tests): writes the bundle's gzip and brotli forms and its hash into `dir`
 * (PRECOMPRESSED_BUNDLE); returns the three sizes' sources.
 */
export function precompressBundle(dir: string): { bundle: Buffer; gzip: Buffer; brotli: Buffer } {
  const bundle = readFileSync(webChatBundlePath());
  const gzip = gzipSync(bundle, { level: zlib.Z_BEST_COMPRESSION });
  const brotli = brotliCompressSync(bundle, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: bundle.length },
  });
  writeFileSync(path.join(dir, PRECOMPRESSED_BUNDLE.file), gzip);
  writeFileSync(path.join(dir, PRECOMPRESSED_BUNDLE.brotliFile), brotli);
  writeFileSync(path.join(dir, PRECOMPRESSED_BUNDLE.hashFile), createHash('sha1').update(bundle).digest('base64url'));
  return { bundle, gzip, brotli };
}

interface Precompressed {
  readonly gzipFile: string;
  readonly brotliFile: string;
  readonly hashFile: string;
}

/** What the page may load and connect to: only this server (Web Chat injects its styles at run time). */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

interface Loaded {
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly br?: Buffer;
  readonly etag: string;
}

/** Whether an Accept-Encoding header accepts a content coding (by name or "*", with a q-value above 0). */
export function acceptsEncoding(header: string | string[] | undefined, coding: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name.trim() !== coding && name.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)).find((m) => m)?.[1];
    return q === undefined || Number(q) > 0;
  });
}

/** Reads a file once and keeps it (and its gzip form) in memory. */
class FileCache {
  private readonly files = new Map<string, Loaded>();

  get(file: string, precompressed?: Precompressed): Loaded {
    let hit = this.files.get(file);
    if (!hit) {
      const body = readFileSync(file);
      const hash = createHash('sha1').update(body).digest('base64url');
      const etag = `"${hash}"`;
      const matches = precompressed !== undefined && existsSync(precompressed.hashFile) && readFileSync(precompressed.hashFile, 'utf8').trim() === hash;
      const built = (f: string | undefined) => (matches && f && existsSync(f) ? readFileSync(f) : undefined);
      hit = { body, etag, gzip: built(precompressed?.gzipFile) ?? (body.length > 1024 ? gzipSync(body) : undefined), br: built(precompressed?.brotliFile) };
      this.files.set(file, hit);
    }
    return hit;
  }
}

function sendAsset(req: restify.Request, res: restify.Response, cache: FileCache, asset: Asset, extraHeaders: Record<string, string> = {}): void {
  const loaded = cache.get(asset.file, asset.precompressed);
  const headers: Record<string, string> = {
    'Content-Type': asset.contentType,
    'Cache-Control': asset.cacheControl,
    ETag: loaded.etag,
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
    ...extraHeaders,
  };
  if (req.headers['if-none-match'] === loaded.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const accepted = req.headers['accept-encoding'];
  let body = loaded.body;
  if (loaded.br && acceptsEncoding(accepted, 'br')) {
    body = loaded.br;
    headers['Content-Encoding'] = 'br';
  } else if (loaded.gzip && acceptsEncoding(accepted, 'gzip')) {
    body = loaded.gzip;
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: restify.Response): void {
  res.send(404, { error: 'not found' });
}

const TokenResponseSchema = z.looseObject({
  token: z.string().min(1),
  conversationId: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** The routes of the chat page, the Web Chat bundle, the page's assets and the Direct Line token endpoint. */
export function chatPageRoutes(config: Config, logger: Logger, options: ChatPageOptions = {}): Array<(server: restify.Server) => void> {
  const cache = new FileCache();
  const bundle: Asset = {
    file: webChatBundlePath(),
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: 'public, max-age=3600',
    precompressed: {
      gzipFile: path.join(options.precompressedDir ?? __dirname, PRECOMPRESSED_BUNDLE.file),
      brotliFile: path.join(options.precompressedDir ?? __dirname, PRECOMPRESSED_BUNDLE.brotliFile),
      hashFile: path.join(options.precompressedDir ?? __dirname, PRECOMPRESSED_BUNDLE.hashFile),
    },
  };
  const page: Asset = { file: path.join(PUBLIC_DIR, 'index.html'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };
  const clientAddress = clientAddressResolver(config.trustedProxies);
  const tokenLimiter = new RateLimiter(
    options.tokenRequestsPerWindow ?? WEBCHAT_DEFAULTS.tokenRequestsPerWindow,
    options.tokenWindowMs ?? WEBCHAT_DEFAULTS.tokenWindowMs,
  );
  const timeoutMs = options.tokenTimeoutMs ?? WEBCHAT_DEFAULTS.tokenTimeoutMs;
  const doFetch = options.fetch ?? fetch;

  const pageRoutes = (server: restify.Server): void => {
    const servePage = (req: restify.Request, res: restify.Response, next: restify.Next): void => {
      sendAsset(req, res, cache, page, {
        'Content-Security-Policy': PAGE_CSP,
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'SAMEORIGIN',
      });
      return next();
    };
    server.get('/', servePage);
    server.head('/', servePage);
  };

  const bundleRoute = (server: restify.Server): void => {
    const serveBundle = (req: restify.Request, res: restify.Response, next: restify.Next): void => {
      try {
        sendAsset(req, res, cache, bundle);
      } catch (e) {
        logger.error({ event: 'webchat-bundle-missing', file: bundle.file, err: (e as Error).message }, 'the Web Chat bundle could not be read; run npm install');
        res.send(500, { error: 'the Web Chat bundle is missing on this server' });
      }
      return next();
    };
    server.get(WEBCHAT_BUNDLE_URL, serveBundle);
    server.head(WEBCHAT_BUNDLE_URL, serveBundle);
  };

  const publicRoutes = (server: restify.Server): void => {
    const servePublic = (req: restify.Request, res: restify.Response, next: restify.Next): void => {
      // The raw path, not decoded: "/public/%2e%2e/x" or "/public/a/b" can never equal an allowed name.
      const rawPath = (req.url ?? '').split('?')[0] ?? '';
      const name = rawPath.startsWith('/public/') ? rawPath.slice('/public/'.length) : '';
      const known = Object.prototype.hasOwnProperty.call(PUBLIC_ASSETS, name) ? PUBLIC_ASSETS[name] : undefined;
      if (!known) {
        notFound(res);
        return next();
      }
      sendAsset(req, res, cache, { file: path.join(PUBLIC_DIR, name), ...known });
      return next();
    };
    server.get('/public/*', servePublic);
    server.head('/public/*', servePublic);
  };

  const tokenRoute = (server: restify.Server): void => {
    server.post(DIRECT_LINE_TOKEN_URL, async (req: restify.Request, res: restify.Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const rate = tokenLimiter.hit(clientAddress(req));
      if (!rate.allowed) {
        res.setHeader('Retry-After', String(rate.retryAfterSeconds));
        res.send(429, { error: 'too many token requests; retry later' });
        return;
      }
      const secret = config.directLine.secret;
      if (!secret) {
        res.send(503, { error: DIRECT_LINE_NOT_CONFIGURED });
        return;
      }
      const url = `${config.directLine.endpoint.replace(/\/+$/, '')}/v3/directline/tokens/generate`;
      let upstream: Response;
      try {
        upstream = await doFetch(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: '{}',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const err = e as Error;
        const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
        logger.warn({ event: 'directline-token-failed', reason: timedOut ? 'timeout' : 'network', err: err.message }, 'Direct Line token request failed');
        res.send(502, { error: timedOut ? 'Direct Line did not answer in time; retry later' : 'Direct Line could not be reached; retry later' });
        return;
      }
      if (!upstream.ok) {
        await upstream.body?.cancel().catch(() => undefined);
        logger.warn({ event: 'directline-token-failed', reason: 'status', status: upstream.status }, 'Direct Line refused the token request');
        res.send(502, { error: `Direct Line refused the token request (status ${upstream.status})` });
        return;
      }
      const parsed = TokenResponseSchema.safeParse(await upstream.json().catch(() => undefined));
      if (!parsed.success) {
        logger.warn({ event: 'directline-token-failed', reason: 'shape' }, 'Direct Line answered without a token');
        res.send(502, { error: 'Direct Line answered without a token; retry later' });
        return;
      }
      const { token, conversationId, expires_in } = parsed.data;
      res.send(200, { token, conversationId, expires_in });
    });
  };

  return [pageRoutes, bundleRoute, publicRoutes, tokenRoute];
}
