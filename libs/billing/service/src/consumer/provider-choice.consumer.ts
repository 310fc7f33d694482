import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { cloudEventType, providerChoiceContract, topicOf, type CloudEvent } from '@luotsi/contracts';
import type { EventStore } from '@luotsi/eventstore';
import type { ReliableConsumer } from '@luotsi/messaging';
import { EVENT_STORE, eventIdFor } from '@luotsi/runtime';
import { observedListingStream, observedProviderStream, type ObservedEvent } from '../observed-events';

export const PROVIDER_CHOICE_CONSUMER = Symbol.for('luotsi.billing.provider-choice-consumer');

const typeOf = (name: string) => cloudEventType('provider-choice', providerChoiceContract.events.find((e) => e.name === name)!);
const TYPES = {
  providerRegistered: typeOf('provider-registered'),
  providerUpdated: typeOf('provider-updated'),
  listingStarted: typeOf('listing-started'),
  listingEnded: typeOf('listing-ended'),
};

/**
 * Billing learns listings only from provider choice's events. Each relevant event is copied into
 * billing's own log under an id derived from the integration event's id, so a redelivery appends
 * nothing and billing's read models can always be rebuilt from billing's log.
 */
@Controller()
export class ProviderChoiceConsumer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROVIDER_CHOICE_CONSUMER) private readonly consumer: ReliableConsumer,
  ) {}

  @EventPattern(topicOf('provider-choice'))
  async onProviderChoiceEvent(@Payload() message: unknown): Promise<void> {
    await this.consumer.consumeIdempotent(message, (event) => this.observe(event));
  }

  private async observe(event: CloudEvent): Promise<void> {
    const observed = toObserved(event);
    if (!observed) return;
    const streamId = observed.type === 'ProviderObserved' ? observedProviderStream(observed.data.providerId) : observedListingStream(observed.data.personRef);
    await this.store.append(
      streamId,
      [{ eventId: eventIdFor('billing-observed', event.id, 0), type: observed.type, data: observed.data, metadata: { causationId: event.id, ...(event.correlationid ? { correlationId: event.correlationid } : {}) } }],
      { expectedRevision: 'any' },
    );
  }
}

function toObserved(event: CloudEvent): ObservedEvent | null {
  const d = event.data as Record<string, never>;
  switch (event.type) {
    case TYPES.providerRegistered:
    case TYPES.providerUpdated:
      return { type: 'ProviderObserved', data: { providerId: d['providerId'], stationIds: (d['stations'] as Array<{ stationId: string }>).map((s) => s.stationId), sourceEventId: event.id } };
    case TYPES.listingStarted:
      return { type: 'ListingObserved', data: { kind: 'started', personRef: d['personRef'], providerId: d['providerId'], stationId: d['stationId'], effectiveFrom: d['effectiveFrom'], birthDate: d['birthDate'], sex: d['sex'], sourceEventId: event.id } };
    case TYPES.listingEnded:
      return { type: 'ListingObserved', data: { kind: 'ended', personRef: d['personRef'], providerId: d['providerId'], stationId: d['stationId'], effectiveTo: d['effectiveTo'], sourceEventId: event.id } };
    default:
      return null;
  }
}
