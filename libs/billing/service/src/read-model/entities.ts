import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SettlementFigures } from '@luotsi/billing-domain';

// billing's read-model tables, created by read-model/migrations.ts and written by the projection in
// SQL; TypeORM maps them for the simple queries only (the settlement aggregates stay SQL).

@Entity({ name: 'bl_stations' })
export class StationRow {
  @PrimaryColumn('text', { name: 'station_id' }) stationId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
}

@Entity({ name: 'bl_listings' })
export class ListingRow {
  @PrimaryColumn('text', { name: 'person_ref' }) personRef!: string;
  @PrimaryColumn('text', { name: 'source_event_id' }) sourceEventId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('date', { name: 'effective_from' }) effectiveFrom!: string;
  @Column('date', { name: 'effective_to', nullable: true }) effectiveTo!: string | null;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text') sex!: string;
}

@Entity({ name: 'bl_services' })
export class ServiceRow {
  @PrimaryColumn('text', { name: 'stream_id' }) streamId!: string;
  @Column('text', { name: 'provider_id' }) providerId!: string;
  @Column('text', { name: 'provider_side_id' }) providerSideId!: string;
  @Column('text', { name: 'person_ref' }) personRef!: string;
  @Column('text', { name: 'service_type' }) serviceType!: string;
  @Column('date', { name: 'service_date' }) serviceDate!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('boolean', { name: 'no_show' }) noShow!: boolean;
  @Column('bigint', { name: 'global_position' }) globalPosition!: string;
  @Column('text', { name: 'adjusted_in', nullable: true }) adjustedIn!: string | null;
}

@Entity({ name: 'bl_rates' })
export class RateRow {
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('date', { name: 'valid_from' }) validFrom!: string;
  @Column('jsonb') data!: unknown;
}

@Entity({ name: 'bl_settlements' })
export class SettlementRow {
  @PrimaryColumn('text', { name: 'provider_id' }) providerId!: string;
  @PrimaryColumn('text') month!: string;
  @Column('text') status!: 'draft' | 'approved' | 'exported';
  @Column('jsonb') figures!: SettlementFigures;
  @Column('bigint', { name: 'total_cents' }) totalCents!: string;
  @Column('text', { name: 'calculated_by' }) calculatedBy!: string;
  @Column('date', { name: 'calculated_on' }) calculatedOn!: string;
  @Column('text', { name: 'approved_by', nullable: true }) approvedBy!: string | null;
  @Column('date', { name: 'approved_on', nullable: true }) approvedOn!: string | null;
  @Column('integer') exports!: number;
}

@Entity({ name: 'bl_input_position' })
export class InputPositionRow {
  @PrimaryColumn('integer') id!: number;
  @Column('bigint') position!: string;
}

export const BILLING_ENTITIES = [StationRow, ListingRow, ServiceRow, RateRow, SettlementRow, InputPositionRow];
