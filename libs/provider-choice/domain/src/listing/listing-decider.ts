import { assertNever, DomainError, LocalDate, type Decider, type PersonRef, type Sex } from '@luotsi/kernel';
import { isEligiblePostalCode, type ChoiceArea } from '../area/choice-area';
import { isApprovedOn, type StatusTimeline } from '../provider/provider-status';
import { CHANNELS, PREVIOUS_MAIN_USES, SWITCH_REASONS, type Channel, type PreviousMainUse, type SwitchReason } from '../vocabulary';
import { forgetPerson, refuseIfErased, type ForgetPerson } from './erasure';
import type { ListingEvent } from './listing-events';
import { evolveResident, initialResidentState, listingOn, openListing, type ResidentState } from './listing-state';
import { earliestSwitchDate, isMonthStart } from './switch-rules';
import { refuseIdentityCodes } from '../no-identity-codes';
import { leaveListing } from './leaving';

/** What the handler looked up about a station before deciding: its provider and that provider's status changes. */
export interface StationTarget {
  stationId: string;
  providerId: string;
  timeline: StatusTimeline;
}

export type ListingCommand =
  | {
      type: 'RegisterResident';
      personRef: PersonRef;
      birthDate: LocalDate;
      sex: Sex;
      postalCode: string;
      municipalityCode: string;
      residentFrom: LocalDate;
      area: ChoiceArea;
      defaultStation: StationTarget | null;
    }
  | {
      type: 'MoveResident';
      personRef: PersonRef;
      movedOn: LocalDate;
      postalCode: string;
      municipalityCode: string;
      area: ChoiceArea;
      defaultStation: StationTarget | null;
    }
  | { type: 'RecordDeath'; personRef: PersonRef; diedOn: LocalDate }
  | {
      type: 'RequestSwitch';
      personRef: PersonRef;
      requestId: string;
      target: StationTarget | null;
      requestedStationId: string;
      /** The instant of the request (ISO-8601, from the injected clock); its Europe/Helsinki date counts. */
      requestedAt: string;
      effectiveFrom: LocalDate | null;
      channel: Channel;
      reason: SwitchReason;
      reasonText: string | null;
      previousMainUse: PreviousMainUse | null;
      replacePending: boolean;
      requestedBy: string;
      /** The requester's role (`resident`, `guidance`, …): the channel must be theirs. */
      requesterRole: string;
      area: ChoiceArea;
    }
  | { type: 'CancelSwitch'; personRef: PersonRef; requestId: string | null; today: LocalDate; cancelledBy: string }
  | { type: 'EffectuateSwitch'; personRef: PersonRef; today: LocalDate; target: StationTarget | null }
  | {
      type: 'ReturnToDefault';
      personRef: PersonRef;
      providerId: string;
      from: LocalDate;
      area: ChoiceArea;
      defaultStation: StationTarget | null;
    }
  | ForgetPerson;

function notEligible(why: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('NOT_ELIGIBLE', `not eligible to choose a station: ${why}`, { why, ...details }, 'rule');
}

function listingStarted(
  state: ResidentState,
  target: StationTarget,
  effectiveFrom: LocalDate,
  reason: 'default' | 'choice' | 'provider-terminated' | 'moved',
  requestId: string | null,
): ListingEvent {
  return {
    type: 'ListingStarted',
    data: {
      personRef: state.personRef!,
      stationId: target.stationId,
      providerId: target.providerId,
      effectiveFrom,
      reason,
      requestId,
      birthDate: state.birthDate!,
      sex: state.sex!,
      postalCode: state.postalCode,
      municipalityCode: state.municipalityCode,
    },
  };
}

/** Folds the events decided so far, so that later events in the same decision see them. */
const after = (state: ResidentState, events: ListingEvent[]) => events.reduce(evolveResident, state);

function requireResident(state: ResidentState, personRef: PersonRef): void {
  if (!state.registered) throw new DomainError('RESIDENT_NOT_FOUND', 'no resident with this person reference', { personRef }, 'not_found');
}

