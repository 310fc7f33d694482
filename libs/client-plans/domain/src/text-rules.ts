import { DomainError, hasIdentityCodeShape } from '@luotsi/kernel';

/**
 * Free text in a plan (the client's words, descriptions) is what the plan is for, but an identity
 * code typed into it would stay in the log for ever: refused here, where every command passes,
 * naming only the field. Length limits keep one field from swallowing a record.
 */
export function checkText(fields: Record<string, string | null | undefined>, max = 2000, required: readonly string[] = []): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value === null || value === undefined) {
      if (required.includes(field)) throw new DomainError('TEXT_REQUIRED', `${field} is required`, { field }, 'validation');
      continue;
    }
    if (typeof value !== 'string') throw new DomainError('INVALID_TEXT', `${field} must be text`, { field }, 'validation');
    if (required.includes(field) && value.trim() === '')
      throw new DomainError('TEXT_REQUIRED', `${field} is required`, { field }, 'validation');
    if (value.length > max) throw new DomainError('TEXT_TOO_LONG', `${field} is at most ${max} characters`, { field, max }, 'validation');
    if (hasIdentityCodeShape(value))
      throw new DomainError('IDENTITY_CODE_NOT_ALLOWED', `${field} must not contain a personal identity code`, { field }, 'validation');
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value) || hasIdentityCodeShape(value))
    throw new DomainError(
      'INVALID_ID',
      `${field} must be 1–100 letters, digits, dots, colons, hyphens or underscores`,
      { field },
      'validation',
    );
  return value;
}
