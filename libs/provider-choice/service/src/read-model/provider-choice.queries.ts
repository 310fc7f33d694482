import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { DomainError, LocalDate, YearMonth } from '@luotsi/kernel';
import { earliestSwitchDate } from '@luotsi/provider-choice-domain';
import { ListingRow, ProviderRow, ResidentRow, StationRow, SwitchRequestRow } from './entities';

const AGE_BANDS: Array<[string, number, number]> = [
  ['0-17', 0, 17],
  ['18-24', 18, 24],
  ['25-34', 25, 34],
  ['35-44', 35, 44],
  ['45-54', 45, 54],
  ['55-64', 55, 64],
  ['65-74', 65, 74],
  ['75+', 75, 200],
];

/** Reads provider choice's read models: what residents, guidance workers and the county ask. */
@Injectable()
export class ProviderChoiceQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async providers() {
    const providers = await this.db.getRepository(ProviderRow).find({ order: { providerId: 'ASC' } });
    const stations = await this.db.getRepository(StationRow).find({ order: { stationId: 'ASC' } });
    return providers.map((p) => ({ ...p, stations: stations.filter((s) => s.providerId === p.providerId) }));
  }

  async provider(providerId: string) {
    const found = (await this.providers()).find((p) => p.providerId === providerId);
    if (!found) throw new DomainError('PROVIDER_NOT_FOUND', `no provider ${providerId}`, { providerId }, 'not_found');
    return found;
  }

  /** A resident's listing now, the upcoming one, the next possible switch date and the history. */
  async residentListing(personRef: string, today: LocalDate, switchPeriodMonths: number) {
    const resident = await this.db.getRepository(ResidentRow).findOneBy({ personRef });
    if (!resident) throw new DomainError('RESIDENT_NOT_FOUND', 'no resident with this person reference', { personRef }, 'not_found');
    const history = await this.db
      .getRepository(ListingRow)
      .find({ where: { personRef }, order: { effectiveFrom: 'ASC', startedRevision: 'ASC' } });
    const current = history.find((l) => l.effectiveFrom <= today && (l.effectiveTo === null || l.effectiveTo >= today)) ?? null;
    const upcomingListing = history.find((l) => l.effectiveFrom > today) ?? null;
    const pending = resident.pendingRequestId
      ? await this.db.getRepository(SwitchRequestRow).findOneBy({ requestId: resident.pendingRequestId })
      : null;
    const lastChosenFrom = resident.lastChosenFrom ? LocalDate.parse(resident.lastChosenFrom) : null;
    const canSwitch = resident.eligible && !resident.diedOn;
    return {
      personRef,
      eligible: canSwitch,
      current: current && view(current),
      upcoming: pending
        ? {
            stationId: pending.stationId,
            providerId: pending.providerId,
            effectiveFrom: pending.effectiveFrom,
            requestId: pending.requestId,
            status: 'pending',
          }
        : upcomingListing && { ...view(upcomingListing), status: 'scheduled' },
      nextPossibleSwitchDate: canSwitch ? earliestSwitchDate({ lastChosenFrom }, today, switchPeriodMonths) : null,
      history: history.map(view),
    };
  }

  /** Who is listed with a provider (optionally one station) on a date, paged by personRef. */
  async listedOn(providerId: string, date: LocalDate, page: { stationId?: string; after?: string; limit: number }) {
    const qb = this.db
      .getRepository(ListingRow)
      .createQueryBuilder('l')
      .where('l.provider_id = :providerId', { providerId })
      .andWhere('l.effective_from <= :date AND (l.effective_to IS NULL OR l.effective_to >= :date)', { date })
      .orderBy('l.person_ref', 'ASC')
      .limit(page.limit + 1);
    if (page.stationId) qb.andWhere('l.station_id = :stationId', { stationId: page.stationId });
    if (page.after) qb.andWhere('l.person_ref > :after', { after: page.after });
    const rows = await qb.getMany();
    const items = rows.slice(0, page.limit).map((l) => ({
      personRef: l.personRef,
      stationId: l.stationId,
      listedFrom: l.effectiveFrom,
      reason: l.reason,
      birthDate: l.birthDate,
      sex: l.sex,
    }));
    return { providerId, date, items, nextPage: rows.length > page.limit ? items[items.length - 1]!.personRef : null };
  }

  /** List sizes per provider and station on the first day of a month. */
  async listSizes(month: YearMonth) {
    const date = YearMonth.firstDay(month);
    const rows = (await this.db
      .getRepository(ListingRow)
      .createQueryBuilder('l')
      .select('l.provider_id', 'providerId')
      .addSelect('l.station_id', 'stationId')
      .addSelect('count(*)', 'clients')
      .where('l.effective_from <= :date AND (l.effective_to IS NULL OR l.effective_to >= :date)', { date })
      .groupBy('l.provider_id')
      .addGroupBy('l.station_id')
      .orderBy('l.provider_id')
      .addOrderBy('l.station_id')
      .getRawMany()) as Array<{ providerId: string; stationId: string; clients: string | number }>;
    const providers = new Map<string, { providerId: string; clients: number; stations: Array<{ stationId: string; clients: number }> }>();
    for (const r of rows) {
      const p = providers.get(r.providerId) ?? { providerId: r.providerId, clients: 0, stations: [] };
      p.clients += Number(r.clients);
      p.stations.push({ stationId: r.stationId, clients: Number(r.clients) });
      providers.set(r.providerId, p);
    }
    return { month, date, providers: [...providers.values()], total: [...providers.values()].reduce((a, p) => a + p.clients, 0) };
  }

  /** The pilot's monthly report: switches that took effect in the month, by age band, reason, channel and previous main use. */
  async switchStatistics(month: YearMonth) {
    const from = YearMonth.firstDay(month);
    const to = YearMonth.lastDay(month);
    const rows = await this.db
      .getRepository(SwitchRequestRow)
      .createQueryBuilder('s')
      .where('s.effective_from BETWEEN :from AND :to', { from, to })
      .andWhere(`s.status = 'effective'`)
      .getMany();
    const requested = await this.db
      .getRepository(SwitchRequestRow)
      .createQueryBuilder('s')
      .where('s.requested_on BETWEEN :from AND :to', { from, to })
      .getCount();
    const cancelled = await this.db
      .getRepository(SwitchRequestRow)
      .createQueryBuilder('s')
      .where('s.requested_on BETWEEN :from AND :to', { from, to })
      .andWhere(`s.status = 'cancelled'`)
      .getCount();
    const count = (key: (r: SwitchRequestRow) => string) =>
      rows.reduce<Record<string, number>>((acc, r) => ((acc[key(r)] = (acc[key(r)] ?? 0) + 1), acc), {});
    const band = (age: number) => AGE_BANDS.find(([, lo, hi]) => age >= lo && age <= hi)![0];
    return {
      month,
      switchesEffective: rows.length,
      requestsMade: requested,
      requestsCancelled: cancelled,
      byAgeBand: count((r) => band(r.ageAtRequest)),
      byReason: count((r) => r.reason),
      byChannel: count((r) => r.channel),
      byPreviousMainUse: count((r) => r.previousMainUse ?? 'not-given'),
      byProvider: count((r) => r.providerId),
    };
  }

  async duePendingSwitches(today: LocalDate): Promise<Array<{ personRef: string; stationId: string }>> {
    return this.db
      .getRepository(ResidentRow)
      .createQueryBuilder('r')
      .select('r.person_ref', 'personRef')
      .addSelect('r.pending_station_id', 'stationId')
      .where('r.pending_effective_from <= :today', { today })
      .orderBy('r.person_ref')
      .getRawMany<{ personRef: string; stationId: string }>();
  }

  async terminationsDue(today: LocalDate): Promise<Array<{ providerId: string; clientsReturnFrom: LocalDate }>> {
    const rows = await this.db
      .getRepository(ProviderRow)
      .createQueryBuilder('p')
      .where('p.clients_return_from <= :today AND p.returns_done = false', { today })
      .getMany();
    return rows.map((p) => ({ providerId: p.providerId, clientsReturnFrom: LocalDate.parse(p.clientsReturnFrom!) }));
  }

  /** Residents whose listing with a provider is still open (or pending to it), with their postal code. */
  async personsListedWith(providerId: string, onOrAfter: LocalDate): Promise<Array<{ personRef: string; postalCode: string }>> {
    const qb = this.db.getRepository(ResidentRow).createQueryBuilder('r');
    const stations = qb.subQuery().select('s.station_id').from(StationRow, 's').where('s.provider_id = :providerId').getQuery();
    const listed = qb
      .subQuery()
      .select('1')
      .from(ListingRow, 'l')
      .where('l.person_ref = r.person_ref')
      .andWhere('l.provider_id = :providerId')
      .andWhere('(l.effective_to IS NULL OR l.effective_to >= :onOrAfter)')
      .getQuery();
    return qb
      .select('r.person_ref', 'personRef')
      .addSelect('r.postal_code', 'postalCode')
      .where(`r.pending_station_id IN ${stations}`)
      .orWhere(`EXISTS ${listed}`)
      .setParameters({ providerId, onOrAfter })
      .orderBy('r.person_ref')
      .getRawMany<{ personRef: string; postalCode: string }>();
  }

  /** The provider of each of these station ids that the read model knows. */
  async stationProviders(stationIds: readonly string[]): Promise<Record<string, string>> {
    const rows = await this.db
      .getRepository(StationRow)
      .find({ select: { stationId: true, providerId: true }, where: { stationId: In([...stationIds]) } });
    return Object.fromEntries(rows.map((r) => [r.stationId, r.providerId]));
  }
}

function view(l: ListingRow) {
  return {
    stationId: l.stationId,
    providerId: l.providerId,
    effectiveFrom: l.effectiveFrom,
    effectiveTo: l.effectiveTo,
    reason: l.reason,
    endReason: l.endReason,
  };
}
