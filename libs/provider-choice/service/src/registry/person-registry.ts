import { DomainError, Hetu, PersonRef, type IdGenerator, type ParsedHetu } from '@luotsi/kernel';
import type { SqlPool } from '@luotsi/database';

/**
 * The only place where a personal identity code meets its opaque personRef. Events, topics and logs
 * carry the personRef; erasing a row here severs the person from everything in the log.
 */
export class PersonRegistry {
  constructor(private readonly pool: SqlPool, private readonly ids: IdGenerator) {}

  /** Looks a person up by identity code; with `create`, gives a new person a personRef. */
  async resolve(identityCode: string, create: boolean): Promise<{ personRef: PersonRef; hetu: ParsedHetu; created: boolean } | null> {
    const hetu = Hetu.parse(identityCode);
    const found = await this.pool.query<{ person_ref: string }>('SELECT person_ref FROM person_registry WHERE identity_code = $1', [hetu.value]);
    if (found.rows[0]) return { personRef: PersonRef.parse(found.rows[0].person_ref), hetu, created: false };
    if (!create) return null;
    const candidate = PersonRef.fromUuid(this.ids.uuid());
    const inserted = await this.pool.query<{ person_ref: string }>(
      'INSERT INTO person_registry (person_ref, identity_code) VALUES ($1, $2) ON CONFLICT (identity_code) DO NOTHING RETURNING person_ref',
      [candidate, hetu.value],
    );
    if (inserted.rows[0]) return { personRef: candidate, hetu, created: true };
    return this.resolve(identityCode, false); // a concurrent import created it first
  }

  async require(identityCode: string): Promise<{ personRef: PersonRef; hetu: ParsedHetu }> {
    const found = await this.resolve(identityCode, false);
    if (!found) throw new DomainError('PERSON_NOT_FOUND', 'no resident with this personal identity code', {}, 'not_found');
    return found;
  }
}
