/** What kind of refusal an error is; the web layer maps it to an HTTP status. */
export type ErrorKind = 'validation' | 'not_found' | 'conflict' | 'rule' | 'forbidden';

const STATUS: Record<ErrorKind, number> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409, rule: 422 };

export const httpStatusOf = (kind: ErrorKind): number => STATUS[kind];

/** Every rejected command carries a stable machine code and the facts the caller needs to act. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly kind: ErrorKind = 'rule',
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export function invariant(cond: unknown, code: string, message: string, details?: Record<string, unknown>, kind?: ErrorKind): asserts cond {
  if (!cond) throw new DomainError(code, message, details ?? {}, kind ?? 'rule');
}
