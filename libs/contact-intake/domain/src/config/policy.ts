import { DomainError } from '@luotsi/kernel';

/**
 * The county's intake policy: every threshold and window the rules and figures use. Configuration,
 * set by the county as an event; the defaults are the (and the industry's usual) examples.
 */
export interface IntakePolicy {
  /** Contacts of one person within this many days are linked, across channels. */
  linkWindowDays: number;
  /** A contact for the same reason within this many days of an earlier one is its repeat (FCR). */
  repeatWindowDays: number;
  /** An abandon after at most this many seconds of waiting is a short abandon. */
  shortAbandonSeconds: number;
  /** Y of service level X/Y: answered within this many seconds (of open-hours waiting). */
  serviceLevelSeconds: number;
  /** X of service level X/Y: the target share in percent, reported beside the figure. */
  serviceLevelTargetPercent: number;
  /** Heavy use: at least `count` primary-care visits or bookings within `windowDays`. */
  frequentVisits: { count: number; windowDays: number };
  /** Heavy use: at least `count` missed appointments (no-show rows) within `windowDays`. */
  missedAppointments: { count: number; windowDays: number };
}

export const DEFAULT_POLICY: IntakePolicy = {
  linkWindowDays: 30,
  repeatWindowDays: 7,
  shortAbandonSeconds: 5,
  serviceLevelSeconds: 20,
  serviceLevelTargetPercent: 80,
  frequentVisits: { count: 10, windowDays: 365 },
  missedAppointments: { count: 3, windowDays: 30 },
};

const whole = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new DomainError('INVALID_POLICY', `${field} must be a whole number from ${min} to ${max}`, { field, min, max }, 'validation');
  return value;
};

export function validatePolicy(p: IntakePolicy): IntakePolicy {
  return {
    linkWindowDays: whole(p.linkWindowDays, 'linkWindowDays', 0, 366),
    repeatWindowDays: whole(p.repeatWindowDays, 'repeatWindowDays', 1, 366),
    shortAbandonSeconds: whole(p.shortAbandonSeconds, 'shortAbandonSeconds', 0, 600),
    serviceLevelSeconds: whole(p.serviceLevelSeconds, 'serviceLevelSeconds', 1, 3600),
    serviceLevelTargetPercent: whole(p.serviceLevelTargetPercent, 'serviceLevelTargetPercent', 1, 100),
    frequentVisits: {
      count: whole(p.frequentVisits?.count, 'frequentVisits.count', 1, 1000),
      windowDays: whole(p.frequentVisits?.windowDays, 'frequentVisits.windowDays', 1, 732),
    },
    missedAppointments: {
      count: whole(p.missedAppointments?.count, 'missedAppointments.count', 1, 1000),
      windowDays: whole(p.missedAppointments?.windowDays, 'missedAppointments.windowDays', 1, 732),
    },
  };
}
