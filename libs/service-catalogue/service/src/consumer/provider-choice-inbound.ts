import { topicOf, type CloudEvent } from '@luotsi/contracts';
import { CLOCK, LocalDate, type Clock } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { channelsStream, servicesStream } from '../service-catalogue.streams';
import { CatalogueReadModel } from '../read-model/catalogue-read-model';
import { commandsForProvider, readProviderChoiceEvent } from './provider-choice-stations';

/**
 * The stations of provider choice enter the catalogue from its public events only. The channels go
 * first, so a service never lists a point the catalogue has not got. The platform derives event ids
 * from the public event's id (a redelivery appends nothing) and sends a malformed event
 * (INVALID_PUBLIC_EVENT) to the dead-letter topic.
 */
export const providerStationsInbound: ConsumesDeclaration = {
  name: 'provider-stations',
  topic: topicOf('provider-choice'),
  inject: [CatalogueReadModel, CLOCK],
  async handle(event: CloudEvent, readModel: CatalogueReadModel, clock: Clock): Promise<CommandRequest[]> {
    const facts = readProviderChoiceEvent(event);
    if (!facts) return [];
    const today = LocalDate.today(clock);
    await readModel.caughtUp();
    const { channels, services } = commandsForProvider(facts, await readModel.providerRecords(facts.providerId, today), today);
    return [
      ...channels.map((command) => ({ stream: channelsStream, command })),
      ...services.map((command) => ({ stream: servicesStream, command })),
    ];
  },
};
