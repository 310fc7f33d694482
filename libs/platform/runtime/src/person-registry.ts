import { DomainError, Hetu, PersonRef, type IdGenerator, type ParsedHetu } from '@luotsi/kernel';
import { migrate, type Migration, type SqlPool } from '@luotsi/database';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'person registry',
    // Its own schema: in the distributed topology every service has a schema, and they share this one.
    sql: `CREATE SCHEMA IF NOT EXISTS luotsi_registry;
      CREATE TABLE IF NOT EXISTS luotsi_registry.persons (
        person_ref text PRIMARY KEY, identity_code text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())`,
  },
];

type Resolved = { personRef: PersonRef; hetu: ParsedHetu; created: boolean };

/**
 * The only place where a personal identity code meets its opaque personRef. Events, topics and logs
 * carry the personRef; erasing a row here severs the person from everything in the log.
 */
export class PersonRegistry {
  private constructor(private readonly pool: SqlPool, private readonly ids: IdGenerator) {}

  static async open(pool: SqlPool, ids: IdGenerator): Promise<PersonRegistry> {
    await migrate(pool, 'person-registry', MIGRATIONS);
    return new PersonRegistry(pool, ids);
  }

  /** Looks a person up by identity code; with `create`, gives a new person a personRef. */
  async resolve(identityCode: string, create: boolean): Promise<Resolved | null> {
    const { found, invalid } = await this.resolveMany([identityCode], create);
    if (invalid.has(identityCode)) throw invalid.get(identityCode);
    return found.get(identityCode) ?? null;
  }

  /**
   * resolve for many codes in at most two round trips (an import's chunk). New people are the
   * common case in a register import, so with `create` the insert comes first and only the codes it
   * did not insert are looked up. Codes that are not valid identity codes come back as their error,
   * in the `invalid` map; they never reach the database.
   */
  async resolveMany(identityCodes: readonly string[], create: boolean): Promise<{ found: Map<string, Resolved>; invalid: Map<string, unknown> }> {
    const found = new Map<string, Resolved>();
    const invalid = new Map<string, unknown>();
    const parsed = new Map<string, ParsedHetu>();
    for (const code of identityCodes) {
      if (parsed.has(code) || invalid.has(code)) continue;
      try {
        parsed.set(code, Hetu.parse(code));
      } catch (error) {
        invalid.set(code, error);
      }
    }
    const byValue = new Map([...parsed].map(([code, hetu]) => [hetu.value, { code, hetu }]));
    const values = [...byValue.keys()];
    if (values.length === 0) return { found, invalid };
    if (create) {
      const refs = values.map(() => PersonRef.fromUuid(this.ids.uuid()));
      const inserted = await this.pool.query<{ person_ref: string; identity_code: string }>(
        `INSERT INTO luotsi_registry.persons (person_ref, identity_code) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (identity_code) DO NOTHING RETURNING person_ref, identity_code`,
        [refs, values],
      );
      for (const row of inserted.rows) {
        const { code, hetu } = byValue.get(row.identity_code)!;
        found.set(code, { personRef: PersonRef.parse(row.person_ref), hetu, created: true });
      }
    }
    const missing = values.filter((v) => !found.has(byValue.get(v)!.code));
    if (missing.length > 0) {
      const existing = await this.pool.query<{ person_ref: string; identity_code: string }>('SELECT person_ref, identity_code FROM luotsi_registry.persons WHERE identity_code = ANY($1::text[])', [missing]);
      for (const row of existing.rows) {
        const { code, hetu } = byValue.get(row.identity_code)!;
        found.set(code, { personRef: PersonRef.parse(row.person_ref), hetu, created: false });
      }
    }
    return { found, invalid };
  }

  async require(identityCode: string): Promise<{ personRef: PersonRef; hetu: ParsedHetu }> {
    const found = await this.resolve(identityCode, false);
    if (!found) throw new DomainError('PERSON_NOT_FOUND', 'no resident with this personal identity code', {}, 'not_found');
    return found;
  }
}
