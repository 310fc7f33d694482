import { DomainError, LocalDate, PersonRef, hasIdentityCodeShape } from '@luotsi/kernel';
import {
  HEAVY_USE_TRIGGERS,
  REQUEST_ROUTES,
  SEGMENTS,
  isOneOf,
  type HeavyUseTrigger,
  type RequestRoute,
  type Segment,
} from '@luotsi/client-plans-domain';

/**
 * Contact intake's public events that client plans reads, in client plans' own types (a tolerant
 * reader of the contract agreed up front): only the fields needed are checked and taken; fields a
 * newer version adds are ignored. Client plans imports no code of contact intake.
 */
export const CONTACT_INTAKE_EVENT_TYPES = {
  planRequested: 'fi.luotsi.contact-intake.plan-requested.v1',
  heavyUserFlagged: 'fi.luotsi.contact-intake.heavy-user-flagged.v1',
} as const;

export interface PlanRequestedV1 {
  contactId: string;
  personRef: string;
  municipality: string;
  route: RequestRoute;
  destination: string | null;
  segment: Segment | null;
  requestedOn: LocalDate;
}

export interface HeavyUserFlaggedV1 {
  personRef: string;
  trigger: HeavyUseTrigger;
  count: number;
  windowFrom: LocalDate;
  windowTo: LocalDate;
  flaggedOn: LocalDate;
}

type Data = Record<string, unknown>;

/** A malformed event names the field, never its value: it may carry anything. */
function invalid(type: string, field: string): never {
  throw new DomainError('INVALID_PUBLIC_EVENT', `${type}: ${field} is missing or malformed`, { type, field }, 'validation');
}
const text = (type: string, d: Data, field: string, max = 100): string => {
  const v = d[field];
  return typeof v === 'string' && v.length > 0 && v.length <= max && !hasIdentityCodeShape(v) ? v : invalid(type, field);
};
const date = (type: string, d: Data, field: string): LocalDate =>
  typeof d[field] === 'string' && LocalDate.isValid(d[field] as string) ? LocalDate.parse(d[field] as string) : invalid(type, field);
const personRef = (type: string, d: Data): string => {
  const v = d['personRef'];
  return typeof v === 'string' && PersonRef.isValid(v) ? v : invalid(type, 'personRef');
};

export type ContactIntakeEvent =
  { kind: 'plan-requested'; data: PlanRequestedV1 } | { kind: 'heavy-user-flagged'; data: HeavyUserFlaggedV1 };

/** A CloudEvent of contact intake → what it says for plans, or null for the events plans have no use for. */
export function readContactIntakeEvent(event: { type: string; data: unknown }): ContactIntakeEvent | null {
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  switch (event.type) {
    case CONTACT_INTAKE_EVENT_TYPES.planRequested: {
      const municipality = text(event.type, d, 'municipality', 3);
      if (!/^\d{3}$/.test(municipality)) invalid(event.type, 'municipality');
      const route = isOneOf(REQUEST_ROUTES, d['route']) ? d['route'] : invalid(event.type, 'route');
      const destination = d['destination'] === null || d['destination'] === undefined ? null : text(event.type, d, 'destination', 200);
      const segment =
        d['segment'] === null || d['segment'] === undefined
          ? null
          : isOneOf(SEGMENTS, d['segment'])
            ? d['segment']
            : invalid(event.type, 'segment');
      return {
        kind: 'plan-requested',
        data: {
          contactId: text(event.type, d, 'contactId'),
          personRef: personRef(event.type, d),
          municipality,
          route,
          destination,
          segment,
          requestedOn: date(event.type, d, 'requestedOn'),
        },
      };
    }
    case CONTACT_INTAKE_EVENT_TYPES.heavyUserFlagged: {
      const trigger = isOneOf(HEAVY_USE_TRIGGERS, d['trigger']) ? d['trigger'] : invalid(event.type, 'trigger');
      const count = d['count'];
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) invalid(event.type, 'count');
      return {
        kind: 'heavy-user-flagged',
        data: {
          personRef: personRef(event.type, d),
          trigger,
          count: count as number,
          windowFrom: date(event.type, d, 'windowFrom'),
          windowTo: date(event.type, d, 'windowTo'),
          flaggedOn: date(event.type, d, 'flaggedOn'),
        },
      };
    }
    default:
      return null;
  }
}
