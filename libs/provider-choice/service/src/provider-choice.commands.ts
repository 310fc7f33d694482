import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, decideAll, ID_GENERATOR, LocalDate, type Clock, type IdGenerator, type PersonRef } from '@luotsi/kernel';
import { executeCommand, loadState, WrongExpectedRevisionError, type EventMetadata, type EventStore, type NewEvent } from '@luotsi/eventstore';
import type { SqlPool } from '@luotsi/database';
import { EVENT_STORE, RUNTIME_CONFIG, SQL_POOL, type Actor, type RuntimeConfig } from '@luotsi/runtime';
import {
  AREA_STREAM, STATION_CLAIMS_STREAM, areaDecider, defaultStationOf, listingDecider, listingStream, providerDecider, providerStream, stationClaimsDecider,
  type AreaEvent, type ChoiceArea, type ListingCommand, type ListingEvent, type ProviderCommand, type StationOwners, type StationTarget,
} from '@luotsi/provider-choice-domain';
import { storedSchemaVersion, upcastStored } from '@luotsi/provider-choice-contracts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A provider command as a controller sends it: the station owners are looked up here. */
export type ProviderCommandInput = DistributiveOmit<ProviderCommand, 'stationOwners'>;

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  channel?: string;
  /** Ids for the events of this command; an Idempotency-Key makes them deterministic. */
  eventId?: (index: number) => string;
}

export type RowResult = { changed: boolean } | { error: unknown };
export type NewListingOutcome = { stale: true } | { stale: false; rows: RowResult[] };

/**
 * Runs provider choice's commands: looks up what a decision needs (the area, a station's provider
 * and its status history) from the event store itself, then read → decide → append.
 */
@Injectable()
export class ProviderChoiceCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  today(): LocalDate {
    return LocalDate.ofInstant(this.clock.now());
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  private options(ctx: CommandContext) {
    const metadata: EventMetadata = { correlationId: ctx.correlationId, actor: ctx.actor.label, ...(ctx.channel ? { channel: ctx.channel } : {}) };
    return { metadata, eventId: ctx.eventId ?? (() => this.ids.uuid()) };
  }

  private areaCache: { at: number; area: Promise<ChoiceArea> } | null = null;
  private readonly targetCache = new Map<string, { at: number; target: Promise<StationTarget | null> }>();

  /**
   * The area and the stations' provider status change rarely and are read by every switch, so they
   * are cached for configCacheMs (how long a process may reuse what it read, ADR 0005): a decision may see a county's change up to that late.
   */
  async area(): Promise<ChoiceArea> {
    const now = Date.now();
    if (!this.areaCache || now - this.areaCache.at > this.config.configCacheMs) this.areaCache = { at: now, area: this.readArea() };
    return this.areaCache.area;
  }

  private async readArea(): Promise<ChoiceArea> {
    const events = await this.store.readStream(AREA_STREAM);
    return events.map((e) => upcastStored(e) as AreaEvent).reduce(areaDecider.evolve, areaDecider.initialState()).area;
  }

