import type { Request } from 'express';
import { correlationIdOf, type Actor } from '@luotsi/runtime';
import type { CommandContext } from '../provider-choice.commands';

export function commandContext(req: Request, actor: Actor, extra: Partial<CommandContext> = {}): CommandContext {
  return { actor, correlationId: correlationIdOf(req), ...extra };
}
