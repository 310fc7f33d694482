import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { DomainError, Hetu, LocalDate, PersonRef, type Clock, type IdGenerator, type ParsedHetu } from '@luotsi/kernel';
import { migrate, type Migration, type SqlPool } from '@luotsi/database';

const migrationsFor = (schema: string): readonly Migration[] => [
  {
    version: 1,
    name: 'person registry',
    // Its own schema: in the distributed topology every service has a schema, and they share this one.
    sql: `CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.persons (
        person_ref text PRIMARY KEY, identity_code text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())`,
  },
  {
    version: 2,
    name: 'erasure tombstones',
    // A tombstone is a row of the same table with the code gone and only its keyed hash left, so that
    // the hash's unique index alone decides between a new person and an erased one, race-free.
    sql: `ALTER TABLE ${schema}.persons ADD COLUMN IF NOT EXISTS code_hash text;
      ALTER TABLE ${schema}.persons ALTER COLUMN identity_code DROP NOT NULL;
      CREATE UNIQUE INDEX IF NOT EXISTS persons_code_hash ON ${schema}.persons (code_hash);
      CREATE TABLE IF NOT EXISTS ${schema}.settings (name text PRIMARY KEY, value text NOT NULL)`,
  },
];

export type ResolvedPerson = { personRef: PersonRef; hetu: ParsedHetu; created: boolean };

export interface PersonRegistryOptions {
  ids: IdGenerator;
  clock: Clock;
  /** The HMAC key of the tombstones (RuntimeConfig.identityKey); unset → a development key kept in the registry. */
  identityKey?: string | undefined;
  /**
   * The registry's own schema, shared by the services of one installation (RuntimeConfig's
   * registrySchema); tests give each app its own so that one test's erasures stay in that test.
   */
  schema?: string;
  /** Told once when the development key is used. */
  warn?: (message: string) => void;
}

export const DEFAULT_REGISTRY_SCHEMA = 'luotsi_registry';
const DEV_KEY = 'development-identity-key';
const FINGERPRINT = 'identity-key-fingerprint';
const BACKFILL_BATCH = 1000;

// Messages and details never contain the code: they end up in HTTP answers and logs.
const bornInFuture = () =>
  new DomainError('INVALID_HETU', 'invalid personal identity code: the birth date is in the future', {}, 'validation');
const erased = () =>
  new DomainError('PERSON_ERASED', 'this person was erased from the registry and is not registered again', {}, 'conflict');

/**
 * The only place where a personal identity code meets its opaque personRef. Events, topics and logs
 * carry the personRef; erasing a person here severs them from everything in the log. An erased
 * person leaves a tombstone: the HMAC-SHA-256 of their normalised code under a configured key, with
 * no personRef, so the same code is recognised and refused but cannot be read back or linked.
 */
export class PersonRegistry {
  private constructor(
    private readonly pool: SqlPool,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly key: string,
    private readonly schema: string,
  ) {}

