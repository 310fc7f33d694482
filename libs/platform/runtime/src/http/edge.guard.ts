import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hasIdentityCodeShape } from '@luotsi/kernel';
import { scanInput, type ScanFindings } from './input-scan';
import { declaresBody, isJsonType, parseContentType, readJsonBody } from './request-body';
import { idempotencyKeyRefusal } from '../idempotency/idempotent';
import { edgeRefusal, IDENTITY_CODE_FIELDS, LONG_RUNNING, PER_ROW_INPUT, QUERY_ARRAYS, type HttpLimits } from './route-options';

/** Headers whose values end up in events and the access log (the correlation id). */
const CHECKED_HEADERS = ['x-correlation-id'] as const;

export const REQUEST_STARTED = Symbol.for('luotsi.request-started');

function takesBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

/** The query parameters that are not one string (or, where the route declares an array, strings). */
function malformedQuery(query: unknown, arrays: readonly string[]): string[] {
  if (query === null || typeof query !== 'object') return [];
  return Object.entries(query as Record<string, unknown>)
    .filter(([name, value]) => {
      // The simple parser keeps `date[a]` as a name: the route would read `date` as absent.
      if (/[[\]]/.test(name)) return true;
      if (typeof value === 'string') return false;
      return !(arrays.includes(name) && Array.isArray(value) && value.every((v) => typeof v === 'string'));
    })
    .map(([name]) => `query.${name.slice(0, 80)}`);
}

export function routeTimeoutMs(reflector: Reflector, context: ExecutionContext, limits: HttpLimits): number {
  return reflector.getAllAndOverride<boolean>(LONG_RUNNING, [context.getHandler(), context.getClass()])
    ? limits.longRunningMs
    : limits.timeoutMs;
}

/**
 * The first thing every route runs: it reads a JSON body under the edge's limits, then refuses
 * forbidden keys, invalid characters and identity codes anywhere in the body, query, path and the
 * correlation header — before validation, so no DTO transformer or database sees them.
 * A route that does not take a JSON body (an NDJSON import) keeps its stream.
 */
/** Set on a request once the edge has checked it: the guard may be registered twice (see PlatformModule). */
const CHECKED = Symbol.for('luotsi.edge-checked');

export class EdgeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: HttpLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const marks = req as unknown as Record<symbol, boolean>;
    if (marks[CHECKED]) return true;
    marks[CHECKED] = true;
    const jsonRoute = takesBody(context);
    // Before the body is read: a malformed key is refused on every route, idempotent or not, so a
    // caller never believes a retry is safe where the key was ignored.
    const key = req.headers['idempotency-key'];
    if (key !== undefined) {
      const refusal = idempotencyKeyRefusal(key);
      if (refusal) throw refusal;
    }
    const badQuery = malformedQuery(
      req.query,
      this.reflector.getAllAndOverride<string[]>(QUERY_ARRAYS, [context.getHandler(), context.getClass()]) ?? [],
    );
    if (badQuery.length > 0)
      throw edgeRefusal(400, 'INVALID_QUERY', 'each query parameter must be sent once, as plain text', { paths: badQuery });
    if (declaresBody(req) && req.body === undefined) {
      const contentType = parseContentType(req.headers['content-type']);
      const length = req.headers['content-length'];
      const empty = length !== undefined && Number(length) === 0;
      if (contentType && isJsonType(contentType.type)) {
        const elapsed = Date.now() - ((req as unknown as Record<symbol, number>)[REQUEST_STARTED] ?? Date.now());
        req.body = await readJsonBody(
          req,
          contentType,
          this.limits,
          Math.max(1, routeTimeoutMs(this.reflector, context, this.limits) - elapsed),
        );
      } else if (jsonRoute && !empty) {
        throw edgeRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', {
          contentType: contentType?.type.slice(0, 80) ?? null,
          supported: ['application/json'],
        });
      }
    }
    const identityCodeFields =
      this.reflector.getAllAndOverride<string[]>(IDENTITY_CODE_FIELDS, [context.getHandler(), context.getClass()]) ?? [];
    const perRowInput = this.reflector.getAllAndOverride<string>(PER_ROW_INPUT, [context.getHandler(), context.getClass()]);
    const findings: ScanFindings[] = [
      scanInput(req.body, 'body', { identityCodeFields, perRowInput }),
      scanInput(req.query, 'query'),
      scanInput(req.params, 'params'),
    ];
    const headerCodes = CHECKED_HEADERS.filter((h) => {
      const value = req.headers[h];
      return typeof value === 'string' && hasIdentityCodeShape(value);
    }).map((h) => `headers.${h}`);
    const all = (pick: (f: ScanFindings) => string[]) => findings.flatMap(pick);
    const forbidden = all((f) => f.forbiddenKeys);
    if (forbidden.length > 0)
      throw edgeRefusal(400, 'FORBIDDEN_KEY', 'the keys __proto__, constructor and prototype are not accepted', { paths: forbidden });
    const invalid = all((f) => f.invalidCharacters);
    if (invalid.length > 0)
      throw edgeRefusal(400, 'INVALID_CHARACTERS', 'text may not contain NUL characters or lone surrogates', { paths: invalid });
    const codes = [...all((f) => f.identityCodes), ...headerCodes];
    if (codes.length > 0) {
      throw edgeRefusal(
        400,
        'IDENTITY_CODE_NOT_ALLOWED',
        'a personal identity code is accepted only in the fields meant for it; send a personRef elsewhere',
        { paths: codes },
      );
    }
    return true;
  }
}
