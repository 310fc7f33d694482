import type { ContextContract, IntegrationEventDefinition } from '@luotsi/contracts';
import type { ContactEvent } from '@luotsi/contact-intake-domain';

// JSON-schema building blocks (the draft 2020-12 subset AsyncAPI accepts).
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
const instant = { type: 'string', description: 'ISO 8601 instant' } as const;
const personRef = {
  type: 'string',
  pattern: '^per_[a-z0-9-]{26,36}$',
  description: 'Opaque person reference; never a personal identity code',
} as const;
const uuid = { type: 'string', pattern: '^[0-9a-f-]{36}$' } as const;
const code = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,59}$' } as const;
const municipality = { type: 'string', pattern: '^\\d{3}$', description: 'Municipality code' } as const;
const seconds = { type: 'integer', minimum: 0 } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
/** `optional`: fields added after v1 was first published (older events lack them). */
const object = (properties: Record<string, unknown>, optional: readonly string[] = []): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});
const channelId = nullable({
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
  description: "The catalogue's channel of a named service",
});
const channel = { enum: ['phone', 'chat', 'email', 'web-form', 'walk-in', 'referral'] };
const route = { enum: ['service-need-assessment', 'named-professional', 'named-service'] };
const segment = { enum: ['self-reliant', 'supported', 'cared-for', 'collaborative'] };

type DataOf<T extends ContactEvent['type']> = Extract<ContactEvent, { type: T }>['data'];

/**
 * The public form of each published contact event, field by field. Notes, screening answers, the
 * web form's message and contact details, and anything a worker typed stay inside the service; no
 * identity code is ever in a contact (it is resolved to a personRef at the edge). Events not named
 * here (notes, assignments) are private.
 */
