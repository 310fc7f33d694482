import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CLOCK, DomainError, LocalDate, type Clock } from '@luotsi/kernel';
import { ErrorBody, Public, requestContextOf } from '@luotsi/runtime';
import { checkId, helsinkiMoment, type Language } from '@luotsi/service-catalogue-domain';
import { CatalogueReadModel } from '../read-model/catalogue-read-model';
import { channelPage, channelSummary, searchResult, servicePage } from './catalogue-views';
import { askersLanguage, onDate, searchRequest } from './search-query';

/** The instant the request was let in (the injected clock): "open now" and "valid today" are read against it. */
const nowOf = (req: Request, clock: Clock) => requestContextOf(req)?.now ?? clock.now();

function pageQuery(req: Request): { lang: Language; on: unknown } {
  const query = (req.query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(query))
    if (!['lang', 'on'].includes(name) || typeof value !== 'string')
      throw new DomainError('INVALID_QUERY', 'this route takes lang and on, each once', { allowed: ['lang', 'on'] }, 'validation');
  return { lang: askersLanguage(query['lang'] as string | undefined, req.headers['accept-language']), on: query['on'] };
}

/**
 * The catalogue is public information (the national catalogue's is open data): residents, the web
 * app's "find a service" page and the guidance console's picker read it without signing in.
 */
