import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Inject } from '@nestjs/common';
import { DomainError, YearMonth } from '@luotsi/kernel';
import type { CommandEnvelope } from '@luotsi/eventstore';
import {
  Access,
  edgeRefusal,
  ErrorBody,
  IDEMPOTENCY_KEY_PATTERN,
  Idempotent,
  LongRunning,
  Public,
  RequestEnvelope,
  Roles,
  RUNTIME_CONFIG,
  type RuntimeConfig,
} from '@luotsi/runtime';
import { PopulationImport } from '../import/population-import';
import { DueChangesProcessor } from '../processes/due-changes.processor';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';
import { ChoiceAreaDto } from './dtos';

@ApiTags('county')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE' })
@Controller()
export class CountyController {
  constructor(
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
    private readonly importer: PopulationImport,
    private readonly due: DueChangesProcessor,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Put('choice-area')
  @ApiOperation({ summary: 'Set the eligible postal codes, their default stations and the switching period' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, STATION_NOT_FOUND' })
  @Roles('county')
  @Idempotent()
  async configureArea(@Body() body: ChoiceAreaDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const postalCodes = Object.fromEntries(body.postalCodes.map((p) => [p.postalCode, { defaultStationId: p.defaultStationId }]));
    return this.commands.configureArea({ postalCodes, switchPeriodMonths: body.switchPeriodMonths }, envelope);
  }

  @Get('choice-area')
  @ApiOperation({ summary: 'The eligible postal codes, their default stations and the switching period (public)' })
  @Public()
  area() {
    return this.commands.area();
  }

  @Post('population/import')
  @LongRunning()
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply population-register changes (NDJSON or CSV); idempotent, errors per row' })
  @ApiConsumes('application/x-ndjson', 'text/csv')
  @ApiBody({
    description:
      'NDJSON: {"type":"resident-registered","identityCode":"…","postalCode":"33710","municipalityCode":"837","date":"2018-01-01"} per line; type moved (postalCode, municipalityCode, date) or died (date). CSV: header type,identityCode,postalCode,municipalityCode,date',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    schema: {
      example: {
        rows: 3,
        applied: 2,
        unchanged: 0,
        failed: 1,
        errors: [{ line: 3, code: 'INVALID_HETU', message: 'invalid personal identity code: check character does not match' }],
      },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Checked for its format only (400 IDEMPOTENCY_KEY_INVALID): every row is idempotent by itself',
  })
  @ApiResponse({ status: 415, type: ErrorBody, description: 'UNSUPPORTED_CHARSET (only UTF-8)' })
  @Access({ roles: ['county'], purpose: 'registry-maintenance' })
  // Not @Idempotent(): the body is a stream the interceptor cannot fingerprint, so a key would replay
  // one file's report for another. Every row is an idempotent command: a file sent again changes nothing.
  async importPopulation(
    @Req() req: Request,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    // A malformed key is refused even here, where it decides nothing: a caller relying on it must learn so.
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'an Idempotency-Key is 1–200 of A–Z a–z 0–9 . _ : -', {}, 'validation');
    }
    const [mediaType, ...parameters] = (contentType ?? '').split(';');
    const type = mediaType!.trim().toLowerCase();
    const format = type === 'application/x-ndjson' || type === 'application/jsonl' ? 'ndjson' : type === 'text/csv' ? 'csv' : null;
    if (!format)
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'send application/x-ndjson or text/csv',
        { contentType: type.slice(0, 100) },
        'validation',
      );
    const charset = parameters
      .map((p) => p.trim().split('='))
      .find(([k]) => k!.trim().toLowerCase() === 'charset')?.[1]
      ?.trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    // Lines are read as UTF-8; a file in another encoding would be applied with its names and codes garbled.
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      throw edgeRefusal(415, 'UNSUPPORTED_CHARSET', 'population files must be UTF-8', {
        charset: charset.slice(0, 40),
        supported: ['utf-8'],
      });
    // PGlite runs one statement at a time; a server takes several people at once.
    const concurrency = this.config.database.kind === 'postgres' ? 16 : 1;
    return this.importer.run(req, format, envelope, concurrency);
  }

  @Get('statistics/list-sizes')
  @ApiOperation({
    summary: "List sizes per provider and station on a month's first day (the county's: a small station's count singles people out)",
  })
  @ApiQuery({ name: 'month', example: '2027-01' })
  // An aggregate, but per station and month: a count of one or two names people. Not public.
  @Roles('county')
  listSizes(@Query('month') month: string) {
    return this.queries.listSizes(YearMonth.parse(month));
  }

  @Get('statistics/switches')
  @ApiOperation({ summary: "The pilot's monthly switching report: switches by age band, reason, channel and previous main use" })
  @ApiQuery({ name: 'month', example: '2027-01' })
  // Counts by age band, reason and provider can single out a person in a small area: the county's.
  @Roles('county')
  switches(@Query('month') month: string) {
    return this.queries.switchStatistics(YearMonth.parse(month));
  }

  @Post('operations/due-changes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make due listing changes now (also runs on a timer)' })
  @ApiOkResponse({ schema: { example: { switches: 12, returns: 0 } } })
  @Roles('county', 'system')
  @Idempotent()
  runDue(@RequestEnvelope() envelope: CommandEnvelope) {
    return this.due.runOnce(envelope.now);
  }
}
