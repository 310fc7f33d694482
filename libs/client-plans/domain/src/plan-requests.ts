import { assertNever, DomainError, LocalDate, type Decider } from '@luotsi/kernel';
import { checkId } from './text-rules';
import { SEGMENTS, isOneOf, type Segment } from './vocabulary';

export const REQUEST_ROUTES = ['service-need-assessment', 'named-professional', 'named-service'] as const;
export type RequestRoute = (typeof REQUEST_ROUTES)[number];
export const HEAVY_USE_TRIGGERS = ['frequent-visits', 'missed-appointments'] as const;
export type HeavyUseTrigger = (typeof HEAVY_USE_TRIGGERS)[number];

/**
 * Where plans come from: contact intake routes a contact to a service-need assessment or a named
 * professional or service (a plan request), or flags a heavy user (a suggestion of intensive
 * guidance with a named guide). Both are kept per person on `planrequest-<personRef>`, apart from
 * the plan's own stream, so that the plan itself is still created once on a stream that does not
 * yet exist. A worker acts on the requests: creating the plan, or adding to the existing one.
 */
export type PlanRequestCommand =
  | {
      type: 'RecordPlanRequest';
      personRef: string;
      contactId: string;
      municipality: string;
      route: RequestRoute;
      destination: string | null;
      segment: Segment | null;
      requestedOn: LocalDate;
    }
  | {
      type: 'RecordHeavyUseFlag';
      personRef: string;
      trigger: HeavyUseTrigger;
      count: number;
      windowFrom: LocalDate;
      windowTo: LocalDate;
      flaggedOn: LocalDate;
      /** The county's named guide for intensive guidance (configuration), or null when none is named. */
      suggestedGuide: { subject: string; name: string } | null;
    };

export type PlanRequestEvent =
  | {
      type: 'PlanRequested';
      data: {
        personRef: string;
        contactId: string;
        municipality: string;
        route: RequestRoute;
        destination: string | null;
        segment: Segment | null;
        requestedOn: LocalDate;
      };
    }
  | {
      type: 'IntensiveGuidanceSuggested';
      data: {
        personRef: string;
        trigger: HeavyUseTrigger;
        count: number;
        windowFrom: LocalDate;
        windowTo: LocalDate;
        flaggedOn: LocalDate;
        suggestedGuide: { subject: string; name: string } | null;
      };
    };

export interface PlanRequestState {
  contactIds: string[];
  flags: string[];
  municipality: string | null;
  segment: Segment | null;
}

export const planRequestStream = (personRef: string): string => `planrequest-${personRef}`;

const bad = (field: string): never => {
  throw new DomainError('INVALID_PLAN_REQUEST', `${field} is missing or malformed`, { field }, 'validation');
};

export const planRequestDecider: Decider<PlanRequestCommand, PlanRequestEvent, PlanRequestState> = {
  initialState: () => ({ contactIds: [], flags: [], municipality: null, segment: null }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordPlanRequest': {
        checkId('contactId', command.contactId);
        if (!/^\d{3}$/.test(command.municipality)) bad('municipality');
        if (!isOneOf(REQUEST_ROUTES, command.route)) bad('route');
        if (command.destination !== null && (typeof command.destination !== 'string' || command.destination.length > 200))
          bad('destination');
        if (command.segment !== null && !isOneOf(SEGMENTS, command.segment)) bad('segment');
        if (!LocalDate.isValid(command.requestedOn)) bad('requestedOn');
        // One contact asks once: a second delivery (or a re-routing of the same contact) adds nothing.
        if (state.contactIds.includes(command.contactId)) return [];
        const { type: _t, ...data } = command;
        return [{ type: 'PlanRequested', data }];
      }
      case 'RecordHeavyUseFlag': {
        if (!isOneOf(HEAVY_USE_TRIGGERS, command.trigger)) bad('trigger');
        if (!Number.isInteger(command.count) || command.count < 1 || command.count > 10_000) bad('count');
        for (const f of ['windowFrom', 'windowTo', 'flaggedOn'] as const) if (!LocalDate.isValid(command[f])) bad(f);
        if (command.windowTo < command.windowFrom) bad('windowTo');
        const key = `${command.trigger}:${command.windowFrom}:${command.windowTo}`;
        if (state.flags.includes(key)) return [];
        const { type: _t, ...data } = command;
        return [{ type: 'IntensiveGuidanceSuggested', data }];
      }
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'PlanRequested':
        return {
          ...state,
          contactIds: [...state.contactIds, event.data.contactId],
          municipality: event.data.municipality,
          segment: event.data.segment ?? state.segment,
        };
      case 'IntensiveGuidanceSuggested':
        return { ...state, flags: [...state.flags, `${event.data.trigger}:${event.data.windowFrom}:${event.data.windowTo}`] };
      default:
        return assertNever(event);
    }
  },
};
