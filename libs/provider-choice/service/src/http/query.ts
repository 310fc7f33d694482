import { DomainError } from '@luotsi/kernel';

/**
 * One query parameter as a single string, or undefined when absent. A value sent twice
 * (`?a=1&a=2`) or as an object (`?a[b]=1`) is refused, never silently taken or dropped.
 */
export function singleQuery(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new DomainError('INVALID_QUERY', `${name} must be given once, as a single value`, { parameter: name }, 'validation');
  return value;
}

/**
 * Refuses parameters the route does not take: with the simple query parser `date[a]=…` is a
 * parameter of its own, and ignoring it would answer as if the caller had not asked.
 */
export function onlyQuery(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    throw new DomainError(
      'INVALID_QUERY',
      `unknown query parameter; this route takes ${allowed.join(', ')}`,
      { allowed: [...allowed] },
      'validation',
    );
}
