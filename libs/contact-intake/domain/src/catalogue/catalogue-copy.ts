import type { Decider, LocalDate } from '@luotsi/kernel';

/**
 * Contact intake's own copy of the catalogue's services, learned from the catalogue's public
 * events only (never its tables): enough to route a contact to a named service — the names, the
 * arranger, the municipalities, the channels — by version, valid from a date, and the withdrawal.
 */
export interface KnownServiceVersion {
  serviceId: string;
  validFrom: LocalDate;
  names: { fi: string | null; sv: string | null; en: string | null };
  arrangingOrganisation: string | null;
  municipalities: string[];
  channelIds: string[];
}

export type CatalogueCopyEvent =
  | { type: 'CatalogueServiceLearned'; data: KnownServiceVersion }
  | { type: 'CatalogueServiceWithdrawalLearned'; data: { serviceId: string; withdrawnFrom: LocalDate } };

export type CatalogueCopyCommand =
  | { type: 'LearnServiceVersion'; version: KnownServiceVersion }
  | { type: 'LearnServiceWithdrawal'; serviceId: string; withdrawnFrom: LocalDate };

export interface CatalogueCopyState {
  versions: KnownServiceVersion[];
  withdrawnFrom: LocalDate | null;
}

export const catalogueCopyStream = (serviceId: string): string => `ciservice-${serviceId}`;

/** A version or withdrawal already known (a redelivery, or a replay of the catalogue's topic) changes nothing. */
export const catalogueCopyDecider: Decider<CatalogueCopyCommand, CatalogueCopyEvent, CatalogueCopyState> = {
  initialState: () => ({ versions: [], withdrawnFrom: null }),
  decide(c, s) {
    if (c.type === 'LearnServiceWithdrawal') {
      if (s.withdrawnFrom === c.withdrawnFrom) return [];
      return [{ type: 'CatalogueServiceWithdrawalLearned', data: { serviceId: c.serviceId, withdrawnFrom: c.withdrawnFrom } }];
    }
    const same = s.versions.find((v) => v.validFrom === c.version.validFrom);
    if (same && JSON.stringify(same) === JSON.stringify(c.version)) return [];
    return [{ type: 'CatalogueServiceLearned', data: c.version }];
  },
  evolve(s, e) {
    if (e.type === 'CatalogueServiceWithdrawalLearned') return { ...s, withdrawnFrom: e.data.withdrawnFrom };
    const versions = [...s.versions.filter((v) => v.validFrom !== e.data.validFrom), e.data].sort((a, b) =>
      a.validFrom.localeCompare(b.validFrom),
    );
    return { ...s, versions };
  },
};

/**
 * The version in force on a day: the latest valid from that day or before, unless the service is
 * withdrawn by then (a later version supersedes the earlier ones from its date on).
 */
export function serviceInForce(s: CatalogueCopyState, on: LocalDate): KnownServiceVersion | null {
  if (s.withdrawnFrom !== null && s.withdrawnFrom <= on) return null;
  const current = s.versions.filter((v) => v.validFrom <= on);
  return current[current.length - 1] ?? null;
}
