import { assertNever, DomainError, type Decider, type LocalDate, type PersonRef } from '@luotsi/kernel';
import { helsinkiDateOf, secondsWithinHours, type OpeningHours } from '../calendar/opening-hours';
import type { IntakePolicy } from '../config/policy';
import { evaluateScreening, type Answer, type RuleSet, type ScreeningForm, type ScreeningResult } from '../screening/screening';
import {
  CHANNELS,
  CONTACTED_BY,
  isCode,
  isMunicipalityCode,
  LANGUAGES,
  LIVE_CHANNELS,
  REFERRERS,
  ROUTES,
  TRANSFER_REJECTIONS,
  type Channel,
  type ContactedBy,
  type Language,
  type Referrer,
  type Route,
  type TransferRejection,
} from '../vocabulary';
import type { ContactEvent, HeavyUseFlag, Outcome } from './contact-events';

/** A catalogue service in force on the routing day, as contact intake's copy of the catalogue has it. */
export interface CatalogueServiceFacts {
  serviceId: string;
  channelIds: readonly string[];
}

/** The worker (or system) a command is by: the token's role and organisation decide what they may do. */
export interface ByWorker {
  id: string;
  /** `role:subject`, as events record it. */
  label: string;
  role: string;
  organisation: string | null;
}

/** What the service looked up about the contact's person before the command (the decider does no I/O). */
export interface PersonFacts {
  personRef: PersonRef;
  /** Contacts of the person within the link window, to link to. */
  linkTo: string[];
  /** The earlier contact of the person for the same reason within the repeat window, if any. */
  repeatOf: string | null;
  /** Heavy-use triggers not yet shown on a contact. */
  flags: HeavyUseFlag[];
}

export type ContactCommand =
  | {
      type: 'RegisterContact';
      contactId: string;
      channel: Channel;
      contactedBy: ContactedBy;
      referrer: Referrer | null;
      language: Language;
      municipality: string;
      queue: { queueId: string; organisation: string };
      reason: string | null;
      at: string;
      person: PersonFacts | null;
      privacyNoticeVersion: number | null;
      by: ByWorker;
    }
  | { type: 'IdentifyContact'; person: PersonFacts; by: ByWorker; at: string }
  | { type: 'AssignContact'; workerId: string; how: 'take-next' | 'least-busy'; at: string; by: ByWorker }
  /** `hoursByQueue`: every queue's opening hours (the configuration), so the service need not read the contact first. */
  | { type: 'AnswerContact'; at: string; hoursByQueue: Readonly<Record<string, OpeningHours>>; policy: IntakePolicy; by: ByWorker }
  | { type: 'AbandonContact'; at: string; hoursByQueue: Readonly<Record<string, OpeningHours>>; policy: IntakePolicy; by: ByWorker }
  | { type: 'RecordScreening'; form: ScreeningForm; ruleSet: RuleSet; answers: Record<string, Answer>; by: ByWorker }
  | { type: 'AddNote'; text: string; at: string; by: ByWorker }
  /**
   * `service`: for a routing to a named service, what intake's copy of the catalogue says of the
   * destination on the day (null: not in the catalogue, or withdrawn by then).
   */
  | { type: 'CloseContact'; outcome: Outcome; at: string; by: ByWorker; service?: CatalogueServiceFacts | null }
  | { type: 'RequestTransfer'; toOrganisation: string; toMunicipality: string; at: string; by: ByWorker }
  | { type: 'AcceptTransfer'; at: string; by: ByWorker }
  | { type: 'RejectTransfer'; reason: TransferRejection; at: string; by: ByWorker }
  | { type: 'RecordChildWelfareNotification'; at: string; by: ByWorker }
  | { type: 'MergeInto'; into: string; intoPersonRef: PersonRef | null; by: ByWorker }
  | { type: 'Absorb'; from: string; fromPersonRef: PersonRef | null; by: ByWorker }
  | { type: 'Unlink'; other: string; by: ByWorker };

