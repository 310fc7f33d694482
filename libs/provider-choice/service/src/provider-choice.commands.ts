import { Inject, Injectable } from '@nestjs/common';
import { CommandPipeline, type CommandEnvelope } from '@luotsi/eventstore';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@luotsi/runtime';
import {
  AREA_STREAM,
  STATION_CLAIMS_STREAM,
  defaultStationOf,
  providerStream,
  type ChoiceArea,
  type ProviderCommand,
  type StationOwners,
  type StationTarget,
} from '@luotsi/provider-choice-domain';
import { ProviderChoiceQueries } from './read-model/provider-choice.queries';
import { areaStreams, providerStreams, stationClaimStreams } from './provider-choice.streams';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A provider command as a controller sends it: the station owners are looked up here. */
export type ProviderCommandInput = DistributiveOmit<ProviderCommand, 'stationOwners'>;

/**
 * What provider choice's commands need looked up before they are decided (the area, a station's
 * provider and its status history, who holds a station id), and the one command that spans two
 * streams (a registration's station claims). Every write goes through the command pipeline.
 */
@Injectable()
export class ProviderChoiceCommands {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly queries: ProviderChoiceQueries,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  private areaCache: { at: number; area: Promise<ChoiceArea> } | null = null;
  private readonly targetCache = new Map<string, { at: number; target: Promise<StationTarget | null> }>();

  /**
   * The area and the stations' provider status change rarely and are read by every switch, so they
   * are cached for configCacheMs (how long a process may reuse what it read, ADR 0005): a decision
   * may see a county's change up to that late. The cache ages in process time, not business time.
   */
  async area(): Promise<ChoiceArea> {
    const at = Date.now();
    if (!this.areaCache || at - this.areaCache.at > this.config.configCacheMs)
      this.areaCache = { at, area: this.pipeline.load(areaStreams, AREA_STREAM).then(({ state }) => state.area) };
    return this.areaCache.area;
  }

  async configureArea(area: ChoiceArea, envelope: CommandEnvelope): Promise<ChoiceArea> {
    const registeredStationIds: string[] = [];
    for (const { defaultStationId } of Object.values(area.postalCodes)) {
      if (await this.stationTarget(defaultStationId)) registeredStationIds.push(defaultStationId);
    }
    const { events } = await this.pipeline.execute(
      areaStreams,
      { type: 'ConfigureArea', area, registeredStationIds, configuredBy: envelope.actor },
      envelope,
    );
    if (events.length > 0) this.areaCache = null;
    return area;
  }

  /**
   * Registrations and updates: the provider decider is asked first (a refusal writes nothing), then
   * the stations are claimed on the claims stream (race-safe, see station-claims.ts), then the
   * provider's events are appended. Claims taken for a write that then fails are given back.
   */
  async provider(input: ProviderCommandInput, envelope: CommandEnvelope) {
    this.targetCache.clear();
    if (input.type !== 'RegisterProvider' && input.type !== 'UpdateProvider')
      return this.pipeline.execute(providerStreams, input, envelope);
    const stationIds = input.stations.map((s) => s.stationId);
    const command: ProviderCommand = { ...input, stationOwners: await this.stationOwners(stationIds) };
    const { state } = await this.pipeline.load(providerStreams, providerStream(input.providerId));
    if (providerStreams.decider.decide(command, state).length === 0) return this.pipeline.execute(providerStreams, command, envelope);
    const claim = await this.pipeline.execute(
      stationClaimStreams,
      { type: 'ClaimStations', providerId: input.providerId, stationIds },
      ownIds(envelope),
    );
    try {
      return await this.pipeline.execute(providerStreams, { ...command, stationOwners: claim.state.owners }, envelope);
    } catch (error) {
      const taken = claim.events.flatMap((e) => e.data.stationIds);
      if (taken.length > 0)
        await this.pipeline.execute(
          stationClaimStreams,
          { type: 'ReleaseStations', providerId: input.providerId, stationIds: taken },
          ownIds(envelope),
        );
      throw error;
    }
  }

  /**
   * Who holds the stations: the claims, and for stations registered before claims existed the
   * provider read model (its lag cannot let a race through: a new registration always claims).
   */
  private async stationOwners(stationIds: string[]): Promise<StationOwners> {
    const { state } = await this.pipeline.load(stationClaimStreams, STATION_CLAIMS_STREAM);
    const unclaimed = stationIds.filter((id) => state.owners[id] === undefined);
    const owners: Record<string, string> = unclaimed.length > 0 ? await this.queries.stationProviders(unclaimed) : {};
    for (const id of stationIds) if (state.owners[id] !== undefined) owners[id] = state.owners[id]!;
    return owners;
  }

  async stationTarget(stationId: string): Promise<StationTarget | null> {
    const at = Date.now();
    const cached = this.targetCache.get(stationId);
    if (cached && at - cached.at <= this.config.configCacheMs) return cached.target;
    const target = this.readStationTarget(stationId);
    this.targetCache.set(stationId, { at, target });
    return target;
  }

  /** A station's provider and that provider's status history, straight from the provider's stream. */
  private async readStationTarget(stationId: string): Promise<StationTarget | null> {
    const providerId = (await this.queries.stationProviders([stationId]))[stationId];
    if (!providerId) return null;
    const { state } = await this.pipeline.load(providerStreams, providerStream(providerId));
    if (!state.stations.some((s) => s.stationId === stationId)) return null;
    return { stationId, providerId, timeline: state.timeline };
  }

  async defaultTarget(area: ChoiceArea, postalCode: string): Promise<StationTarget | null> {
    const stationId = defaultStationOf(area, postalCode);
    return stationId ? this.stationTarget(stationId) : null;
  }
}

/**
 * The envelope of the claims' write: ids of its own, never the Idempotency-Key's (those name the
 * provider's events). A retry needs no fixed ids here: claims the provider holds decide nothing.
 */
function ownIds(envelope: CommandEnvelope): CommandEnvelope {
  const { idempotency: _idempotency, ...rest } = envelope;
  return rest;
}
