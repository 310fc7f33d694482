import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@luotsi/kernel';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CommandEnvelope } from '@luotsi/eventstore';
import { Access, AccessLog, CurrentActor, ErrorBody, Idempotent, RequestEnvelope, type Actor } from '@luotsi/runtime';
import { rhoText } from '@luotsi/client-plans-domain';
import { PlanConfiguration } from '../plan-configuration';
import { QuarterlyReports, reportCsv } from '../report/quarterly-report';
import { PlanConfigurationDto } from './dtos';

function only(query: Request['query'], allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
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
    out[name] = value;
  }
  return out;
}

/**
 * The county's side of plans: its configuration (which role and purpose read which class, the
 * sections' classes, GAS ρ, the named guide for intensive guidance), the requests for plans, and
 * the quarterly report per municipality (aggregates only).
 */
@ApiTags('client plans')
@ApiBearerAuth()
@ApiBadRequestResponse({
  type: ErrorBody,
  description:
    'VALIDATION_FAILED, INVALID_PLAN_CONFIGURATION, INVALID_RHO, INVALID_QUERY, INVALID_QUARTER, INVALID_MUNICIPALITY, INVALID_FORMAT',
})
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE (a municipality for another municipality)' })
@Controller()
export class PlanAdminController {
  constructor(
    private readonly configuration: PlanConfiguration,
    private readonly reports: QuarterlyReports,
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: AccessLog,
  ) {}

  @Put('plan-configuration')
  @Access({ roles: ['county'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Configure plans: section classes, role × purpose → classes, GAS ρ, the guide for intensive guidance (kept as events)',
  })
  async configure(@Body() body: PlanConfigurationDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const result = await this.configuration.configure(
      {
        type: 'ConfigurePlans',
        sectionClasses: body.sectionClasses,
        rules: body.rules.map((r) => ({ role: r.role, purpose: r.purpose, classes: r.classes })),
        rho: body.rho ?? '0.3',
        intensiveGuide: body.intensiveGuide ? { subject: body.intensiveGuide.subject, name: body.intensiveGuide.name } : null,
        configuredBy: actor.label,
      },
      envelope,
    );
    return { changed: result.events.length > 0 };
  }

  @Get('plan-configuration')
  @Access({ roles: ['county', 'plan-worker', 'guidance', 'auditor'] })
  @ApiOperation({ summary: "The county's plan configuration (EXAMPLE defaults until configured)" })
  async config() {
    const c = await this.configuration.current();
    return { ...c, rho: rhoText(c.rho) };
  }

  @Get('plan-requests')
  @Access({ roles: ['plan-worker', 'guidance'], purpose: 'client-planning' })
  @ApiOperation({
    summary:
      'Requests for plans from contact intake (routed contacts, heavy-user suggestions), newest first, with the existing plan if any',
  })
  @ApiQuery({ name: 'municipality', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async requests(@Req() req: Request) {
    const q = only(req.query, ['municipality', 'limit']);
    if (q['municipality'] !== undefined && !/^\d{3}$/.test(q['municipality']))
      throw new DomainError('INVALID_QUERY', 'municipality is a three-digit code', { parameter: 'municipality' }, 'validation');
    const limit = q['limit'] === undefined ? 100 : Number(q['limit']);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new DomainError('INVALID_QUERY', 'limit is a whole number from 1 to 500', { parameter: 'limit' }, 'validation');
    const rows = (await this.db.query(
      `SELECT r.person_ref, r.kind, r.municipality, r.contact_id, r.route, r.destination, r.segment, r.on_date::text AS on_date,
              r.trigger, r.count, r.window_from::text AS window_from, r.window_to::text AS window_to, r.guide_subject, r.guide_name,
              p.plan_id, p.status AS plan_status
         FROM cp_requests r LEFT JOIN cp_plans p ON p.person_ref = r.person_ref
        WHERE ($1::text IS NULL OR r.municipality = $1)
        ORDER BY r.on_date DESC, r.stream_id, r.revision DESC LIMIT $2`,
      [q['municipality'] ?? null, limit],
    )) as Array<Record<string, unknown>>;
    // Each person listed is a person whose data was read: one entry each, in their access log.
    const listed = [...new Set(rows.map((r) => String(r['person_ref'])))];
    if (listed.length === 0) await this.log.recordOutcome(req, { personRef: null, outcome: 'allowed', code: 'NONE_LISTED' });
    for (const personRef of listed) await this.log.recordOutcome(req, { personRef, outcome: 'allowed', code: 'PLAN_REQUEST_LISTED' });
    return {
      requests: rows.map((r) => ({
        personRef: r['person_ref'],
        kind: r['kind'],
        municipality: r['municipality'],
        on: r['on_date'],
        ...(r['kind'] === 'plan-requested'
          ? { contactId: r['contact_id'], route: r['route'], destination: r['destination'], segment: r['segment'] }
          : {
              trigger: r['trigger'],
              count: r['count'],
              windowFrom: r['window_from'],
              windowTo: r['window_to'],
              suggestedGuide: r['guide_subject'] ? { subject: r['guide_subject'], name: r['guide_name'] } : null,
            }),
        // A request for a person with a plan adds to it; without one it asks for one.
        plan: r['plan_id'] ? { planId: r['plan_id'], status: r['plan_status'] } : null,
      })),
    };
  }

  @Get('municipalities/:municipality/plan-reports/:quarter')
  @Access({ roles: ['county', 'municipality'], scope: { ownMunicipality: 'municipality' } })
  @ApiOperation({ summary: 'The quarterly report of plans for a municipality: aggregates only, counts below 5 shown as "<5"' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  async report(
    @Param('municipality') municipality: string,
    @Param('quarter') quarter: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const q = only(req.query, ['format']);
    const format = q['format'] ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new DomainError('INVALID_FORMAT', 'format is json or csv', { allowed: ['json', 'csv'] }, 'validation');
    const report = await this.reports.report(municipality, quarter, (await this.configuration.current()).rho);
    if (format === 'json') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="plans-${municipality}-${quarter}.csv"`);
    return reportCsv(report);
  }
}
