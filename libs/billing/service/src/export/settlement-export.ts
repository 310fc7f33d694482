import { Money, type YearMonth } from '@luotsi/kernel';
import type { SettlementLine } from '@luotsi/billing-domain';
import type { SettlementView } from '../read-model/billing-read-model';

export type CsvLocale = 'en' | 'fi' | 'sv';

const COLUMNS = [
  'provider_id',
  'month',
  'status',
  'line',
  'age_band',
  'sex',
  'need_coefficient',
  'service_type',
  'corrects_month',
  'quantity',
  'unit_cents',
  'amount_cents',
  'unit_eur',
  'amount_eur',
];

function cells(line: SettlementLine): Record<string, string | number> {
  const quantity = line.kind === 'capitation' ? line.clients : line.count;
  return {
    line: line.kind,
    age_band: line.kind === 'capitation' ? line.ageBand : '',
    sex: line.kind === 'capitation' ? (line.sex ?? '') : '',
    need_coefficient: line.kind === 'capitation' ? line.needCoefficient : '',
    // A voucher line names its voucher type in the service column (its `line` says which it is), so
    // the file keeps the columns the counties' payment systems read.
    service_type:
      line.kind === 'capitation'
        ? ''
        : line.kind === 'voucher' || line.kind === 'voucher-adjustment'
          ? line.voucherTypeId
          : line.serviceType,
    corrects_month: line.kind === 'adjustment' || line.kind === 'voucher-adjustment' ? line.correctsMonth : '',
    quantity,
    unit_cents: line.unitCents,
    amount_cents: line.amountCents,
    unit_eur: Money.toEuros(line.unitCents),
    amount_eur: Money.toEuros(line.amountCents),
  };
}

/**
 * The settlement as finance opens it in a spreadsheet: one row per line, a total row per provider
 * and a grand total; cents for exact sums, euros for reading. `fi` and `sv` (Finland's spreadsheets
 * in either language) use semicolons and decimal commas.
 */
export function settlementCsv(month: YearMonth, settlements: readonly SettlementView[], locale: CsvLocale = 'en'): string {
  const comma = locale === 'fi' || locale === 'sv';
  const sep = comma ? ';' : ',';
  const fmt = (v: string | number) => {
    const text = comma && typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? v.replace('.', ',') : String(v);
    return /["\n;,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows: string[] = [COLUMNS.join(sep)];
  const row = (values: Record<string, string | number>) => rows.push(COLUMNS.map((c) => fmt(values[c] ?? '')).join(sep));
  let grand = 0;
  for (const s of settlements) {
    for (const line of s.figures.lines) row({ provider_id: s.providerId, month, status: s.status, ...cells(line) });
    row({
      provider_id: s.providerId,
      month,
      status: s.status,
      line: 'total',
      amount_cents: s.figures.totalCents,
      amount_eur: Money.toEuros(s.figures.totalCents),
    });
    grand += s.figures.totalCents;
  }
  row({ provider_id: 'ALL', month, line: 'grand-total', amount_cents: grand, amount_eur: Money.toEuros(grand) });
  return rows.join('\r\n') + '\r\n';
}

/** The part of a settlement paid for voucher visits (this month's and late ones), so exports can be reconciled with the vouchers. */
export const voucherCentsOf = (lines: readonly SettlementLine[]): number =>
  lines.filter((l) => l.kind === 'voucher' || l.kind === 'voucher-adjustment').reduce((a, l) => a + l.amountCents, 0);

export function settlementJson(month: YearMonth, settlements: readonly SettlementView[]) {
  const providers = settlements.map((s) => ({
    providerId: s.providerId,
    status: s.status,
    calculatedBy: s.calculatedBy,
    approvedBy: s.approvedBy,
    inputPosition: s.figures.inputPosition,
    unlistedServices: s.figures.unlistedServices,
    lines: s.figures.lines,
    voucherCents: voucherCentsOf(s.figures.lines),
    totalCents: s.figures.totalCents,
  }));
  return { month, providers, grandTotalCents: providers.reduce((a, p) => a + p.totalCents, 0) };
}
