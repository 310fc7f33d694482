import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AuthError, type LuotsiRole } from '@luotsi/auth';
import { DomainError } from '@luotsi/kernel';

/** The roles of the realm, and `system` for the platform's own commands (inbound, reactors, timers). */
export type Role = LuotsiRole | 'system';

/**
 * Who is calling, as the access guard made it from a verified bearer token. Built only there
 * (or for the platform's own commands): nothing a caller sends names their role or id directly.
 */
export interface Actor {
  /** The role the route's rule let the caller in as (a user may hold several; see `roles`). */
  role: Role;
  /** The token's subject (`sub`): what four-eyes rules compare, the same person under any name. */
  id: string;
  /** `role:sub`, residents `resident:<personRef>`: as recorded in events (`requestedBy`, metadata.actor). */
  label: string;
  /** Every Luotsi role of the principal. */
  roles?: readonly Role[];
  /** `preferred_username`, for the access log only: not an identifier. */
  username?: string;
  providerId?: string;
  municipality?: string;
  organisation?: string;
  /** A resident's own personRef, resolved at the edge from their token's identity code. */
  personRef?: string;
}

/** Whether the actor holds one of the roles (any of theirs, not only the one they came in as). */
export const holdsRole = (actor: Actor, roles: readonly Role[]): boolean => (actor.roles ?? [actor.role]).some((r) => roles.includes(r));

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!holdsRole(actor, roles)) {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      `this action needs the role ${roles.join(' or ')}`,
      { role: actor.role, allowed: roles },
      'forbidden',
    );
  }
}

const ACTOR = Symbol.for('luotsi.request-actor');

/** What the access guard leaves on the request: the actor, or why there is none. */
export interface ActorSlot {
  actor: Actor | null;
  /** The refusal of the token, when one was sent and refused (rethrown when the actor is asked for). */
  refusal?: unknown;
}

export function setActorSlot(req: object, slot: ActorSlot): void {
  (req as { [ACTOR]?: ActorSlot })[ACTOR] = slot;
}

/**
 * The caller of a request, from the token the access guard verified: the one place a handler reads
 * who is calling. No token → 401 TOKEN_MISSING; a refused token → its refusal.
 */
export function actorOfRequest(req: object): Actor {
  const slot = (req as { [ACTOR]?: ActorSlot })[ACTOR];
  if (slot?.actor) return slot.actor;
  if (slot?.refusal) throw slot.refusal;
  throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <access token>', { header: 'Authorization' });
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOfRequest(ctx.switchToHttp().getRequest()),
);
