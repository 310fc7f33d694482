import { Column, Entity, PrimaryColumn } from 'typeorm';

// The read-model tables, created by read-model/migrations.ts; TypeORM maps them for queries only.

@Entity({ name: 'pc_providers' })
export class ProviderRow {
  @PrimaryColumn('text', { name: 'provider_id' }) providerId!: string;
  @Column('text', { name: 'business_id' }) businessId!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('jsonb') timeline!: Array<{ from: string; status: string }>;
  @Column('date', { name: 'terminated_from', nullable: true }) terminatedFrom!: string | null;
  @Column('date', { name: 'clients_return_from', nullable: true }) clientsReturnFrom!: string | null;
  @Column('boolean', { name: 'returns_done' }) returnsDone!: boolean;
}

@Entity({ name: 'pc_stations' })
export class StationRow {
  @PrimaryColumn('text', { name: 'station_id' }) stationId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'street_address' }) streetAddress!: string;
  @Column('text', { name: 'postal_code' }) postalCode!: string;
  @Column('text', { name: 'municipality_code' }) municipalityCode!: string;
  @Column('jsonb') languages!: string[];
  @Column('jsonb') services!: string[];
  @Column('text', { name: 'opening_hours' }) openingHours!: string;
  @Column('text') accessibility!: string;
}

@Entity({ name: 'pc_residents' })
export class ResidentRow {
  @PrimaryColumn('text', { name: 'person_ref' }) personRef!: string;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text') sex!: string;
  @Column('text', { name: 'postal_code' }) postalCode!: string;
  @Column('text', { name: 'municipality_code' }) municipalityCode!: string;
  @Column('boolean') eligible!: boolean;
  @Column('date', { name: 'died_on', nullable: true }) diedOn!: string | null;
  @Column('date', { name: 'last_chosen_from', nullable: true }) lastChosenFrom!: string | null;
  @Column('text', { name: 'pending_request_id', nullable: true }) pendingRequestId!: string | null;
  @Column('text', { name: 'pending_station_id', nullable: true }) pendingStationId!: string | null;
  @Column('date', { name: 'pending_effective_from', nullable: true }) pendingEffectiveFrom!: string | null;
}

@Entity({ name: 'pc_listings' })
export class ListingRow {
  @PrimaryColumn('text', { name: 'person_ref' }) personRef!: string;
  @PrimaryColumn('integer', { name: 'started_revision' }) startedRevision!: number;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
  @Column('date', { name: 'effective_from' }) effectiveFrom!: string;
  @Column('date', { name: 'effective_to', nullable: true }) effectiveTo!: string | null;
  @Column('text') reason!: string;
  @Column('text', { name: 'end_reason', nullable: true }) endReason!: string | null;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text') sex!: string;
}

@Entity({ name: 'pc_switch_requests' })
export class SwitchRequestRow {
  @PrimaryColumn('text', { name: 'request_id' }) requestId!: string;
  @Column('text', { name: 'person_ref' }) personRef!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
  @Column('date', { name: 'effective_from' }) effectiveFrom!: string;
  @Column('date', { name: 'requested_on' }) requestedOn!: string;
  @Column('text') channel!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'previous_main_use', nullable: true }) previousMainUse!: string | null;
  @Column('integer', { name: 'age_at_request' }) ageAtRequest!: number;
  @Column('text') status!: string;
}

export const PROVIDER_CHOICE_ENTITIES = [ProviderRow, StationRow, ResidentRow, ListingRow, SwitchRequestRow];