  static async open(pool: SqlPool, options: PersonRegistryOptions): Promise<PersonRegistry> {
    const schema = options.schema ?? DEFAULT_REGISTRY_SCHEMA;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`the registry schema must be a plain SQL name, got ${JSON.stringify(schema)}`);
    await migrate(pool, 'person-registry', migrationsFor(schema));
    let key = options.identityKey;
    if (key === undefined) {
      await pool.query(`INSERT INTO ${schema}.settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
        DEV_KEY,
        randomBytes(32).toString('base64'),
      ]);
      key = (await pool.query<{ value: string }>(`SELECT value FROM ${schema}.settings WHERE name = $1`, [DEV_KEY])).rows[0]!.value;
      options.warn?.(
        'LUOTSI_IDENTITY_KEY is not set: erasure tombstones use a development key stored beside them; set the key in production',
      );
    }
    const registry = new PersonRegistry(pool, options.ids, options.clock, key, schema);
    await registry.checkKey();
    await registry.backfillHashes();
    return registry;
  }

  /**
   * Hashes made with another key never match again, so erased people would silently come back:
   * a registry refuses to open with a key other than the one its hashes were made with.
   */
  private async checkKey(): Promise<void> {
    const fingerprint = createHmac('sha256', this.key).update('luotsi identity key fingerprint').digest('hex').slice(0, 16);
    await this.pool.query(`INSERT INTO ${this.schema}.settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      FINGERPRINT,
      fingerprint,
    ]);
    const stored = (await this.pool.query<{ value: string }>(`SELECT value FROM ${this.schema}.settings WHERE name = $1`, [FINGERPRINT]))
      .rows[0]!.value;
    if (stored === fingerprint) return;
    const hashed = await this.pool.query(`SELECT 1 FROM ${this.schema}.persons WHERE code_hash IS NOT NULL LIMIT 1`);
    if (hashed.rows.length > 0)
      throw new Error('the identity key is not the key the person registry was hashed with (LUOTSI_IDENTITY_KEY changed?)');
    await this.pool.query(`UPDATE ${this.schema}.settings SET value = $2 WHERE name = $1`, [FINGERPRINT, fingerprint]);
  }

  /** Rows from before version 2 get their hash; until they have it, their erasure could not leave a tombstone. */
  private async backfillHashes(): Promise<void> {
    for (;;) {
      const { rows } = await this.pool.query<{ person_ref: string; identity_code: string }>(
        `SELECT person_ref, identity_code FROM ${this.schema}.persons WHERE code_hash IS NULL AND identity_code IS NOT NULL LIMIT $1`,
        [BACKFILL_BATCH],
      );
      if (rows.length === 0) return;
      await this.pool.query(
        `UPDATE ${this.schema}.persons p SET code_hash = v.h FROM unnest($1::text[], $2::text[]) AS v(ref, h) WHERE p.person_ref = v.ref`,
        [rows.map((r) => r.person_ref), rows.map((r) => this.hash(r.identity_code))],
      );
    }
  }

  /** The keyed hash of a normalised code (Hetu.parse's value): the same human always hashes the same. */
  private hash(normalisedCode: string): string {
    return createHmac('sha256', this.key).update(normalisedCode, 'utf8').digest('hex');
  }

  /** Looks a person up by identity code; with `create`, gives a new person a personRef. */
  async resolve(identityCode: string, create: boolean): Promise<ResolvedPerson | null> {
    const { found, invalid } = await this.resolveMany([identityCode], create);
    if (invalid.has(identityCode)) throw invalid.get(identityCode);
    return found.get(identityCode) ?? null;
  }

  /**
   * resolve for many codes in at most two round trips (an import's chunk). New people are the
   * common case in a register import, so with `create` the insert comes first and only the codes it
   * did not insert are looked up. Codes that are not valid identity codes (or whose birth date has
   * not come yet) come back as their error in the `invalid` map and never reach the database; with
   * `create`, so do the codes of erased people (PERSON_ERASED). Without `create` an erased person is
   * simply not found.
   */
  async resolveMany(
    identityCodes: readonly string[],
    create: boolean,
  ): Promise<{ found: Map<string, ResolvedPerson>; invalid: Map<string, unknown> }> {
    const found = new Map<string, ResolvedPerson>();
    const invalid = new Map<string, unknown>();
    const parsed = new Map<string, ParsedHetu>();
    const today = LocalDate.ofInstant(this.clock.now());
    for (const code of identityCodes) {
      if (parsed.has(code) || invalid.has(code)) continue;
      try {
        const hetu = Hetu.parse(code);
        if (hetu.birthDate > today) throw bornInFuture();
        parsed.set(code, hetu);
      } catch (error) {
        invalid.set(code, error);
      }
    }
    // Spellings of one code (case, spaces) are one person: every spelling gets the same answer.
    const byHash = new Map<string, { hetu: ParsedHetu; codes: string[] }>();
    for (const [code, hetu] of parsed) {
      const hash = this.hash(hetu.value);
      const entry = byHash.get(hash);
      if (entry) entry.codes.push(code);
      else byHash.set(hash, { hetu, codes: [code] });
    }
    const hashes = [...byHash.keys()];
    if (hashes.length === 0) return { found, invalid };
    if (create) {
      const refs = hashes.map(() => PersonRef.fromUuid(this.ids.uuid()));
      // No conflict target: a known code (identity_code) and a tombstone (code_hash) both mean "not new".
      const inserted = await this.pool.query<{ person_ref: string; code_hash: string }>(
        `INSERT INTO ${this.schema}.persons (person_ref, identity_code, code_hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT DO NOTHING RETURNING person_ref, code_hash`,
        [refs, hashes.map((h) => byHash.get(h)!.hetu.value), hashes],
      );
      for (const row of inserted.rows) {
        const { codes, hetu } = byHash.get(row.code_hash)!;
        for (const code of codes) found.set(code, { personRef: PersonRef.parse(row.person_ref), hetu, created: true });
      }
    }
    const missing = hashes.filter((h) => !found.has(byHash.get(h)!.codes[0]!));
    if (missing.length > 0) {
      const existing = await this.pool.query<{ person_ref: string; code_hash: string; identity_code: string | null }>(
        `SELECT person_ref, code_hash, identity_code FROM ${this.schema}.persons WHERE code_hash = ANY($1::text[])`,
        [missing],
      );
      for (const row of existing.rows) {
        const { codes, hetu } = byHash.get(row.code_hash)!;
        for (const code of codes) {
          if (row.identity_code !== null) found.set(code, { personRef: PersonRef.parse(row.person_ref), hetu, created: false });
          else if (create) invalid.set(code, erased());
        }
      }
    }
    return { found, invalid };
  }

  async require(identityCode: string): Promise<{ personRef: PersonRef; hetu: ParsedHetu }> {
    const found = await this.resolve(identityCode, false);
    if (!found) throw new DomainError('PERSON_NOT_FOUND', 'no resident with this personal identity code', {}, 'not_found');
    return found;
  }

  /** Whether the registry maps an identity code to this personRef (false once the person is erased). */
  async isKnown(personRef: PersonRef): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM ${this.schema}.persons WHERE person_ref = $1 AND identity_code IS NOT NULL`, [
      personRef,
    ]);
    return rows.length > 0;
  }

  /**
   * Erases a person's mapping, leaving the tombstone: one statement turns the row into its keyed
   * hash alone. The personRef is replaced by a random id that appears nowhere else and the creation
   * time is cut to its year, so nothing in the tombstone points back to the person's events.
   * Returns whether a mapping was erased (false: none, or erased before). Run it after the erasure
   * is recorded as an event; run again, it completes a half-done erasure and otherwise does nothing.
   */
  async forget(personRef: PersonRef): Promise<boolean> {
    const { rows } = await this.pool.query(
      `UPDATE ${this.schema}.persons SET person_ref = $2, identity_code = NULL, created_at = date_trunc('year', created_at)
       WHERE person_ref = $1 AND identity_code IS NOT NULL AND code_hash IS NOT NULL RETURNING 1`,
      [personRef, `erased_${randomUUID()}`],
    );
    return rows.length > 0;
  }
}
