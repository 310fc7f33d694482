/**
 * Whether a failure is the database (or the network to it) being away for now — a restart, a
 * failover, a cut connection, a full connection table — rather than anything about the request or
 * the event being handled. Such a failure is answered 503 with Retry-After, retried by consumers
 * instead of dead-lettering the event, and never stored as an idempotency key's answer.
 *
 * Recognised by what node-postgres and TypeORM actually throw: a socket error code, a SQLSTATE of
 * the connection-exception class (08), an operator intervention (57P01–57P03), insufficient
 * resources (53: too many connections, disk full), or the pool's and TypeORM's own messages for a
 * lost connection; a wrapped error (TypeORM's driverError, a cause) is looked into.
 */
export function isTransientInfrastructureFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code)) return true;
  if (/^(08...|57P0[123]|53...)$/.test(code)) return true;
  const text = `${typeof e.name === 'string' ? e.name : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  if (LOST_CONNECTION.some((re) => re.test(text))) return true;
  return isTransientInfrastructureFailure(e.driverError, depth + 1) || isTransientInfrastructureFailure(e.cause, depth + 1);
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const LOST_CONNECTION = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /QueryRunnerProviderAlreadyReleasedError/,
  /the database system is (shutting down|starting up|in recovery mode)/i,
];

/** How long a caller is asked to wait before retrying after a transient failure, in seconds. */
export const TRANSIENT_RETRY_AFTER_SECONDS = 2;
