import { Money, type LocalDate, type PersonRef } from '@luotsi/kernel';
import { statementLines, type ClientFeeEvent, type ServiceType } from '@luotsi/billing-domain';
import type { FeeLineRow } from '../read-model/billing-read-model';
import type { CsvLocale } from './settlement-export';

/** Read-model rows (in the order they were made) → the events they came from, so the statement has one home (statementLines). */
function eventsOf(rows: readonly FeeLineRow[]): ClientFeeEvent[] {
  const net = new Map<string, number>();
  return rows.map((r): ClientFeeEvent => {
    const key = `${r.accountRef}|${r.visitId}`;
    const base = {
      personRef: r.personRef as PersonRef,
      year: r.year,
      visitId: r.visitId,
      date: r.visitDate,
      serviceType: r.serviceType as ServiceType,
      countsTowardCap: r.countsTowardCap,
    };
    net.set(key, (net.get(key) ?? 0) + r.amountCents);
    if (r.kind === 'charge')
      return {
        type: 'ClientFeeCharged',
        data: {
          ...base,
          accountRef: r.accountRef as PersonRef,
          listPriceCents: r.listPriceCents,
          chargedCents: r.amountCents,
          accumulatedCents: r.accumulatedCents ?? 0,
        },
      };
    return {
      type: 'ClientFeeCorrected',
      data: {
        ...base,
        accountRef: r.accountRef as PersonRef,
        kind: r.kind,
        amountCents: r.amountCents,
        netChargedCents: net.get(key)!,
        causedByVisitId: r.causedByVisitId ?? '',
        ...(r.movedToAccountRef !== null ? { movedToAccountRef: r.movedToAccountRef as PersonRef } : {}),
      },
    };
  });
}

/**
 * A person's yearly client-fee statement: every visit in date order — their own, wherever counted,
 * and, on a guardian's statement, the visits of the minors counted with them — with what was
 * charged, every correction, and whether each counts toward the cap. The cap figures are the
 * person's own account's; `countedWith` names the other accounts their visits joined and where
 * those caps were reached, but not those accounts' totals (a child does not see a guardian's fees).
 */
export function clientFeeStatement(
  personRef: string,
  year: number,
  rows: readonly FeeLineRow[],
  caps: Map<string, { reachedOn: LocalDate; capCents: number }>,
) {
  const lines = statementLines(eventsOf(rows));
  const own = lines.filter((l) => l.accountRef === personRef);
  const cap = caps.get(personRef) ?? null;
  const others = [...new Set(lines.filter((l) => l.accountRef !== personRef).map((l) => l.accountRef))].sort();
  return {
    personRef,
    year,
    lines,
    totalChargedCents: lines.reduce((a, l) => a + l.netChargedCents, 0),
    accumulatedTowardCapCents: own.filter((l) => l.countsTowardCap).reduce((a, l) => a + l.netChargedCents, 0),
    capReachedOn: cap?.reachedOn ?? null,
    capCents: cap?.capCents ?? null,
    countedWith: others.map((accountRef) => ({ accountRef, capReachedOn: caps.get(accountRef)?.reachedOn ?? null })),
  };
}

const COLUMNS = [
  'account_ref',
  'person_ref',
  'year',
  'visit_id',
  'visit_date',
  'service_type',
  'line',
  'corrects_visit_id',
  'caused_by_visit_id',
  'moved_to_account_ref',
  'counts_toward_cap',
  'list_price_cents',
  'amount_cents',
  'amount_eur',
];

/**
 * A year's client-fee lines for the county's invoicing: every charge and every correction (a refund
 * or a further charge, naming the visit it corrects and the late visit that caused it), each saying
 * whether it counts toward the cap; an account's lines together, in the order they were made, so an
 * invoice run can take what is new. Cents for sums, euros for reading; fi and sv as in settlements.
 */
export function clientFeeCsv(year: number, rows: readonly FeeLineRow[], locale: CsvLocale = 'en'): string {
  const comma = locale === 'fi' || locale === 'sv';
  const sep = comma ? ';' : ',';
  const fmt = (v: string | number | boolean) => {
    const text = comma && typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? v.replace('.', ',') : String(v);
    return /["\n;,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const out: string[] = [COLUMNS.join(sep)];
  const row = (values: Record<string, string | number | boolean>) => out.push(COLUMNS.map((c) => fmt(values[c] ?? '')).join(sep));
  let total = 0;
  for (const r of rows) {
    row({
      account_ref: r.accountRef,
      person_ref: r.personRef,
      year: r.year,
      visit_id: r.visitId,
      visit_date: r.visitDate,
      service_type: r.serviceType,
      line: r.kind,
      corrects_visit_id: r.kind === 'charge' ? '' : r.visitId,
      caused_by_visit_id: r.causedByVisitId ?? '',
      moved_to_account_ref: r.movedToAccountRef ?? '',
      counts_toward_cap: r.countsTowardCap,
      list_price_cents: r.listPriceCents,
      amount_cents: r.amountCents,
      amount_eur: Money.toEuros(r.amountCents),
    });
    total += r.amountCents;
  }
  row({ account_ref: 'ALL', year, line: 'total', amount_cents: total, amount_eur: Money.toEuros(total) });
  return out.join('\r\n') + '\r\n';
}

export function clientFeeJson(year: number, rows: readonly FeeLineRow[]) {
  return {
    year,
    lines: rows.map((r) => ({
      accountRef: r.accountRef,
      personRef: r.personRef,
      visitId: r.visitId,
      visitDate: r.visitDate,
      serviceType: r.serviceType,
      line: r.kind,
      correctsVisitId: r.kind === 'charge' ? null : r.visitId,
      causedByVisitId: r.causedByVisitId,
      movedToAccountRef: r.movedToAccountRef,
      countsTowardCap: r.countsTowardCap,
      listPriceCents: r.listPriceCents,
      amountCents: r.amountCents,
    })),
    totalCents: rows.reduce((a, r) => a + r.amountCents, 0),
  };
}
