import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '@luotsi/runtime';
import type { CommandContext } from '../provider-choice.commands';

/** Correlation id from `X-Correlation-Id` (so a caller can trace its request through the events) or a new one. */
export function commandContext(req: Request, actor: Actor, extra: Partial<CommandContext> = {}): CommandContext {
  const header = req.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : randomUUID();
  return { actor, correlationId, ...extra };
}
