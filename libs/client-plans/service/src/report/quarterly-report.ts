import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, LocalDate } from '@luotsi/kernel';
import { AVAIN_DOMAINS, PLAN_STATUSES, SECTORS, SEGMENTS, planTScore, type PlanState, type Rho } from '@luotsi/client-plans-domain';

/** Counts below this are shown as "<5": a small municipality's figures must not point at a person. */
export const SUPPRESS_BELOW = 5;

export type Count = number | '<5';
export const suppress = (n: number): Count => (n > 0 && n < SUPPRESS_BELOW ? '<5' : n);

export interface QuarterlyReport {
  municipality: string;
  quarter: string;
  from: LocalDate;
  to: LocalDate;
  plans: Count;
  plansByStatus: Record<string, Count>;
  plansBySegment: Record<string, Count>;
  goalsByDomain: Record<string, Count>;
  servicesBySector: Record<string, Count>;
  /** Mean GAS T-score at the quarter's end over the plans with scored goals, and its change since the quarter began. */
  meanTScore: number | null;
  meanTScoreChange: number | null;
  scoredPlans: Count;
}

/** `2027-Q1` → its first and last day. */
export function quarterOf(value: string): { from: LocalDate; to: LocalDate } {
  const m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (!m) throw new DomainError('INVALID_QUARTER', 'quarter is YYYY-Qn, e.g. 2027-Q1', { parameter: 'quarter' }, 'validation');
  const year = Number(m[1]);
  const q = Number(m[2]);
  if (year < 2000 || year > 2100)
    throw new DomainError('INVALID_QUARTER', 'quarter is YYYY-Qn, e.g. 2027-Q1', { parameter: 'quarter' }, 'validation');
  const from = LocalDate.parse(`${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`);
  const to = LocalDate.endOfMonth(LocalDate.parse(`${year}-${String(q * 3).padStart(2, '0')}-01`));
  return { from, to };
}

const mean = (xs: number[]): number | null =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
const zeroes = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 0]));
const suppressAll = (r: Record<string, number>): Record<string, Count> =>
  Object.fromEntries(Object.entries(r).map(([k, n]) => [k, suppress(n)]));

/**
 * The quarterly report of structural social work, per municipality: aggregates only, from the
 * plans' read model. Plans that existed by the quarter's end, by their status then and their
 * segment; their goals by AVAIN domain; their services running in the quarter by sector; the mean
 * GAS T-score at the end and its change from the start (over plans scored at both). Every count
 * from 1 to 4 is "<5" (and the T-score means are withheld when fewer than 5 plans are scored).
 */
@Injectable()
export class QuarterlyReports {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(municipality: string, quarter: string, rho: Rho): Promise<QuarterlyReport> {
    if (!/^\d{3}$/.test(municipality))
      throw new DomainError('INVALID_MUNICIPALITY', 'municipality is a three-digit code', {}, 'validation');
    const { from, to } = quarterOf(quarter);
    const rows = (await this.db.query(
      `SELECT p.state, (SELECT s.status FROM cp_plan_statuses s WHERE s.person_ref = p.person_ref AND s.status_on <= $2
                        ORDER BY s.status_on DESC, s.revision DESC LIMIT 1) AS status_then
         FROM cp_plans p WHERE p.municipality = $1 AND p.created_on <= $2`,
      [municipality, to],
    )) as Array<{ state: PlanState | string; status_then: string | null }>;
    const byStatus = zeroes(PLAN_STATUSES);
    const bySegment: Record<string, number> = { ...zeroes(SEGMENTS), unknown: 0 };
    const byDomain = zeroes(AVAIN_DOMAINS);
    const bySector = zeroes(SECTORS);
    const atEnd: number[] = [];
    const changes: number[] = [];
    for (const row of rows) {
      const state = typeof row.state === 'string' ? (JSON.parse(row.state) as PlanState) : row.state;
      const plan = state.current!;
      byStatus[row.status_then ?? plan.status] = (byStatus[row.status_then ?? plan.status] ?? 0) + 1;
      bySegment[state.segment ?? 'unknown'] = (bySegment[state.segment ?? 'unknown'] ?? 0) + 1;
      for (const g of plan.goals) byDomain[g.domain] = (byDomain[g.domain] ?? 0) + 1;
      for (const s of plan.services)
        if (s.start <= to && (s.end === null || s.end >= from)) bySector[s.sector] = (bySector[s.sector] ?? 0) + 1;
      const end = planTScore(plan, rho, to);
      if (end === null) continue;
      atEnd.push(end);
      const start = plan.createdOn < from ? planTScore(plan, rho, LocalDate.addDays(from, -1)) : null;
      if (start !== null) changes.push(end - start);
    }
    const enough = atEnd.length >= SUPPRESS_BELOW;
    return {
      municipality,
      quarter,
      from,
      to,
      plans: suppress(rows.length),
      plansByStatus: suppressAll(byStatus),
      plansBySegment: suppressAll(bySegment),
      goalsByDomain: suppressAll(byDomain),
      servicesBySector: suppressAll(bySector),
      meanTScore: enough ? mean(atEnd) : null,
      meanTScoreChange: changes.length >= SUPPRESS_BELOW ? mean(changes) : null,
      scoredPlans: suppress(atEnd.length),
    };
  }
}

/** The report as CSV: one row per figure (section, key, value), `<5` where suppressed. */
export function reportCsv(r: QuarterlyReport): string {
  const lines = ['section,key,value'];
  const row = (section: string, key: string, value: Count | number | null) =>
    lines.push(`${section},${key},${value === null ? '' : String(value)}`);
  row('report', 'municipality', r.municipality as unknown as number);
  row('report', 'quarter', r.quarter as unknown as number);
  row('plans', 'total', r.plans);
  for (const [k, v] of Object.entries(r.plansByStatus)) row('plans-by-status', k, v);
  for (const [k, v] of Object.entries(r.plansBySegment)) row('plans-by-segment', k, v);
  for (const [k, v] of Object.entries(r.goalsByDomain)) row('goals-by-domain', k, v);
  for (const [k, v] of Object.entries(r.servicesBySector)) row('services-by-sector', k, v);
  row('gas', 'scored-plans', r.scoredPlans);
  row('gas', 'mean-t-score', r.meanTScore);
  row('gas', 'mean-t-score-change', r.meanTScoreChange);
  return lines.join('\r\n') + '\r\n';
}