function registerResident(c: Extract<ListingCommand, { type: 'RegisterResident' }>, state: ResidentState): ListingEvent[] {
  if (state.registered) return []; // the population register sends the same person again: nothing new
  const eligible = isEligiblePostalCode(c.area, c.postalCode);
  const events: ListingEvent[] = [
    {
      type: 'ResidentRegistered',
      data: {
        personRef: c.personRef,
        birthDate: c.birthDate,
        sex: c.sex,
        postalCode: c.postalCode,
        municipalityCode: c.municipalityCode,
        residentFrom: c.residentFrom,
        eligible,
      },
    },
  ];
  if (eligible && c.defaultStation) events.push(listingStarted(after(state, events), c.defaultStation, c.residentFrom, 'default', null));
  return events;
}

function moveResident(c: Extract<ListingCommand, { type: 'MoveResident' }>, state: ResidentState): ListingEvent[] {
  requireResident(state, c.personRef);
  if (state.diedOn) throw notEligible('deceased', { diedOn: state.diedOn });
  if (state.movedOn === c.movedOn && state.postalCode === c.postalCode) return [];
  const eligible = isEligiblePostalCode(c.area, c.postalCode);
  const events: ListingEvent[] = [
    {
      type: 'ResidentMoved',
      data: {
        personRef: c.personRef,
        movedOn: c.movedOn,
        fromPostalCode: state.postalCode,
        postalCode: c.postalCode,
        municipalityCode: c.municipalityCode,
        eligible,
      },
    },
  ];
  const open = openListing(state);
  if (!eligible) {
    // Moving out of the area ends the listing at the end of that month.
    if (state.pending)
      events.push({
        type: 'SwitchCancelled',
        data: {
          personRef: c.personRef,
          requestId: state.pending.requestId,
          cancelledOn: c.movedOn,
          why: 'moved-out',
          cancelledBy: 'population-register',
        },
      });
    if (open)
      events.push({
        type: 'ListingEnded',
        data: {
          personRef: c.personRef,
          stationId: open.stationId,
          providerId: open.providerId,
          effectiveTo: LocalDate.endOfMonth(c.movedOn),
          reason: 'moved-out',
        },
      });
    return events;
  }
  if (!c.defaultStation) return events;
  if (!open) {
    events.push(listingStarted(after(state, events), c.defaultStation, c.movedOn, 'moved', null));
  } else if (open.reason !== 'choice' && open.stationId !== c.defaultStation.stationId && !state.pending) {
    // A resident who never chose follows their address: the new default from the next month. A chosen station is kept.
    const from = LocalDate.firstOfNextMonth(c.movedOn);
    events.push({
      type: 'ListingEnded',
      data: {
        personRef: c.personRef,
        stationId: open.stationId,
        providerId: open.providerId,
        effectiveTo: LocalDate.addDays(from, -1),
        reason: 'moved',
      },
    });
    events.push(listingStarted(after(state, events), c.defaultStation, from, 'moved', null));
  }
  return events;
}

function recordDeath(c: Extract<ListingCommand, { type: 'RecordDeath' }>, state: ResidentState): ListingEvent[] {
  requireResident(state, c.personRef);
  if (state.diedOn) return [];
  return [
    { type: 'ResidentDied', data: { personRef: c.personRef, diedOn: c.diedOn } },
    ...leaveListing(state, c.personRef, c.diedOn, 'died', 'population-register'),
  ];
}

