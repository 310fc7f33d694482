import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LocalDate } from '@luotsi/kernel';
import type { Subscription } from '@luotsi/messaging';
import { subscriptionToken } from '@luotsi/runtime';
import type { ChannelContent, ServiceContent } from '@luotsi/service-catalogue-domain';
import { runSearch, type SearchRequest, type SearchRow } from './catalogue-search';
import { SERVICE_CATALOGUE_PROJECTION_NAME } from './catalogue.projection';

export interface ChannelVersionRow {
  channelId: string;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  source: string;
  content: ChannelContent;
}
export interface ServiceVersionRow {
  serviceId: string;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  source: string;
  content: ServiceContent;
}

const asDate = (v: unknown): LocalDate | null => (v === null || v === undefined ? null : (String(v).slice(0, 10) as LocalDate));

/** Reads the catalogue's tables; `caughtUp` first makes them reflect everything the catalogue has recorded. */
@Injectable()
export class CatalogueReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(subscriptionToken(SERVICE_CATALOGUE_PROJECTION_NAME)) private readonly projection: Subscription,
  ) {}

  async caughtUp(): Promise<void> {
    await this.projection.caughtUp();
  }

  async search(request: SearchRequest): Promise<SearchRow[]> {
    const rows = await this.db.transaction((em) => runSearch(async (sql, params) => (await em.query(sql, params)) as SearchRow[], request));
    return rows.map((r) => ({ ...r, content: typeof r.content === 'string' ? JSON.parse(r.content) : r.content }));
  }

  /** Every version of a service (its timeline) and whether it is withdrawn. */
  async serviceTimeline(serviceId: string): Promise<{ versions: ServiceVersionRow[]; withdrawnFrom: LocalDate | null } | null> {
    const meta = (await this.db.query('SELECT withdrawn_from::text AS withdrawn_from FROM sc_services WHERE service_id = $1', [
      serviceId,
    ])) as Array<{
      withdrawn_from: unknown;
    }>;
    if (meta.length === 0) return null;
    const rows = (await this.db.query(
      'SELECT service_id, valid_from::text AS valid_from, valid_to::text AS valid_to, source, content FROM sc_service_versions WHERE service_id = $1 ORDER BY valid_from',
      [serviceId],
    )) as Array<Record<string, unknown>>;
    return {
      withdrawnFrom: asDate(meta[0]!.withdrawn_from),
      versions: rows.map((r) => ({
        serviceId: r['service_id'] as string,
        validFrom: asDate(r['valid_from'])!,
        validTo: asDate(r['valid_to']),
        source: r['source'] as string,
        content: (typeof r['content'] === 'string' ? JSON.parse(r['content']) : r['content']) as ServiceContent,
      })),
    };
  }

  async serviceOn(serviceId: string, on: LocalDate): Promise<ServiceVersionRow | null> {
    const timeline = await this.serviceTimeline(serviceId);
    return timeline?.versions.find((v) => v.validFrom <= on && (v.validTo === null || v.validTo >= on)) ?? null;
  }

  /** The versions of these channels valid on a date. */
  async channelsOn(channelIds: readonly string[], on: LocalDate): Promise<ChannelVersionRow[]> {
    if (channelIds.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT channel_id, valid_from::text AS valid_from, valid_to::text AS valid_to, source, content FROM sc_channel_versions
       WHERE channel_id = ANY($1::text[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date) ORDER BY channel_id`,
      [[...channelIds], on],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      channelId: r['channel_id'] as string,
      validFrom: asDate(r['valid_from'])!,
      validTo: asDate(r['valid_to']),
      source: r['source'] as string,
      content: (typeof r['content'] === 'string' ? JSON.parse(r['content']) : r['content']) as ChannelContent,
    }));
  }

  async channelTimeline(channelId: string): Promise<{ versions: ChannelVersionRow[]; withdrawnFrom: LocalDate | null } | null> {
    const meta = (await this.db.query('SELECT withdrawn_from::text AS withdrawn_from FROM sc_channels WHERE channel_id = $1', [
      channelId,
    ])) as Array<{
      withdrawn_from: unknown;
    }>;
    if (meta.length === 0) return null;
    const rows = (await this.db.query(
      'SELECT channel_id, valid_from::text AS valid_from, valid_to::text AS valid_to, source, content FROM sc_channel_versions WHERE channel_id = $1 ORDER BY valid_from',
      [channelId],
    )) as Array<Record<string, unknown>>;
    return {
      withdrawnFrom: asDate(meta[0]!.withdrawn_from),
      versions: rows.map((r) => ({
        channelId,
        validFrom: asDate(r['valid_from'])!,
        validTo: asDate(r['valid_to']),
        source: r['source'] as string,
        content: (typeof r['content'] === 'string' ? JSON.parse(r['content']) : r['content']) as ChannelContent,
      })),
    };
  }

  /** The services that list a channel on a date (a channel's page names them). */
  async servicesOfChannel(channelId: string, on: LocalDate): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT s.service_id FROM sc_service_channels l JOIN sc_service_versions s ON s.service_id = l.service_id AND s.valid_from = l.valid_from
       WHERE l.channel_id = $1 AND s.valid_from <= $2::date AND (s.valid_to IS NULL OR s.valid_to >= $2::date) ORDER BY 1`,
      [channelId, on],
    )) as Array<{ service_id: string }>;
    return rows.map((r) => r.service_id);
  }

  /** What the catalogue holds of a provider's stations now (from provider choice's events): their channel and service ids. */
  async providerRecords(
    providerId: string,
    on: LocalDate,
  ): Promise<{ channelIds: string[]; serviceIds: string[]; producerKind: string | null }> {
    const channels = (await this.db.query(
      `SELECT channel_id FROM sc_channel_versions WHERE source = 'provider-choice' AND organisation_id = $1
         AND (valid_to IS NULL OR valid_to >= $2::date) GROUP BY channel_id ORDER BY 1`,
      [providerId, on],
    )) as Array<{ channel_id: string }>;
    const services = (await this.db.query(
      `SELECT service_id FROM sc_service_versions WHERE source = 'provider-choice' AND service_id LIKE $1 AND (valid_to IS NULL OR valid_to >= $2::date)
       GROUP BY service_id ORDER BY 1`,
      [`pc-${providerId.replace(/[%_\\]/g, '\\$&')}--%`, on],
    )) as Array<{ service_id: string }>;
    const kind = (await this.db.query(
      `SELECT producer_kinds[1] AS kind FROM sc_service_versions WHERE source = 'provider-choice' AND service_id LIKE $1 ORDER BY valid_from DESC LIMIT 1`,
      [`pc-${providerId.replace(/[%_\\]/g, '\\$&')}--%`],
    )) as Array<{ kind: string | null }>;
    return {
      channelIds: channels.map((r) => r.channel_id),
      serviceIds: services.map((r) => r.service_id),
      producerKind: kind[0]?.kind ?? null,
    };
  }

  /** Routings to each service by municipality over a period (the planners' aggregate), busiest first. */
  async routingCounts(from: LocalDate, to: LocalDate, municipality: string | null) {
    const rows = (await this.db.query(
      `SELECT r.service_id, r.municipality, count(*)::int AS routings,
         (SELECT s.content->'names' FROM sc_service_versions s WHERE s.service_id = r.service_id ORDER BY s.valid_from DESC LIMIT 1) AS names
       FROM sc_routings r WHERE r.routed_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR r.municipality = $3::text)
       GROUP BY r.service_id, r.municipality ORDER BY routings DESC, r.service_id, r.municipality`,
      [from, to, municipality],
    )) as Array<{ service_id: string; municipality: string; routings: number; names: unknown }>;
    return rows.map((r) => ({
      serviceId: r.service_id,
      municipality: r.municipality,
      routings: Number(r.routings),
      names: (typeof r.names === 'string' ? JSON.parse(r.names) : (r.names ?? {})) as Record<string, string>,
    }));
  }
}
