import { type ArgumentsHost, BadRequestException, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { httpStatusOf, isDomainError, maskIdentityCodesDeep } from '@luotsi/kernel';
import { isTransientInfrastructureFailure, TRANSIENT_RETRY_AFTER_SECONDS } from '@luotsi/database';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { routeTemplateOf } from '../metrics/http-metrics';

interface Answer {
  status: number;
  body: { code: string; message: string; details: Record<string, unknown> };
}

/**
 * Turns every failure into the ErrorBody shape: domain errors keep their code and details, framework
 * HTTP errors get a code from their status, anything else is a 500 that is logged (not echoed).
 * Every identity-code shape in the message and details is masked: errors quote what they were sent
 * (a date parser its input, Express the path), and a code may have been sent in any field.
 * Refusals are logged at info (a timeout at warn): bad input is the caller's, not an incident.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const answer = this.answer(error);
    const where = { method: request.method, route: routeTemplateOf(request), status: answer.status, code: answer.body.code };
    if (answer.body.code === 'INTERNAL_ERROR') this.logger.error({ ...where, err: error }, 'unhandled error');
    else if (answer.status >= 500) this.logger.warn(where, 'request failed');
    else this.logger.info(where, 'request refused');
    // A handler that finishes after its timeout was answered already; its late failure is only logged.
    if (response.headersSent) return;
    // Every 503 says when to come back: it is a "not now", and a client retries the same command.
    if (answer.status === 503 && !response.getHeader('Retry-After'))
      response.setHeader('Retry-After', String(TRANSIENT_RETRY_AFTER_SECONDS));
    response.status(answer.status).json(maskIdentityCodesDeep(answer.body));
  }

  private answer(error: unknown): Answer {
    if (isDomainError(error))
      return { status: httpStatusOf(error.kind), body: { code: error.code, message: error.message, details: error.details } };
    if (error instanceof BadRequestException && /^Failed to decode param/.test(error.message)) {
      // Express could not percent-decode a path segment (e.g. %ED%A0%80, a lone surrogate in UTF-8).
      return {
        status: 400,
        body: { code: 'INVALID_CHARACTERS', message: 'a path segment is not valid percent-encoded UTF-8', details: { paths: ['params'] } },
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      if (typeof body === 'object' && body !== null && 'code' in body) {
        const b = body as { code: unknown; message?: unknown; details?: unknown };
        return {
          status,
          body: { code: String(b.code), message: String(b.message ?? ''), details: (b.details as Record<string, unknown>) ?? {} },
        };
      }
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      return {
        status,
        body: { code: codeForStatus(status), message: Array.isArray(message) ? message.join('; ') : String(message), details: {} },
      };
    }
    if (isTransientInfrastructureFailure(error)) {
      // The database is away for now (a restart, a failover): nothing of this request was stored
      // unless its answer was, and an idempotent retry gets that answer.
      return {
        status: 503,
        body: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'the service cannot reach its database just now; retry after the Retry-After seconds',
          details: { retryable: true, retryAfterSeconds: TRANSIENT_RETRY_AFTER_SECONDS },
        },
      };
    }
    return { status: 500, body: { code: 'INTERNAL_ERROR', message: 'internal error; it has been logged', details: {} } };
  }
}

function codeForStatus(status: number): string {
  const known: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    422: 'UNPROCESSABLE',
  };
  return known[status] ?? `HTTP_${status}`;
}