function requestSwitch(c: Extract<ListingCommand, { type: 'RequestSwitch' }>, state: ResidentState): ListingEvent[] {
  const today = LocalDate.ofInstant(new Date(c.requestedAt));
  if (!CHANNELS.includes(c.channel))
    throw new DomainError('INVALID_CHANNEL', `channel is one of ${CHANNELS.join(', ')}`, { channel: c.channel }, 'validation');
  if (c.channel === 'portal' ? c.requesterRole !== 'resident' : c.requesterRole !== 'guidance') {
    throw new DomainError(
      'CHANNEL_MISMATCH',
      "the portal is the resident's own channel; phone and in-person requests are made by a guidance worker",
      { channel: c.channel, role: c.requesterRole },
      'forbidden',
    );
  }
  refuseIdentityCodes({ reasonText: c.reasonText, requestId: c.requestId, stationId: c.requestedStationId, requestedBy: c.requestedBy });
  if (!SWITCH_REASONS.includes(c.reason))
    throw new DomainError('INVALID_REASON', `reason is one of ${SWITCH_REASONS.join(', ')}`, { reason: c.reason }, 'validation');
  if (c.reason === 'other' && !c.reasonText?.trim())
    throw new DomainError('REASON_TEXT_REQUIRED', 'reason "other" needs a free-text explanation', { field: 'reasonText' }, 'validation');
  if (c.previousMainUse !== null && !PREVIOUS_MAIN_USES.includes(c.previousMainUse))
    throw new DomainError('INVALID_PREVIOUS_MAIN_USE', `previousMainUse is one of ${PREVIOUS_MAIN_USES.join(', ')}`, {}, 'validation');
  if (!state.registered) throw notEligible('not a registered resident');
  if (state.diedOn) throw notEligible('deceased', { diedOn: state.diedOn });
  if (!state.eligible || !isEligiblePostalCode(c.area, state.postalCode))
    throw notEligible('lives outside the choice area', { postalCode: state.postalCode });
  if (!c.target)
    throw new DomainError('STATION_NOT_FOUND', `no station ${c.requestedStationId}`, { stationId: c.requestedStationId }, 'not_found');

  const earliest = earliestSwitchDate(state, today, c.area.switchPeriodMonths);
  if (c.effectiveFrom !== null && !isMonthStart(c.effectiveFrom)) {
    throw new DomainError(
      'INVALID_EFFECTIVE_DATE',
      'a switch takes effect on the first day of a month',
      { effectiveFrom: c.effectiveFrom, earliestEffectiveDate: earliest },
      'validation',
    );
  }
  const effectiveFrom = c.effectiveFrom ?? LocalDate.firstOfNextMonth(today);
  if (effectiveFrom < earliest) {
    throw new DomainError(
      'SWITCH_TOO_SOON',
      `the switch can take effect on ${earliest} at the earliest`,
      {
        earliestEffectiveDate: earliest,
        requestedEffectiveDate: effectiveFrom,
        lastChosenFrom: state.lastChosenFrom,
        switchPeriodMonths: c.area.switchPeriodMonths,
      },
      'rule',
    );
  }
  if (!isApprovedOn(c.target.timeline, effectiveFrom)) {
    throw new DomainError(
      'PROVIDER_NOT_APPROVED',
      `the provider of station ${c.target.stationId} is not approved on ${effectiveFrom}`,
      { stationId: c.target.stationId, providerId: c.target.providerId, effectiveFrom },
      'rule',
    );
  }
  const listedThen = listingOn(state, effectiveFrom) ?? openListing(state);
  if (listedThen?.stationId === c.target.stationId && state.pending === null) {
    throw new DomainError(
      'ALREADY_LISTED',
      `already listed with station ${c.target.stationId}`,
      { stationId: c.target.stationId, since: listedThen.effectiveFrom },
      'conflict',
    );
  }
  const events: ListingEvent[] = [];
  if (state.pending) {
    if (!c.replacePending) {
      throw new DomainError(
        'SWITCH_PENDING',
        `a switch to ${state.pending.stationId} from ${state.pending.effectiveFrom} is pending; cancel or replace it`,
        { pendingRequestId: state.pending.requestId, stationId: state.pending.stationId, effectiveFrom: state.pending.effectiveFrom },
        'conflict',
      );
    }
    events.push({
      type: 'SwitchCancelled',
      data: { personRef: c.personRef, requestId: state.pending.requestId, cancelledOn: today, why: 'replaced', cancelledBy: c.requestedBy },
    });
    if (listedThen?.stationId === c.target.stationId) return events; // replacing the pending switch by staying put
  }
  events.push({
    type: 'SwitchRequested',
    data: {
      personRef: c.personRef,
      requestId: c.requestId,
      stationId: c.target.stationId,
      providerId: c.target.providerId,
      effectiveFrom,
      requestedOn: today,
      channel: c.channel,
      reason: c.reason,
      reasonText: c.reason === 'other' ? c.reasonText!.trim() : null,
      previousMainUse: c.previousMainUse,
      requestedBy: c.requestedBy,
    },
  });
  return events;
}

