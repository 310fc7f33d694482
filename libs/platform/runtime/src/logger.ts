import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Keys that could carry a personal identity code are censored wherever they
 * appear, as a second line of defence: code that logs must not pass one in the first place.
 */
const REDACT = ['hetu', 'personalIdentityCode', 'identityCode', 'ssn'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(service: string, level = 'info'): Logger {
  return pino({ level, base: { service }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime });
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