  /**
   * The area's stream is stored at schema version 2 (an upcaster reads version 1), which the generic
   * executeCommand does not know about: read, upcast, decide, append with the revision read.
   */
  async configureArea(area: ChoiceArea, ctx: CommandContext): Promise<ChoiceArea> {
    const registeredStationIds: string[] = [];
    for (const { defaultStationId } of Object.values(area.postalCodes)) {
      if (await this.stationTarget(defaultStationId)) registeredStationIds.push(defaultStationId);
    }
    const { metadata, eventId } = this.options(ctx);
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(AREA_STREAM);
      const state = history.map((e) => upcastStored(e) as AreaEvent).reduce(areaDecider.evolve, areaDecider.initialState());
      const events = areaDecider.decide({ type: 'ConfigureArea', area, registeredStationIds, configuredBy: ctx.actor.label }, state);
      if (events.length === 0) return area;
      const last = history[history.length - 1];
      try {
        await this.store.append(AREA_STREAM, events.map((e, i) => ({ eventId: eventId(i), type: e.type, schemaVersion: storedSchemaVersion(e.type), data: e.data, metadata })), { expectedRevision: last ? last.revision : 'no_stream' });
        this.areaCache = null;
        return area;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 3) continue;
        throw error;
      }
    }
  }

  /**
   * Registrations and updates: the provider decider is asked first (a refusal writes nothing), then
   * the stations are claimed on the claims stream (race-safe, see station-claims.ts), then the
   * provider's events are appended. Claims taken for a write that then fails are given back.
   */
  async provider(input: ProviderCommandInput, ctx: CommandContext) {
    const { metadata, eventId } = this.options(ctx);
    this.targetCache.clear();
    const streamId = providerStream(input.providerId);
    if (input.type !== 'RegisterProvider' && input.type !== 'UpdateProvider') {
      return executeCommand(this.store, streamId, providerDecider, input as ProviderCommand, { metadata, eventId });
    }
    const stationIds = input.stations.map((s) => s.stationId);
    const command = { ...input, stationOwners: await this.stationOwners(stationIds) } as ProviderCommand;
    const { state } = await loadState(this.store, streamId, providerDecider);
    if (providerDecider.decide(command, state).length === 0) return executeCommand(this.store, streamId, providerDecider, command, { metadata, eventId });
    const claim = await executeCommand(this.store, STATION_CLAIMS_STREAM, stationClaimsDecider, { type: 'ClaimStations', providerId: input.providerId, stationIds }, { metadata, eventId: () => this.ids.uuid() });
    try {
      return await executeCommand(this.store, streamId, providerDecider, { ...command, stationOwners: claim.state.owners } as ProviderCommand, { metadata, eventId });
    } catch (error) {
      const taken = claim.events.flatMap((e) => e.data.stationIds);
      if (taken.length > 0) {
        await executeCommand(this.store, STATION_CLAIMS_STREAM, stationClaimsDecider, { type: 'ReleaseStations', providerId: input.providerId, stationIds: taken }, { metadata, eventId: () => this.ids.uuid() });
      }
      throw error;
    }
  }

  /**
   * Who holds the stations: the claims, and for stations registered before claims existed the
   * provider read model (its lag cannot let a race through: a new registration always claims).
   */
  private async stationOwners(stationIds: string[]): Promise<StationOwners> {
    const { state } = await loadState(this.store, STATION_CLAIMS_STREAM, stationClaimsDecider);
    const owners: Record<string, string> = {};
    const unclaimed = stationIds.filter((id) => state.owners[id] === undefined);
    if (unclaimed.length > 0) {
      const { rows } = await this.pool.query<{ station_id: string; provider_id: string }>('SELECT station_id, provider_id FROM pc_stations WHERE station_id = ANY($1)', [unclaimed]);
      for (const r of rows) owners[r.station_id] = r.provider_id;
    }
    for (const id of stationIds) if (state.owners[id] !== undefined) owners[id] = state.owners[id]!;
    return owners;
  }

  async stationTarget(stationId: string): Promise<StationTarget | null> {
    const now = Date.now();
    const cached = this.targetCache.get(stationId);
    if (cached && now - cached.at <= this.config.configCacheMs) return cached.target;
    const target = this.readStationTarget(stationId);
    this.targetCache.set(stationId, { at: now, target });
    return target;
  }

  /** A station's provider and that provider's status history, straight from the provider's stream. */
  private async readStationTarget(stationId: string): Promise<StationTarget | null> {
    const { rows } = await this.pool.query<{ provider_id: string }>('SELECT provider_id FROM pc_stations WHERE station_id = $1', [stationId]);
    const providerId = rows[0]?.provider_id;
    if (!providerId) return null;
    const { state } = await loadState(this.store, providerStream(providerId), providerDecider);
    if (!state.stations.some((s) => s.stationId === stationId)) return null;
    return { stationId, providerId, timeline: state.timeline };
  }

  async defaultTarget(area: ChoiceArea, postalCode: string): Promise<StationTarget | null> {
    const stationId = defaultStationOf(area, postalCode);
    return stationId ? this.stationTarget(stationId) : null;
  }

  /**
   * For people just added to the registry, whose listing streams are new: each person's rows are
   * decided in memory from the initial state, in order (the kernel's decideAll over the listing
   * decider), and every person's events go to the store in one appendMany — a register import's hundreds of residents in one round trip. A row the
   * decider refuses is that row's error and the person's next rows go on from the state before it,
   * exactly as row-by-row commands would. A person whose stream turns out to exist comes back as
   * `stale`, to be run against the stored stream.
   */
  async newListings(people: ReadonlyArray<{ personRef: PersonRef; rows: ReadonlyArray<{ command: ListingCommand; ctx: CommandContext }> }>): Promise<NewListingOutcome[]> {
    const decided = people.map(({ personRef, rows }) => {
      const { results } = decideAll(listingDecider, listingDecider.initialState(), rows.map((r) => r.command));
      const events: NewEvent[] = results.flatMap((result, k) => {
        if (!result.ok) return [];
        const { metadata, eventId } = this.options(rows[k]!.ctx);
        return result.events.map((e: ListingEvent, i) => ({ eventId: eventId(i), type: e.type, data: e.data, metadata }));
      });
      const rowResults = results.map((r): RowResult => (r.ok ? { changed: r.events.length > 0 } : { error: r.error }));
      return { streamId: listingStream(personRef), events, results: rowResults };
    });
    const toAppend = decided.filter((d) => d.events.length > 0);
    const outcomes = await this.store.appendMany(toAppend.map((d) => ({ streamId: d.streamId, events: d.events, expectedRevision: 'no_stream' as const })));
    const byStream = new Map(toAppend.map((d, i) => [d.streamId, outcomes[i]!]));
    return decided.map((d): NewListingOutcome => {
      const outcome = byStream.get(d.streamId);
      if (!outcome || outcome.ok) return { stale: false, rows: d.results };
      if (outcome.error instanceof WrongExpectedRevisionError) return { stale: true };
      return { stale: false, rows: d.results.map(() => ({ error: outcome.error })) };
    });
  }

  async listing(personRef: PersonRef, command: ListingCommand, ctx: CommandContext, expectNewStream = false) {
    const { metadata, eventId } = this.options(ctx);
    return executeCommand(this.store, listingStream(personRef), listingDecider, command, { metadata, eventId, expectNewStream });
  }
}