@ApiTags('service-catalogue')
@Controller()
export class CatalogueReadController {
  constructor(
    private readonly readModel: CatalogueReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('services/search')
  @Public()
  @ApiOperation({
    summary:
      "Search services in fi/sv/en (PostgreSQL full-text search with Finnish, Swedish and English stemming, prefix matching), filtered, ranked and explained; answers in the asker's language with a fallback",
  })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'used when lang is not given' })
  @ApiQuery({
    name: 'q',
    required: false,
    example: 'terveysasemalla',
    description: 'free text; every word must match (as a prefix, after stemming)',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['fi', 'sv', 'en'], description: "the asker's language (texts fall back fi → sv → en)" })
  @ApiQuery({ name: 'targetGroup', required: false, description: 'comma-separated target groups' })
  @ApiQuery({ name: 'language', required: false, enum: ['fi', 'sv', 'en'], description: 'the service is given in this language' })
  @ApiQuery({ name: 'municipality', required: false, example: '837' })
  @ApiQuery({ name: 'postalCode', required: false, example: '33720', description: 'distance from the centre of this postal code area' })
  @ApiQuery({ name: 'lat', required: false, example: '61.45' })
  @ApiQuery({ name: 'lon', required: false, example: '23.85' })
  @ApiQuery({ name: 'withinKm', required: false, example: '10' })
  @ApiQuery({
    name: 'openNow',
    required: false,
    enum: ['true', 'false'],
    description: 'a channel is open now (Helsinki time), holidays and exceptions applied',
  })
  @ApiQuery({ name: 'walkIn', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'accessMode', required: false, description: 'comma-separated: walk-in, appointment, referral, decision, voucher' })
  @ApiQuery({
    name: 'accessibility',
    required: false,
    description: 'comma-separated: step-free-access, accessible-toilet, induction-loop, accessible-parking',
  })
  @ApiQuery({ name: 'organisationKind', required: false, description: 'comma-separated: county, municipality, private, third-sector' })
  @ApiQuery({ name: 'sort', required: false, enum: ['relevance', 'distance', 'name'] })
  @ApiQuery({ name: 'limit', required: false, example: '20' })
  @ApiQuery({ name: 'offset', required: false, example: '0' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'INVALID_QUERY, INVALID_QUERY_TEXT, INVALID_FILTER, INVALID_LANGUAGE, UNKNOWN_POSTAL_CODE, INVALID_COORDINATES, COORDINATES_OUTSIDE_FINLAND',
  })
  async search(@Req() req: Request) {
    const request = searchRequest((req.query ?? {}) as Record<string, unknown>, req.headers['accept-language'], nowOf(req, this.clock));
    await this.readModel.caughtUp();
    const rows = await this.readModel.search(request);
    const channelIds = [...new Set(rows.flatMap((r) => (r.content as { channelIds: string[] }).channelIds))];
    const channels = await this.readModel.channelsOn(channelIds, request.on);
    const byId = new Map(channels.map((c) => [c.channelId, c]));
    return {
      language: request.lang,
      at: nowOf(req, this.clock).toISOString(),
      on: request.on,
      total: rows.length > 0 ? Number(rows[0]!.total) : 0,
      // False when a filter on the channels stopped the count at COUNTED_UP_TO ("more than 200").
      totalExact: rows.length > 0 ? rows[0]!.total_exact !== false : true,
      results: rows.map((r) =>
        searchResult(
          r,
          (r.content as { channelIds: string[] }).channelIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
          request,
        ),
      ),
    };
  }

  @Get('services/:serviceId')
  @Public()
  @ApiOperation({ summary: "A service's page: the version valid on a date (today by default), its channels and its versions" })
  @ApiQuery({ name: 'lang', required: false, enum: ['fi', 'sv', 'en'] })
  @ApiQuery({ name: 'on', required: false, example: '2027-01-15' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_ID, INVALID_QUERY, INVALID_LANGUAGE, INVALID_DATE' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SERVICE_NOT_FOUND (none, or not valid on that date)' })
  async service(@Param('serviceId') serviceId: string, @Req() req: Request) {
    checkId('serviceId', serviceId);
    const { lang, on: onParam } = pageQuery(req);
    const now = nowOf(req, this.clock);
    const on = onDate(onParam, LocalDate.ofInstant(now));
    await this.readModel.caughtUp();
    const timeline = await this.readModel.serviceTimeline(serviceId);
    const version = timeline?.versions.find((v) => v.validFrom <= on && (v.validTo === null || v.validTo >= on));
    if (!timeline || !version)
      throw new DomainError(
        'SERVICE_NOT_FOUND',
        `the catalogue has no service ${serviceId} valid on ${on}`,
        { serviceId, on },
        'not_found',
      );
    const moment = helsinkiMoment(now);
    const channels = await this.readModel.channelsOn(version.content.channelIds, on);
    return {
      ...servicePage(serviceId, version, lang),
      on,
      versions: timeline.versions.map((v) => ({ validFrom: v.validFrom, validTo: v.validTo })),
      withdrawnFrom: timeline.withdrawnFrom,
      channels: channels.map((c) => channelSummary(c, lang, on === moment.date ? moment : null, null)),
    };
  }

  @Get('service-channels/:channelId')
  @Public()
  @ApiOperation({
    summary: "A channel's page: the version valid on a date, its hours for the coming week (holidays and exceptions applied)",
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['fi', 'sv', 'en'] })
  @ApiQuery({ name: 'on', required: false, example: '2027-01-15' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_ID, INVALID_QUERY, INVALID_LANGUAGE, INVALID_DATE' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'CHANNEL_NOT_FOUND' })
  async channel(@Param('channelId') channelId: string, @Req() req: Request) {
    checkId('channelId', channelId);
    const { lang, on: onParam } = pageQuery(req);
    const now = nowOf(req, this.clock);
    const on = onDate(onParam, LocalDate.ofInstant(now));
    await this.readModel.caughtUp();
    const timeline = await this.readModel.channelTimeline(channelId);
    const version = timeline?.versions.find((v) => v.validFrom <= on && (v.validTo === null || v.validTo >= on));
    if (!timeline || !version)
      throw new DomainError(
        'CHANNEL_NOT_FOUND',
        `the catalogue has no channel ${channelId} valid on ${on}`,
        { channelId, on },
        'not_found',
      );
    const moment = helsinkiMoment(now);
    return {
      ...channelPage(
        version,
        lang,
        on === moment.date ? moment : null,
        on,
        timeline.versions.map((v) => ({ validFrom: v.validFrom, validTo: v.validTo })),
        await this.readModel.servicesOfChannel(channelId, on),
      ),
      on,
      withdrawnFrom: timeline.withdrawnFrom,
    };
  }
}
