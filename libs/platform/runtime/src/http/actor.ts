import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@luotsi/kernel';

export type Role = 'county' | 'guidance' | 'resident' | 'finance' | 'provider' | 'system';

export interface Actor {
  role: Role;
  id: string;
  /** `role:id`, as recorded in events (`requestedBy`, `decidedBy`, metadata.actor). */
  label: string;
}

const ROLES: Role[] = ['county', 'guidance', 'resident', 'finance', 'provider', 'system'];

/**
 * The caller as `X-Luotsi-Actor: <role>:<id>`. Authentication (Suomi.fi e-identification, the
 * county's SSO) sits in front of the services and sets this header; here it is taken as given.
 */
export function parseActor(header: string | undefined): Actor {
  const m = /^([a-z]+):([A-Za-z0-9._@-]{1,100})$/.exec(header ?? '');
  if (!m || !ROLES.includes(m[1] as Role)) {
    throw new DomainError('ACTOR_REQUIRED', 'send X-Luotsi-Actor as <role>:<id> with a role of ' + ROLES.join(', '), { header: 'X-Luotsi-Actor' }, 'forbidden');
  }
  return { role: m[1] as Role, id: m[2]!, label: `${m[1]}:${m[2]}` };
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new DomainError('FORBIDDEN_ROLE', `this action needs the role ${roles.join(' or ')}`, { role: actor.role, allowed: roles }, 'forbidden');
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => parseActor(ctx.switchToHttp().getRequest().headers['x-luotsi-actor']));
