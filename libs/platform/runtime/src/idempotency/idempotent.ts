import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata, HttpStatus } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { CLOCK, DomainError, hasIdentityCodeShape, httpStatusOf, isDomainError, maskIdentityCodesDeep, type Clock } from '@luotsi/kernel';
import { requestContextOf } from '../access/access';
import { RUNTIME_CONFIG } from '../tokens';
import type { RuntimeConfig } from '../runtime-config';
import { IdempotencyStore } from './idempotency-store';

export const IDEMPOTENT_METADATA = 'luotsi:idempotent';

/** A command endpoint: an `Idempotency-Key` makes a retry get the first answer and write nothing more. */
export const Idempotent = () => SetMetadata(IDEMPOTENT_METADATA, true);

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * The refusal of a malformed `Idempotency-Key`, or undefined for a good one. A key is stored as
 * sent (idempotency_keys.key), so one shaped like an identity code is refused too: its characters
 * are all allowed, and the code would otherwise land in the database outside the registry.
 */
export function idempotencyKeyRefusal(header: string | string[]): DomainError | undefined {
  if (typeof header === 'string' && IDEMPOTENCY_KEY_PATTERN.test(header) && !hasIdentityCodeShape(header)) return undefined;
  return new DomainError(
    'IDEMPOTENCY_KEY_INVALID',
    'Idempotency-Key must be 1 to 200 characters of A-Z a-z 0-9 . _ : - and not an identity code',
    { header: 'Idempotency-Key', maxLength: 200 },
    'validation',
  );
}

const KEY = Symbol.for('luotsi.idempotency');

/** The request's idempotency scope and key, once the interceptor checked them. */
export function idempotencyOf(req: object): { scope: string; key: string } | undefined {
  return (req as { [KEY]?: { scope: string; key: string } })[KEY];
}

const ANSWER = Symbol.for('luotsi.answer');

/** A handler's answer with its own status (e.g. 200 instead of 201 when nothing new was created). */
export interface Answer {
  readonly [ANSWER]: true;
  status: number;
  body: unknown;
}

export const answer = (status: number, body: unknown): Answer => ({ [ANSWER]: true, status, body });
const isAnswer = (value: unknown): value is Answer => !!value && typeof value === 'object' && (value as Partial<Answer>)[ANSWER] === true;

/** A failure that may go away on its own: never the key's answer, so a retry decides again. */
function isTransient(error: unknown): boolean {
  if (!isDomainError(error)) return true;
  return error.code === 'CONCURRENCY_CONFLICT' || httpStatusOf(error.kind) >= 500;
}

/**
 * Global; acts on `@Idempotent()` routes. The key (at most 200 of [A-Za-z0-9._:-], else 400) is
 * scoped per actor and route template; the request (path, query, body) is hashed, and the same key
 * with another request is refused (422). A stored answer is replayed for the configured time; a
 * success or a refusal becomes the key's answer, a transient failure never does.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastPurge = 0;

  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || this.reflector.get<boolean>(IDEMPOTENT_METADATA, context.getHandler()) !== true) {
      return next.handle().pipe((source) => from(unwrap(source, context)));
    }
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return unwrap(next.handle(), context);
    const refusal = idempotencyKeyRefusal(header);
    if (refusal || typeof header !== 'string') throw refusal;
    const actor = requestContextOf(req)?.actor?.label ?? 'anonymous';
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const scope = `${actor} ${req.method} ${route}`;
    const hash = IdempotencyStore.hash({ path: req.path, query: req.query ?? {}, body: req.body ?? null });
    const now = this.clock.now();
    const notBefore = new Date(now.getTime() - this.config.idempotencyTtlMs);
    void this.purge(notBefore);
    const earlier = await this.store.find(scope, header, hash, notBefore);
    if (earlier) {
      res.status(earlier.status);
      return earlier.body;
    }
    (req as unknown as { [KEY]: { scope: string; key: string } })[KEY] = { scope, key: header };
    let response: { status: number; body: unknown };
    try {
      const value = await lastValueFrom(next.handle(), { defaultValue: undefined });
      response = isAnswer(value)
        ? { status: value.status, body: value.body }
        : { status: defaultStatus(this.reflector, context, req), body: value ?? null };
    } catch (error) {
      if (isTransient(error)) throw error;
      // A racing retry may have stored the first answer meanwhile; that is the one to give.
      const raced = await this.store.find(scope, header, hash, notBefore);
      if (raced) {
        res.status(raced.status);
        return raced.body;
      }
      const refusal = error as DomainError;
      response = {
        status: httpStatusOf(refusal.kind),
        body: maskIdentityCodesDeep({ code: refusal.code, message: refusal.message, details: refusal.details }),
      };
    }
    const stored = await this.store.remember(scope, header, hash, response, now);
    res.status(stored.status);
    return stored.body;
  }

  private async purge(notBefore: Date): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    await this.store.purgeOlderThan(notBefore).catch(() => undefined);
  }
}

async function unwrap(source: Observable<unknown>, context: ExecutionContext): Promise<unknown> {
  const value = await lastValueFrom(source, { defaultValue: undefined });
  if (isAnswer(value) && context.getType() === 'http') {
    context.switchToHttp().getResponse<Response>().status(value.status);
    return value.body;
  }
  return value;
}

function defaultStatus(reflector: Reflector, context: ExecutionContext, req: Request): number {
  const code = reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
  return code ?? (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
}
