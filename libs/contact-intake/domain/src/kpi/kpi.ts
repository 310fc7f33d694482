/**
 * The contact-centre figures, each with its exact definition (stated in the API and the docs with
 * these words). They are computed from counters kept per municipality, channel, language and
 * month of arrival (Europe/Helsinki), so a year of any size is a sum of a few hundred rows.
 */
export interface KpiCounters {
  offered: number;
  answered: number;
  answeredWithin: number;
  countedWaitSum: number;
  clockWaitSum: number;
  abandoned: number;
  abandonedShort: number;
  abandonedWithin: number;
  abandonedShortWithin: number;
  handled: number;
  handleSum: number;
  closed: number;
  resolved: number;
  routedAssessment: number;
  routedProfessional: number;
  routedService: number;
  decided: number;
  transfersRequested: number;
  transfersAccepted: number;
  transfersRejected: number;
  firstClosed: number;
  firstResolved: number;
  childWelfareNotifications: number;
  heavyUserFlags: number;
}

export const KPI_COUNTERS: readonly (keyof KpiCounters)[] = [
  'offered',
  'answered',
  'answeredWithin',
  'countedWaitSum',
  'clockWaitSum',
  'abandoned',
  'abandonedShort',
  'abandonedWithin',
  'abandonedShortWithin',
  'handled',
  'handleSum',
  'closed',
  'resolved',
  'routedAssessment',
  'routedProfessional',
  'routedService',
  'decided',
  'transfersRequested',
  'transfersAccepted',
  'transfersRejected',
  'firstClosed',
  'firstResolved',
  'childWelfareNotifications',
  'heavyUserFlags',
];

export const zeroCounters = (): KpiCounters => Object.fromEntries(KPI_COUNTERS.map((k) => [k, 0])) as unknown as KpiCounters;

export function addCounters(a: KpiCounters, b: KpiCounters): KpiCounters {
  const out = zeroCounters();
  for (const k of KPI_COUNTERS) out[k] = a[k] + b[k];
  return out;
}

export interface KpiParameters {
  serviceLevelSeconds: number;
  serviceLevelTargetPercent: number;
  shortAbandonSeconds: number;
  repeatWindowDays: number;
}

/** The definitions, word for word as the API and docs/contact-intake.md give them. */
export function kpiDefinitions(p: KpiParameters): Record<string, string> {
  const y = p.serviceLevelSeconds;
  const s = p.shortAbandonSeconds;
  return {
    contacts: 'Contacts offered: every contact that arrived in the month, any channel (a merged duplicate still counts: it was a contact).',
    averageSpeedOfAnswerSeconds: `ASA: the mean wait of answered phone and chat contacts, in seconds of the queue's opening hours (waiting outside opening hours and on public holidays does not count).`,
    averageSpeedOfAnswerClockSeconds: 'The same mean wait on the clock, including time outside opening hours.',
    serviceLevel: `Service level ${p.serviceLevelTargetPercent}/${y} (answered-only): phone and chat contacts answered within ${y} s of open-hours waiting ÷ answered phone and chat contacts. ${p.serviceLevelTargetPercent} % is the target.`,
    serviceLevelWithAbandoned: `Service level ${p.serviceLevelTargetPercent}/${y} (abandoned counted): (answered within ${y} s + abandoned within ${y} s) ÷ (answered + abandoned), phone and chat.`,
    serviceLevelWithAbandonedExcludingShort: `Service level ${p.serviceLevelTargetPercent}/${y} (abandoned counted, short abandons excluded): as the previous, leaving out abandons within ${s} s of waiting on the clock from both sides.`,
    abandonmentRate: 'Abandonment rate: abandoned ÷ offered, phone and chat contacts.',
    abandonmentRateExcludingShort: `Abandonment rate without short abandons: (abandoned − abandoned within ${s} s) ÷ (offered − abandoned within ${s} s), phone and chat.`,
    firstContactResolution: `First-contact resolution: first contacts resolved without a repeat contact for the same reason within ${p.repeatWindowDays} days ÷ first contacts closed. A first contact is one that is not a repeat (the same person and reason within ${p.repeatWindowDays} days of an earlier contact; an anonymous contact's repeats cannot be seen, so it is a first contact). Resolved means closed with advice; a routing (to a service-need assessment, a named professional or service) and a decision are not resolved. Live: a resolved contact still inside its window may yet be repeated.`,
    averageHandlingSeconds:
      'Handling time: talk + hold + after-contact work, from answer to close, ÷ contacts handled (answered and closed), any channel.',
    transfers:
      "Transfers to another municipality's guidance: requested, accepted (the receiver holds the contact) and rejected, by the contact's month of arrival.",
    routingsByDestination:
      'Closed contacts by outcome: resolved with advice, routed to a service-need assessment, to a named professional, to a named service, decided by an authority.',
  };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);
const mean = (sum: number, n: number): number | null => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);

export interface KpiFigures {
  contacts: number;
  averageSpeedOfAnswerSeconds: number | null;
  averageSpeedOfAnswerClockSeconds: number | null;
  serviceLevel: number | null;
  serviceLevelWithAbandoned: number | null;
  serviceLevelWithAbandonedExcludingShort: number | null;
  abandonmentRate: number | null;
  abandonmentRateExcludingShort: number | null;
  firstContactResolution: number | null;
  averageHandlingSeconds: number | null;
  transfers: { requested: number; accepted: number; rejected: number };
  routingsByDestination: {
    resolved: number;
    'service-need-assessment': number;
    'named-professional': number;
    'named-service': number;
    decided: number;
  };
  childWelfareNotifications: number;
  heavyUserFlags: number;
}

/**
 * The figures of summed counters: `all` over every channel asked for, `live` over the phone and
 * chat cells among them (answer times, service level and abandonment are about those only).
 */
export function kpiFigures(all: KpiCounters, live: KpiCounters): KpiFigures {
  const offeredLive = live.offered;
  return {
    contacts: all.offered,
    averageSpeedOfAnswerSeconds: mean(live.countedWaitSum, live.answered),
    averageSpeedOfAnswerClockSeconds: mean(live.clockWaitSum, live.answered),
    serviceLevel: ratio(live.answeredWithin, live.answered),
    serviceLevelWithAbandoned: ratio(live.answeredWithin + live.abandonedWithin, live.answered + live.abandoned),
    serviceLevelWithAbandonedExcludingShort: ratio(
      live.answeredWithin + live.abandonedWithin - live.abandonedShortWithin,
      live.answered + live.abandoned - live.abandonedShort,
    ),
    abandonmentRate: ratio(live.abandoned, offeredLive),
    abandonmentRateExcludingShort: ratio(live.abandoned - live.abandonedShort, offeredLive - live.abandonedShort),
    firstContactResolution: ratio(all.firstResolved, all.firstClosed),
    averageHandlingSeconds: mean(all.handleSum, all.handled),
    transfers: { requested: all.transfersRequested, accepted: all.transfersAccepted, rejected: all.transfersRejected },
    routingsByDestination: {
      resolved: all.resolved,
      'service-need-assessment': all.routedAssessment,
      'named-professional': all.routedProfessional,
      'named-service': all.routedService,
      decided: all.decided,
    },
    childWelfareNotifications: all.childWelfareNotifications,
    heavyUserFlags: all.heavyUserFlags,
  };
}
