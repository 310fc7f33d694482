import { DomainError } from '@luotsi/kernel';
import type { Actor } from '@luotsi/runtime';

/**
 * The scope rules that need a route's path parameter, beside the role its declaration checks:
 * a resident acts only on their own listing, a provider reads only its own list. Guidance
 * workers and the county act on anyone's behalf.
 */
export const scope = {
  ownPerson(actor: Actor, personRef: string): void {
    if (actor.role === 'resident' && actor.id !== personRef) throw new DomainError('FORBIDDEN_PERSON', 'a resident may act only on their own listing', {}, 'forbidden');
  },
  ownProvider(actor: Actor, providerId: string): void {
    if (actor.role === 'provider' && actor.id !== providerId) throw new DomainError('FORBIDDEN_PROVIDER', 'a provider may read only its own list', { providerId }, 'forbidden');
  },
};
