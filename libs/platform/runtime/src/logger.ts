import type { LoggerService } from '@nestjs/common';
import { maskIdentityCodes } from '@luotsi/kernel';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Keys that could carry a personal identity code are censored wherever they
 * appear, and every value shaped like one is masked — in the message, in every logged object, in
 * errors — because a code can be typed into any field. Code that logs must still not pass one in.
 */
const REDACT = ['hetu', 'personalIdentityCode', 'identityCode', 'ssn'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * Error fields that echo the values of a statement: TypeORM's QueryFailedError `parameters`, and
 * pg's `detail` ("Key (x)=(…) already exists"), `where` and `internalQuery`. They are dropped, not
 * masked: a name or an address in them is as personal as a code.
 */
const DROPPED_ERROR_FIELDS = new Set(['parameters', 'detail', 'where', 'internalQuery']);

const MAX_DEPTH = 8;

/** A loggable copy: strings masked, errors serialized, plain objects and arrays copied, cycles cut. */
export function maskForLog(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskIdentityCodes(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return serializeError(value, depth, seen);
    if (Array.isArray(value)) return value.map((v) => maskForLog(v, depth + 1, seen));
    if (value instanceof Date) return value;
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[maskIdentityCodes(k)] = maskForLog(v, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** An error as a plain object: type, message, stack and own fields, masked, statement values dropped. */
export function serializeError(error: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (!(error instanceof Error)) return maskForLog(error, depth, seen);
  seen.add(error);
  const out: Record<string, unknown> = { type: error.constructor?.name ?? error.name, message: maskIdentityCodes(error.message) };
  if (error.stack) out['stack'] = maskIdentityCodes(error.stack);
  for (const [k, v] of Object.entries(error)) {
    if (DROPPED_ERROR_FIELDS.has(k) || k === 'message' || k === 'stack') continue;
    out[maskIdentityCodes(k)] = maskForLog(v, depth + 1, seen);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && !('cause' in out)) out['cause'] = maskForLog(cause, depth + 1, seen);
  return out;
}

export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (e: unknown) => serializeError(e) },
    formatters: {
      log: (object) => maskForLog(object) as Record<string, unknown>,
      bindings: (bindings) => maskForLog(bindings) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        // pino takes a lone error's message as the line's message; it is masked here like any other.
        const head = first instanceof Error ? [{ err: first }, ...(rest.length === 0 ? [first.message] : [])] : [first];
        const masked = [...head, ...rest].map((a, i) => (i === 0 && typeof a === 'object' ? a : maskForLog(a)));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes NestJS's own log lines into the same pino stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
