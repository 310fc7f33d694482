import { DomainError, hasIdentityCodeShape } from '@luotsi/kernel';

/**
 * Refuses free text and ids that carry something shaped like a personal identity code. The rule is
 * in the domain because not every command comes through the HTTP edge (the population import, the
 * due-changes timer), and whatever a decider accepts ends up in an event for ever. Only the field's
 * name is reported: echoing the value would put the code into the error body.
 */
export function refuseIdentityCodes(fields: Record<string, string | null | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && hasIdentityCodeShape(value)) {
      throw new DomainError('IDENTITY_CODE_NOT_ALLOWED', `${field} must not contain a personal identity code`, { field }, 'validation');
    }
  }
}
