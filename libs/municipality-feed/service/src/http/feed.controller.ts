import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CLOCK, DomainError, LocalDate, Municipalities, type Clock } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import { Access, ErrorBody, EVENT_STORE, Public, RUNTIME_CONFIG, type AccessRule, type RuntimeConfig } from '@luotsi/runtime';
import { FEED_EVENT_NAMES, quarterReportCsv, type FeedEventName } from '@luotsi/municipality-feed-domain';
import {
  FEED_EVENTS,
  feedStreamOf,
  municipalityAsyncApi,
  publishedSchemaOf,
  toMunicipalityCloudEvent,
  type MunicipalityCloudEvent,
} from '@luotsi/municipality-feed-contracts';
import { DeliveryRecord } from '../delivery/delivery-record';
import { FeedReports } from '../reports/feed-reports';

/**
 * A municipality's system reads only its own feed (the `municipality` claim of its service
 * account binds the path); every page names residents, so each is written to the access log under
 * the municipality's duties. Operators see the delivery record (no person data).
 */
const OWN_FEED: AccessRule = { roles: ['municipality'], scope: { ownMunicipality: 'municipality' }, purpose: 'municipal-duties' };
const OWN_MUNICIPALITY: AccessRule = { roles: ['municipality', 'operator'], scope: { ownMunicipality: 'municipality' } };
const OPERATOR: AccessRule = { roles: ['operator'] };

export const MAX_PAGE = 5000;
const DEFAULT_PAGE = 1000;

/** The query, checked whole: only the named parameters, each once, as text. */
function queryOf(query: Record<string, unknown>, allowed: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (!allowed.includes(name))
      throw new DomainError(
        'INVALID_QUERY',
        `this route takes only ${allowed.join(', ')}`,
        { parameter: name.slice(0, 100), allowed },
        'validation',
      );
    if (typeof value !== 'string')
      throw new DomainError('INVALID_QUERY', `${name} is given once, as text`, { parameter: name }, 'validation');
    values[name] = value;
  }
  return values;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) > max)
    throw new DomainError('INVALID_QUERY', `${name} is a whole number from 0 to ${max}`, { parameter: name }, 'validation');
  return Number(raw);
}

function municipalityOf(code: string): string {
  const m = Municipalities.byCode(code);
  if (!m)
    throw new DomainError(
      'UNKNOWN_MUNICIPALITY',
      'not a municipality code of the classification of municipalities',
      { municipality: code.slice(0, 16) },
      'not_found',
    );
  return m.code;
}

export interface FeedPage {
  municipality: string;
  after: number;
  events: MunicipalityCloudEvent[];
  /** Pass as `after` for the next page; equal to `after` when there was nothing new. */
  next: number;
}

@ApiTags('municipality feed')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE (a municipality for another municipality)' })
@Controller('feeds')
export class FeedController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly delivery: DeliveryRecord,
    private readonly reports: FeedReports,
  ) {}

  @Get('delivery')
  @Access(OPERATOR)
  @ApiOperation({ summary: 'The delivery record: per municipality what is in the feed, sent, committed by each subscriber, dead-lettered' })
  async deliveryRecord() {
    return { municipalities: await this.delivery.all() };
  }

  @Get('schemas/:name/:version')
  @Public()
  @ApiOperation({ summary: 'The published JSON schema of a feed event type (the events’ dataschema)' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SCHEMA_NOT_FOUND' })
  schema(@Param('name') name: string, @Param('version') version: string) {
    const known = (FEED_EVENT_NAMES as readonly string[]).includes(name) ? (name as FeedEventName) : null;
    if (!known || version !== `v${FEED_EVENTS[known].version}.json`)
      throw new DomainError(
        'SCHEMA_NOT_FOUND',
        'no such feed event type or version',
        { name: name.slice(0, 60), version: version.slice(0, 20) },
        'not_found',
      );
    return publishedSchemaOf(known);
  }

  @Get(':municipality/events')
  @Access(OWN_FEED)
  @ApiOperation({
    summary:
      'Replay the municipality’s feed from the event store: the events after a sequence (or from a date), exactly as the topic carries them',
  })
  @ApiQuery({ name: 'after', required: false, description: 'Sequence already held (0: from the beginning)' })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'YYYY-MM-DD: from the first event recorded on or after the day (instead of after)',
  })
  @ApiQuery({ name: 'limit', required: false, description: `Events per page, 1–${MAX_PAGE} (${DEFAULT_PAGE})` })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_QUERY, INVALID_DATE' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'UNKNOWN_MUNICIPALITY' })
  async events(@Param('municipality') municipality: string, @Query() query: Record<string, unknown>): Promise<FeedPage> {
    const code = municipalityOf(municipality);
    const q = queryOf(query, ['after', 'from', 'limit']);
    if (q['after'] !== undefined && q['from'] !== undefined)
      throw new DomainError('INVALID_QUERY', 'give after or from, not both', { parameters: ['after', 'from'] }, 'validation');
    const limit = Math.max(1, wholeNumber('limit', q['limit'], DEFAULT_PAGE, MAX_PAGE));
    const after =
      q['from'] !== undefined
        ? await this.sequenceBefore(code, LocalDate.parse(q['from']))
        : wholeNumber('after', q['after'], 0, Number.MAX_SAFE_INTEGER);
    const stored = await this.store.readStream(feedStreamOf(code), { fromRevision: after, maxCount: limit });
    const events = stored.map(toMunicipalityCloudEvent);
    return { municipality: code, after, events, next: events.at(-1)?.sequence ?? after };
  }

  @Get(':municipality/asyncapi')
  @Access(OWN_MUNICIPALITY)
  @ApiOperation({ summary: 'The AsyncAPI 3 document of the municipality’s channel' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'UNKNOWN_MUNICIPALITY' })
  asyncApi(@Param('municipality') municipality: string) {
    return municipalityAsyncApi(municipalityOf(municipality), { retentionDays: this.config.municipalityFeed.retentionDays });
  }

  @Get(':municipality/reports/:quarter')
  @Access(OWN_MUNICIPALITY)
  @ApiOperation({
    summary:
      'The quarterly municipality report (aggregates, counts 1–4 suppressed), CSV or JSON; made on demand, kept once the quarter closed',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery({ name: 'format', required: false, description: 'json (default) or csv' })
  @ApiOkResponse({ description: 'The report' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_QUARTER, INVALID_QUERY, INVALID_FORMAT' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'UNKNOWN_MUNICIPALITY' })
  async report(
    @Param('municipality') municipality: string,
    @Param('quarter') quarter: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const code = municipalityOf(municipality);
    const format = queryOf(query, ['format'])['format'] ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new DomainError('INVALID_FORMAT', 'format is csv or json', { allowed: ['csv', 'json'] }, 'validation');
    const made = await this.reports.report(code, quarter, this.clock.now());
    if (format === 'json') return made;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="municipality-${code}-${made.report.quarter}.csv"`);
    return quarterReportCsv(made.report);
  }

  /** The sequence before the first event recorded on or after the day (Helsinki): a binary search over the stream. */
  private async sequenceBefore(code: string, day: LocalDate): Promise<number> {
    const from = LocalDate.startOfDayInstant(day).toISOString();
    const at = async (revision: number) => (await this.store.readStream(feedStreamOf(code), { fromRevision: revision, maxCount: 1 }))[0];
    let lo = 0;
    let hi = 1;
    // Find an upper bound first: feeds grow, so no count is kept to search below.
    while ((await at(hi - 1)) && (await at(hi - 1))!.recordedAt < from) hi *= 2;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const e = await at(mid);
      if (e && e.recordedAt < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