export const CONTACT_INTAKE_PUBLIC_MAPPING = {
  ContactReceived: (d: DataOf<'ContactReceived'>) => ({
    contactId: d.contactId,
    channel: d.channel,
    contactedBy: d.contactedBy,
    referrer: d.referrer,
    language: d.language,
    municipality: d.municipality,
    queueId: d.queueId,
    organisation: d.organisation,
    reason: d.reason,
    arrivedAt: d.arrivedAt,
  }),
  ContactIdentified: (d: DataOf<'ContactIdentified'>) => ({ contactId: d.contactId, personRef: d.personRef, repeatOf: d.repeatOf }),
  ContactLinked: (d: DataOf<'ContactLinked'>) => ({ contactId: d.contactId, otherContactId: d.otherContactId, how: d.how }),
  ContactUnlinked: (d: DataOf<'ContactUnlinked'>) => ({ contactId: d.contactId, otherContactId: d.otherContactId }),
  ContactMerged: (d: DataOf<'ContactMerged'>) => ({ contactId: d.contactId, into: d.into }),
  HeavyUserFlagged: (d: DataOf<'HeavyUserFlagged'>) => ({
    personRef: d.personRef,
    trigger: d.trigger,
    count: d.count,
    windowFrom: d.windowFrom,
    windowTo: d.windowTo,
    flaggedOn: d.flaggedOn,
  }),
  ContactAnswered: (d: DataOf<'ContactAnswered'>) => ({
    contactId: d.contactId,
    answeredAt: d.answeredAt,
    waitSeconds: d.waitSeconds,
    countedWaitSeconds: d.countedWaitSeconds,
    serviceLevelSeconds: d.serviceLevelSeconds,
    withinServiceLevel: d.withinServiceLevel,
  }),
  ContactAbandoned: (d: DataOf<'ContactAbandoned'>) => ({
    contactId: d.contactId,
    abandonedAt: d.abandonedAt,
    waitSeconds: d.waitSeconds,
    countedWaitSeconds: d.countedWaitSeconds,
    short: d.short,
    serviceLevelSeconds: d.serviceLevelSeconds,
    withinServiceLevel: d.withinServiceLevel,
  }),
  ScreeningRecorded: (d: DataOf<'ScreeningRecorded'>) => ({
    contactId: d.contactId,
    formVersion: d.result.formVersion,
    ruleSetVersion: d.result.ruleSetVersion,
    coping: d.result.coping,
    risk: d.result.risk,
    segment: d.result.segment,
    recommendedRoute: d.result.recommendedRoute,
    firedRules: d.result.reasons.map((r) => r.ruleId),
  }),
  ContactClosed: (d: DataOf<'ContactClosed'>) => ({
    contactId: d.contactId,
    outcome: d.outcome.kind,
    adviceCategory: d.outcome.kind === 'resolved' ? d.outcome.adviceCategory : null,
    route: d.outcome.kind === 'routed' ? d.outcome.route : null,
    destination: d.outcome.kind === 'routed' ? d.outcome.destination : null,
    channelId: d.outcome.kind === 'routed' ? (d.outcome.channelId ?? null) : null,
    decision: d.outcome.kind === 'decided' ? d.outcome.decision : null,
    closedAt: d.closedAt,
    handlingSeconds: d.handlingSeconds,
    segment: d.segment,
  }),
  PlanRequested: (d: DataOf<'PlanRequested'>) => ({
    contactId: d.contactId,
    personRef: d.personRef,
    municipality: d.municipality,
    route: d.route,
    destination: d.destination,
    channelId: d.channelId ?? null,
    segment: d.segment,
    requestedOn: d.requestedOn,
  }),
  TransferRequested: (d: DataOf<'TransferRequested'>) => ({
    contactId: d.contactId,
    fromOrganisation: d.fromOrganisation,
    toOrganisation: d.toOrganisation,
    toMunicipality: d.toMunicipality,
    requestedAt: d.requestedAt,
  }),
  TransferAccepted: (d: DataOf<'TransferAccepted'>) => ({
    contactId: d.contactId,
    fromOrganisation: d.fromOrganisation,
    toOrganisation: d.toOrganisation,
    acceptedAt: d.acceptedAt,
  }),
  TransferRejected: (d: DataOf<'TransferRejected'>) => ({
    contactId: d.contactId,
    fromOrganisation: d.fromOrganisation,
    toOrganisation: d.toOrganisation,
    reason: d.reason,
    rejectedAt: d.rejectedAt,
  }),
  ChildWelfareNotificationRecorded: (d: DataOf<'ChildWelfareNotificationRecorded'>) => ({
    contactId: d.contactId,
    notifiedOn: d.notifiedOn,
  }),
} satisfies { [T in Exclude<ContactEvent['type'], 'NoteAdded' | 'ContactAssigned'>]: (d: DataOf<T>) => Record<string, unknown> };

type Published = keyof typeof CONTACT_INTAKE_PUBLIC_MAPPING;

const event = <T extends Published>(
  domainType: T,
  def: Omit<IntegrationEventDefinition, 'domainType' | 'toPublic'>,
): IntegrationEventDefinition => ({
  domainType,
  ...def,
  toPublic: (data) => (CONTACT_INTAKE_PUBLIC_MAPPING[domainType] as (d: DataOf<T>) => Record<string, unknown>)(data as DataOf<T>),
});

const C = '6f1c2a9e-3b7d-4e21-9a5c-0d8e4f7b1a23';
const C2 = '7a2d3b0f-4c8e-4f32-8b6d-1e9f5a8c2b34';
const REF = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';

/**
 * Contact intake publishes on `luotsi.contact-intake.v1`, keyed by the contact's stream id: that a
 * contact happened, its channel, language, municipality, segment, outcome and timings — never notes
 * and never an identity code.
 */
