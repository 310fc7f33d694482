import type { Logger } from 'pino';
import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { CommandRequest } from '@luotsi/messaging';
import { LOGGER, type ConsumesDeclaration } from '@luotsi/runtime';
import { observedListingsStream, observedProvidersStream } from '../billing.streams';
import { BillingReadModel } from '../read-model/billing-read-model';
import { readProviderChoiceEvent } from './provider-choice-events';

/**
 * Billing learns listings only from provider choice's events. Each relevant event is read (by
 * billing's tolerant reader) as billing's own command and recorded through the observed decider in
 * billing's own log, so billing's read models can always be rebuilt from billing's log; the
 * platform derives the event ids from the public event's id, so a redelivery appends nothing, and
 * sends a malformed event (INVALID_PUBLIC_EVENT) to the dead-letter topic.
 */
export const listingsInbound: ConsumesDeclaration = {
  name: 'listings',
  topic: topicOf('provider-choice'),
  inject: [BillingReadModel, LOGGER],
  async handle(event: CloudEvent, readModel: BillingReadModel, logger: Logger): Promise<CommandRequest[]> {
    const command = readProviderChoiceEvent(event);
    if (!command) return [];
    if (command.type !== 'ObserveProvider') return [{ stream: observedListingsStream, command }];
    // Provider choice refuses a station id another provider holds; should an event claim one
    // anyway, billing keeps the first owner (its station table's rule) and says so, below error
    // level: nothing is lost, the owner's reports still go through.
    const owners = await readModel.ownersOf(command.data.stationIds);
    const claimed = [...owners].filter(([, owner]) => owner !== command.data.providerId);
    if (claimed.length > 0)
      logger.warn(
        { providerId: command.data.providerId, stations: claimed.map(([stationId, owner]) => ({ stationId, owner })), eventId: event.id },
        'provider choice event names stations of another provider; billing keeps their first owner',
      );
    return [{ stream: observedProvidersStream, command }];
  },
};
