import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, LocalDate } from '@luotsi/kernel';
import { todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { Access, ErrorBody, Idempotent, PerRowInput, RequestEnvelope, type AccessRule } from '@luotsi/runtime';
import { checkId } from '@luotsi/service-catalogue-domain';
import { CatalogueCommands } from '../service-catalogue.commands';
import { CatalogueReadModel } from '../read-model/catalogue-read-model';
import { ChannelVersionDto, RoutingDto, ServiceVersionDto, SuomiFiPageDto, WithdrawalDto } from './dtos';

/**
 * The county keeps its catalogue; guidance workers (and the county) tell which service a contact
 * was routed to. Nothing here touches a person's data, so no purpose and no access-log entries.
 */
const COUNTY: AccessRule = { roles: ['county'] };
const ROUTERS: AccessRule = { roles: ['guidance', 'county'] };

/** A date of a body: absent (or null) is "not given", anything else must be a date. */
function dateOf(value: unknown, field: string): LocalDate | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !LocalDate.isValid(value))
    throw new DomainError('INVALID_DATE', `${field} is a date YYYY-MM-DD`, { field }, 'validation');
  return LocalDate.parse(value);
}

function contentOf<T extends object>(body: T): Omit<T, 'validFrom'> {
  const { validFrom: _validFrom, ...content } = body as T & { validFrom?: unknown };
  return content;
}

@ApiTags('service-catalogue')
@ApiBearerAuth()
@ApiBadRequestResponse({
  type: ErrorBody,
  description:
    'VALIDATION_FAILED, INVALID_ID, INVALID_DATE, DATE_OUT_OF_RANGE, MISSING_FIELD, INVALID_TEXT, TEXT_TOO_LONG, INVALID_LANGUAGE, INVALID_VALUE, INVALID_LIST, LIST_TOO_LONG, INVALID_MUNICIPALITY, INVALID_HOURS, OVERLAPPING_HOURS, OVERLAPPING_EXCEPTIONS, INVALID_ADDRESS, INVALID_COORDINATES, COORDINATES_OUTSIDE_FINLAND, INVALID_PHONE, INVALID_URL, IDENTITY_CODE_NOT_ALLOWED',
})
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE' })
@Controller()
export class CatalogueController {
  constructor(
    private readonly commands: CatalogueCommands,
    private readonly readModel: CatalogueReadModel,
  ) {}

  @Put('services/:serviceId')
  @Access(COUNTY)
  @Idempotent()
  @ApiOperation({
    summary: 'Publish a version of a service valid from a date (today when left out); the same content again changes nothing',
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: "MANAGED_BY_PROVIDER_CHOICE (a provider station's service changes in provider choice)",
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'VALIDITY_IN_PAST' })
  publishService(@Param('serviceId') serviceId: string, @Body() body: ServiceVersionDto, @RequestEnvelope() envelope: CommandEnvelope) {
    checkId('serviceId', serviceId);
    return this.commands.publishService(serviceId, dateOf(body.validFrom, 'validFrom'), contentOf(body), envelope);
  }

  @Post('services/:serviceId/withdrawal')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a service from a date: valid until the day before' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SERVICE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'MANAGED_BY_PROVIDER_CHOICE' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'VALIDITY_IN_PAST' })
  withdrawService(@Param('serviceId') serviceId: string, @Body() body: WithdrawalDto, @RequestEnvelope() envelope: CommandEnvelope) {
    checkId('serviceId', serviceId);
    return this.commands.withdrawService(serviceId, dateOf(body.from, 'from')!, body.reason, envelope);
  }