export type ContactStatus = 'none' | 'waiting' | 'assigned' | 'answered' | 'abandoned' | 'closed';

export interface ContactState {
  contactId: string | null;
  status: ContactStatus;
  channel: Channel | null;
  language: Language | null;
  municipality: string | null;
  queueId: string | null;
  /** The guidance organisation that holds the contact: only its workers may act on it. */
  organisation: string | null;
  arrivedAt: string | null;
  answeredAt: string | null;
  assignedTo: string | null;
  personRef: PersonRef | null;
  reason: string | null;
  screening: ScreeningResult | null;
  pendingTransfer: { toOrganisation: string; toMunicipality: string } | null;
  links: ReadonlySet<string>;
  mergedInto: string | null;
  childWelfareNotified: boolean;
  shownTriggers: ReadonlySet<string>;
}

const initialState = (): ContactState => ({
  contactId: null,
  status: 'none',
  channel: null,
  language: null,
  municipality: null,
  queueId: null,
  organisation: null,
  arrivedAt: null,
  answeredAt: null,
  assignedTo: null,
  personRef: null,
  reason: null,
  screening: null,
  pendingTransfer: null,
  links: new Set(),
  mergedInto: null,
  childWelfareNotified: false,
  shownTriggers: new Set(),
});

const fail = (
  code: string,
  message: string,
  details: Record<string, unknown>,
  kind: 'validation' | 'conflict' | 'rule' | 'forbidden' | 'not_found',
): never => {
  throw new DomainError(code, message, details, kind);
};

