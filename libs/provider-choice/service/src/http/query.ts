import { DomainError } from '@luotsi/kernel';

/**
 * One query parameter as a single string, or undefined when absent. A value sent twice
 * (`?a=1&a=2`) or as an object (`?a[b]=1`) is refused, never silently taken or dropped.
 */
export function singleQuery(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new DomainError('INVALID_QUERY', `${name} must be given once, as a single value`, { parameter: name }, 'validation');
  return value;
}
