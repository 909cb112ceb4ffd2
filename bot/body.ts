/**
 * Reads a JSON request body safely, in place of restify's bodyParser (whose gzip path has no error
 * handler, so one bad gzip body ended the process, and whose size limit counted compressed bytes).
 *
 * - `content-type` must be `application/json` (415 otherwise): a cross-site form post cannot reach the bot.
 * - `content-encoding` may be identity, gzip or deflate (415 for anything else). Decompression errors
 *   become 400, never an unhandled 'error' event.
 * - The limit counts the bytes *after* decompression, and reading stops as soon as it is passed (413):
 *   a gzip bomb costs at most `maxBytes` of memory and the CPU to inflate that much.
 * - A declared `content-length` over the limit is refused before anything is read.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export interface BodyLimits {
  /** Most bytes of (decompressed) body accepted. */
  readonly maxBytes: number;
  /** Most time to receive the whole body. */
  readonly timeoutMs: number;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** True when the request's content type is JSON (`application/json` or a `+json` type). */
export function isJsonContentType(header: string | undefined): boolean {
  const t = mediaType(header);
  return t === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(t);
}

/** Reads and parses the JSON body of `req`, or rejects with a BodyError naming the HTTP status. */
export function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  return readBody(req, limits).then((buf) => {
    if (buf.length === 0) throw new BodyError(400, 'the body is empty; a JSON activity is expected');
    try {
      return JSON.parse(buf.toString('utf8')) as unknown;
    } catch {
      throw new BodyError(400, 'the body is not valid JSON');
    }
  });
}

/** The raw (decompressed) body, bounded by `limits`. */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  if (!isJsonContentType(req.headers['content-type'])) {
    return drainAndReject(req, new BodyError(415, 'content-type must be application/json'));
  }
  const encoding = mediaType(req.headers['content-encoding']);
  let decoder: Gunzip | Inflate | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding !== '' && encoding !== 'identity') {
    return drainAndReject(req, new BodyError(415, `content-encoding "${encoding}" is not supported (identity, gzip or deflate)`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    return drainAndReject(req, new BodyError(413, `request body over ${limits.maxBytes} bytes`));
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const timer = setTimeout(() => finish(new BodyError(408, 'the request body did not arrive in time')), limits.timeoutMs);
    timer.unref?.();

    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (decoder) {
        req.unpipe(decoder);
        decoder.removeAllListeners('data');
        decoder.on('error', () => undefined);
        decoder.destroy();
      }
      if (err) {
        // Stop paying for the rest of the upload: discard it (the response still goes out).
        req.removeAllListeners('data');
        req.resume();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      size += chunk.length;
      if (size > limits.maxBytes) {
        finish(new BodyError(413, `request body over ${limits.maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };

    req.on('error', () => finish(new BodyError(400, 'the request body could not be read')));
    req.on('aborted', () => finish(new BodyError(400, 'the request was aborted')));
    if (decoder) {
      decoder.on('data', onData);
      decoder.on('error', () => finish(new BodyError(400, `the body is not valid ${encoding} data`)));
      decoder.on('end', () => finish());
      req.pipe(decoder);
      // Compressed bytes count too: an endless stream of tiny gzip members is still refused.
      let raw = 0;
      req.on('data', (chunk: Buffer) => {
        raw += chunk.length;
        if (raw > limits.maxBytes) finish(new BodyError(413, `request body over ${limits.maxBytes} bytes`));
      });
    } else {
      req.on('data', onData);
      req.on('end', () => finish());
    }
  });
}

function drainAndReject(req: IncomingMessage, err: BodyError): Promise<never> {
  req.on('error', () => undefined);
  req.resume();
  return Promise.reject(err);
}