export const contactIntakeContract: ContextContract = {
  context: 'contact-intake',
  categories: ['contact'],
  partitions: 6,
  retentionMs: -1,
  events: [
    event('ContactReceived', {
      name: 'contact-received',
      version: 1,
      summary: 'A contact arrived by a channel and joined its queue.',
      schema: object({
        contactId: uuid,
        channel,
        contactedBy: { enum: ['person', 'relative', 'authority'] },
        referrer: nullable({ enum: ['kela', 'police', 'hospital-district', 'municipality-guidance', 'other-authority'] }),
        language: { enum: ['fi', 'sv', 'en'] },
        municipality,
        queueId: code,
        organisation: code,
        reason: nullable(code),
        arrivedAt: instant,
      }),
      example: {
        contactId: C,
        channel: 'phone',
        contactedBy: 'relative',
        referrer: null,
        language: 'fi',
        municipality: '837',
        queueId: 'tampere-fi',
        organisation: 'pirkanmaa',
        reason: 'home-care',
        arrivedAt: '2027-03-10T07:00:00.000Z',
      },
    }),
    event('ContactIdentified', {
      name: 'contact-identified',
      version: 1,
      summary:
        "The contact's person became known (as a personRef); repeatOf names the earlier contact for the same reason within the repeat window.",
      schema: object({ contactId: uuid, personRef, repeatOf: nullable(uuid) }),
      example: { contactId: C, personRef: REF, repeatOf: null },
    }),
    event('ContactLinked', {
      name: 'contact-linked',
      version: 1,
      summary: "Two contacts of one person were linked (within the link window, or by a worker's merge).",
      schema: object({ contactId: uuid, otherContactId: uuid, how: { enum: ['same-person-within-window', 'merged'] } }),
      example: { contactId: C, otherContactId: C2, how: 'same-person-within-window' },
    }),
    event('ContactUnlinked', {
      name: 'contact-unlinked',
      version: 1,
      summary: 'A worker unlinked two contacts.',
      schema: object({ contactId: uuid, otherContactId: uuid }),
      example: { contactId: C, otherContactId: C2 },
    }),
    event('ContactMerged', {
      name: 'contact-merged',
      version: 1,
      summary: 'A worker merged a duplicate contact into another.',
      schema: object({ contactId: uuid, into: uuid }),
      example: { contactId: C2, into: C },
    }),
    event('HeavyUserFlagged', {
      name: 'heavy-user-flagged',
      version: 1,
      summary: "A person's heavy-use trigger was shown on their contact, with its figures.",
      schema: object({
        personRef,
        trigger: { enum: ['frequent-visits', 'missed-appointments'] },
        count: { type: 'integer', minimum: 1 },
        windowFrom: date,
        windowTo: date,
        flaggedOn: date,
      }),
      example: {
        personRef: REF,
        trigger: 'frequent-visits',
        count: 11,
        windowFrom: '2026-03-11',
        windowTo: '2027-03-09',
        flaggedOn: '2027-03-10',
      },
    }),
    event('ContactAnswered', {
      name: 'contact-answered',
      version: 1,
      summary: 'A worker answered (took up) the contact; the wait on the clock and inside opening hours.',
      schema: object({
        contactId: uuid,
        answeredAt: instant,
        waitSeconds: seconds,
        countedWaitSeconds: seconds,
        serviceLevelSeconds: seconds,
        withinServiceLevel: { type: 'boolean' },
      }),
      example: {
        contactId: C,
        answeredAt: '2027-03-10T07:00:09.000Z',
        waitSeconds: 9,
        countedWaitSeconds: 9,
        serviceLevelSeconds: 20,
        withinServiceLevel: true,
      },
    }),
    event('ContactAbandoned', {
      name: 'contact-abandoned',
      version: 1,
      summary: 'The caller left the queue before an answer (phone and chat).',
      schema: object({
        contactId: uuid,
        abandonedAt: instant,
        waitSeconds: seconds,
        countedWaitSeconds: seconds,
        short: { type: 'boolean' },
        serviceLevelSeconds: seconds,
        withinServiceLevel: { type: 'boolean' },
      }),
      example: {
        contactId: C,
        abandonedAt: '2027-03-10T07:00:03.000Z',
        waitSeconds: 3,
        countedWaitSeconds: 3,
        short: true,
        serviceLevelSeconds: 20,
        withinServiceLevel: true,
      },
    }),
    event('ScreeningRecorded', {
      name: 'contact-screened',
      version: 1,
      summary: "The structured screening's segment and recommended route, and the ids of the rules that fired (never the answers).",
      schema: object({
        contactId: uuid,
        formVersion: { type: 'integer' },
        ruleSetVersion: { type: 'integer' },
        coping: { enum: ['easy', 'hard'] },
        risk: { enum: ['low', 'high'] },
        segment,
        recommendedRoute: { enum: ['advice', ...route.enum] },
        firedRules: { type: 'array', items: { type: 'string' } },
      }),
      example: {
        contactId: C,
        formVersion: 1,
        ruleSetVersion: 2,
        coping: 'hard',
        risk: 'high',
        segment: 'cared-for',
        recommendedRoute: 'service-need-assessment',
        firedRules: ['no-daily-coping', 'high-worry', 'segment-default'],
      },
    }),
    event('ContactClosed', {
      name: 'contact-closed',
      version: 1,
      summary: 'The contact ended: resolved with advice, routed, or decided by an authority; handling time from answer to close.',
      schema: object(
        {
          contactId: uuid,
          outcome: { enum: ['resolved', 'routed', 'decided'] },
          adviceCategory: nullable(code),
          route: nullable(route),
          destination: nullable({ type: 'string', maxLength: 100 }),
          channelId,
          decision: nullable(code),
          closedAt: instant,
          handlingSeconds: nullable(seconds),
          segment: nullable(segment),
        },
        ['channelId'],
      ),
      example: {
        contactId: C,
        outcome: 'resolved',
        adviceCategory: 'housing-benefit',
        route: null,
        destination: null,
        channelId: null,
        decision: null,
        closedAt: '2027-03-10T07:06:00.000Z',
        handlingSeconds: 351,
        segment: 'self-reliant',
      },
    }),
    event('PlanRequested', {
      name: 'plan-requested',
      version: 1,
      summary: 'A contact routed to a service-need assessment or a named professional or service asks client plans for a plan.',
      schema: object(
        {
          contactId: uuid,
          personRef,
          municipality,
          route,
          destination: nullable({ type: 'string', maxLength: 100 }),
          channelId,
          segment: nullable(segment),
          requestedOn: date,
        },
        ['channelId'],
      ),
      example: {
        contactId: C,
        personRef: REF,
        municipality: '837',
        route: 'service-need-assessment',
        destination: null,
        channelId: null,
        segment: 'cared-for',
        requestedOn: '2027-03-10',
      },
    }),
    event('TransferRequested', {
      name: 'transfer-requested',
      version: 1,
      summary: "The holding guidance asked another municipality's guidance to take the contact.",
      schema: object({ contactId: uuid, fromOrganisation: code, toOrganisation: code, toMunicipality: municipality, requestedAt: instant }),
      example: {
        contactId: C,
        fromOrganisation: 'pirkanmaa',
        toOrganisation: 'raisio',
        toMunicipality: '680',
        requestedAt: '2027-03-10T07:04:00.000Z',
      },
    }),
    event('TransferAccepted', {
      name: 'transfer-accepted',
      version: 1,
      summary: 'The receiver accepted: it holds the contact and its history, the sender no longer has access.',
      schema: object({ contactId: uuid, fromOrganisation: code, toOrganisation: code, acceptedAt: instant }),
      example: { contactId: C, fromOrganisation: 'pirkanmaa', toOrganisation: 'raisio', acceptedAt: '2027-03-10T07:10:00.000Z' },
    }),
    event('TransferRejected', {
      name: 'transfer-rejected',
      version: 1,
      summary: 'The receiver rejected with a reason code: the sender keeps the contact.',
      schema: object({
        contactId: uuid,
        fromOrganisation: code,
        toOrganisation: code,
        reason: { enum: ['not-our-municipality', 'no-capacity', 'wrong-service', 'other'] },
        rejectedAt: instant,
      }),
      example: {
        contactId: C,
        fromOrganisation: 'pirkanmaa',
        toOrganisation: 'raisio',
        reason: 'not-our-municipality',
        rejectedAt: '2027-03-10T07:10:00.000Z',
      },
    }),
    event('ChildWelfareNotificationRecorded', {
      name: 'child-welfare-notification-recorded',
      version: 1,
      summary: 'A child-welfare notification was filed from the contact, as the law requires.',
      schema: object({ contactId: uuid, notifiedOn: date }),
      example: { contactId: C, notifiedOn: '2027-03-10' },
    }),
  ],
};
