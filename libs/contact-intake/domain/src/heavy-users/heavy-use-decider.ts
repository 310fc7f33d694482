import { assertNever, LocalDate, type Decider, type PersonRef } from '@luotsi/kernel';
import type { IntakePolicy } from '../config/policy';
import type { HeavyUseFlag, HeavyUseTrigger } from '../contact/contact-events';

/**
 * Primary-care service types as billing names them: the "about ten visits or bookings a year" of
 * the Tampere pilot's shared-client triggers counts these. A social-guidance meeting is not primary
 * care, but its missed appointments count toward the missed-appointment trigger.
 */
export const PRIMARY_CARE_TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit'];

/** A service billing recorded (its public service-recorded event), as this context keeps it. */
export interface ObservedService {
  serviceKey: string;
  date: LocalDate;
  serviceType: string;
  noShow: boolean;
}

export type HeavyUseEvent =
  | { type: 'ServiceObserved'; data: ObservedService & { personRef: PersonRef } }
  | { type: 'HeavyUseTriggered'; data: HeavyUseFlag & { personRef: PersonRef; threshold: number; windowDays: number } }
  | { type: 'TriggersShown'; data: { personRef: PersonRef; triggerIds: string[]; contactId: string } };

export type HeavyUseCommand =
  | {
      type: 'ObserveService';
      personRef: PersonRef;
      service: ObservedService;
      policy: Pick<IntakePolicy, 'frequentVisits' | 'missedAppointments'>;
    }
  | { type: 'MarkShown'; personRef: PersonRef; triggerIds: string[]; contactId: string };

export interface HeavyUseState {
  services: ReadonlyMap<string, ObservedService>;
  triggers: readonly (HeavyUseFlag & { shown: boolean })[];
}

const initialState = (): HeavyUseState => ({ services: new Map(), triggers: [] });

/** Rows of the window ending on `to` (inclusive, `days` long) that the trigger counts. */
function countIn(
  services: Iterable<ObservedService>,
  trigger: HeavyUseTrigger,
  to: LocalDate,
  days: number,
): { count: number; from: LocalDate } {
  const from = LocalDate.addDays(to, -(days - 1));
  let count = 0;
  for (const s of services) {
    if (s.date < from || s.date > to) continue;
    if (trigger === 'frequent-visits' ? PRIMARY_CARE_TYPES.includes(s.serviceType) : s.noShow) count++;
  }
  return { count, from };
}

function decide(c: HeavyUseCommand, s: HeavyUseState): HeavyUseEvent[] {
  switch (c.type) {
    case 'ObserveService': {
      if (s.services.has(c.service.serviceKey)) return [];
      const events: HeavyUseEvent[] = [{ type: 'ServiceObserved', data: { ...c.service, personRef: c.personRef } }];
      const all = [...s.services.values(), c.service];
      const rules: Array<[HeavyUseTrigger, { count: number; windowDays: number }]> = [
        ['frequent-visits', c.policy.frequentVisits],
        ['missed-appointments', c.policy.missedAppointments],
      ];
      for (const [trigger, rule] of rules) {
        // Billing's rows arrive in any order (one partition per service): the new row counts in every
        // window that holds it, so the windows ending on its date and on each later date known within
        // the window are checked, earliest first.
        const last = LocalDate.addDays(c.service.date, rule.windowDays - 1);
        const ends = [...new Set([c.service.date, ...all.map((x) => x.date).filter((d) => d > c.service.date && d <= last)])].sort();
        const hit = ends.map((to) => ({ to, ...countIn(all, trigger, to, rule.windowDays) })).find((w) => w.count >= rule.count);
        if (!hit) continue;
        const { to, count, from } = hit;
        // One flag per window: a trigger whose window reaches into this one has already said it.
        const previous = s.triggers.filter((t) => t.trigger === trigger).some((t) => t.windowTo >= from);
        if (previous) continue;
        events.push({
          type: 'HeavyUseTriggered',
          data: {
            personRef: c.personRef,
            trigger,
            count,
            windowFrom: from,
            windowTo: to,
            triggerId: `${trigger}:${to}`,
            threshold: rule.count,
            windowDays: rule.windowDays,
          },
        });
      }
      return events;
    }
    case 'MarkShown': {
      const pending = c.triggerIds.filter((id) => s.triggers.some((t) => t.triggerId === id && !t.shown));
      return pending.length === 0
        ? []
        : [{ type: 'TriggersShown', data: { personRef: c.personRef, triggerIds: pending, contactId: c.contactId } }];
    }
    default:
      return assertNever(c);
  }
}

function evolve(s: HeavyUseState, e: HeavyUseEvent): HeavyUseState {
  switch (e.type) {
    case 'ServiceObserved': {
      const { personRef: _p, ...service } = e.data;
      return { ...s, services: new Map([...s.services, [service.serviceKey, service]]) };
    }
    case 'HeavyUseTriggered': {
      const { trigger, count, windowFrom, windowTo, triggerId } = e.data;
      return { ...s, triggers: [...s.triggers, { trigger, count, windowFrom, windowTo, triggerId, shown: false }] };
    }
    case 'TriggersShown':
      return { ...s, triggers: s.triggers.map((t) => (e.data.triggerIds.includes(t.triggerId) ? { ...t, shown: true } : t)) };
    default:
      return assertNever(e);
  }
}

export const heavyUseDecider: Decider<HeavyUseCommand, HeavyUseEvent, HeavyUseState> = { decide, evolve, initialState };

export const heavyUseStream = (personRef: string): string => `ciheavy-${personRef}`;

/** The triggers not yet shown on a contact. */
export const pendingFlags = (s: HeavyUseState): HeavyUseFlag[] => s.triggers.filter((t) => !t.shown).map(({ shown: _s, ...flag }) => flag);
