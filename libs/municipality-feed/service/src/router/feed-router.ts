import { Inject, Injectable } from '@nestjs/common';
import { identityCodePaths } from '@luotsi/kernel';
import { inTransaction, type SqlClient, type SqlPool } from '@luotsi/database';
import type { EventStore, NewEvent, StreamAppend } from '@luotsi/eventstore';
import { counterOf } from '@luotsi/eventstore';
import { EVENT_STORE, SQL_POOL } from '@luotsi/runtime';
import {
  personOf,
  routeBatch,
  serviceOf,
  UnreadableEvent,
  type FeedEntry,
  type InboundEvent,
  type ResidentState,
  type ServiceState,
} from '@luotsi/municipality-feed-domain';
import { feedStreamOf } from '@luotsi/municipality-feed-contracts';
import { feedEventId } from './feed-ids';

/** The event store's limit of events in one append. */
const MAX_APPEND = 1000;

export const routedEvents = () =>
  counterOf('luotsi_municipality_feed_routed_total', 'Feed events appended to a municipality feed by the router', ['municipality']);
export const unroutableEvents = () =>
  counterOf('luotsi_municipality_feed_unroutable_total', 'Inbound events the router could not read (dead-lettered)', ['type']);

export interface RouteOutcome {
  routed: number;
  duplicates: number;
  unreadable: Array<{ event: InboundEvent; error: UnreadableEvent }>;
}

/**
 * The router: the contexts' public events → the municipalities' feeds. For a batch it loads the
 * residents' states (and the catalogue services' municipalities) in one query each, routes in order
 * (pure, @luotsi/municipality-feed-domain), appends each municipality's entries to its feed stream
 * with ids derived from the source event (a redelivery appends nothing), then stores the states and marks the sources processed in one
 * transaction. A crash between the append and that transaction routes the batch again from the old
 * states, which gives the same entries and ids: nothing is lost or doubled. Batches run one at a
 * time in a process (one resident's events must see each other's state).
 */
