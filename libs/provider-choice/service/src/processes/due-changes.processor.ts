import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PersonRef } from '@luotsi/kernel';
import { LOGGER, type Actor } from '@luotsi/runtime';
import type { Logger } from 'pino';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { ProviderChoiceQueries } from '../read-model/provider-choice.queries';

const SYSTEM: Actor = { role: 'system', id: 'due-changes', label: 'system:due-changes' };

/**
 * Makes listing changes happen on their date: pending switches whose month has come, and a
 * terminated provider's clients returning to their default stations. Each step is an idempotent
 * command, so running it twice, late, or after a crash changes nothing more.
 */
@Injectable()
export class DueChangesProcessor implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<{ switches: number; returns: number }> | null = null;

  constructor(
    private readonly commands: ProviderChoiceCommands,
    private readonly queries: ProviderChoiceQueries,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  startTimer(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => this.logger.error({ err }, 'due changes failed')), intervalMs);
    this.timer.unref();
  }

  /** Runs one pass (joins a pass in progress). */
  runOnce(): Promise<{ switches: number; returns: number }> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<{ switches: number; returns: number }> {
    const today = this.commands.today();
    const ctx = { actor: SYSTEM, correlationId: `due-${today}` };
    let switches = 0;
    for (const { personRef, stationId } of await this.queries.duePendingSwitches(today)) {
      const ref = PersonRef.parse(personRef);
      const target = await this.commands.stationTarget(stationId);
      const outcome = await this.commands.listing(ref, { type: 'EffectuateSwitch', personRef: ref, today, target }, ctx);
      if (outcome.events.some((e) => e.type === 'ListingStarted')) switches += 1;
    }
    let returns = 0;
    const area = await this.commands.area();
    for (const { providerId, clientsReturnFrom } of await this.queries.terminationsDue(today)) {
      let clients = 0;
      for (const { personRef, postalCode } of await this.queries.personsListedWith(providerId, clientsReturnFrom)) {
        const ref = PersonRef.parse(personRef);
        const defaultStation = await this.commands.defaultTarget(area, postalCode);
        const outcome = await this.commands.listing(ref, { type: 'ReturnToDefault', personRef: ref, providerId, from: clientsReturnFrom, area, defaultStation }, ctx);
        if (outcome.events.length > 0) clients += 1;
      }
      returns += clients;
      // A fact in the provider's stream (projected), so the next pass and a rebuilt read model know it.
      await this.commands.provider({ type: 'RecordClientsReturned', providerId, clients }, ctx);
    }
    if (switches + returns > 0) this.logger.info({ switches, returns, today }, 'due listing changes made');
    return { switches, returns };
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
