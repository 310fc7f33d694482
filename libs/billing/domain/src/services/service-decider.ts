import { assertNever, DomainError, LocalDate, YearMonth, type Decider, type PersonRef } from '@luotsi/kernel';
import { EARLIEST_BILLING_DATE, parseDateBetween } from '../date-ranges';
import { SERVICE_TYPES, type ServiceType } from '../vocabulary';

/**
 * A reported service, recorded whether or not the client was listed with the provider: unlisted
 * services are reported and kept but earn nothing in the settlement. `listedAtReport` says whether
 * the client was listed with this provider on the service date, as billing knew it at report time.
 */
export type ServiceRecorded = {
  type: 'ServiceRecorded';
  data: {
    providerId: string;
    providerSideId: string;
    personRef: PersonRef;
    serviceType: ServiceType;
    date: LocalDate;
    stationId: string;
    noShow: boolean;
    listedAtReport: boolean;
  };
};

/**
 * The service arrived after its month's settlement was approved, as billing knew it at report time:
 * the provider learns at once that it will be paid as an adjustment. What the settlement pays is
 * decided by position (isLateService), which also covers a report that raced an approval.
 */
export type AdjustmentRecorded = {
  type: 'AdjustmentRecorded';
  data: { providerId: string; providerSideId: string; correctsMonth: YearMonth; serviceType: ServiceType };
};

export type ServiceEvent = ServiceRecorded | AdjustmentRecorded;

/** A row that passed validateServiceRow; `listed` and `monthApproved` are decided by the caller from billing's read model. */
export type ServiceCommand = {
  type: 'RecordService';
  providerId: string;
  providerSideId: string;
  personRef: PersonRef;
  serviceType: ServiceType;
  date: LocalDate;
  stationId: string;
  noShow: boolean;
  listed: boolean;
  /** The settlement of the service's month was approved when the report came. */
  monthApproved: boolean;
  /** The business date of the report: a service cannot be reported before it happens. */
  today: LocalDate;
};

export interface ServiceState {
  providerId: string | null;
  /** Services recorded, by provider-side id: a re-sent row must match the service its id names. */
  recorded: ReadonlyMap<string, ServiceRecorded['data']>;
}

const initialState = (): ServiceState => ({ providerId: null, recorded: new Map() });

/** What makes a row the same service; `listedAtReport` is billing's knowledge, not the provider's. */
const IDENTITY = ['personRef', 'serviceType', 'date', 'stationId', 'noShow'] as const;

function decide(c: ServiceCommand, s: ServiceState): ServiceEvent[] {
  if (c.type !== 'RecordService') return assertNever(c.type);
  if (s.providerId !== null && s.providerId !== c.providerId) {
    throw new DomainError(
      'WRONG_PROVIDER',
      `this stream holds services of ${s.providerId}`,
      { providerId: s.providerId, commandProviderId: c.providerId },
      'conflict',
    );
  }
  if (!c.providerSideId?.trim()) throw new DomainError('MISSING_PROVIDER_SIDE_ID', 'providerSideId is required', {}, 'validation');
  if (!(SERVICE_TYPES as readonly string[]).includes(c.serviceType))
    throw new DomainError(
      'UNKNOWN_SERVICE_TYPE',
      `serviceType must be one of ${SERVICE_TYPES.join(', ')}`,
      { serviceType: c.serviceType },
      'validation',
    );
  if (LocalDate.isValid(c.date) && c.date > c.today)
    throw new DomainError(
      'FUTURE_DATE',
      `a service cannot be reported before it happens (today is ${c.today})`,
      { date: c.date, today: c.today },
      'validation',
    );
  const date = parseDateBetween('date', c.date, EARLIEST_BILLING_DATE, c.today);
  const recorded = s.recorded.get(c.providerSideId);
  if (recorded) {
    const differs = IDENTITY.filter((k) => recorded[k] !== c[k]);
    // The same row again is a duplicate (idempotent). Another service under a known id is not: it
    // must not be dropped as a duplicate nor charged to whoever the new row names. The details name
    // what was recorded (never the person) so the provider can find its mistake.
    if (differs.length === 0) return [];
    throw new DomainError(
      'SERVICE_ID_CONFLICT',
      `providerSideId ${c.providerSideId} is already recorded for another service (${recorded.serviceType} on ${recorded.date}); send a new id for a new service`,
      {
        providerSideId: c.providerSideId,
        recordedDate: recorded.date,
        recordedServiceType: recorded.serviceType,
        differingFields: differs,
      },
      'conflict',
    );
  }
  const events: ServiceEvent[] = [
    {
      type: 'ServiceRecorded',
      data: {
        providerId: c.providerId,
        providerSideId: c.providerSideId,
        personRef: c.personRef,
        serviceType: c.serviceType,
        date,
        stationId: c.stationId,
        noShow: c.noShow,
        listedAtReport: c.listed,
      },
    },
  ];
  if (c.monthApproved)
    events.push({
      type: 'AdjustmentRecorded',
      data: {
        providerId: c.providerId,
        providerSideId: c.providerSideId,
        correctsMonth: YearMonth.ofDate(date),
        serviceType: c.serviceType,
      },
    });
  return events;
}

function evolve(s: ServiceState, e: ServiceEvent): ServiceState {
  switch (e.type) {
    case 'ServiceRecorded':
      return { providerId: e.data.providerId, recorded: new Map([...s.recorded, [e.data.providerSideId, e.data]]) };
    case 'AdjustmentRecorded':
      return s;
    default:
      return assertNever(e);
  }
}

export const serviceDecider: Decider<ServiceCommand, ServiceEvent, ServiceState> = { decide, evolve, initialState };

/**
 * One stream per reported service, named by the provider-side id, so a row reported again meets
 * an existing stream (append with no_stream) without reading the provider's whole history, and the
 * category ('service') is the text before the first dash. The id is base64url so any characters a
 * provider uses are safe in a stream id.
 */
export const serviceStream = (providerId: string, providerSideId: string): string => `service-${providerId}:${base64url(providerSideId)}`;

/** UTF-8 → base64url without node's Buffer, so the domain stays free of node APIs. */
function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    if (b !== undefined) out += alphabet[(n >> 6) & 63]!;
    if (c !== undefined) out += alphabet[n & 63]!;
  }
  return out;
}
