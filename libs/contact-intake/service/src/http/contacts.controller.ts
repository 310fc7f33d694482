import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '@luotsi/kernel';
import type { CommandEnvelope, EventStore } from '@luotsi/eventstore';
import { Inject } from '@nestjs/common';
import {
  AccessLog,
  CurrentActor,
  ErrorBody,
  EVENT_STORE,
  Idempotent,
  IdentityCodeFields,
  RequestEnvelope,
  Access,
  type AccessRule,
  type Actor,
} from '@luotsi/runtime';
import { contactStream, isContactId, type Answer, type ContactState, type Outcome } from '@luotsi/contact-intake-domain';
import { ContactIntakeCommands, workerOf } from '../contact-intake.commands';
import {
  AvailabilityDto,
  ClosureDto,
  IdentifyDto,
  NewContactDto,
  NoteDto,
  OtherContactDto,
  RejectionDto,
  ScreeningDto,
  TransferDto,
} from './dtos';

/**
 * Guidance workers (and plan workers, the authorities who may also decide) handle contacts; every
 * route touches a person's data, so each access is in the access log with the purpose care-guidance.
 * Whether the worker's organisation holds the contact is the decider's rule (CONTACT_NOT_HELD).
 */
const WORKERS: AccessRule = { roles: ['guidance', 'plan-worker'], purpose: 'care-guidance' };

const CONTACT_EXAMPLE = {
  contactId: '6f1c2a9e-3b7d-4e21-9a5c-0d8e4f7b1a23',
  status: 'answered',
  channel: 'phone',
  language: 'fi',
  municipality: '837',
  queueId: 'tampere-fi',
  organisation: 'pirkanmaa',
  personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
  reason: 'home-care',
  arrivedAt: '2027-03-10T07:00:00.000Z',
  answeredAt: '2027-03-10T07:00:09.000Z',
  assignedTo: 'gunilla',
  screening: null,
  pendingTransfer: null,
  links: [],
  mergedInto: null,
  childWelfareNotified: false,
};

export function viewOf(s: ContactState) {
  return {
    contactId: s.contactId,
    status: s.mergedInto ? 'merged' : s.status,
    channel: s.channel,
    language: s.language,
    municipality: s.municipality,
    queueId: s.queueId,
    organisation: s.organisation,
    personRef: s.personRef,
    reason: s.reason,
    arrivedAt: s.arrivedAt,
    answeredAt: s.answeredAt,
    assignedTo: s.assignedTo,
    screening: s.screening,
    pendingTransfer: s.pendingTransfer,
    links: [...s.links].sort(),
    mergedInto: s.mergedInto,
    childWelfareNotified: s.childWelfareNotified,
  };
}

const contactIdOf = (contactId: string): string => {
  if (!isContactId(contactId)) throw new DomainError('CONTACT_NOT_FOUND', 'no such contact', {}, 'not_found');
  return contactId;
};

const NOT_HELD = 'CONTACT_NOT_HELD (held by another guidance organisation; after an accepted transfer the sender no longer has access)';