@Injectable()
export class FeedRouter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    routedEvents();
    unroutableEvents();
  }

  /** Routes the events in order; the unreadable ones are returned (and recorded) for the caller to dead-letter. */
  route(events: readonly InboundEvent[]): Promise<RouteOutcome> {
    const run = this.queue.then(() => this.routeNow(events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async routeNow(events: readonly InboundEvent[]): Promise<RouteOutcome> {
    if (events.length === 0) return { routed: 0, duplicates: 0, unreadable: [] };
    const ids = events.map((e) => e.id);
    // The processed ids and the residents' states in parallel: one round trip less per batch.
    const people = [...new Set(events.map(personOf).filter((p): p is string => p !== null))];
    const catalogue = [...new Set(events.map(serviceOf).filter((s): s is string => s !== null))];
    const [processed, loaded, loadedServices] = await Promise.all([
      this.pool.query<{ event_id: string }>('SELECT event_id FROM mf_processed WHERE event_id = ANY($1::text[])', [ids]),
      this.loadStates(people),
      this.loadServices(catalogue),
    ]);
    const seen = new Set(processed.rows.map((r) => r.event_id));
    const firstIndex = new Map<string, number>();
    ids.forEach((id, i) => firstIndex.has(id) || firstIndex.set(id, i));
    const fresh = events.filter((e, i) => !seen.has(e.id) && firstIndex.get(e.id) === i);
    const { states, services, entries, unreadable } = routeBatch(fresh, loaded, loadedServices);

    // No identity code leaves through the feed, whatever a context put in its event.
    const safe = entries.filter((group) => {
      const leaks = group.entries.some((e) => identityCodePaths(e.data).length > 0);
      if (leaks) unreadable.push({ event: group.source, error: new UnreadableEvent(group.source.type, 'identity-code-shaped value') });
      return !leaks;
    });
    const appended = await this.append(safe);
    await inTransaction(this.pool, async (tx) => {
      await this.storeStates(tx, [...states.values()]);
      await this.storeServices(tx, [...services.values()]);
      for (const [municipality, head] of appended)
        await tx.query(
          `INSERT INTO mf_feeds (municipality, head_sequence) VALUES ($1, $2)
           ON CONFLICT (municipality) DO UPDATE SET head_sequence = GREATEST(mf_feeds.head_sequence, EXCLUDED.head_sequence)`,
          [municipality, head],
        );
      for (const u of unreadable)
        await tx.query('INSERT INTO mf_unroutable (event_id, type, field) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          u.event.id,
          u.event.type.slice(0, 200),
          u.error.field,
        ]);
      await tx.query('INSERT INTO mf_processed (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [fresh.map((e) => e.id)]);
    });
    for (const u of unreadable) unroutableEvents().inc({ type: u.event.type.slice(0, 100) });
    return { routed: safe.reduce((n, g) => n + g.entries.length, 0), duplicates: events.length - fresh.length, unreadable };
  }

  /** Appends each municipality's entries to its feed stream, in order; returns each feed's new head sequence. */
  private async append(groups: ReadonlyArray<{ source: InboundEvent; entries: FeedEntry[] }>): Promise<Map<string, number>> {
    const byMunicipality = new Map<string, NewEvent[]>();
    for (const { source, entries } of groups) {
      const counts = new Map<string, number>();
      for (const e of entries) {
        const n = counts.get(e.municipality) ?? 0;
        counts.set(e.municipality, n + 1);
        const list = byMunicipality.get(e.municipality) ?? [];
        list.push({
          eventId: feedEventId(source.id, e.municipality, n),
          type: e.type,
          data: e.data,
          metadata: { subject: e.subject, causationId: source.id, correlationId: source.id, sourceType: source.type },
        });
        byMunicipality.set(e.municipality, list);
      }
    }
    const heads = new Map<string, number>();
    // An append holds at most 1000 events: a feed that got more in this batch is appended in rounds, in order.
    for (let from = 0; ; from += MAX_APPEND) {
      const round = [...byMunicipality].filter(([, events]) => events.length > from);
      if (round.length === 0) return heads;
      const appends: StreamAppend[] = round.map(([m, events]) => ({
        streamId: feedStreamOf(m),
        events: events.slice(from, from + MAX_APPEND),
        expectedRevision: 'any',
      }));
      const outcomes = await this.store.appendMany(appends);
      outcomes.forEach((o, i) => {
        if (!o.ok) throw o.error;
        const m = round[i]![0];
        heads.set(m, o.result.nextExpectedRevision + 1);
        routedEvents().inc({ municipality: m }, appends[i]!.events.length);
      });
    }
  }

  private async loadStates(people: readonly string[]): Promise<Map<string, ResidentState>> {
    const map = new Map<string, ResidentState>();
    if (people.length === 0) return map;
    const { rows } = await this.pool.query<{
      person_ref: string;
      municipality: string | null;
      eligible: boolean;
      listing_provider: string | null;
      listing_station: string | null;
      listing_since: string | null;
      listing_municipality: string | null;
    }>(
      `SELECT person_ref, municipality, eligible, listing_provider, listing_station, listing_since::text AS listing_since, listing_municipality
       FROM mf_residents WHERE person_ref = ANY($1::text[])`,
      [people],
    );
    for (const r of rows)
      map.set(r.person_ref, {
        personRef: r.person_ref,
        municipality: r.municipality,
        eligible: r.eligible,
        listing:
          r.listing_provider && r.listing_station && r.listing_since && r.listing_municipality
            ? { providerId: r.listing_provider, stationId: r.listing_station, since: r.listing_since, municipality: r.listing_municipality }
            : null,
      });
    return map;
  }

  private async loadServices(ids: readonly string[]): Promise<Map<string, ServiceState>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ service_id: string; municipalities: string[] }>(
      'SELECT service_id, municipalities FROM mf_catalogue_services WHERE service_id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.service_id, { serviceId: r.service_id, municipalities: r.municipalities }]));
  }

  private async storeServices(tx: SqlClient, services: readonly ServiceState[]): Promise<void> {
    if (services.length === 0) return;
    // One row per service; text[][] cannot be unnested per row, so the lists travel as JSON.
    await tx.query(
      `INSERT INTO mf_catalogue_services (service_id, municipalities)
       SELECT s.id, ARRAY(SELECT jsonb_array_elements_text(s.m)) FROM unnest($1::text[], $2::jsonb[]) AS s(id, m)
       ON CONFLICT (service_id) DO UPDATE SET municipalities = EXCLUDED.municipalities`,
      [services.map((s) => s.serviceId), services.map((s) => JSON.stringify(s.municipalities))],
    );
  }

  private async storeStates(tx: SqlClient, states: readonly ResidentState[]): Promise<void> {
    if (states.length === 0) return;
    await tx.query(
      `INSERT INTO mf_residents (person_ref, municipality, eligible, listing_provider, listing_station, listing_since, listing_municipality)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::date[], $7::text[])
       ON CONFLICT (person_ref) DO UPDATE SET municipality = EXCLUDED.municipality, eligible = EXCLUDED.eligible,
         listing_provider = EXCLUDED.listing_provider, listing_station = EXCLUDED.listing_station,
         listing_since = EXCLUDED.listing_since, listing_municipality = EXCLUDED.listing_municipality`,
      [
        states.map((s) => s.personRef),
        states.map((s) => s.municipality),
        states.map((s) => s.eligible),
        states.map((s) => s.listing?.providerId ?? null),
        states.map((s) => s.listing?.stationId ?? null),
        states.map((s) => s.listing?.since ?? null),
        states.map((s) => s.listing?.municipality ?? null),
      ],
    );
  }
}
