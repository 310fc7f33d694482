import { DomainError, LocalDate } from '@luotsi/kernel';
import type { FeedEventData, FeedEventName } from './feed-events';

/**
 * The quarterly municipality report: aggregates of one municipality's own feed over a quarter
 * (as the seeds' structural social work reports every three months). Only counts and sums, and a
 * count of 1–4 is suppressed (shown as null / "<5"), so no person can be singled out.
 */
export const SMALL_COUNT_LIMIT = 5;

export interface Quarter {
  /** `2027-Q1` */
  id: string;
  from: LocalDate;
  to: LocalDate;
  /** The first day of each of the quarter's months: the days list sizes are counted on. */
  firstDays: LocalDate[];
}

export function parseQuarter(value: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (!m)
    throw new DomainError(
      'INVALID_QUARTER',
      `a quarter is written YYYY-Qn, n 1–4: ${JSON.stringify(value.slice(0, 16))}`,
      {},
      'validation',
    );
  const year = Number(m[1]);
  const q = Number(m[2]);
  if (year < 2000 || year > 2199)
    throw new DomainError('INVALID_QUARTER', 'the year of a quarter must be 2000–2199', { year }, 'validation');
  const from = LocalDate.of(year, (q - 1) * 3 + 1, 1);
  const firstDays = [0, 1, 2].map((i) => LocalDate.addMonths(from, i));
  return { id: value, from, to: LocalDate.endOfMonth(firstDays[2]!), firstDays };
}

/** The quarter a date falls in, and the one before it. */
export const quarterOf = (d: LocalDate): string => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
export const previousQuarter = (id: string): string => {
  const q = parseQuarter(id);
  return quarterOf(LocalDate.addDays(q.from, -1));
};

/** One event of the municipality's feed as the report reads it. */
export interface ReportInput {
  type: FeedEventName;
  /** When the fact was recorded (ISO instant): plans by status are as of the quarter's end. */
  time: string;
  data: unknown;
}

/** A count after suppression: null when 1–4. */
export type Suppressed = number | null;
const suppress = (n: number): Suppressed => (n > 0 && n < SMALL_COUNT_LIMIT ? null : n);

export interface QuarterReport {
  municipality: string;
  quarter: string;
  from: string;
  to: string;
  suppression: string;
  listSizes: Array<{ date: string; byProvider: Record<string, Suppressed>; total: Suppressed }>;
  switches: Suppressed;
  contacts: { planRequestsByRoute: Record<string, Suppressed>; frequentContactsByTrigger: Record<string, Suppressed> };
  plansByStatus: Record<string, Suppressed>;
  clientFees: { count: Suppressed; collectedCents: number | null };
}

interface Interval {
  providerId: string;
  from: string;
  /** Last day listed (inclusive); null while open. */
  to: string | null;
}

const dayBefore = (d: string): string => LocalDate.addDays(LocalDate.parse(d), -1);

