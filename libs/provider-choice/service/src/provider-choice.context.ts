import { IdentityModule, PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { PROVIDER_CHOICE_UPCASTERS, providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { ContextModule, defineContext } from '@luotsi/runtime';
import { CountyController } from './http/county.controller';
import { PersonsController } from './http/persons.controller';
import { ProvidersController } from './http/providers.controller';
import { ResidentsController } from './http/residents.controller';
import { PopulationImport } from './import/population-import';
import { DueChangesProcessor } from './processes/due-changes.processor';
import { ProviderChoiceCommands } from './provider-choice.commands';
import { areaStreams, listingStreams, providerStreams, stationClaimStreams } from './provider-choice.streams';
import { PROVIDER_CHOICE_ENTITIES } from './read-model/entities';
import { PROVIDER_CHOICE_MIGRATIONS } from './read-model/migrations';
import { providerChoiceProjection } from './read-model/provider-choice.projection';
import { ProviderChoiceQueries } from './read-model/provider-choice.queries';

/** Provider choice: providers and stations, residents' listings, switching, and its read models. */
export const providerChoiceContext = defineContext({
  name: 'provider-choice',
  streams: [providerStreams, listingStreams, areaStreams, stationClaimStreams],
  migrations: PROVIDER_CHOICE_MIGRATIONS,
  entities: PROVIDER_CHOICE_ENTITIES,
  projections: [providerChoiceProjection],
  publishes: { contract: providerChoiceContract },
  timers: [
    {
      name: 'due-changes',
      everyMs: (config) => config.dueChangesIntervalMs,
      inject: [DueChangesProcessor],
      tick: async (now: Date, due: DueChangesProcessor) => {
        await due.runOnce(now);
      },
    },
  ],
  upcasters: PROVIDER_CHOICE_UPCASTERS,
  controllers: [ProvidersController, ResidentsController, CountyController, PersonsController],
  // The population import records guardianship links in identity's log; identity's relay publishes them.
  imports: [IdentityModule],
  providers: [
    ProviderChoiceCommands,
    ProviderChoiceQueries,
    PopulationImport,
    DueChangesProcessor,
    { provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry },
  ],
});

/** The context as a Nest module, for a service's imports. */
export const ProviderChoiceModule = ContextModule.register(providerChoiceContext);
