import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@luotsi/kernel';
import { LUOTSI_ROLES } from '@luotsi/auth';
import { Access } from '../access/access';
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
  constructor(private readonly store: AccessLogStore) {}

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
    return { entries: page.entries.map(forAuditor), next: page.next };
  }
}
