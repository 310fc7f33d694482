import { HttpException, SetMetadata } from '@nestjs/common';
import type { RateLimit } from '../runtime-config';

export const RATE_LIMITED_METADATA = 'luotsi:rate-limited';

/**
 * Limits a route per user (token subject) by the named kind's limits in RuntimeConfig.rateLimits,
 * e.g. `@RateLimited('identity-lookup')` on a look-up by identity code: over the limit → 429
 * RATE_LIMITED with `retryAfterSeconds` and a Retry-After header. Every call of such a route,
 * allowed or refused, goes to the access log (purpose: the rule's, else the kind).
 */
export const RateLimited = (kind: string) => SetMetadata(RATE_LIMITED_METADATA, kind);

export class RateLimitedError extends HttpException {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly retryAfterSeconds: number,
    details: Record<string, unknown>,
  ) {
    super(
      {
        code: 'RATE_LIMITED',
        message: `too many requests of this kind; try again in ${retryAfterSeconds} s`,
        details: { ...details, retryAfterSeconds },
      },
      429,
    );
    this.name = 'RateLimitedError';
  }
}

interface Window {
  start: number;
  count: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Fixed windows (a minute and a UTC day) per kind and subject, in this process's memory: a
 * replicated service multiplies the limits by its replicas, which bounds enumeration just as well;
 * a shared counter is the step when that stops being enough. A refused call does not count.
 */
export class RateLimiter {
  private readonly minutes = new Map<string, Window>();
  private readonly days = new Map<string, Window>();
  private lastSweep = 0;

  constructor(private readonly limits: Readonly<Record<string, RateLimit>>) {}

  /** Counts one call at `nowMs`, or returns the seconds until one would be allowed. */
  take(kind: string, subject: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: string } {
    const limit = this.limits[kind];
    if (!limit) throw new Error(`@RateLimited('${kind}'): no such limit in RuntimeConfig.rateLimits`);
    this.sweep(nowMs);
    const key = `${kind}\u0000${subject}`;
    const minute = current(this.minutes, key, nowMs, MINUTE);
    const day = current(this.days, key, nowMs, DAY);
    if (day.count >= limit.perDay) return { allowed: false, retryAfterSeconds: secondsUntil(day.start + DAY, nowMs), limit: 'per-day' };
    if (minute.count >= limit.perMinute)
      return { allowed: false, retryAfterSeconds: secondsUntil(minute.start + MINUTE, nowMs), limit: 'per-minute' };
    minute.count++;
    day.count++;
    return { allowed: true };
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweep < MINUTE) return;
    this.lastSweep = nowMs;
    for (const [k, w] of this.minutes) if (w.start + MINUTE <= nowMs) this.minutes.delete(k);
    for (const [k, w] of this.days) if (w.start + DAY <= nowMs) this.days.delete(k);
  }
}

function current(windows: Map<string, Window>, key: string, nowMs: number, length: number): Window {
  const start = Math.floor(nowMs / length) * length;
  let w = windows.get(key);
  if (!w || w.start !== start) {
    w = { start, count: 0 };
    windows.set(key, w);
  }
  return w;
}

const secondsUntil = (endMs: number, nowMs: number) => Math.max(1, Math.ceil((endMs - nowMs) / 1000));
