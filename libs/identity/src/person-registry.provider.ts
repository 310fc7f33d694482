import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@luotsi/kernel';
import { GroupCommit, type SqlPool } from '@luotsi/database';
import {
  LOGGER,
  RESIDENT_DIRECTORY,
  RUNTIME_CONFIG,
  SQL_POOL,
  type ResidentDirectory,
  type ResidentDirectorySlot,
  type RuntimeConfig,
} from '@luotsi/runtime';
import { PersonRegistry } from './person-registry';

/** What a service module injects to open the registry: `{ provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry }`. */
export const PERSON_REGISTRY_DEPS = [SQL_POOL, ID_GENERATOR, CLOCK, RUNTIME_CONFIG, LOGGER, RESIDENT_DIRECTORY];

/**
 * Opens the registry in the configured schema and supplies it to the edge as the process's resident
 * directory (a resident's token carries an identity code; this is the only code that resolves it).
 */
export async function openPersonRegistry(
  pool: SqlPool,
  ids: IdGenerator,
  clock: Clock,
  config: RuntimeConfig,
  logger: { warn(message: string): void },
  residents?: ResidentDirectorySlot,
): Promise<PersonRegistry> {
  const registry = await PersonRegistry.open(pool, {
    ids,
    clock,
    identityKey: config.identityKey,
    schema: config.registrySchema,
    warn: (message) => logger.warn(message),
  });
  residents?.supply(residentDirectoryOf(registry));
  return registry;
}

/**
 * The registry as the edge's resident directory: it never creates a person (an unknown resident is
 * refused). Residents signing in at the same moment are looked up together, in one statement.
 */
export function residentDirectoryOf(registry: PersonRegistry): ResidentDirectory {
  const lookups = new GroupCommit<string, { personRef: string | null } | { error: unknown }>(async (codes) => {
    const { found, invalid } = await registry.resolveMany(codes, false);
    return codes.map((code) =>
      invalid.has(code) ? { error: invalid.get(code) } : { personRef: found.has(code) ? String(found.get(code)!.personRef) : null },
    );
  });
  return {
    async personRefOf(identityCode) {
      const outcome = await lookups.submit(identityCode);
      if ('error' in outcome) throw outcome.error;
      return outcome.personRef;
    },
  };
}