  @Put('service-channels/:channelId')
  @Access(COUNTY)
  @Idempotent()
  @ApiOperation({ summary: 'Publish a version of a channel (service point, phone, e-service, chat) valid from a date' })
  @ApiConflictResponse({ type: ErrorBody, description: 'MANAGED_BY_PROVIDER_CHOICE, CHANNEL_KIND_CHANGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'VALIDITY_IN_PAST' })
  publishChannel(@Param('channelId') channelId: string, @Body() body: ChannelVersionDto, @RequestEnvelope() envelope: CommandEnvelope) {
    checkId('channelId', channelId);
    return this.commands.publishChannel(channelId, dateOf(body.validFrom, 'validFrom'), contentOf(body), envelope);
  }

  @Post('service-channels/:channelId/withdrawal')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a channel from a date' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'CHANNEL_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'MANAGED_BY_PROVIDER_CHOICE' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'VALIDITY_IN_PAST' })
  withdrawChannel(@Param('channelId') channelId: string, @Body() body: WithdrawalDto, @RequestEnvelope() envelope: CommandEnvelope) {
    checkId('channelId', channelId);
    return this.commands.withdrawChannel(channelId, dateOf(body.from, 'from')!, body.reason, envelope);
  }

  @Post('service-catalogue/imports/services')
  @PerRowInput('itemList')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Import a page of the Suomi.fi catalogue's services (open data shape); re-running changes nothing, each bad row is answered with its code while the good rows are recorded",
  })
  @ApiOkResponse({
    schema: {
      example: { rows: 2, recorded: 1, unchanged: 0, errors: [{ row: 2, id: null, code: 'INVALID_ID', message: 'id must be …' }] },
    },
  })
  importServices(@Body() body: SuomiFiPageDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.importPage('services', body.itemList, envelope);
  }

  @Post('service-catalogue/imports/service-channels')
  @PerRowInput('itemList')
  @Access(COUNTY)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Import a page of the Suomi.fi catalogue's service channels (service locations, phone, e-channels); row errors as for services",
  })
  @ApiOkResponse({ schema: { example: { rows: 1, recorded: 1, unchanged: 0, errors: [] } } })
  importChannels(@Body() body: SuomiFiPageDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.importPage('channels', body.itemList, envelope);
  }

  @Post('service-routings')
  @Access(ROUTERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Count a contact routed to a named service (and channel), once per routing id; contact intake's routing events will feed the same count",
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SERVICE_NOT_FOUND (not in the catalogue on the routing date)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ROUTING_CONFLICT' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'CHANNEL_NOT_OF_SERVICE, FUTURE_DATE' })
  route(@Body() body: RoutingDto, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.recordRouting(
      {
        routingId: checkId('routingId', body.routingId),
        serviceId: checkId('serviceId', body.serviceId),
        channelId: body.channelId === undefined || body.channelId === null ? null : checkId('channelId', body.channelId),
        municipality: body.municipality,
        routedOn: dateOf(body.routedOn, 'routedOn') ?? todayOf(envelope),
      },
      envelope,
    );
  }

  @Get('statistics/service-routings')
  @Access(COUNTY)
  @ApiOperation({ summary: "How often each service was routed to, by municipality, over a period (the planners' aggregate)" })
  @ApiQuery({ name: 'from', required: true, example: '2027-01-01' })
  @ApiQuery({ name: 'to', required: true, example: '2027-01-31' })
  @ApiQuery({ name: 'municipality', required: false, example: '837' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'INVALID_QUERY, INVALID_DATE, INVALID_MUNICIPALITY' })
  async routings(@Req() req: Request) {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const allowed = ['from', 'to', 'municipality'];
    for (const [name, value] of Object.entries(query))
      if (!allowed.includes(name) || typeof value !== 'string')
        throw new DomainError('INVALID_QUERY', `this route takes from, to and municipality, each once`, { allowed }, 'validation');
    const from = dateOf(query['from'], 'from');
    const to = dateOf(query['to'], 'to');
    if (!from || !to) throw new DomainError('INVALID_DATE', 'from and to are dates YYYY-MM-DD', { fields: ['from', 'to'] }, 'validation');
    if (to < from || LocalDate.daysBetween(from, to) > 3660)
      throw new DomainError('INVALID_DATE', 'to lies on or after from, within ten years', { fields: ['from', 'to'] }, 'validation');
    const municipality = (query['municipality'] as string | undefined) ?? null;
    if (municipality !== null && !/^\d{3}$/.test(municipality))
      throw new DomainError('INVALID_MUNICIPALITY', 'municipality is a three-digit code', { parameter: 'municipality' }, 'validation');
    await this.readModel.caughtUp();
    return { from, to, municipality, counts: await this.readModel.routingCounts(from, to, municipality) };
  }
}