function cancelSwitch(c: Extract<ListingCommand, { type: 'CancelSwitch' }>, state: ResidentState): ListingEvent[] {
  refuseIdentityCodes({ requestId: c.requestId, cancelledBy: c.cancelledBy });
  requireResident(state, c.personRef);
  const pending = state.pending;
  if (!pending || (c.requestId !== null && pending.requestId !== c.requestId)) {
    throw new DomainError('NO_PENDING_SWITCH', 'there is no pending switch to cancel', { requestId: c.requestId }, 'not_found');
  }
  if (pending.effectiveFrom <= c.today) {
    throw new DomainError(
      'SWITCH_ALREADY_EFFECTIVE',
      `the switch took effect on ${pending.effectiveFrom}`,
      { effectiveFrom: pending.effectiveFrom },
      'conflict',
    );
  }
  return [
    {
      type: 'SwitchCancelled',
      data: { personRef: c.personRef, requestId: pending.requestId, cancelledOn: c.today, why: 'cancelled', cancelledBy: c.cancelledBy },
    },
  ];
}

/** Run when a pending switch's date has come: the old listing ends the day before, the chosen one starts. */
function effectuateSwitch(c: Extract<ListingCommand, { type: 'EffectuateSwitch' }>, state: ResidentState): ListingEvent[] {
  const pending = state.pending;
  if (!pending || pending.effectiveFrom > c.today) return [];
  if (!c.target || !isApprovedOn(c.target.timeline, pending.effectiveFrom)) {
    return [
      {
        type: 'SwitchCancelled',
        data: {
          personRef: c.personRef,
          requestId: pending.requestId,
          cancelledOn: c.today,
          why: 'provider-not-approved',
          cancelledBy: 'system',
        },
      },
    ];
  }
  const events: ListingEvent[] = [];
  const open = openListing(state);
  if (open)
    events.push({
      type: 'ListingEnded',
      data: {
        personRef: c.personRef,
        stationId: open.stationId,
        providerId: open.providerId,
        effectiveTo: LocalDate.addDays(pending.effectiveFrom, -1),
        reason: 'switched',
      },
    });
  events.push(listingStarted(after(state, events), c.target, pending.effectiveFrom, 'choice', pending.requestId));
  return events;
}

/** A terminated provider's clients return to their default station; a pending switch to it is void. */
function returnToDefault(c: Extract<ListingCommand, { type: 'ReturnToDefault' }>, state: ResidentState): ListingEvent[] {
  requireResident(state, c.personRef);
  const events: ListingEvent[] = [];
  if (state.pending?.providerId === c.providerId) {
    events.push({
      type: 'SwitchCancelled',
      data: {
        personRef: c.personRef,
        requestId: state.pending.requestId,
        cancelledOn: c.from,
        why: 'provider-not-approved',
        cancelledBy: 'system',
      },
    });
  }
  const open = openListing(state);
  if (!open || open.providerId !== c.providerId || state.diedOn) return events;
  events.push({
    type: 'ListingEnded',
    data: {
      personRef: c.personRef,
      stationId: open.stationId,
      providerId: open.providerId,
      effectiveTo: LocalDate.addDays(c.from, -1),
      reason: 'provider-terminated',
    },
  });
  if (c.defaultStation && state.eligible)
    events.push(listingStarted(after(state, events), c.defaultStation, c.from, 'provider-terminated', null));
  return events;
}

function decide(command: ListingCommand, state: ResidentState): ListingEvent[] {
  if (command.type !== 'ForgetPerson') refuseIfErased(state);
  switch (command.type) {
    case 'RegisterResident':
      return registerResident(command, state);
    case 'MoveResident':
      return moveResident(command, state);
    case 'RecordDeath':
      return recordDeath(command, state);
    case 'RequestSwitch':
      return requestSwitch(command, state);
    case 'CancelSwitch':
      return cancelSwitch(command, state);
    case 'EffectuateSwitch':
      return effectuateSwitch(command, state);
    case 'ReturnToDefault':
      return returnToDefault(command, state);
    case 'ForgetPerson':
      return forgetPerson(command, state);
    default:
      return assertNever(command);
  }
}

export const listingDecider: Decider<ListingCommand, ListingEvent, ResidentState> = {
  decide,
  evolve: evolveResident,
  initialState: initialResidentState,
};
export const listingStream = (personRef: string): string => `listing-${personRef}`;
