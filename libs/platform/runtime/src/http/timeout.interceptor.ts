import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Observable, throwError, timeout } from 'rxjs';
import { REQUEST_STARTED, routeTimeoutMs } from './edge.guard';
import { edgeRefusal, type HttpLimits } from './route-options';

/**
 * Bounds a route's time from the request's arrival: 30 s, an hour for `@LongRunning()`. The answer is
 * 503 REQUEST_TIMEOUT (the server did not finish; a retry may); a late result is dropped.
 */
export class TimeoutInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: HttpLimits,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const limit = routeTimeoutMs(this.reflector, context, this.limits);
    const started = (req as unknown as Record<symbol, number>)[REQUEST_STARTED] ?? Date.now();
    const remaining = Math.max(1, limit - (Date.now() - started));
    return next.handle().pipe(
      timeout({
        first: remaining,
        with: () =>
          throwError(() => edgeRefusal(503, 'REQUEST_TIMEOUT', `the request did not finish within ${limit} ms`, { timeoutMs: limit })),
      }),
    );
  }
}