@ApiTags('contact intake')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, BEFORE_ARRIVAL and the other field codes' })
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: `FORBIDDEN_ROLE, ${NOT_HELD}` })
@ApiNotFoundResponse({ type: ErrorBody, description: 'CONTACT_NOT_FOUND' })
@Controller('contact-intake')
export class ContactsController {
  constructor(
    private readonly commands: ContactIntakeCommands,
    private readonly accessLog: AccessLog,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('contacts')
  @Access(WORKERS)
  @Idempotent()
  @IdentityCodeFields('identityCode')
  @ApiOperation({
    summary:
      'Record a contact arriving by phone, chat, e-mail, walk-in or referral (anonymous, or identified by identity code: resolved to a personRef, never stored); it joins the queue of its municipality and language',
  })
  @ApiCreatedResponse({
    schema: { example: { contactId: CONTACT_EXAMPLE.contactId, queueId: 'tampere-fi', personRef: null, heavyUseFlags: [] } },
  })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED, INVALID_HETU, REFERRER_REQUIRED, REFERRER_MISMATCH, INVALID_REASON, INVALID_MUNICIPALITY',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PERSON_NOT_FOUND (the identity code is not in the registry)' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_QUEUE (no queue takes the municipality in the language)' })
  async register(
    @Body() body: NewContactDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const result = await this.commands.register(
      {
        channel: body.channel,
        contactedBy: body.contactedBy,
        referrer: body.referrer ?? null,
        language: body.language,
        municipality: body.municipality,
        reason: body.reason ?? null,
        identityCode: body.identityCode ?? null,
        privacyNoticeVersion: null,
      },
      workerOf(actor),
      envelope,
    );
    if (result.state.personRef) await this.accessLog.recordSubject(req, result.state.personRef);
    return {
      contactId: result.contactId,
      queueId: result.queueId,
      personRef: result.state.personRef,
      links: [...result.state.links].sort(),
      heavyUseFlags: result.events.filter((e) => e.type === 'HeavyUserFlagged').map((e) => flagOf(e.data as Record<string, unknown>)),
    };
  }

  /**
   * The guard logged the request without a person (the path names a contact, not a person): a step
   * on an identified contact names its person too, so the resident's "who processed my data" and
   * the auditor's search by person find every worker's step on it, not only the reads.
   */
  private async processed(req: Request, ...personRefs: Array<string | null>): Promise<void> {
    for (const ref of new Set(personRefs)) if (ref !== null) await this.accessLog.recordSubject(req, ref);
  }

  /** The heavy-use flags a contact shows, with their figures. */
  private async flagsOf(contactId: string) {
    const events = await this.store.readStream(contactStream(contactId));
    return events.filter((e) => e.type === 'HeavyUserFlagged').map((e) => flagOf(e.data as Record<string, unknown>));
  }

  @Get('contacts/:contactId')
  @Access(WORKERS)
  @ApiOperation({
    summary:
      "A contact as its holder sees it: status, timings, person, screening with the reasons that fired, links, flags and the private notes (the transfer's receiver sees it too while it decides)",
  })
  @ApiOkResponse({
    schema: {
      example: {
        ...CONTACT_EXAMPLE,
        heavyUseFlags: [],
        notes: [{ text: 'Soitettu takaisin.', by: 'guidance:gunilla', at: '2027-03-10T07:03:00.000Z' }],
        history: [{ type: 'ContactReceived', at: '2027-03-10T07:00:00.000Z' }],
      },
    },
  })
  async view(@Param('contactId') contactId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    const { state } = await this.commands.contact(contactIdOf(contactId));
    const mine = actor.organisation === state.organisation || actor.organisation === state.pendingTransfer?.toOrganisation;
    if (!mine)
      throw new DomainError(
        'CONTACT_NOT_HELD',
        'this contact is held by another guidance organisation',
        { holder: state.organisation },
        'forbidden',
      );
    await this.accessLog.recordSubject(req, state.personRef);
    const events = await this.store.readStream(contactStream(contactId));
    return {
      ...viewOf(state),
      heavyUseFlags: await this.flagsOf(contactId),
      notes: events
        .filter((e) => e.type === 'NoteAdded')
        .map((e) => {
          const d = e.data as { text: string; by: string; at: string };
          return { text: d.text, by: d.by, at: d.at };
        }),
      history: events.map((e) => ({ type: e.type, at: e.recordedAt })),
    };
  }

  @Get('contacts/:contactId/audit-trail')
  @Access({ roles: ['auditor'], purpose: 'audit' })
  @ApiOperation({
    summary:
      "A contact's processing for an auditor (a county's security officer): every step in order, when, by whom and under which correlation, and who holds it now. The contents of notes and screening answers are withheld: the trail shows that and by whom they were written, the holder reads them. The auditor's read is itself in the access log.",
  })
  @ApiOkResponse({
    schema: {
      example: {
        contactId: CONTACT_EXAMPLE.contactId,
        status: 'closed',
        organisation: 'pirkanmaa',
        municipality: '837',
        personRef: CONTACT_EXAMPLE.personRef,
        steps: [
          { revision: 0, type: 'ContactReceived', at: '2027-03-10T07:00:00.000Z', by: 'guidance:gunilla', correlationId: 'req-1' },
          { revision: 1, type: 'NoteAdded', at: '2027-03-10T07:03:00.000Z', by: 'guidance:gunilla', correlationId: 'req-2' },
        ],
      },
    },
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE (auditors only)' })
  async auditTrail(@Param('contactId') contactId: string, @Req() req: Request) {
    const { state } = await this.commands.contact(contactIdOf(contactId));
    await this.accessLog.recordSubject(req, state.personRef);
    const events = await this.store.readStream(contactStream(contactId));
    return {
      contactId: state.contactId,
      status: state.mergedInto ? 'merged' : state.status,
      organisation: state.organisation,
      municipality: state.municipality,
      personRef: state.personRef,
      steps: events.map((e) => ({
        revision: e.revision,
        type: e.type,
        at: e.recordedAt,
        by: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
        correlationId: typeof e.metadata.correlationId === 'string' ? e.metadata.correlationId : null,
      })),
    };
  }

  @Post('contacts/:contactId/identification')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @IdentityCodeFields('identityCode')
  @ApiOperation({
    summary:
      "Identify an anonymous contact later: the code is resolved to a personRef; the person's contacts within the link window are linked and pending heavy-use flags shown",
  })
  @ApiOkResponse({
    schema: {
      example: {
        ...CONTACT_EXAMPLE,
        heavyUseFlags: [
          { trigger: 'frequent-visits', count: 11, windowFrom: '2026-03-11', windowTo: '2027-03-09', flaggedOn: '2027-03-10' },
        ],
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_HETU' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'CONTACT_NOT_FOUND, PERSON_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_IDENTIFIED, CONTACT_MERGED' })
  async identify(
    @Param('contactId') contactId: string,
    @Body() body: IdentifyDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.identify(contactIdOf(contactId), body.identityCode, workerOf(actor), envelope);
    await this.accessLog.recordSubject(req, outcome.state.personRef);
    return { ...viewOf(outcome.state), heavyUseFlags: await this.flagsOf(contactId) };
  }

  @Post('contacts/:contactId/assignment')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign a waiting contact to the least-busy available worker of its organisation who serves in its language' })
  @ApiOkResponse({ schema: { example: { contactId: CONTACT_EXAMPLE.contactId, workerId: 'gunilla' } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_WAITING, CONTACT_CLOSED, CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_WORKER_AVAILABLE' })
  assign(@Param('contactId') contactId: string, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.assignLeastBusy(contactIdOf(contactId), workerOf(actor), envelope);
  }

  @Post('contacts/:contactId/answer')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary: "Answer (take up) the contact now: its wait on the clock and inside the queue's opening hours, against the service level",
  })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, waitSeconds: 9, countedWaitSeconds: 9, withinServiceLevel: true } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_ANSWERED, ASSIGNED_TO_ANOTHER, CONTACT_CLOSED, CONTACT_MERGED' })
  async answer(
    @Param('contactId') contactId: string,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.answer(contactIdOf(contactId), workerOf(actor), envelope);
    await this.processed(req, outcome.state.personRef);
    const answered = outcome.events.find((e) => e.type === 'ContactAnswered')?.data as Record<string, unknown> | undefined;
    return {
      ...viewOf(outcome.state),
      waitSeconds: answered?.['waitSeconds'] ?? null,
      countedWaitSeconds: answered?.['countedWaitSeconds'] ?? null,
      withinServiceLevel: answered?.['withinServiceLevel'] ?? null,
    };
  }

  @Post('contacts/:contactId/abandonment')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the caller left the queue (phone, chat) before an answer' })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, status: 'abandoned' } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_ANSWERED, CONTACT_CLOSED, CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NOT_LIVE (only phone and chat contacts are abandoned)' })
  async abandon(
    @Param('contactId') contactId: string,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.abandon(contactIdOf(contactId), workerOf(actor), envelope);
    await this.processed(req, outcome.state.personRef);
    return viewOf(outcome.state);
  }

  @Post('contacts/:contactId/screening')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Screen with the county's current form and rule set: the segment on the two axes and a recommended route, with the reasons that fired",
  })
  @ApiOkResponse({
    schema: {
      example: {
        formVersion: 1,
        ruleSetVersion: 1,
        coping: 'hard',
        risk: 'high',
        segment: 'cared-for',
        recommendedRoute: 'service-need-assessment',
        reasons: [
          { ruleId: 'no-daily-coping', effect: 'coping', reason: 'does not manage daily chores' },
          { ruleId: 'high-worry', effect: 'risk', reason: 'worry 7 or more' },
          { ruleId: 'segment-default', effect: 'route', reason: 'the default route of the cared-for segment' },
        ],
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_ANSWERS (details.problems per question)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_ANSWERED, CONTACT_CLOSED, CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'NO_SCREENING_RULES' })
  async screen(
    @Param('contactId') contactId: string,
    @Body() body: ScreeningDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.screen(contactIdOf(contactId), body.answers as Record<string, Answer>, workerOf(actor), envelope);
    await this.processed(req, outcome.state.personRef);
    return outcome.state.screening;
  }

  @Post('contacts/:contactId/notes')
  @Access(WORKERS)
  @Idempotent()
  @ApiOperation({ summary: 'Add a private note (kept in the service, never in a public event)' })
  @ApiCreatedResponse({ schema: { example: { contactId: CONTACT_EXAMPLE.contactId, notes: 1 } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_NOTE' })
  @ApiConflictResponse({ type: ErrorBody, description: 'CONTACT_MERGED' })
  async note(
    @Param('contactId') contactId: string,
    @Body() body: NoteDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    await this.commands.contact(contactIdOf(contactId));
    const outcome = await this.commands.execute(
      contactId,
      { type: 'AddNote', text: body.text, at: envelope.now.toISOString(), by: workerOf(actor) },
      envelope,
    );
    await this.processed(req, outcome.state.personRef);
    const events = await this.store.readStream(contactStream(contactId));
    return { contactId, notes: events.filter((e) => e.type === 'NoteAdded').length };
  }

  @Post('contacts/:contactId/closure')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Close the contact: resolved with an advice category; routed to a service-need assessment, a named professional or a named service of the catalogue (with its channel; asks client plans for a plan); or decided by an authority (never by a guide)',
  })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, status: 'closed', planRequested: true } } })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'VALIDATION_FAILED, INVALID_ADVICE_CATEGORY, INVALID_ROUTE, DESTINATION_REQUIRED, INVALID_DESTINATION, INVALID_DECISION, INVALID_OUTCOME',
  })
  @ApiForbiddenResponse({
    type: ErrorBody,
    description: `FORBIDDEN_ROLE, ${NOT_HELD}, GUIDE_NOT_AN_AUTHORITY (a guide routes, never decides)`,
  })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_ANSWERED, TRANSFER_PENDING, CONTACT_CLOSED, CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description:
      "IDENTIFICATION_REQUIRED (a routing asks for a plan, which needs the person), SERVICE_NOT_IN_CATALOGUE (a named service the catalogue does not offer on the day: unknown or withdrawn), CHANNEL_NOT_OF_SERVICE (the channel is not one of the service's)",
  })
  async close(
    @Param('contactId') contactId: string,
    @Body() body: ClosureDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.close(contactIdOf(contactId), outcomeOf(body), workerOf(actor), envelope);
    await this.processed(req, outcome.state.personRef);
    return { ...viewOf(outcome.state), planRequested: outcome.events.some((e) => e.type === 'PlanRequested') };
  }

  @Post('contacts/:contactId/transfer')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Ask another municipality's guidance to take the contact (its history travels along)" })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, pendingTransfer: { toOrganisation: 'raisio', toMunicipality: '680' } } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'TRANSFER_PENDING, CONTACT_CLOSED, CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'TRANSFER_TO_SELF' })
  async transfer(
    @Param('contactId') contactId: string,
    @Body() body: TransferDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.transfer(
      contactIdOf(contactId),
      body.toOrganisation,
      body.toMunicipality,
      workerOf(actor),
      envelope,
    );
    await this.processed(req, outcome.state.personRef);
    return viewOf(outcome.state);
  }

  @Post('contacts/:contactId/transfer/acceptance')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'The receiver accepts the transfer: it holds the contact, the sender loses access' })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, organisation: 'raisio' } } })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, NOT_TRANSFER_RECEIVER' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NO_TRANSFER_PENDING' })
  async accept(
    @Param('contactId') contactId: string,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.answerTransfer(contactIdOf(contactId), { accept: true }, workerOf(actor), envelope);
    await this.processed(req, outcome.state.personRef);
    return viewOf(outcome.state);
  }

  @Post('contacts/:contactId/transfer/rejection')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'The receiver rejects the transfer with a reason code: the sender keeps the contact' })
  @ApiOkResponse({ schema: { example: CONTACT_EXAMPLE } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_REJECTION_REASON' })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, NOT_TRANSFER_RECEIVER' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NO_TRANSFER_PENDING' })
  async reject(
    @Param('contactId') contactId: string,
    @Body() body: RejectionDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const outcome = await this.commands.answerTransfer(
      contactIdOf(contactId),
      { accept: false, reason: body.reason },
      workerOf(actor),
      envelope,
    );
    await this.processed(req, outcome.state.personRef);
    return viewOf(outcome.state);
  }

  @Post('contacts/:contactId/child-welfare-notification')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that a child-welfare notification was filed from this contact (a guide files it too, where the law requires)',
  })
  @ApiOkResponse({ schema: { example: { ...CONTACT_EXAMPLE, childWelfareNotified: true } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'CONTACT_MERGED' })
  async childWelfare(
    @Param('contactId') contactId: string,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    await this.commands.contact(contactIdOf(contactId));
    const outcome = await this.commands.execute(
      contactId,
      { type: 'RecordChildWelfareNotification', at: envelope.now.toISOString(), by: workerOf(actor) },
      envelope,
    );
    await this.processed(req, outcome.state.personRef);
    return viewOf(outcome.state);
  }

  @Post('contacts/:contactId/merge')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a duplicate contact (otherContactId) into this one; both record it' })
  @ApiOkResponse({ schema: { example: { contactId: CONTACT_EXAMPLE.contactId, merged: '7a2d3b0f-4c8e-4f32-8b6d-1e9f5a8c2b34' } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, MERGE_WITH_ITSELF' })
  @ApiConflictResponse({ type: ErrorBody, description: 'CONTACT_MERGED' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'PERSONS_DIFFER' })
  async merge(
    @Param('contactId') contactId: string,
    @Body() body: OtherContactDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    if (body.otherContactId === contactId)
      throw new DomainError('MERGE_WITH_ITSELF', 'a contact is not merged with itself', {}, 'validation');
    const { persons, ...merged } = await this.commands.merge(contactIdOf(contactId), body.otherContactId, workerOf(actor), envelope);
    await this.processed(req, ...persons);
    return merged;
  }

  @Post('contacts/:contactId/unlink')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlink two linked contacts; both record it' })
  @ApiOkResponse({ schema: { example: { contactId: CONTACT_EXAMPLE.contactId, unlinked: '7a2d3b0f-4c8e-4f32-8b6d-1e9f5a8c2b34' } } })
  @ApiConflictResponse({ type: ErrorBody, description: 'NOT_LINKED' })
  async unlink(
    @Param('contactId') contactId: string,
    @Body() body: OtherContactDto,
    @CurrentActor() actor: Actor,
    @RequestEnvelope() envelope: CommandEnvelope,
    @Req() req: Request,
  ) {
    const { persons, ...unlinked } = await this.commands.unlink(contactIdOf(contactId), body.otherContactId, workerOf(actor), envelope);
    await this.processed(req, ...persons);
    return unlinked;
  }

  @Post('queues/:queueId/next')
  @Access(WORKERS)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Take the queue's oldest waiting contact" })
  @ApiOkResponse({
    schema: {
      example: {
        contactId: CONTACT_EXAMPLE.contactId,
        queueId: 'tampere-fi',
        arrivedAt: '2027-03-10T07:00:00.000Z',
        channel: 'phone',
        language: 'fi',
      },
    },
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, QUEUE_NOT_HELD' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'QUEUE_NOT_FOUND, QUEUE_EMPTY' })
  takeNext(@Param('queueId') queueId: string, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    return this.commands.takeNext(queueId, workerOf(actor), envelope);
  }

  @Get('queues/:queueId/contacts')
  @Access(WORKERS)
  @ApiOperation({
    summary:
      "The queue's waiting contacts, oldest first, with how long each has waited on the clock (the console's queue; a worker takes the next or a listed one)",
  })
  @ApiOkResponse({
    schema: {
      example: {
        queueId: 'tampere-fi',
        asOf: '2027-03-10T07:01:00.000Z',
        contacts: [
          {
            contactId: CONTACT_EXAMPLE.contactId,
            arrivedAt: '2027-03-10T07:00:00.000Z',
            channel: 'phone',
            language: 'fi',
            waitSeconds: 60,
          },
        ],
      },
    },
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, QUEUE_NOT_HELD' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'QUEUE_NOT_FOUND' })
  async queue(@Param('queueId') queueId: string, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const waiting = await this.commands.waiting(queueId, workerOf(actor), 100);
    const now = envelope.now.getTime();
    return {
      queueId,
      asOf: envelope.now.toISOString(),
      // No person in the list (no personRef, no reason): the worker opens a contact by taking it.
      contacts: waiting.map((c) => ({ ...c, waitSeconds: Math.max(0, Math.floor((now - Date.parse(c.arrivedAt)) / 1000)) })),
    };
  }

  @Put('workers/me/availability')
  @Access({ roles: ['guidance', 'plan-worker'] })
  @Idempotent()
  @ApiOperation({ summary: 'Say whether I take assigned contacts, and in which languages' })
  @ApiOkResponse({ schema: { example: { workerId: 'gunilla', organisation: 'pirkanmaa', languages: ['fi', 'sv'], available: true } } })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE, ORGANISATION_REQUIRED' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED, INVALID_LANGUAGES' })
  async availability(@Body() body: AvailabilityDto, @CurrentActor() actor: Actor, @RequestEnvelope() envelope: CommandEnvelope) {
    const outcome = await this.commands.setAvailability(actor, body.languages, body.available, envelope);
    return outcome.state.current;
  }
}

/** A flag as the worker sees it: the trigger and its figures. */
const flagOf = (d: Record<string, unknown>) => ({
  trigger: d['trigger'],
  count: d['count'],
  windowFrom: d['windowFrom'],
  windowTo: d['windowTo'],
  flaggedOn: d['flaggedOn'],
});

function outcomeOf(body: ClosureDto): Outcome {
  const extra = (allowed: string[]) => {
    const given = (['adviceCategory', 'route', 'destination', 'channelId', 'decision'] as const).filter(
      (k) => body[k] !== undefined && !allowed.includes(k),
    );
    if (given.length > 0)
      throw new DomainError('INVALID_OUTCOME', `${body.outcome} takes no ${given.join(', ')}`, { fields: given }, 'validation');
  };
  switch (body.outcome) {
    case 'resolved':
      extra(['adviceCategory']);
      if (!body.adviceCategory)
        throw new DomainError('INVALID_ADVICE_CATEGORY', 'a resolved contact names the advice category given', {}, 'validation');
      return { kind: 'resolved', adviceCategory: body.adviceCategory };
    case 'routed':
      extra(['route', 'destination', 'channelId']);
      if (!body.route) throw new DomainError('INVALID_ROUTE', 'a routed contact names its route', {}, 'validation');
      return { kind: 'routed', route: body.route, destination: body.destination ?? null, channelId: body.channelId ?? null };
    default:
      extra(['decision']);
      if (!body.decision) throw new DomainError('INVALID_DECISION', 'a decided contact names the decision', {}, 'validation');
      return { kind: 'decided', decision: body.decision };
  }
}
