import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import type { NextFunction, Request, Response } from 'express';

const DURATION = 'luotsi_http_request_duration_seconds';

let defaultsCollected = false;

/**
 * prom-client's default register is one per process, and a test process starts many apps: metrics
 * are created once and shared.
 */
export function httpDurationHistogram(): Histogram<'method' | 'route' | 'status'> {
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics();
  }
  const existing = register.getSingleMetric(DURATION);
  if (existing) return existing as Histogram<'method' | 'route' | 'status'>;
  return new Histogram({
    name: DURATION,
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
}

/**
 * The route template Express matched (`/residents/:personRef/listing`), never the URL: ids would
 * make a label per person. Requests no route matched (404s, refusals before routing) share one.
 */
export function routeTemplateOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : '(unmatched)';
}

/** Express middleware: observes each request's duration when its answer is finished or abandoned. */
export function httpMetricsMiddleware(onStart: (req: Request) => void = () => undefined) {
  const histogram = httpDurationHistogram();
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = histogram.startTimer();
    onStart(req);
    let observed = false;
    const observe = () => {
      if (observed) return;
      observed = true;
      end({ method: req.method, route: routeTemplateOf(req), status: String(res.statusCode) });
    };
    res.once('finish', observe);
    res.once('close', observe);
    next();
  };
}

export { register as metricsRegister };
