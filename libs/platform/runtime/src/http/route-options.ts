import { HttpException, SetMetadata } from '@nestjs/common';

/** Limits of the HTTP edge; `configureHttp` takes other values for tests. */
export const HTTP_LIMITS = {
  /** A JSON body larger than this is refused with 413 before it is parsed. */
  bodyBytes: 1024 * 1024,
  /** Arrays and objects nested deeper than this are refused before parsing. */
  nesting: 32,
  /** A route answers within this or is answered 503 REQUEST_TIMEOUT. */
  timeoutMs: 30_000,
  /** The bound of a `@LongRunning()` route (a population-register import). */
  longRunningMs: 60 * 60_000,
};

export type HttpLimits = typeof HTTP_LIMITS;

/**
 * Options for creating a Nest application that `configureHttp` then configures: the platform reads
 * request bodies itself (route-aware limits and checks), so Nest's own body parsers are off.
 */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

export const IDENTITY_CODE_FIELDS = 'luotsi:identity-code-fields';
export const PER_ROW_INPUT = 'luotsi:per-row-input';
export const LONG_RUNNING = 'luotsi:long-running';
export const QUERY_ARRAYS = 'luotsi:query-arrays';

/**
 * The body fields of this route that are meant to carry a personal identity code, e.g.
 * `@IdentityCodeFields('identityCode')` or `'people.*.identityCode'` (`*` is one segment of any
 * name or index). Everywhere else in the body, query, path and the actor and correlation headers a
 * value shaped like an identity code is refused with 400 IDENTITY_CODE_NOT_ALLOWED, because a code
 * typed into free text or an id would end up in events and logs.
 */
export const IdentityCodeFields = (...paths: string[]) => SetMetadata(IDENTITY_CODE_FIELDS, paths);

/**
 * The body path of a list whose rows are answered one by one (billing's service report: `rows`).
 * The platform does not refuse the whole request for invalid characters or identity codes under that
 * path; the route's context must then check each row itself (NUL, lone surrogates, identity codes
 * outside the row's code field) and report a bad row as that row's error. Forbidden keys and the
 * size and nesting limits still apply to the whole body.
 */
export const PerRowInput = (path: string) => SetMetadata(PER_ROW_INPUT, path);

/** The route may take up to an hour (`HTTP_LIMITS.longRunningMs`) instead of 30 s: imports. */
export const LongRunning = () => SetMetadata(LONG_RUNNING, true);

/**
 * The query parameters of this route that may be sent more than once (`?providerId=a&providerId=b`,
 * read as a string array). Every other query value must be one string: a repeated parameter or an
 * object (`date[a]=…`) is refused with 400 INVALID_QUERY, so a route never reads a value it did not
 * expect or silently drops one.
 */
export const QueryArrays = (...names: string[]) => SetMetadata(QUERY_ARRAYS, names);

/** A refusal of the HTTP edge: the ErrorBody shape with a status that DomainError's kinds lack. */
export function edgeRefusal(status: number, code: string, message: string, details: Record<string, unknown> = {}): HttpException {
  return new HttpException({ code, message, details }, status);
}
