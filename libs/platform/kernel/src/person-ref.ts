import { DomainError } from './errors';

/** The opaque id events carry instead of a personal identity code. */
export type PersonRef = string & { readonly __brand: 'PersonRef' };

const PATTERN = /^per_[a-z0-9-]{26,36}$/;

export const PersonRef = {
  isValid: (s: string): boolean => PATTERN.test(s),
  parse(s: string): PersonRef {
    if (!PATTERN.test(s)) throw new DomainError('INVALID_PERSON_REF', 'not a person reference (per_…)', { value: s }, 'validation');
    return s as PersonRef;
  },
  fromUuid: (uuid: string): PersonRef => PersonRef.parse(`per_${uuid.toLowerCase()}`),
};
