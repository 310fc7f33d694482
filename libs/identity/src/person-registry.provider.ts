import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';
import { LOGGER, RUNTIME_CONFIG, SQL_POOL, type RuntimeConfig } from '@luotsi/runtime';
import { PersonRegistry } from './person-registry';

/** What a service module injects to open the registry: `{ provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry }`. */
export const PERSON_REGISTRY_DEPS = [SQL_POOL, ID_GENERATOR, CLOCK, RUNTIME_CONFIG, LOGGER];

export function openPersonRegistry(pool: SqlPool, ids: IdGenerator, clock: Clock, config: RuntimeConfig, logger: { warn(message: string): void }): Promise<PersonRegistry> {
  return PersonRegistry.open(pool, { ids, clock, identityKey: config.identityKey, schema: config.registrySchema, warn: (message) => logger.warn(message) });
}
