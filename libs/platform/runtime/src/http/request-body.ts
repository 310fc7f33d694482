import type { Request } from 'express';
import { jsonNestingExceeds } from './input-scan';
import { edgeRefusal, type HttpLimits } from './route-options';

interface ContentType {
  type: string;
  charset: string | undefined;
}

/** `type/subtype; charset=…`, lower-cased; null when the header cannot be read. */
export function parseContentType(header: string | undefined): ContentType | null {
  if (header === undefined) return null;
  const [type, ...params] = header.split(';');
  const t = type!.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t)) return null;
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() === 'charset')
      charset = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return { type: t, charset };
}

export const isJsonType = (type: string): boolean => type === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);

/** As body-parser has it: a request has a body when it declares a length or a transfer encoding. */
export const declaresBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;

const declaredLength = (req: Request): number => Number(req.headers['content-length'] ?? 0);

function readRaw(req: Request, limitBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (error) {
        // The rest is read and dropped so that the answer reaches the client on this connection.
        req.resume();
        reject(error);
      } else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) finish(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks, size));
    const onError = () => finish(edgeRefusal(400, 'BODY_ABORTED', 'the request body was not received whole'));
    const timer = setTimeout(
      () => finish(edgeRefusal(408, 'REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms`, { timeoutMs })),
      timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const tooLarge = (limitBytes: number) =>
  edgeRefusal(413, 'PAYLOAD_TOO_LARGE', `a JSON body may have at most ${limitBytes} bytes (${limitBytes / (1024 * 1024)} MiB)`, {
    limitBytes,
  });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses a JSON body under the edge's limits: size (413 PAYLOAD_TOO_LARGE), charset
 * (415 UNSUPPORTED_CHARSET, only UTF-8), content encoding (415), valid UTF-8 (400
 * INVALID_CHARACTERS), nesting (400 NESTING_TOO_DEEP) and syntax (400 MALFORMED_JSON). The
 * parser's message is not passed on: it quotes the body.
 */
export async function readJsonBody(req: Request, contentType: ContentType, limits: HttpLimits, timeoutMs: number): Promise<unknown> {
  if (contentType.charset !== undefined && contentType.charset !== 'utf-8' && contentType.charset !== 'utf8') {
    throw edgeRefusal(415, 'UNSUPPORTED_CHARSET', 'JSON bodies must be UTF-8', {
      charset: contentType.charset.slice(0, 40),
      supported: ['utf-8'],
    });
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity')
    throw edgeRefusal(415, 'UNSUPPORTED_CONTENT_ENCODING', 'send the body without a content encoding', {
      contentEncoding: encoding.slice(0, 40),
      supported: ['identity'],
    });
  if (declaredLength(req) > limits.bodyBytes) throw tooLarge(limits.bodyBytes);
  const raw = await readRaw(req, limits.bodyBytes, timeoutMs);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw edgeRefusal(400, 'INVALID_CHARACTERS', 'the body is not valid UTF-8', { paths: ['body'] });
  }
  if (text.trim() === '') return {};
  if (jsonNestingExceeds(text, limits.nesting))
    throw edgeRefusal(400, 'NESTING_TOO_DEEP', `arrays and objects may nest at most ${limits.nesting} levels deep`, {
      maxDepth: limits.nesting,
    });
  try {
    return JSON.parse(text);
  } catch {
    throw edgeRefusal(400, 'MALFORMED_JSON', 'the body is not valid JSON', {});
  }
}
