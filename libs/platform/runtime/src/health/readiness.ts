import { Injectable } from '@nestjs/common';

export interface ReadinessResult {
  ok: boolean;
  details?: Record<string, unknown>;
}

/** One thing that must hold for the process to take traffic (the database answers, projections keep up). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<ReadinessResult>;
}

/** How long one check may take before it counts as failed: a probe must answer quickly. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}

/**
 * The readiness checks of a process. The platform registers the database and the broker; other parts
 * add theirs (projection lag) with `register` when their module starts.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Every check at once, each bounded in time; a thrown error is a failed check with its message. */
  async run(timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<{ ok: boolean; checks: Record<string, ReadinessResult> }> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (c): Promise<[string, ReadinessResult]> => {
        try {
          return [c.name, await withTimeout(c.check(), timeoutMs)];
        } catch (error) {
          return [c.name, { ok: false, details: { error: error instanceof Error ? error.message : String(error) } }];
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ok: entries.every(([, r]) => r.ok), checks };
  }
}
