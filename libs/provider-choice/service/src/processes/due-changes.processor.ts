import { Inject, Injectable } from '@nestjs/common';
import { PersonRef } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { LOGGER } from '@luotsi/runtime';
import type { Logger } from 'pino';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { listingStreams } from '../provider-choice.streams';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';

/**
 * Makes listing changes happen on their date: pending switches whose month has come, and a
 * terminated provider's clients returning to their default stations. Each step is an idempotent
 * command, so running it twice, late, or after a crash changes nothing more. Run by the context's
 * `due-changes` timer and by the county's operations endpoint.
 */
@Injectable()
export class DueChangesProcessor {
  private running: Promise<{ switches: number; returns: number }> | null = null;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs one pass for `now` (joins a pass in progress). */
  runOnce(now: Date): Promise<{ switches: number; returns: number }> {
    this.running ??= this.pass(now).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: Date): Promise<{ switches: number; returns: number }> {
    const envelope: CommandEnvelope = { actor: 'system:due-changes', now, correlationId: `due-${todayOf({ now })}` };
    const today = todayOf(envelope);
    let switches = 0;
    for (const { personRef, stationId } of await this.queries.duePendingSwitches(today)) {
      const ref = PersonRef.parse(personRef);
      const target = await this.commands.stationTarget(stationId);
      const outcome = await this.pipeline.execute(listingStreams, { type: 'EffectuateSwitch', personRef: ref, today, target }, envelope);
      if (outcome.events.some((e) => e.type === 'ListingStarted')) switches += 1;
    }
    let returns = 0;
    const area = await this.commands.area();
    for (const { providerId, clientsReturnFrom } of await this.queries.terminationsDue(today)) {
      let clients = 0;
      for (const { personRef, postalCode } of await this.queries.personsListedWith(providerId, clientsReturnFrom)) {
        const ref = PersonRef.parse(personRef);
        const defaultStation = await this.commands.defaultTarget(area, postalCode);
        const outcome = await this.pipeline.execute(
          listingStreams,
          { type: 'ReturnToDefault', personRef: ref, providerId, from: clientsReturnFrom, area, defaultStation },
          envelope,
        );
        if (outcome.events.length > 0) clients += 1;
      }
      returns += clients;
      // A fact in the provider's stream (projected), so the next pass and a rebuilt read model know it.
      await this.commands.provider({ type: 'RecordClientsReturned', providerId, clients }, envelope);
    }
    if (switches + returns > 0) this.logger.info({ switches, returns, today }, 'due listing changes made');
    return { switches, returns };
  }
}
