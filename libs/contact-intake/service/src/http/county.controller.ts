import { Body, Controller, Get, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CLOCK, DomainError, type Clock } from '@luotsi/kernel';
import type { CommandEnvelope } from '@luotsi/eventstore';
import {
  Access,
  correlationIdOf,
  CurrentActor,
  ErrorBody,
  Idempotent,
  idempotencyOf,
  Public,
  RateLimitedError,
  RateLimiter,
  RequestEnvelope,
  requestContextOf,
  RUNTIME_CONFIG,
  RUNTIME_DEFAULTS,
  type Actor,
  type RuntimeConfig,
} from '@luotsi/runtime';
import {
  addCounters,
  isCode,
  isMunicipalityCode,
  kpiDefinitions,
  kpiFigures,
  LIVE_CHANNELS,
  zeroCounters,
  type Channel,
  type OpeningHours,
  type Question,
  type ScreeningRule,
} from '@luotsi/contact-intake-domain';
import { ContactIntakeCommands, PUBLIC_SENDER } from '../contact-intake.commands';
import { ContactIntakeReadModel } from '../read-model/contact-intake-read-model';
import { AskForHelpDto, FormDto, PolicyDto, QueueDto, RulesDto } from './dtos';

/** The privacy notice the public form states; a sender acknowledges its version with the form. */
export const PRIVACY_NOTICE = {
  version: 1,
  controller: 'The wellbeing services county (client and service guidance)',
  purpose: 'To answer your request for help and guide you to the right service.',
  legalBasis: "The county's statutory duty of guidance and advice (Social Welfare Act 1301/2014, 6 §; Health Care Act 1326/2010, 15 §).",
  whatIsKept:
    'What you write and how to reach you are kept in the guidance service only; they are not published or passed on. Statistics record only that a contact happened, its channel, language, municipality and timings.',
  retention: "Kept as the county's client records of social and health care (Act 703/2023).",
  rights: 'You may ask what is recorded about you, ask for corrections, and learn who has processed your data (Act 703/2023, 11 §).',
  text: {
    fi: 'Lähettämääsi viestiä ja yhteystietojasi käytetään vain pyyntöösi vastaamiseen ja sinun ohjaamiseesi oikeaan palveluun.',
    sv: 'Ditt meddelande och dina kontaktuppgifter används endast för att svara på din begäran och hänvisa dig till rätt tjänst.',
    en: 'What you send and how to reach you are used only to answer your request and guide you to the right service.',
  },
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The KPI query's parameters, checked whole: each once, as text, nothing else. */
function kpiQuery(query: Request['query']): { from: string; to: string; channel: string | null; language: string | null } {
  const allowed = ['from', 'to', 'channel', 'language'];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (!allowed.includes(name))
      throw new DomainError(
        'INVALID_QUERY',
        `this query takes only ${allowed.join(', ')}`,
        { parameter: name.slice(0, 100), allowed },
        'validation',
      );
    if (typeof value !== 'string')
      throw new DomainError('INVALID_QUERY', `${name} is given once, as text`, { parameter: name }, 'validation');
    values[name] = value;
  }
  const from = values['from'];
  const to = values['to'];
  if (!from || !to || !MONTH.test(from) || !MONTH.test(to) || from > to)
    throw new DomainError('INVALID_PERIOD', 'from and to are months (YYYY-MM), from ≤ to', {}, 'validation');
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if ((ty - fy) * 12 + (tm - fm) >= 36) throw new DomainError('INVALID_PERIOD', 'a query covers at most 36 months', {}, 'validation');
  const channel = values['channel'] ?? null;
  if (channel !== null && !['phone', 'chat', 'email', 'web-form', 'walk-in', 'referral'].includes(channel))
    throw new DomainError('INVALID_CHANNEL', 'channel is phone, chat, email, web-form, walk-in or referral', {}, 'validation');
  const language = values['language'] ?? null;
  if (language !== null && !['fi', 'sv', 'en'].includes(language))
    throw new DomainError('INVALID_LANGUAGE', 'language is fi, sv or en', {}, 'validation');
  return { from, to, channel, language };
}