/** Destinations name a professional or a service, never a note: letters, digits and a few marks. */
const DESTINATION = /^[\p{L}\p{N}][\p{L}\p{N} .,'&()/-]{0,99}$/u;

const secondsBetween = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

function requireExisting(s: ContactState): asserts s is ContactState & { contactId: string; organisation: string } {
  if (s.status === 'none') fail('CONTACT_NOT_FOUND', 'no such contact', {}, 'not_found');
}

/** Only the holding organisation's workers act on a contact: after an accepted transfer the sender no longer may. */
function requireHolder(s: ContactState, by: ByWorker): void {
  if (by.organisation !== s.organisation)
    fail('CONTACT_NOT_HELD', 'this contact is held by another guidance organisation', { holder: s.organisation }, 'forbidden');
}

function requireOpen(s: ContactState): void {
  if (s.mergedInto) fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
  if (s.status === 'closed' || s.status === 'abandoned')
    fail('CONTACT_CLOSED', `this contact is ${s.status}`, { status: s.status }, 'conflict');
}

/** The guide is not an authority (social guidance in the Tampere pilot): only route, never assess or decide. */
function requireAuthority(by: ByWorker): void {
  if (by.role === 'guidance')
    fail(
      'GUIDE_NOT_AN_AUTHORITY',
      'a social guide makes no assessments or decisions; route the contact instead',
      { role: by.role },
      'forbidden',
    );
}

/** The opening hours of the contact's queue. */
function hoursOf(s: ContactState, hoursByQueue: Readonly<Record<string, OpeningHours>>): OpeningHours {
  const hours = hoursByQueue[s.queueId ?? ''];
  if (!hours) return fail('QUEUE_NOT_FOUND', `the configuration has no queue ${s.queueId}`, { queueId: s.queueId }, 'conflict');
  return hours;
}

function notBefore(s: ContactState, at: string): void {
  if (s.arrivedAt && Date.parse(at) < Date.parse(s.arrivedAt))
    fail('BEFORE_ARRIVAL', 'this cannot happen before the contact arrived', { arrivedAt: s.arrivedAt }, 'validation');
}

function personEvents(
  contactId: string,
  s: Pick<ContactState, 'links' | 'shownTriggers'>,
  person: PersonFacts,
  at: string,
  by: ByWorker,
): ContactEvent[] {
  const events: ContactEvent[] = [
    { type: 'ContactIdentified', data: { contactId, personRef: person.personRef, repeatOf: person.repeatOf, identifiedBy: by.label } },
  ];
  for (const other of [...new Set(person.linkTo)].sort())
    if (other !== contactId && !s.links.has(other))
      events.push({ type: 'ContactLinked', data: { contactId, otherContactId: other, how: 'same-person-within-window' } });
  const flaggedOn = helsinkiDateOf(at);
  for (const f of person.flags)
    if (!s.shownTriggers.has(f.triggerId))
      events.push({
        type: 'HeavyUserFlagged',
        data: {
          contactId,
          personRef: person.personRef,
          trigger: f.trigger,
          count: f.count,
          windowFrom: f.windowFrom,
          windowTo: f.windowTo,
          triggerId: f.triggerId,
          flaggedOn,
        },
      });
  return events;
}

function register(c: Extract<ContactCommand, { type: 'RegisterContact' }>, s: ContactState): ContactEvent[] {
  if (s.status !== 'none') return s.contactId === c.contactId ? [] : fail('CONTACT_EXISTS', 'a contact of this id exists', {}, 'conflict');
  if (!CHANNELS.includes(c.channel)) fail('INVALID_CHANNEL', `channel is one of ${CHANNELS.join(', ')}`, {}, 'validation');
  if (!CONTACTED_BY.includes(c.contactedBy))
    fail('INVALID_CONTACTED_BY', `contactedBy is one of ${CONTACTED_BY.join(', ')}`, {}, 'validation');
  if (!LANGUAGES.includes(c.language)) fail('INVALID_LANGUAGE', 'language is fi, sv or en', {}, 'validation');
  if (!isMunicipalityCode(c.municipality)) fail('INVALID_MUNICIPALITY', 'municipality is a three-digit code', {}, 'validation');
  if (c.reason !== null && !isCode(c.reason)) fail('INVALID_REASON', 'reason is a code (a-z, 0-9, -)', {}, 'validation');
  if (c.referrer !== null && !REFERRERS.includes(c.referrer))
    fail('INVALID_REFERRER', `referrer is one of ${REFERRERS.join(', ')}`, {}, 'validation');
  // A referral comes from an authority, and an authority says which one it is.
  if (c.channel === 'referral' && c.referrer === null)
    fail('REFERRER_REQUIRED', 'a referral names the authority it comes from', {}, 'validation');
  if ((c.contactedBy === 'authority') !== (c.referrer !== null))
    fail(
      'REFERRER_MISMATCH',
      'an authority names itself as referrer, and only an authority does',
      { contactedBy: c.contactedBy },
      'validation',
    );
  if (c.channel === 'web-form' && c.privacyNoticeVersion === null)
    fail('PRIVACY_NOTICE_REQUIRED', 'the web form is sent with the privacy notice acknowledged', {}, 'validation');
  // The public form has no sign-in: nobody is identified through it.
  if (c.channel === 'web-form' && c.person !== null)
    fail('WEB_FORM_ANONYMOUS', 'a web-form contact is identified later, by a worker', {}, 'validation');
  const events: ContactEvent[] = [
    {
      type: 'ContactReceived',
      data: {
        contactId: c.contactId,
        channel: c.channel,
        contactedBy: c.contactedBy,
        referrer: c.referrer,
        language: c.language,
        municipality: c.municipality,
        queueId: c.queue.queueId,
        organisation: c.queue.organisation,
        reason: c.reason,
        arrivedAt: c.at,
        privacyNoticeVersion: c.privacyNoticeVersion,
        recordedBy: c.by.label,
      },
    },
  ];
  if (c.person) events.push(...personEvents(c.contactId, s, c.person, c.at, c.by));
  return events;
}

function close(c: Extract<ContactCommand, { type: 'CloseContact' }>, s: ContactState): ContactEvent[] {
  requireOpen(s);
  requireHolder(s, c.by);
  if (s.pendingTransfer)
    fail(
      'TRANSFER_PENDING',
      'the receiver has not yet answered the transfer',
      { toOrganisation: s.pendingTransfer.toOrganisation },
      'conflict',
    );
  if (s.status !== 'answered') fail('NOT_ANSWERED', 'a contact is answered before it is closed', { status: s.status }, 'conflict');
  notBefore(s, c.at);
  const o = c.outcome;
  const closedBy = c.by.label;
  const base = {
    contactId: s.contactId!,
    closedAt: c.at,
    handlingSeconds: s.answeredAt ? secondsBetween(s.answeredAt, c.at) : null,
    closedBy,
    segment: s.screening?.segment ?? null,
  };
  switch (o.kind) {
    case 'resolved':
      if (!isCode(o.adviceCategory)) fail('INVALID_ADVICE_CATEGORY', 'adviceCategory is a code', {}, 'validation');
      return [{ type: 'ContactClosed', data: { ...base, outcome: { kind: 'resolved', adviceCategory: o.adviceCategory } } }];
    case 'decided':
      requireAuthority(c.by);
      if (!isCode(o.decision)) fail('INVALID_DECISION', 'decision is a code', {}, 'validation');
      return [{ type: 'ContactClosed', data: { ...base, outcome: { kind: 'decided', decision: o.decision } } }];
    case 'routed': {
      if (!ROUTES.includes(o.route)) fail('INVALID_ROUTE', `route is one of ${ROUTES.join(', ')}`, {}, 'validation');
      const destination = o.route === 'service-need-assessment' ? (o.destination ?? null) : o.destination;
      if (o.route !== 'service-need-assessment' && (destination === null || destination === undefined))
        fail('DESTINATION_REQUIRED', 'a routing to a named professional or service names them', {}, 'validation');
      if (destination !== null && (typeof destination !== 'string' || !DESTINATION.test(destination)))
        fail('INVALID_DESTINATION', "a destination is the professional's or service's id or name (up to 100 characters)", {}, 'validation');
      const channelId = routedChannel(o, destination, c.service);
      // The plan is for a person: an anonymous contact is identified before it is routed.
      if (!s.personRef) fail('IDENTIFICATION_REQUIRED', 'a routed contact asks for a plan, which needs the person identified', {}, 'rule');
      return [
        { type: 'ContactClosed', data: { ...base, outcome: { kind: 'routed', route: o.route, destination, channelId } } },
        {
          type: 'PlanRequested',
          data: {
            contactId: s.contactId!,
            personRef: s.personRef!,
            municipality: s.municipality!,
            route: o.route as Route,
            destination,
            channelId,
            segment: s.screening?.segment ?? null,
            requestedOn: helsinkiDateOf(c.at) as LocalDate,
          },
        },
      ];
    }
    default:
      return fail('INVALID_OUTCOME', 'outcome kind is resolved, routed or decided', {}, 'validation');
  }
}

function decide(c: ContactCommand, s: ContactState): ContactEvent[] {
  if (c.type === 'RegisterContact') return register(c, s);
  requireExisting(s);
  const id = s.contactId;
  switch (c.type) {
    case 'IdentifyContact': {
      if (s.mergedInto) fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
      requireHolder(s, c.by);
      if (s.personRef && s.personRef !== c.person.personRef)
        fail('ALREADY_IDENTIFIED', 'this contact is identified as another person; unlink or start a new contact', {}, 'conflict');
      if (s.personRef) return personEvents(id, s, c.person, c.at, c.by).filter((e) => e.type !== 'ContactIdentified');
      return personEvents(id, s, c.person, c.at, c.by);
    }
    case 'AssignContact':
      requireOpen(s);
      requireHolder(s, c.by);
      if (s.status !== 'waiting')
        fail('NOT_WAITING', 'only a waiting contact is assigned', { status: s.status, assignedTo: s.assignedTo }, 'conflict');
      return [{ type: 'ContactAssigned', data: { contactId: id, workerId: c.workerId, how: c.how, assignedAt: c.at } }];
    case 'AnswerContact': {
      requireOpen(s);
      requireHolder(s, c.by);
      if (s.status === 'answered')
        return s.assignedTo === c.by.id ? [] : fail('ALREADY_ANSWERED', 'another worker answered this contact', {}, 'conflict');
      if (s.status === 'assigned' && s.assignedTo !== c.by.id)
        fail('ASSIGNED_TO_ANOTHER', 'this contact is assigned to another worker', {}, 'conflict');
      notBefore(s, c.at);
      const counted = secondsWithinHours(s.arrivedAt!, c.at, hoursOf(s, c.hoursByQueue));
      const y = c.policy.serviceLevelSeconds;
      return [
        {
          type: 'ContactAnswered',
          data: {
            contactId: id,
            workerId: c.by.id,
            answeredAt: c.at,
            waitSeconds: secondsBetween(s.arrivedAt!, c.at),
            countedWaitSeconds: counted,
            serviceLevelSeconds: y,
            withinServiceLevel: counted <= y,
          },
        },
      ];
    }
    case 'AbandonContact': {
      requireOpen(s);
      requireHolder(s, c.by);
      if (!LIVE_CHANNELS.includes(s.channel!))
        fail('NOT_LIVE', 'only a phone call or a chat is abandoned by the caller', { channel: s.channel }, 'rule');
      if (s.status === 'answered') fail('ALREADY_ANSWERED', 'an answered contact is closed, not abandoned', {}, 'conflict');
      notBefore(s, c.at);
      const wait = secondsBetween(s.arrivedAt!, c.at);
      const counted = secondsWithinHours(s.arrivedAt!, c.at, hoursOf(s, c.hoursByQueue));
      const y = c.policy.serviceLevelSeconds;
      return [
        {
          type: 'ContactAbandoned',
          data: {
            contactId: id,
            abandonedAt: c.at,
            waitSeconds: wait,
            countedWaitSeconds: counted,
            short: wait <= c.policy.shortAbandonSeconds,
            serviceLevelSeconds: y,
            withinServiceLevel: counted <= y,
          },
        },
      ];
    }
    case 'RecordScreening': {
      requireOpen(s);
      requireHolder(s, c.by);
      if (s.status !== 'answered') fail('NOT_ANSWERED', 'a contact is screened once it is answered', { status: s.status }, 'conflict');
      const result = evaluateScreening(c.form, c.ruleSet, c.answers);
      return [{ type: 'ScreeningRecorded', data: { contactId: id, answers: c.answers, result, by: c.by.label } }];
    }
    case 'AddNote':
      if (s.mergedInto) fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
      requireHolder(s, c.by);
      if (typeof c.text !== 'string' || !c.text.trim() || c.text.length > 4000)
        fail('INVALID_NOTE', 'a note is 1–4000 characters', {}, 'validation');
      return [{ type: 'NoteAdded', data: { contactId: id, text: c.text, by: c.by.label, at: c.at } }];
    case 'CloseContact':
      return close(c, s);
    case 'RequestTransfer':
      requireOpen(s);
      requireHolder(s, c.by);
      if (!isCode(c.toOrganisation)) fail('INVALID_ORGANISATION', 'toOrganisation is a code', {}, 'validation');
      if (!isMunicipalityCode(c.toMunicipality)) fail('INVALID_MUNICIPALITY', 'toMunicipality is a three-digit code', {}, 'validation');
      if (c.toOrganisation === s.organisation) fail('TRANSFER_TO_SELF', 'the contact is already held by this organisation', {}, 'rule');
      if (s.pendingTransfer)
        fail(
          'TRANSFER_PENDING',
          'a transfer of this contact awaits its answer',
          { toOrganisation: s.pendingTransfer.toOrganisation },
          'conflict',
        );
      return [
        {
          type: 'TransferRequested',
          data: {
            contactId: id,
            fromOrganisation: s.organisation,
            toOrganisation: c.toOrganisation,
            toMunicipality: c.toMunicipality,
            requestedAt: c.at,
            by: c.by.label,
          },
        },
      ];
    case 'AcceptTransfer':
    case 'RejectTransfer': {
      if (!s.pendingTransfer) fail('NO_TRANSFER_PENDING', 'no transfer of this contact awaits an answer', {}, 'conflict');
      if (c.by.organisation !== s.pendingTransfer!.toOrganisation)
        fail('NOT_TRANSFER_RECEIVER', 'only the receiving organisation answers a transfer', {}, 'forbidden');
      const parties = {
        contactId: id,
        fromOrganisation: s.organisation,
        toOrganisation: s.pendingTransfer!.toOrganisation,
        by: c.by.label,
      };
      if (c.type === 'AcceptTransfer') return [{ type: 'TransferAccepted', data: { ...parties, acceptedAt: c.at } }];
      if (!TRANSFER_REJECTIONS.includes(c.reason))
        fail('INVALID_REJECTION_REASON', `reason is one of ${TRANSFER_REJECTIONS.join(', ')}`, {}, 'validation');
      return [{ type: 'TransferRejected', data: { ...parties, reason: c.reason, rejectedAt: c.at } }];
    }
    case 'RecordChildWelfareNotification':
      if (s.mergedInto) fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
      requireHolder(s, c.by);
      if (s.childWelfareNotified) return [];
      // The guide must file it too, where the law requires: this is a duty, not a decision.
      return [{ type: 'ChildWelfareNotificationRecorded', data: { contactId: id, notifiedOn: helsinkiDateOf(c.at), by: c.by.label } }];
    case 'MergeInto':
      requireHolder(s, c.by);
      if (c.into === id) fail('MERGE_WITH_ITSELF', 'a contact is not merged with itself', {}, 'validation');
      if (s.mergedInto)
        return s.mergedInto === c.into
          ? []
          : fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
      if (s.personRef && c.intoPersonRef && s.personRef !== c.intoPersonRef)
        fail('PERSONS_DIFFER', 'the two contacts are of different people', {}, 'rule');
      return [{ type: 'ContactMerged', data: { contactId: id, into: c.into, by: c.by.label } }];
    case 'Absorb':
      requireHolder(s, c.by);
      if (s.mergedInto) fail('CONTACT_MERGED', `this contact was merged into ${s.mergedInto}`, { into: s.mergedInto }, 'conflict');
      if (s.personRef && c.fromPersonRef && s.personRef !== c.fromPersonRef)
        fail('PERSONS_DIFFER', 'the two contacts are of different people', {}, 'rule');
      return s.links.has(c.from) ? [] : [{ type: 'ContactLinked', data: { contactId: id, otherContactId: c.from, how: 'merged' } }];
    case 'Unlink':
      requireHolder(s, c.by);
      if (!s.links.has(c.other)) fail('NOT_LINKED', 'the two contacts are not linked', {}, 'conflict');
      return [{ type: 'ContactUnlinked', data: { contactId: id, otherContactId: c.other, by: c.by.label } }];
    default:
      return assertNever(c);
  }
}

function evolve(s: ContactState, e: ContactEvent): ContactState {
  switch (e.type) {
    case 'ContactReceived':
      return {
        ...s,
        contactId: e.data.contactId,
        status: 'waiting',
        channel: e.data.channel,
        language: e.data.language,
        municipality: e.data.municipality,
        queueId: e.data.queueId,
        organisation: e.data.organisation,
        arrivedAt: e.data.arrivedAt,
        reason: e.data.reason,
      };
    case 'ContactIdentified':
      return { ...s, personRef: e.data.personRef };
    case 'ContactLinked':
      return { ...s, links: new Set([...s.links, e.data.otherContactId]) };
    case 'ContactUnlinked':
      return { ...s, links: new Set([...s.links].filter((l) => l !== e.data.otherContactId)) };
    case 'ContactMerged':
      return { ...s, mergedInto: e.data.into, links: new Set([...s.links, e.data.into]) };
    case 'HeavyUserFlagged':
      return { ...s, shownTriggers: new Set([...s.shownTriggers, e.data.triggerId]) };
    case 'ContactAssigned':
      return { ...s, status: 'assigned', assignedTo: e.data.workerId };
    case 'ContactAnswered':
      return { ...s, status: 'answered', answeredAt: e.data.answeredAt, assignedTo: e.data.workerId };
    case 'ContactAbandoned':
      return { ...s, status: 'abandoned' };
    case 'ScreeningRecorded':
      return { ...s, screening: e.data.result };
    case 'NoteAdded':
    case 'PlanRequested':
      return s;
    case 'ContactClosed':
      return { ...s, status: 'closed' };
    case 'TransferRequested':
      return { ...s, pendingTransfer: { toOrganisation: e.data.toOrganisation, toMunicipality: e.data.toMunicipality } };
    case 'TransferAccepted':
      // The history travels along in the stream; the sender loses access with the holder's change.
      return { ...s, organisation: e.data.toOrganisation, pendingTransfer: null };
    case 'TransferRejected':
      return { ...s, pendingTransfer: null };
    case 'ChildWelfareNotificationRecorded':
      return { ...s, childWelfareNotified: true };
    default:
      return assertNever(e);
  }
}

export const contactDecider: Decider<ContactCommand, ContactEvent, ContactState> = { decide, evolve, initialState };

/** The stream of one contact. */
export const contactStream = (contactId: string): string => `contact-${contactId}`;

/** Contact ids are UUIDs, made by the service. */
export const isContactId = (s: unknown): s is string =>
  typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);

