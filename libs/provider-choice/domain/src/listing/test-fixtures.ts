import { LocalDate, PersonRef } from '@luotsi/kernel';
import type { ChoiceArea } from '../area/choice-area';
import type { ListingEvent } from './listing-events';
import type { StationTarget } from './listing-decider';

export const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
export const d = (s: string): LocalDate => LocalDate.parse(s);

/** The seed pilot: 33710 and 33530, each with the city's own default station. */
export const area: ChoiceArea = {
  postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } },
  switchPeriodMonths: 3,
};

const approved = (from = '2017-01-01') => [{ from: d(from), status: 'approved' as const }];
export const hervanta: StationTarget = { stationId: 'hervanta', providerId: 'tampere', timeline: approved() };
export const kaukajarvi: StationTarget = { stationId: 'kaukajarvi', providerId: 'tampere', timeline: approved() };
export const mehilainen: StationTarget = { stationId: 'mehilainen-hervanta', providerId: 'mehilainen', timeline: approved() };
export const pihlajalinna: StationTarget = { stationId: 'pihlajalinna-hervanta', providerId: 'pihlajalinna', timeline: approved() };

export const registered = (residentFrom = '2018-01-01', postalCode = '33710'): ListingEvent[] => [
  {
    type: 'ResidentRegistered',
    data: {
      personRef: person,
      birthDate: d('1950-03-15'),
      sex: 'female',
      postalCode,
      municipalityCode: '837',
      residentFrom: d(residentFrom),
      eligible: true,
    },
  },
  {
    type: 'ListingStarted',
    data: {
      personRef: person,
      stationId: 'hervanta',
      providerId: 'tampere',
      effectiveFrom: d(residentFrom),
      reason: 'default',
      requestId: null,
      birthDate: d('1950-03-15'),
      sex: 'female',
      postalCode,
      municipalityCode: '837',
    },
  },
];

/** History of a resident whose chosen listing with `target` took effect on `from`. */
export const chose = (target: StationTarget, from: string, previous = hervanta): ListingEvent[] => [
  {
    type: 'ListingEnded',
    data: {
      personRef: person,
      stationId: previous.stationId,
      providerId: previous.providerId,
      effectiveTo: LocalDate.addDays(d(from), -1),
      reason: 'switched',
    },
  },
  {
    type: 'ListingStarted',
    data: {
      personRef: person,
      stationId: target.stationId,
      providerId: target.providerId,
      effectiveFrom: d(from),
      reason: 'choice',
      requestId: `r-${from}`,
      birthDate: d('1950-03-15'),
      sex: 'female',
      postalCode: '33710',
      municipalityCode: '837',
    },
  },
];

export const switchTo = (
  target: StationTarget,
  requestedAt: string,
  extra: Partial<{ effectiveFrom: LocalDate | null; replacePending: boolean; channel: 'portal' | 'phone' | 'in-person' }> = {},
) => ({
  type: 'RequestSwitch' as const,
  personRef: person,
  requestId: 'req-1',
  target,
  requestedStationId: target.stationId,
  requestedAt,
  effectiveFrom: extra.effectiveFrom ?? null,
  channel: extra.channel ?? ('portal' as const),
  reason: 'good-location' as const,
  reasonText: null,
  previousMainUse: 'health-centre' as const,
  replacePending: extra.replacePending ?? false,
  requestedBy: 'resident',
  requesterRole: (extra.channel ?? 'portal') === 'portal' ? 'resident' : 'guidance',
  area,
});
