import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** The caller's `X-Correlation-Id` (so it can trace its request through the events), or a new one. */
export function correlationIdOf(req: Request): string {
  const header = req.headers['x-correlation-id'];
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : randomUUID();
}
