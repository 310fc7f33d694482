import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import { todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { Access, ErrorBody, Idempotent, Public, RequestEnvelope, Roles } from '@luotsi/runtime';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';
import { FromDateDto, FromDateWithReasonDto, RegisterProviderDto, UpdateProviderDto } from './dtos';
import { onlyQuery, singleQuery } from './query';

@ApiTags('providers')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_BUSINESS_ID, INVALID_STATIONS, INVALID_DATE' })
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE' })
@Controller('providers')
export class ProvidersController {
  constructor(
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a provider and its stations (the county; not yet approved)' })
  @ApiCreatedResponse({ description: 'Registered (or the same registration again: nothing new)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'PROVIDER_EXISTS' })
  @Roles('county')
  @Idempotent()
  async register(@Body() body: RegisterProviderDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.provider({ type: 'RegisterProvider', ...body, today: todayOf(envelope) }, envelope);
    return { providerId: body.providerId, events: outcome.events.map((e) => e.type) };
  }

  @Put(':providerId')
  @ApiOperation({ summary: "Update a provider's name and stations (stations can be added or changed, not removed)" })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PROVIDER_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'STATION_REMOVAL_NOT_ALLOWED' })
  @Roles('county')
  @Idempotent()
  async update(@Param('providerId') providerId: string, @Body() body: UpdateProviderDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.provider({ type: 'UpdateProvider', providerId, ...body }, envelope);
    return { providerId, events: outcome.events.map((e) => e.type) };
  }

  @Post(':providerId/approval')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a provider from a date' })
  @ApiConflictResponse({ type: ErrorBody, description: 'PROVIDER_TERMINATED' })
  @Roles('county')
  @Idempotent()
  async approve(@Param('providerId') providerId: string, @Body() body: FromDateDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.provider(
      { type: 'ApproveProvider', providerId, from: LocalDate.parse(body.from), decidedBy: envelope.actor },
      envelope,
    );
    return { providerId, events: outcome.events.map((e) => e.type) };
  }

  @Post(':providerId/suspension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a provider from a date: no new choices, pending switches to it lapse' })
  @Roles('county')
  @Idempotent()
  async suspend(
    @Param('providerId') providerId: string,
    @Body() body: FromDateWithReasonDto,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const outcome = await this.commands.provider(
      { type: 'SuspendProvider', providerId, from: LocalDate.parse(body.from), reason: body.reason, decidedBy: envelope.actor },
      envelope,
    );
    return { providerId, events: outcome.events.map((e) => e.type) };
  }

  @Post(':providerId/termination')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Terminate a provider from a date; its clients return to their default station from the first day of the next month',
  })
  @Roles('county')
  @Idempotent()
  async terminate(
    @Param('providerId') providerId: string,
    @Body() body: FromDateWithReasonDto,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    const outcome = await this.commands.provider(
      { type: 'TerminateProvider', providerId, from: LocalDate.parse(body.from), reason: body.reason, decidedBy: envelope.actor },
      envelope,
    );
    return {
      providerId,
      events: outcome.events.map((e) => e.type),
      clientsReturnFrom: LocalDate.firstOfNextMonth(LocalDate.parse(body.from)),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Providers with their stations and status history (public: the stations residents choose from)' })
  @Public()
  list() {
    return this.queries.providers();
  }

  @Get(':providerId')
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PROVIDER_NOT_FOUND' })
  @Public()
  one(@Param('providerId') providerId: string) {
    return this.queries.provider(providerId);
  }

  @Get(':providerId/listed')
  @ApiOperation({ summary: 'Residents listed with a provider (or one station) on a date, paged by personRef' })
  @ApiQuery({ name: 'date', required: false, example: '2027-01-01' })
  @ApiQuery({ name: 'stationId', required: false, description: "one of the provider's stations" })
  @ApiQuery({ name: 'after', required: false, description: 'nextPage of the previous page' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({
    schema: {
      example: {
        providerId: 'mehilainen',
        date: '2027-01-01',
        items: [
          {
            personRef: 'per_…',
            stationId: 'mehilainen-hervanta',
            listedFrom: '2026-12-01',
            reason: 'choice',
            birthDate: '1950-03-15',
            sex: 'female',
          },
        ],
        nextPage: null,
      },
    },
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PROVIDER_NOT_FOUND, STATION_NOT_FOUND' })
  // Person data (birth date, sex, station) of every listed client: the county, or the provider itself.
  @Access({ roles: ['county', 'provider'], scope: { ownProvider: 'providerId' }, purpose: 'listing-administration' })
  async listed(
    @RequestEnvelope() envelope: CommandEnvelope,
    @Param('providerId') providerId: string,
    @Query() query: Record<string, unknown>,
  ) {
    onlyQuery(query, ['date', 'stationId', 'after', 'limit']);
    const date = singleQuery(query, 'date');
    const stationId = singleQuery(query, 'stationId');
    const after = singleQuery(query, 'after');
    const limit = singleQuery(query, 'limit');
    const size = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 1000)
      throw new DomainError('INVALID_LIMIT', 'limit is 1–1000', { limit }, 'validation');
    if (stationId !== undefined && !STATION_ID.test(stationId))
      throw new DomainError('INVALID_STATION_ID', 'stationId is lower-case letters, digits and hyphens (2–63)', {}, 'validation');
    if (after !== undefined && !PersonRef.isValid(after))
      throw new DomainError('INVALID_PAGE', 'after is the nextPage of the previous page', {}, 'validation');
    const day = date ? LocalDate.parse(date) : todayOf(envelope);
    // An unknown provider or station is not an empty list: the caller asked for something that is not there.
    const provider = await this.queries.provider(providerId);
    if (stationId !== undefined && !provider.stations.some((s) => s.stationId === stationId))
      throw new DomainError('STATION_NOT_FOUND', `${providerId} has no station ${stationId}`, { providerId, stationId }, 'not_found');
    return this.queries.listedOn(providerId, day, { limit: size, ...(stationId ? { stationId } : {}), ...(after ? { after } : {}) });
  }
}

const STATION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
