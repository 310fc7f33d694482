import { Inject, Module, type OnApplicationBootstrap, type OnModuleInit, type BeforeApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Clock, type IdGenerator } from '@luotsi/kernel';
import { migrate, type SqlPool } from '@luotsi/database';
import type { EventStore } from '@luotsi/eventstore';
import { PROJECTION_CHECKPOINT_MIGRATIONS, ProjectionRunner } from '@luotsi/messaging';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { EVENT_STORE, LOGGER, RelayRegistry, RUNTIME_CONFIG, type RuntimeConfig } from '@luotsi/runtime';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import type { Logger } from 'pino';
import { CountyController } from './http/county.controller';
import { ProvidersController } from './http/providers.controller';
import { ResidentsController } from './http/residents.controller';
import { PersonsController } from './http/persons.controller';
import { PopulationImport } from './import/population-import';
import { DueChangesProcessor } from './processes/due-changes.processor';
import { ProviderChoiceCommands } from './provider-choice.commands';
import { PROVIDER_CHOICE_ENTITIES } from './read-model/entities';
import { PROVIDER_CHOICE_MIGRATIONS } from './read-model/migrations';
import { providerChoiceProjection } from './read-model/provider-choice.projection';
import { ProviderChoiceQueries } from './read-model/provider-choice.queries';

export const PROVIDER_CHOICE_PROJECTION = Symbol.for('luotsi.provider-choice.projection');

/** Provider choice: providers and stations, residents' listings, switching, and its read models. */
@Module({
  imports: [TypeOrmModule.forFeature(PROVIDER_CHOICE_ENTITIES)],
  controllers: [ProvidersController, ResidentsController, CountyController, PersonsController],
  providers: [
    ProviderChoiceCommands,
    ProviderChoiceQueries,
    PopulationImport,
    DueChangesProcessor,
    {
      provide: PersonRegistry,
      inject: PERSON_REGISTRY_DEPS,
      useFactory: async (pool: SqlPool, ids: IdGenerator, clock: Clock, config: RuntimeConfig, logger: Logger) => {
        await migrate(pool, 'provider-choice', PROVIDER_CHOICE_MIGRATIONS);
        await migrate(pool, 'projections', PROJECTION_CHECKPOINT_MIGRATIONS);
        return openPersonRegistry(pool, ids, clock, config, logger);
      },
    },
    {
      provide: PROVIDER_CHOICE_PROJECTION,
      inject: [EVENT_STORE, getDataSourceToken(), LOGGER, PersonRegistry],
      useFactory: (store: EventStore, dataSource: DataSource, logger: Logger) =>
        new ProjectionRunner(store, dataSource, providerChoiceProjection, (err) => logger.error({ err }, 'provider choice projection failed; retrying')),
    },
  ],
  exports: [ProviderChoiceCommands, ProviderChoiceQueries, PersonRegistry, DueChangesProcessor, PROVIDER_CHOICE_PROJECTION],
})
export class ProviderChoiceModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly relays: RelayRegistry,
    private readonly due: DueChangesProcessor,
    @Inject(PROVIDER_CHOICE_PROJECTION) private readonly projection: ProjectionRunner,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onModuleInit(): void {
    this.relays.register(providerChoiceContract);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projection.start();
    this.due.startTimer(this.config.dueChangesIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