/** Folds the feed, in order, into the report of one quarter. */
export function quarterReport(municipality: string, quarterId: string, feed: Iterable<ReportInput>): QuarterReport {
  const q = parseQuarter(quarterId);
  const inQuarter = (d: string) => d >= q.from && d <= q.to;
  const endInstant = LocalDate.startOfDayInstant(LocalDate.addDays(q.to, 1)).toISOString();
  const intervals = new Map<string, Interval[]>();
  const open = (p: string, providerId: string, from: string) => {
    close(p, dayBefore(from));
    const list = intervals.get(p) ?? [];
    list.push({ providerId, from, to: null });
    intervals.set(p, list);
  };
  const close = (p: string, to: string) => {
    const last = intervals.get(p)?.at(-1);
    if (last && last.to === null) last.to = to < last.from ? dayBefore(last.from) : to;
  };
  let switches = 0;
  const routes: Record<string, number> = {};
  const triggers: Record<string, number> = {};
  const plans = new Map<string, { status: string; version: number }>();
  let fees = 0;
  let feeCents = 0;

  for (const e of feed) {
    switch (e.type) {
      case 'listing-started': {
        const d = e.data as FeedEventData['listing-started'];
        open(d.personRef, d.providerId, d.effectiveFrom);
        if (d.reason === 'choice' && inQuarter(d.effectiveFrom)) switches += 1;
        break;
      }
      case 'listing-ended': {
        const d = e.data as FeedEventData['listing-ended'];
        close(d.personRef, d.effectiveTo);
        break;
      }
      case 'resident-moved-in': {
        const d = e.data as FeedEventData['resident-moved-in'];
        if (d.listing) open(d.personRef, d.listing.providerId, d.movedInOn);
        break;
      }
      case 'resident-moved-out': {
        const d = e.data as FeedEventData['resident-moved-out'];
        close(d.personRef, dayBefore(d.movedOutOn));
        break;
      }
      case 'resident-died': {
        const d = e.data as FeedEventData['resident-died'];
        close(d.personRef, d.diedOn);
        break;
      }
      case 'client-plan-requested': {
        const d = e.data as FeedEventData['client-plan-requested'];
        if (inQuarter(d.requestedOn)) routes[d.route] = (routes[d.route] ?? 0) + 1;
        break;
      }
      case 'frequent-contact-flagged': {
        const d = e.data as FeedEventData['frequent-contact-flagged'];
        if (inQuarter(d.flaggedOn)) triggers[d.trigger] = (triggers[d.trigger] ?? 0) + 1;
        break;
      }
      case 'client-plan-status': {
        const d = e.data as FeedEventData['client-plan-status'];
        const known = plans.get(d.planId);
        if (e.time < endInstant && (!known || d.version >= known.version)) plans.set(d.planId, { status: d.status, version: d.version });
        break;
      }
      case 'client-fee-collected': {
        const d = e.data as FeedEventData['client-fee-collected'];
        if (inQuarter(d.date)) {
          fees += 1;
          feeCents += d.chargedCents;
        }
        break;
      }
      case 'resident-registered':
      case 'service-delivered':
      case 'service-published':
      case 'service-changed':
      case 'service-withdrawn':
        // The catalogue's services are not in the report: they are the municipality's own, not its residents' use.
        break;
    }
  }

  const listSizes = q.firstDays.map((day) => {
    const byProvider: Record<string, number> = {};
    let total = 0;
    for (const list of intervals.values())
      for (const i of list)
        if (i.from <= day && (i.to === null || i.to >= day)) {
          byProvider[i.providerId] = (byProvider[i.providerId] ?? 0) + 1;
          total += 1;
        }
    return { date: day, byProvider: mapValues(byProvider, suppress), total: suppress(total) };
  });
  const byStatus: Record<string, number> = {};
  for (const p of plans.values()) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  return {
    municipality,
    quarter: q.id,
    from: q.from,
    to: q.to,
    suppression: `counts from 1 to ${SMALL_COUNT_LIMIT - 1} are suppressed (null; "<${SMALL_COUNT_LIMIT}" in CSV)`,
    listSizes,
    switches: suppress(switches),
    contacts: { planRequestsByRoute: mapValues(routes, suppress), frequentContactsByTrigger: mapValues(triggers, suppress) },
    plansByStatus: mapValues(byStatus, suppress),
    clientFees: { count: suppress(fees), collectedCents: suppress(fees) === null ? null : feeCents },
  };
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, f(v)]),
  );

/** The report as CSV: one row per figure, `section,key,date,value`; a suppressed value is `<5`. */
export function quarterReportCsv(r: QuarterReport): string {
  const rows: string[][] = [['section', 'key', 'date', 'value']];
  const v = (n: number | null) => (n === null ? `<${SMALL_COUNT_LIMIT}` : String(n));
  for (const s of r.listSizes) {
    for (const [provider, n] of Object.entries(s.byProvider)) rows.push(['list-size', provider, s.date, v(n)]);
    rows.push(['list-size', 'total', s.date, v(s.total)]);
  }
  rows.push(['switches', 'choice', '', v(r.switches)]);
  for (const [route, n] of Object.entries(r.contacts.planRequestsByRoute)) rows.push(['plan-requests', route, '', v(n)]);
  for (const [trigger, n] of Object.entries(r.contacts.frequentContactsByTrigger)) rows.push(['frequent-contacts', trigger, '', v(n)]);
  for (const [status, n] of Object.entries(r.plansByStatus)) rows.push(['plans', status, '', v(n)]);
  rows.push(['client-fees', 'count', '', v(r.clientFees.count)]);
  rows.push([
    'client-fees',
    'collected-cents',
    '',
    r.clientFees.collectedCents === null ? `<${SMALL_COUNT_LIMIT}` : String(r.clientFees.collectedCents),
  ]);
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
