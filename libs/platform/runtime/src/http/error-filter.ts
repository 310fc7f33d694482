import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { httpStatusOf, isDomainError } from '@luotsi/kernel';
import type { Response } from 'express';
import type { Logger } from 'pino';

/**
 * Turns every failure into the ErrorBody shape: domain errors keep their code and details, framework
 * HTTP errors get a code from their status, anything else is a 500 that is logged (not echoed).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    if (isDomainError(error)) {
      response.status(httpStatusOf(error.kind)).json({ code: error.code, message: error.message, details: error.details });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      if (typeof body === 'object' && body !== null && 'code' in body) {
        response.status(status).json(body);
        return;
      }
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      response.status(status).json({ code: codeForStatus(status), message: Array.isArray(message) ? message.join('; ') : String(message), details: {} });
      return;
    }
    this.logger.error({ err: error }, 'unhandled error');
    response.status(500).json({ code: 'INTERNAL_ERROR', message: 'internal error; it has been logged', details: {} });
  }
}

function codeForStatus(status: number): string {
  const known: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE' };
  return known[status] ?? `HTTP_${status}`;
}
