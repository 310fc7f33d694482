import type { EntityManager } from 'typeorm';
import { accountYear, type FeeLedgerLine } from '@luotsi/billing-domain';
import type { LocalDate } from '@luotsi/kernel';

export interface YearlyFeeRun {
  year: number;
  accounts: number;
  visits: number;
  corrections: number;
  chargedCents: number;
  countedCents: number;
  capsReached: number;
  /** Accounts whose ledger does not agree with the date-order fold (with up to 100 of their ids): should be none. */
  mismatchedAccounts: number;
  mismatched: string[];
}

/**
 * The yearly client-fee run over billing's read model: every account's ledger of a year, in pages
 * of whole accounts (keyset on the account, so memory stays one page whatever the county's size),
 * each checked by accountYear, and the county's totals. A page that ends inside an account leaves
 * that account to the next page.
 */
export async function yearlyClientFeeRun(em: EntityManager, year: number, pageRows = 20_000): Promise<YearlyFeeRun> {
  const run: YearlyFeeRun = {
    year,
    accounts: 0,
    visits: 0,
    corrections: 0,
    chargedCents: 0,
    countedCents: 0,
    capsReached: 0,
    mismatchedAccounts: 0,
    mismatched: [],
  };
  let after = '';
  for (;;) {
    const rows = (await em.query(
      `SELECT account_ref, person_ref, visit_id, to_char(visit_date, 'YYYY-MM-DD') AS visit_date, service_type, kind,
              list_price_cents, amount_cents, counts_toward_cap, cap_cents, moved_to_account_ref
         FROM bl_client_fee_lines WHERE year = $1 AND account_ref > $2 ORDER BY account_ref, position LIMIT $3`,
      [year, after, pageRows],
    )) as Array<Record<string, unknown>>;
    if (rows.length === 0) return run;
    let page = rows;
    if (rows.length === pageRows) {
      const last = rows.at(-1)!['account_ref'] as string;
      const whole = rows.filter((r) => r['account_ref'] !== last);
      // One account larger than a page is read whole on its own.
      page =
        whole.length > 0
          ? whole
          : ((await em.query(
              `SELECT account_ref, person_ref, visit_id, to_char(visit_date, 'YYYY-MM-DD') AS visit_date, service_type, kind,
                      list_price_cents, amount_cents, counts_toward_cap, cap_cents, moved_to_account_ref
                 FROM bl_client_fee_lines WHERE year = $1 AND account_ref = $2 ORDER BY position`,
              [year, last],
            )) as Array<Record<string, unknown>>);
    }
    let start = 0;
    for (let i = 1; i <= page.length; i++) {
      if (i < page.length && page[i]!['account_ref'] === page[start]!['account_ref']) continue;
      const account = page[start]!['account_ref'] as string;
      const result = accountYear(year, page.slice(start, i).map(lineOf));
      run.accounts += 1;
      run.visits += result.visits;
      run.corrections += result.corrections;
      run.chargedCents += result.chargedCents;
      run.countedCents += result.countedCents;
      if (result.capReachedOn) run.capsReached += 1;
      if (result.mismatches.length > 0) {
        run.mismatchedAccounts += 1;
        if (run.mismatched.length < 100) run.mismatched.push(account);
      }
      start = i;
    }
    after = page.at(-1)!['account_ref'] as string;
  }
}

const lineOf = (r: Record<string, unknown>): FeeLedgerLine => ({
  kind: r['kind'] as FeeLedgerLine['kind'],
  personRef: r['person_ref'] as string,
  visitId: r['visit_id'] as string,
  date: r['visit_date'] as LocalDate,
  serviceType: r['service_type'] as string,
  listPriceCents: Number(r['list_price_cents']),
  amountCents: Number(r['amount_cents']),
  countsTowardCap: r['counts_toward_cap'] as boolean,
  capCents: r['cap_cents'] === null ? null : Number(r['cap_cents']),
  movedToAccountRef: (r['moved_to_account_ref'] as string | null) ?? null,
});
