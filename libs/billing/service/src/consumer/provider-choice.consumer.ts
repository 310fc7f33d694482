import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { executeCommand, type EventStore } from '@luotsi/eventstore';
import type { ReliableConsumer } from '@luotsi/messaging';
import { EVENT_STORE, eventIdFor, LOGGER } from '@luotsi/runtime';
import { observedDecider, observedStream } from '@luotsi/billing-domain';
import { BillingReadModel } from '../read-model/billing-read-model';
import { readProviderChoiceEvent } from './provider-choice-events';

export const PROVIDER_CHOICE_CONSUMER = Symbol.for('luotsi.billing.provider-choice-consumer');

/**
 * Billing learns listings only from provider choice's events. Each relevant event is read as
 * billing's own command and recorded through the observed decider in billing's own log, under an id
 * derived from the integration event's id, so a redelivery appends nothing and billing's read models
 * can always be rebuilt from billing's log.
 */
@Controller()
export class ProviderChoiceConsumer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROVIDER_CHOICE_CONSUMER) private readonly consumer: ReliableConsumer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readModel: BillingReadModel,
  ) {}

  @EventPattern(topicOf('provider-choice'))
  async onProviderChoiceEvent(@Payload() message: unknown): Promise<void> {
    await this.consumer.consumeIdempotent(message, (event) => this.observe(event));
  }

  private async observe(event: CloudEvent): Promise<void> {
    const command = readProviderChoiceEvent(event);
    if (!command) return;
    if (command.type === 'ObserveProvider') {
      // Provider choice refuses a station id another provider holds; should an event claim one
      // anyway, billing keeps the first owner (its station table's rule) and says so, below error
      // level: nothing is lost, the owner's reports still go through.
      const owners = await this.readModel.ownersOf(command.data.stationIds);
      const claimed = [...owners].filter(([, owner]) => owner !== command.data.providerId);
      if (claimed.length > 0) this.logger.warn({ providerId: command.data.providerId, stations: claimed.map(([stationId, owner]) => ({ stationId, owner })), eventId: event.id }, 'provider choice event names stations of another provider; billing keeps their first owner');
    }
    await executeCommand(this.store, observedStream(command), observedDecider, command, {
      metadata: { causationId: event.id, ...(event.correlationid ? { correlationId: event.correlationid } : {}) },
      eventId: (i) => eventIdFor('billing-observed', event.id, i),
    });
  }
}
