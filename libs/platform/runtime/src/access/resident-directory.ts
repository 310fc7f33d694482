import type { Clock, IdGenerator } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';

/** Resolves a resident's identity code (from their token) to their personRef; null when unknown. */
export interface ResidentDirectory {
  personRefOf(identityCode: string): Promise<string | null>;
}

export const RESIDENT_DIRECTORY = Symbol.for('luotsi.resident-directory');

/**
 * The identity registry (@luotsi/identity) as the edge's resident directory. The registry's own
 * provider module depends on this library, so it is loaded when the first resident signs in rather
 * than imported here; it never creates a person (a resident unknown to the registry is refused).
 */
export function registryResidentDirectory(pool: SqlPool, ids: IdGenerator, clock: Clock, identityKey: string | undefined, warn: (message: string) => void): ResidentDirectory {
  let registry: Promise<{ resolve(code: string, create: boolean): Promise<{ personRef: string } | null> }> | undefined;
  const open = () => {
    registry ??= import('@luotsi/identity').then(({ PersonRegistry }) => PersonRegistry.open(pool, { ids, clock, identityKey, warn }));
    registry.catch(() => (registry = undefined));
    return registry;
  };
  return {
    async personRefOf(identityCode) {
      const found = await (await open()).resolve(identityCode, false);
      return found ? String(found.personRef) : null;
    },
  };
}