/** An earlier contact of the same person, as the service reads it to decide links and repeats. */
export interface EarlierContact {
  contactId: string;
  reason: string | null;
  arrivedAt: string;
}

const DAY_MS = 86_400_000;

/** The person's contacts within the link window before `at` (any channel, any reason): linked to the new one. */
export function linkCandidates(earlier: readonly EarlierContact[], at: string, linkWindowDays: number, self?: string): string[] {
  const t = Date.parse(at);
  return earlier
    .filter((c) => c.contactId !== self && Date.parse(c.arrivedAt) <= t && t - Date.parse(c.arrivedAt) <= linkWindowDays * DAY_MS)
    .map((c) => c.contactId)
    .sort();
}

/**
 * The contact a new one repeats: the latest earlier contact of the person for the same reason within
 * the repeat window (days of 24 h before `at`), or null. No reason, no repeat.
 */
export function findRepeatOf(
  earlier: readonly EarlierContact[],
  reason: string | null,
  at: string,
  repeatWindowDays: number,
  self?: string,
): string | null {
  if (reason === null) return null;
  const t = Date.parse(at);
  const within = earlier
    .filter(
      (c) =>
        c.contactId !== self &&
        c.reason === reason &&
        Date.parse(c.arrivedAt) < t &&
        t - Date.parse(c.arrivedAt) <= repeatWindowDays * DAY_MS,
    )
    .sort((a, b) => (a.arrivedAt < b.arrivedAt ? 1 : -1));
  return within[0]?.contactId ?? null;
}

/**
 * A named service is one the catalogue publishes and has not withdrawn on the day; the channel, if
 * named, is one of that service's. Other routes name no channel.
 */
function routedChannel(
  o: Extract<Outcome, { kind: 'routed' }>,
  destination: string | null,
  service: CatalogueServiceFacts | null | undefined,
): string | null {
  const channelId = o.channelId ?? null;
  if (o.route !== 'named-service') {
    if (channelId !== null)
      fail('INVALID_OUTCOME', 'only a routing to a named service names a channel', { fields: ['channelId'] }, 'validation');
    return null;
  }
  if (!service || service.serviceId !== destination)
    fail(
      'SERVICE_NOT_IN_CATALOGUE',
      'the destination is not a service the catalogue offers on this day',
      { serviceId: destination },
      'rule',
    );
  if (channelId !== null && !service!.channelIds.includes(channelId))
    fail('CHANNEL_NOT_OF_SERVICE', "the channel is not one of the service's channels", { serviceId: destination, channelId }, 'rule');
  return channelId;
}
