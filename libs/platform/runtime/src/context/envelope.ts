import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandEnvelope } from '@luotsi/eventstore';
import { actorOf, requestContextOf } from '../access/access';
import { correlationIdOf } from '../http/correlation-id';
import { idempotencyOf } from '../idempotency/idempotent';

/**
 * The command envelope of an HTTP request: the actor (403 ACTOR_REQUIRED without one), the one
 * "now" (the injected clock, read when the request was let in), the correlation id, and the
 * Idempotency-Key's scope and key on an @Idempotent() route. Add the channel where the command has one.
 */
export function envelopeOf(req: Request): CommandEnvelope {
  const context = requestContextOf(req);
  const actor = context?.actor ?? actorOf(req);
  const idempotency = idempotencyOf(req);
  if (!context) throw new Error('the access guard did not run for this request: is PlatformModule imported?');
  return { actor: actor.label, now: context.now, correlationId: correlationIdOf(req), ...(idempotency ? { idempotency } : {}) };
}

export const RequestEnvelope = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandEnvelope =>
  envelopeOf(ctx.switchToHttp().getRequest<Request>()),
);
