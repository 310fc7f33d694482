import { isTransientInfrastructureFailure } from './transient-failure';

/** Shapes copied from what node-postgres and TypeORM threw in the faults tier's PostgreSQL restart. */
describe('isTransientInfrastructureFailure', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

  it('knows a database that is away: refused, cut, shutting down, out of connections', () => {
    expect(
      isTransientInfrastructureFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isTransientInfrastructureFailure(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isTransientInfrastructureFailure(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isTransientInfrastructureFailure(pgError('53300', 'sorry, too many clients already'))).toBe(true);
    expect(isTransientInfrastructureFailure(pgError('08006', 'connection failure'))).toBe(true);
    expect(isTransientInfrastructureFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientInfrastructureFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const released = Object.assign(new Error('Database connection provided by a query runner was already released'), {
      name: 'QueryRunnerProviderAlreadyReleasedError',
    });
    expect(isTransientInfrastructureFailure(released)).toBe(true);
  });

  it('looks into TypeORM driver errors and causes', () => {
    const wrapped = Object.assign(new Error('query failed'), {
      name: 'QueryFailedError',
      driverError: pgError('57P01', 'terminating connection'),
    });
    expect(isTransientInfrastructureFailure(wrapped)).toBe(true);
    expect(isTransientInfrastructureFailure(new Error('outer', { cause: pgError('08003', 'connection does not exist') }))).toBe(true);
  });

  it('leaves the request’s own failures alone: constraint, syntax, bad data, plain bugs', () => {
    expect(isTransientInfrastructureFailure(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isTransientInfrastructureFailure(pgError('42601', 'syntax error at or near'))).toBe(false);
    expect(isTransientInfrastructureFailure(pgError('22P02', 'invalid input syntax for type uuid'))).toBe(false);
    expect(isTransientInfrastructureFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isTransientInfrastructureFailure('ECONNREFUSED')).toBe(false);
    expect(isTransientInfrastructureFailure(undefined)).toBe(false);
  });
});
