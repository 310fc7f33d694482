import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ID_GENERATOR, LocalDate, type Clock, type IdGenerator, type PersonRef } from '@luotsi/kernel';
import { executeCommand, loadState, WrongExpectedRevisionError, type EventMetadata, type EventStore, type NewEvent } from '@luotsi/eventstore';
import type { SqlPool } from '@luotsi/database';
import { EVENT_STORE, SQL_POOL, type Actor } from '@luotsi/runtime';
import {
  EMPTY_AREA, defaultStationOf, listingDecider, listingStream, providerDecider, providerStream, validateArea,
  type ChoiceArea, type ListingCommand, type ProviderCommand, type StationTarget,
} from '@luotsi/provider-choice-domain';
import { AREA_STREAM, type AreaEvent } from './area/area-events';

/** How long a process may reuse the area and provider statuses it read (ADR 0005). */
const CONFIG_CACHE_MS = Number(process.env['LUOTSI_CONFIG_CACHE_MS'] ?? 1000);

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
   * are cached for CONFIG_CACHE_MS: a decision may see a county's change up to that late.
   */
  async area(): Promise<ChoiceArea> {
    const now = Date.now();
    if (!this.areaCache || now - this.areaCache.at > CONFIG_CACHE_MS) this.areaCache = { at: now, area: this.readArea() };
    return this.areaCache.area;
  }

  private async readArea(): Promise<ChoiceArea> {
    const events = await this.store.readStream(AREA_STREAM);
    const last = events[events.length - 1];
    if (!last) return EMPTY_AREA;
    const { configuredBy: _by, ...area } = (last.data as AreaEvent['data']);
    return area;
  }

  async configureArea(area: ChoiceArea, ctx: CommandContext): Promise<ChoiceArea> {
    validateArea(area);
    const unknown: string[] = [];
    for (const [postalCode, { defaultStationId }] of Object.entries(area.postalCodes)) {
      if (!(await this.stationTarget(defaultStationId))) unknown.push(`${postalCode}: ${defaultStationId}`);
    }
    if (unknown.length > 0) throw new DomainError('STATION_NOT_FOUND', 'default stations must be registered stations', { unknown }, 'validation');
    const { metadata, eventId } = this.options(ctx);
    this.areaCache = null;
    await this.store.append(AREA_STREAM, [{ eventId: eventId(0), type: 'ChoiceAreaConfigured', data: { ...area, configuredBy: ctx.actor.label }, metadata }], { expectedRevision: 'any' });
    return area;
  }

  async provider(command: ProviderCommand, ctx: CommandContext) {
    const { metadata, eventId } = this.options(ctx);
    this.targetCache.clear();
    return executeCommand(this.store, providerStream(command.providerId), providerDecider, command, { metadata, eventId });
  }

  async stationTarget(stationId: string): Promise<StationTarget | null> {
    const now = Date.now();
    const cached = this.targetCache.get(stationId);
    if (cached && now - cached.at <= CONFIG_CACHE_MS) return cached.target;
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
   * decided in memory from the initial state, in order, and every person's events go to the store
   * in one appendMany — a register import's hundreds of residents in one round trip. A row the
   * decider refuses is that row's error and the person's next rows go on from the state before it,
   * exactly as row-by-row commands would. A person whose stream turns out to exist comes back as
   * `stale`, to be run against the stored stream.
   */
  async newListings(people: ReadonlyArray<{ personRef: PersonRef; rows: ReadonlyArray<{ command: ListingCommand; ctx: CommandContext }> }>): Promise<NewListingOutcome[]> {
    const decided = people.map(({ personRef, rows }) => {
      let state = listingDecider.initialState();
      const events: NewEvent[] = [];
      const results: RowResult[] = rows.map(({ command, ctx }) => {
        try {
          const decision = listingDecider.decide(command, state);
          const { metadata, eventId } = this.options(ctx);
          decision.forEach((e, i) => events.push({ eventId: eventId(i), type: e.type, data: e.data, metadata }));
          state = decision.reduce(listingDecider.evolve, state);
          return { changed: decision.length > 0 };
        } catch (error) {
          return { error };
        }
      });
      return { streamId: listingStream(personRef), events, results };
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
