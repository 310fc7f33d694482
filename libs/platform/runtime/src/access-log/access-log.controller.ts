import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, DomainError, hasIdentityCodeShape, type Clock } from '@luotsi/kernel';
import { LUOTSI_ROLES } from '@luotsi/auth';
import { Access } from '../access/access';
import { Idempotent } from '../idempotency/idempotent';
import { CurrentActor, type Actor } from '../http/actor';
import { AccessLogStore, type StoredAccessLogEntry } from './access-log.store';

const REF = /^[A-Za-z0-9._:@-]{1,200}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function instant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = INSTANT.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime()))
    throw new DomainError('INVALID_QUERY', `${name} must be an ISO 8601 date or instant`, { parameter: name }, 'validation');
  return at;
}

function ref(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!REF.test(value)) throw new DomainError('INVALID_QUERY', `${name} is not a valid ${name}`, { parameter: name }, 'validation');
  return value;
}

function limitOf(value: string | undefined): number {
  if (value === undefined || value === '') return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new DomainError('INVALID_QUERY', 'limit must be a whole number from 1 to 500', { parameter: 'limit', max: 500 }, 'validation');
  return n;
}

function cursorOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,19}$/.test(value))
    throw new DomainError('INVALID_QUERY', 'before must be the next cursor of an earlier page', { parameter: 'before' }, 'validation');
  return value;
}

/** What a resident sees of an access to their data: who (by role and organisation; a staff user by name), why, what, when, the outcome. */
const forResident = (e: StoredAccessLogEntry) => ({
  at: e.at.toISOString(),
  role: e.role,
  organisation: e.organisation,
  // Another resident who tried to read your data is not yours to identify; staff are.
  username: e.role === 'resident' ? null : e.username,
  purpose: e.purpose,
  what: `${e.method} ${e.route}`,
  outcome: e.outcome,
  code: e.code,
  sections: e.sections ?? null,
  breakGlass: e.breakGlass ?? false,
  reason: e.reason ?? null,
});

const forAuditor = (e: StoredAccessLogEntry) => ({ ...e, at: e.at.toISOString() });

/**
 * The access log's two readers: a resident lists who processed their own data (GET /me/access-log)
 * and an auditor queries by person, user (token subject) and time (GET /access-log). Newest first,
 * paged by `before` = the previous page's `next`.
 */
@ApiTags('access log')
@ApiBearerAuth()
@Controller()
export class AccessLogController {
  constructor(
    private readonly store: AccessLogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Who the services take the caller for: the web app's and a script's first call after sign-in. */
  @Get('me')
  @Access({ roles: LUOTSI_ROLES })
  @ApiOperation({ summary: 'The signed-in caller as the services see them: subject, roles, scopes and, for a resident, their personRef' })
  me(@CurrentActor() actor: Actor) {
    return {
      subject: actor.id,
      role: actor.role,
      roles: actor.roles ?? [actor.role],
      username: actor.username ?? null,
      organisation: actor.organisation ?? null,
      providerId: actor.providerId ?? null,
      municipality: actor.municipality ?? null,
      personRef: actor.personRef ?? null,
    };
  }

  @Get('me/access-log')
  @Access({ roles: ['resident'] })
  @ApiOperation({ summary: 'Who processed my data, for what purpose, and when (client-data act 703/2023 §11)' })
  async mine(@CurrentActor() actor: Actor, @Query('before') before?: string, @Query('limit') limit?: string) {
    const page = await this.store.query({ personRef: actor.personRef!, before: cursorOf(before), limit: limitOf(limit) });
    return { personRef: actor.personRef, entries: page.entries.map(forResident), next: page.next };
  }

  @Get('access-log')
  @Access({ roles: ['auditor'], purpose: 'audit' })
  @ApiOperation({ summary: 'Access log entries by person, user (subject) and time range; auditors only' })
  async query(
    @Query('personRef') personRef?: string,
    @Query('subject') subject?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ) {
    const page = await this.store.query({
      personRef: ref('personRef', personRef),
      subject: ref('subject', subject),
      from: instant('from', from),
      to: instant('to', to),
      before: cursorOf(before),
      limit: limitOf(limit),
    });
    return { entries: page.entries.map(forAuditor), next: page.next };
  }

  /** The auditor's review list of break-the-glass openings (who, whose record, the stated reason, when). */
  @Get('access-log/break-the-glass')
  @Access({ roles: ['auditor'], purpose: 'audit' })
  @ApiOperation({ summary: 'Break-the-glass uses for review, newest first, with their stated reasons; auditors only' })
  async breakTheGlass(
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ) {
    const page = await this.store.query({
      breakGlass: true,
      from: instant('from', from),
      to: instant('to', to),
      before: cursorOf(before),
      limit: limitOf(limit),
    });
    const reviews = await this.store.reviewsOf(page.entries.map((e) => e.id));
    return {
      entries: page.entries.map((e) => {
        const r = reviews.get(e.id);
        return { ...forAuditor(e), review: r ? { ...r, at: r.at.toISOString() } : null };
      }),
      next: page.next,
    };
  }

  /** An auditor's finding on one break-the-glass use (justified or not, with a note); the list shows the latest. */
  @Post('access-log/break-the-glass/:entryId/review')
  @HttpCode(200)
  @Access({ roles: ['auditor'], purpose: 'audit' })
  @Idempotent()
  @ApiOperation({ summary: 'Record an auditor’s review of a break-the-glass use: finding justified or not-justified, with a note' })
  async review(@Param('entryId') entryId: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    if (!/^\d{1,19}$/.test(entryId))
      throw new DomainError('INVALID_ENTRY_ID', 'entryId is an access-log entry id', { parameter: 'entryId' }, 'validation');
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const unknown = Object.keys(b).filter((k) => k !== 'finding' && k !== 'note');
    if (unknown.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        'a review has a finding and a note only',
        { fields: unknown.map((k) => k.slice(0, 50)) },
        'validation',
      );
    const finding = b['finding'];
    if (finding !== 'justified' && finding !== 'not-justified')
      throw new DomainError('VALIDATION_FAILED', 'finding is justified or not-justified', { field: 'finding' }, 'validation');
    const note = b['note'] === undefined || b['note'] === null ? null : b['note'];
    if (note !== null && (typeof note !== 'string' || note.length > 1000 || hasIdentityCodeShape(note)))
      throw new DomainError(
        'VALIDATION_FAILED',
        'note is text of at most 1000 characters, without an identity code',
        { field: 'note' },
        'validation',
      );
    const found = await this.store.review(entryId, { at: this.clock.now(), reviewedBy: actor.label, finding, note });
    if (!found) throw new DomainError('ENTRY_NOT_FOUND', 'no break-the-glass entry with that id', {}, 'not_found');
    return { entryId, finding, note };
  }
}
