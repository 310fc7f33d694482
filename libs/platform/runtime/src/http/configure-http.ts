import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { httpMetricsMiddleware } from '../metrics/http-metrics';
import { LOGGER } from '../tokens';
import { EdgeGuard, REQUEST_STARTED } from './edge.guard';
import { ErrorFilter } from './error-filter';
import { HTTP_LIMITS, type HttpLimits } from './route-options';
import { TimeoutInterceptor } from './timeout.interceptor';
import { validationPipe } from './validation';

/**
 * The platform's HTTP edge on an application created with `HTTP_APP_OPTIONS`: no X-Powered-By, the
 * latency histogram, the error filter, the input guard (body limits, forbidden keys, characters,
 * identity codes) before validation, and per-route timeouts.
 */
export function configureHttp(app: INestApplication, limits: Partial<HttpLimits> = {}): void {
  const bounds: HttpLimits = { ...HTTP_LIMITS, ...limits };
  const logger = app.get<Logger>(LOGGER);
  const reflector = app.get(Reflector);
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  app.use(httpMetricsMiddleware((req: Request) => ((req as unknown as Record<symbol, number>)[REQUEST_STARTED] = Date.now())));
  app.useGlobalFilters(new ErrorFilter(logger));
  app.useGlobalGuards(new EdgeGuard(reflector, bounds));
  app.useGlobalInterceptors(new TimeoutInterceptor(reflector, bounds));
  app.useGlobalPipes(validationPipe());
  // Node's own request timeout (5 min) would end an hour-long import; the routes' timeouts govern,
  // and this one only backs them up for a request that never reaches a route.
  const server = app.getHttpServer() as { requestTimeout: number };
  server.requestTimeout = bounds.longRunningMs + 60_000;
}
