import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CLOCK, type Clock } from '@luotsi/kernel';
import type { Logger } from 'pino';
import type { Actor } from '../http/actor';
import { correlationIdOf } from '../http/correlation-id';
import { routeTemplateOf } from '../metrics/http-metrics';
import { LOGGER } from '../tokens';
import { AccessLogStore, type AccessLogEntry } from './access-log.store';

/** 503: a person's data is not processed when its processing cannot be recorded. */
export class AccessLogUnavailableError extends HttpException {
  readonly code = 'ACCESS_LOG_UNAVAILABLE';

  constructor() {
    super(
      {
        code: 'ACCESS_LOG_UNAVAILABLE',
        message: 'the access log cannot be written just now, so person data is not served; try again shortly',
        details: {},
      },
      503,
    );
    this.name = 'AccessLogUnavailableError';
  }
}

/** Who accesses for what, as the access guard left it on the request for the handler's recordSubject. */
export interface AccessOnRequest {
  subject: string;
  username: string | null;
  role: string;
  organisation: string | null;
  purpose: string;
}

const ACCESS = Symbol.for('luotsi.access-log');

export function setAccessOnRequest(req: object, access: AccessOnRequest): void {
  (req as { [ACCESS]?: AccessOnRequest })[ACCESS] = access;
}

export function accessFor(
  actor: Actor | null,
  subject: string | undefined,
  purpose: string,
  fallback: { username?: string; organisation?: string; role?: string } = {},
): AccessOnRequest {
  return {
    subject: actor?.id ?? subject ?? 'anonymous',
    username: actor?.username ?? fallback.username ?? null,
    role: actor?.role ?? fallback.role ?? 'none',
    organisation: actor?.organisation ?? actor?.providerId ?? actor?.municipality ?? fallback.organisation ?? null,
    purpose,
  };
}

/**
 * The access log (client-data act 703/2023 §11): who processed whose data, in what role and
 * organisation, for what purpose, through which route, when (the injected clock) and whether it
 * was allowed. The access guard records every request to a route whose rule names a purpose; a
 * handler that finds the person by other means than the path (a look-up by identity code) says
 * whom it found with `recordSubject`. A write that fails fails the request (503).
 */
@Injectable()
export class AccessLog {
  constructor(
    private readonly store: AccessLogStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Records an access of this request; throws AccessLogUnavailableError when it cannot. */
  async record(
    req: Request,
    access: AccessOnRequest,
    fact: {
      personRef: string | null;
      outcome: 'allowed' | 'refused';
      code: string | null;
      sections?: readonly string[] | null;
      breakGlass?: boolean;
      reason?: string | null;
    },
  ): Promise<void> {
    const entry: AccessLogEntry = {
      at: this.clock.now(),
      ...access,
      method: req.method,
      route: routeTemplateOf(req),
      ...fact,
      correlationId: stableCorrelationId(req),
    };
    try {
      await this.store.append(entry);
    } catch (error) {
      this.logger.error({ err: error, route: entry.route, method: entry.method }, 'access log write failed');
      throw new AccessLogUnavailableError();
    }
  }

  /**
   * The outcome of a route whose rule leaves the allowed entry to its handler
   * (`recordedByHandler`): the handler decides more than the route's rule (which sections of a
   * client plan its purpose justifies, a break-the-glass opening) and records the one entry of
   * the request with what it decided. `purpose` refines the rule's (e.g. the care-team purposes).
   */
  async recordOutcome(
    req: Request,
    fact: {
      personRef: string | null;
      outcome: 'allowed' | 'refused';
      code: string | null;
      sections?: readonly string[] | null;
      breakGlass?: boolean;
      reason?: string | null;
      purpose?: string;
    },
  ): Promise<void> {
    const access = (req as { [ACCESS]?: AccessOnRequest })[ACCESS];
    if (!access) throw new Error('recordOutcome: this route declares no purpose, so the guard left no access to record');
    const { purpose, ...rest } = fact;
    await this.record(req, purpose ? { ...access, purpose } : access, rest);
  }

  /**
   * The person a handler found by other means than the path — a look-up by identity code: the
   * personRef it resolved, or null for "not found". Call it before answering; it throws 503
   * ACCESS_LOG_UNAVAILABLE when the entry cannot be written. Never pass an identity code.
   */
  async recordSubject(req: Request, personRef: string | null): Promise<void> {
    const access = (req as { [ACCESS]?: AccessOnRequest })[ACCESS];
    if (!access)
      throw new Error('recordSubject: this route declares no purpose (@Access({ roles, purpose })), so the guard recorded no access');
    await this.record(req, access, { personRef, outcome: 'allowed', code: personRef === null ? 'PERSON_NOT_FOUND' : 'PERSON_FOUND' });
  }
}

/** One correlation id for the log entry and the command envelope of the same request. */
function stableCorrelationId(req: Request): string {
  const id = correlationIdOf(req);
  if (req.headers['x-correlation-id'] !== id) req.headers['x-correlation-id'] = id;
  return id;
}