const KPI_EXAMPLE = {
  municipality: '837',
  from: '2027-01',
  to: '2027-12',
  channel: null,
  language: null,
  parameters: { serviceLevelSeconds: 20, serviceLevelTargetPercent: 80, shortAbandonSeconds: 5, repeatWindowDays: 7 },
  definitions: { averageSpeedOfAnswerSeconds: 'ASA: the mean wait of answered phone and chat contacts, …' },
  total: { contacts: 24000, averageSpeedOfAnswerSeconds: 9.2, serviceLevel: 0.87, firstContactResolution: 0.89 },
  months: [{ month: '2027-01', figures: { contacts: 2000 } }],
  byChannel: [{ channel: 'phone', figures: { contacts: 18000 } }],
  byLanguage: [{ language: 'fi', figures: { contacts: 21000 } }],
};

@ApiTags('contact intake')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE' })
@Controller('contact-intake')
export class CountyController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly commands: ContactIntakeCommands,
    private readonly readModel: ContactIntakeReadModel,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limiter = new RateLimiter({ 'ask-for-help': config.rateLimits['ask-for-help'] ?? RUNTIME_DEFAULTS.rateLimits['ask-for-help']! });
  }

  @Put('policy')
  @Access({ roles: ['county'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Set the intake policy: link and repeat windows, short-abandon seconds, service level X/Y, heavy-use thresholds',
  })
  @ApiOkResponse({ schema: { example: { changed: true } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_POLICY' })
  async policy(@Body() body: PolicyDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.configure(
      {
        type: 'SetPolicy',
        policy: { ...body, frequentVisits: { ...body.frequentVisits }, missedAppointments: { ...body.missedAppointments } },
        setBy: actor.label,
      },
      envelope,
    );
    return { changed: outcome.events.length > 0 };
  }

  @Put('queues/:queueId')
  @Access({ roles: ['county'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Define a queue: a municipality group and a language, the guidance organisation that handles it and its opening hours',
  })
  @ApiOkResponse({ schema: { example: { queueId: 'tampere-fi', changed: true } } })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED, INVALID_QUEUE (e.g. a municipality another queue takes in that language), INVALID_OPENING_HOURS',
  })
  async queue(
    @Param('queueId') queueId: string,
    @Body() body: QueueDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
  ) {
    if (!isCode(queueId)) throw new DomainError('INVALID_QUEUE', 'queueId is a code (a-z, 0-9, -)', {}, 'validation');
    const openingHours: OpeningHours = {
      weekly: Object.fromEntries(
        Object.entries(body.openingHours.weekly ?? {})
          .filter(([, h]) => h)
          .map(([d, h]) => [d, { open: h!.open, close: h!.close }]),
      ),
      closedOnHolidays: body.openingHours.closedOnHolidays,
      closedDates: body.openingHours.closedDates as unknown as OpeningHours['closedDates'],
    };
    const outcome = await this.commands.configure(
      {
        type: 'DefineQueue',
        queue: {
          queueId,
          name: body.name,
          municipalities: body.municipalities,
          language: body.language,
          organisation: body.organisation,
          openingHours,
        },
        setBy: actor.label,
      },
      envelope,
    );
    return { queueId, changed: outcome.events.length > 0 };
  }

  @Put('screening/form')
  @Access({ roles: ['county'] })
  @Idempotent()
  @ApiOperation({ summary: 'Publish a new version of the screening form (questions, answer types, which are required)' })
  @ApiOkResponse({ schema: { example: { version: 2, changed: true } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_FORM' })
  async form(@Body() body: FormDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const questions = body.questions.map((q) => ({ ...q, text: { ...q.text } })) as Question[];
    const outcome = await this.commands.configure(
      { type: 'PublishForm', questions: JSON.parse(JSON.stringify(questions)) as Question[], setBy: actor.label },
      envelope,
    );
    return { version: outcome.state.forms[outcome.state.forms.length - 1]?.version ?? null, changed: outcome.events.length > 0 };
  }

  @Put('screening/rules')
  @Access({ roles: ['county'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Publish a new version of the screening rule set for a form version: which answers set an axis or recommend a route, and why',
  })
  @ApiOkResponse({ schema: { example: { version: 3, formVersion: 2, changed: true } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_RULES' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'FORM_NOT_FOUND' })
  async rules(@Body() body: RulesDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const rules = JSON.parse(JSON.stringify(body.rules)) as ScreeningRule[];
    const outcome = await this.commands.configure(
      { type: 'PublishRules', formVersion: body.formVersion, rules, setBy: actor.label },
      envelope,
    );
    return {
      version: outcome.state.ruleSets[outcome.state.ruleSets.length - 1]?.version ?? null,
      formVersion: body.formVersion,
      changed: outcome.events.length > 0,
    };
  }

  @Get('configuration')
  @Access({ roles: ['county', 'guidance', 'plan-worker', 'auditor'] })
  @ApiOperation({ summary: "The county's intake configuration in force: policy, queues, the current screening form and rule set" })
  @ApiOkResponse({
    schema: {
      example: {
        policy: { repeatWindowDays: 7 },
        queues: [{ queueId: 'tampere-fi' }],
        screening: { form: { version: 1 }, ruleSet: { version: 1 } },
      },
    },
  })
  async configuration() {
    const c = await this.commands.configuration();
    const ruleSet = c.ruleSets[c.ruleSets.length - 1] ?? null;
    return {
      policy: await this.commands.policy(),
      queues: [...c.queues.values()].sort((a, b) => (a.queueId < b.queueId ? -1 : 1)),
      screening: {
        form: c.forms[c.forms.length - 1] ?? null,
        ruleSet,
        ruleSetForm: ruleSet ? (c.forms.find((f) => f.version === ruleSet.formVersion) ?? null) : null,
      },
    };
  }

  @Get('municipalities/:municipality/kpis')
  @Access({ roles: ['county', 'guidance', 'auditor', 'municipality'], scope: { ownMunicipality: 'municipality' } })
  @ApiOperation({
    summary:
      "Live KPIs of a municipality's contacts per month (by month of arrival, Europe/Helsinki), with totals by channel and language and each figure's definition: ASA, service level X/Y and its variants, abandonment with and without short abandons, FCR, handling time, transfers, routings, contacts",
  })
  @ApiQuery({ name: 'from', example: '2027-01' })
  @ApiQuery({ name: 'to', example: '2027-12' })
  @ApiQuery({ name: 'channel', required: false, enum: ['phone', 'chat', 'email', 'web-form', 'walk-in', 'referral'] })
  @ApiQuery({ name: 'language', required: false, enum: ['fi', 'sv', 'en'] })
  @ApiOkResponse({ schema: { example: KPI_EXAMPLE } })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'INVALID_PERIOD, INVALID_CHANNEL, INVALID_LANGUAGE, INVALID_QUERY, INVALID_MUNICIPALITY',
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, FORBIDDEN_SCOPE (a municipality for another municipality)' })
  async kpis(@Param('municipality') municipality: string, @Req() req: Request) {
    if (!isMunicipalityCode(municipality))
      throw new DomainError('INVALID_MUNICIPALITY', 'municipality is a three-digit code', {}, 'validation');
    const q = kpiQuery(req.query);
    const policy = await this.commands.policy();
    await this.readModel.caughtUp();
    const rows = await this.readModel.kpiRows(municipality, q.from, q.to, q.channel, q.language);
    const figures = (subset: typeof rows) => {
      const all = subset.reduce((s, r) => addCounters(s, r.counters), zeroCounters());
      const live = subset
        .filter((r) => LIVE_CHANNELS.includes(r.channel as Channel))
        .reduce((s, r) => addCounters(s, r.counters), zeroCounters());
      return kpiFigures(all, live);
    };
    const groups = (key: 'month' | 'channel' | 'language') =>
      [...new Set(rows.map((r) => r[key]))].sort().map((v) => ({ [key]: v, figures: figures(rows.filter((r) => r[key] === v)) }));
    const parameters = {
      serviceLevelSeconds: policy.serviceLevelSeconds,
      serviceLevelTargetPercent: policy.serviceLevelTargetPercent,
      shortAbandonSeconds: policy.shortAbandonSeconds,
      repeatWindowDays: policy.repeatWindowDays,
    };
    return {
      municipality,
      ...q,
      parameters,
      definitions: kpiDefinitions(parameters),
      total: figures(rows),
      months: groups('month'),
      byChannel: groups('channel'),
      byLanguage: groups('language'),
    };
  }

  @Get('ask-for-help/privacy-notice')
  @Public()
  @ApiOperation({ summary: 'The privacy notice of the public "ask for help" form (no sign-in)' })
  @ApiOkResponse({ schema: { example: PRIVACY_NOTICE } })
  privacyNotice() {
    return PRIVACY_NOTICE;
  }

  @Post('ask-for-help')
  @Public()
  @Idempotent()
  @ApiOperation({
    summary:
      'The public "ask for help" form: no sign-in, rate-limited per client address; the message and contact details stay private in the guidance service. Send the privacy notice version you were shown.',
  })
  @ApiCreatedResponse({ schema: { example: { received: true, reference: '6f1c2a9e', privacyNoticeVersion: 1 } } })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'VALIDATION_FAILED, PRIVACY_NOTICE_OUTDATED, IDENTITY_CODE_NOT_ALLOWED (an identity code in the message is refused, not stored)',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_QUEUE' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED (details.retryAfterSeconds; Retry-After)' })
  async askForHelp(@Body() body: AskForHelpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const taken = this.limiter.take('ask-for-help', req.ip ?? 'unknown', this.clock.now().getTime());
    if (!taken.allowed) {
      res.setHeader('Retry-After', String(taken.retryAfterSeconds));
      throw new RateLimitedError(taken.retryAfterSeconds, { kind: 'ask-for-help', limit: taken.limit });
    }
    if (body.privacyNoticeVersion !== PRIVACY_NOTICE.version)
      throw new DomainError(
        'PRIVACY_NOTICE_OUTDATED',
        `the privacy notice in force is version ${PRIVACY_NOTICE.version}; read it again`,
        { version: PRIVACY_NOTICE.version },
        'validation',
      );
    const context = requestContextOf(req);
    const idempotency = idempotencyOf(req);
    const envelope: CommandEnvelope = {
      actor: PUBLIC_SENDER.label,
      now: context?.now ?? this.clock.now(),
      correlationId: correlationIdOf(req),
      ...(idempotency ? { idempotency } : {}),
    };
    const result = await this.commands.register(
      {
        channel: 'web-form',
        contactedBy: body.contactedBy,
        referrer: null,
        language: body.language,
        municipality: body.municipality,
        reason: null,
        identityCode: null,
        privacyNoticeVersion: body.privacyNoticeVersion,
      },
      PUBLIC_SENDER,
      envelope,
    );
    // Queue ownership is checked for workers; the form's message is the contact's first (private) note.
    const text = body.contactBack ? `${body.message}\n\nContact back: ${body.contactBack}` : body.message;
    await this.commands.execute(
      result.contactId,
      { type: 'AddNote', text, at: envelope.now.toISOString(), by: { ...PUBLIC_SENDER, organisation: result.state.organisation } },
      { ...envelope, ...(idempotency ? { idempotency: { ...idempotency, key: `${idempotency.key}#note` } } : {}) },
    );
    return { received: true, reference: result.contactId.slice(0, 8), privacyNoticeVersion: PRIVACY_NOTICE.version };
  }
}
