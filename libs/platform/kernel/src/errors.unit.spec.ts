import { DomainError, httpStatusOf, invariant, isDomainError, type ErrorKind } from './errors';

describe('DomainError', () => {
  it('maps each kind to its HTTP status', () => {
    const kinds: ErrorKind[] = ['validation', 'forbidden', 'not_found', 'conflict', 'rule'];
    expect(kinds.map(httpStatusOf)).toEqual([400, 403, 404, 409, 422]);
  });

  it('carries a stable code, details and a kind that defaults to a business rule', () => {
    const e = new DomainError('SWITCH_TOO_SOON', 'one switch a year', { nextAllowed: '2027-01-01' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'DomainError', code: 'SWITCH_TOO_SOON', message: 'one switch a year', kind: 'rule' });
    expect(new DomainError('X', 'y').details).toEqual({});
    expect(new DomainError('X', 'y', {}, 'not_found').kind).toBe('not_found');
  });

  it('serialises to code, message and details only (the kind is for the web layer)', () => {
    expect(JSON.parse(JSON.stringify(new DomainError('X', 'm', { a: 1 }, 'conflict')))).toEqual({
      code: 'X',
      message: 'm',
      details: { a: 1 },
    });
  });

  it('is told apart from other errors', () => {
    expect(isDomainError(new DomainError('X', 'y'))).toBe(true);
    expect(isDomainError(new Error('y'))).toBe(false);
    expect(isDomainError({ code: 'X', message: 'y' })).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});

describe('invariant', () => {
  it('passes on truthy conditions and narrows the type', () => {
    const value: string | null = 'x' as string | null;
    invariant(value, 'MISSING', 'missing');
    expect(value.length).toBe(1);
  });

  it('throws a DomainError with the given code, details and kind', () => {
    expect(() => invariant(false, 'TOO_LATE', 'too late', { deadline: '2026-12-01' }, 'conflict')).toThrow(
      expect.objectContaining({ code: 'TOO_LATE', message: 'too late', details: { deadline: '2026-12-01' }, kind: 'conflict' }),
    );
    expect(() => invariant(0, 'ZERO', 'zero')).toThrow(expect.objectContaining({ code: 'ZERO', details: {}, kind: 'rule' }));
  });
});
