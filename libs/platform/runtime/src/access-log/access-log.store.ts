import { GroupCommit, insertRows, migrate, type Migration, type SqlPool } from '@luotsi/database';

const migrationsFor = (schema: string): readonly Migration[] => [
  {
    version: 1,
    name: 'access log',
    // Its own schema, like the identity registry's: shared by every service of an installation, and
    // append-only by the database itself, so no code path (or operator's slip) can rewrite history.
    sql: `CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.entries (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        subject text NOT NULL,
        username text,
        role text NOT NULL,
        organisation text,
        purpose text NOT NULL,
        method text NOT NULL,
        route text NOT NULL,
        person_ref text,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'refused')),
        code text,
        correlation_id text);
      CREATE INDEX IF NOT EXISTS entries_person ON ${schema}.entries (person_ref, at);
      CREATE INDEX IF NOT EXISTS entries_subject ON ${schema}.entries (subject, at);
      CREATE INDEX IF NOT EXISTS entries_at ON ${schema}.entries (at);
      CREATE OR REPLACE FUNCTION ${schema}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${schema}.entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
      DROP TRIGGER IF EXISTS entries_append_only ON ${schema}.entries;
      CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON ${schema}.entries FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse_change();
      DROP TRIGGER IF EXISTS entries_no_truncate ON ${schema}.entries;
      CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON ${schema}.entries FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.refuse_change();`,
  },
  {
    version: 2,
    name: 'sections read and break-the-glass',
    // Client plans (issue 11) record which sections of a plan were read and whether the read broke
    // the glass, with its stated reason; auditors list those uses for review. Older entries have
    // neither (no sections named, not break-the-glass).
    sql: `ALTER TABLE ${schema}.entries ADD COLUMN IF NOT EXISTS sections text;
      ALTER TABLE ${schema}.entries ADD COLUMN IF NOT EXISTS break_glass boolean NOT NULL DEFAULT false;
      ALTER TABLE ${schema}.entries ADD COLUMN IF NOT EXISTS reason text;
      CREATE INDEX IF NOT EXISTS entries_break_glass ON ${schema}.entries (at) WHERE break_glass;`,
  },
  {
    version: 3,
    name: 'break-the-glass reviews',
    // An auditor's finding on a break-the-glass use, append-only like the entries: a second review
    // of one entry is a new row, the list shows the latest. No foreign key to the entries: review()
    // inserts only for an existing break-the-glass entry, entries are never deleted, and a key
    // would answer a TRUNCATE of the entries with its own error before their append-only trigger.
    sql: `CREATE TABLE IF NOT EXISTS ${schema}.reviews (
        id bigserial PRIMARY KEY,
        entry_id bigint NOT NULL,
        at timestamptz NOT NULL,
        reviewed_by text NOT NULL,
        finding text NOT NULL CHECK (finding IN ('justified', 'not-justified')),
        note text);
      CREATE INDEX IF NOT EXISTS reviews_entry ON ${schema}.reviews (entry_id, id);
      DROP TRIGGER IF EXISTS reviews_append_only ON ${schema}.reviews;
      CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON ${schema}.reviews FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse_change();
      DROP TRIGGER IF EXISTS reviews_no_truncate ON ${schema}.reviews;
      CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON ${schema}.reviews FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.refuse_change();`,
  },
];

/** One access to a person's data (or an attempt). Never an identity code: the person is their personRef. */
export interface AccessLogEntry {
  at: Date;
  /** The token's subject. */
  subject: string;
  username: string | null;
  role: string;
  organisation: string | null;
  purpose: string;
  method: string;
  /** The route template, e.g. /residents/:personRef/listing. */
  route: string;
  /** The person concerned; null when the request names none (a look-up that found nobody). */
  personRef: string | null;
  outcome: 'allowed' | 'refused';
  /** The refusal's code; on a look-up's own entry PERSON_FOUND or PERSON_NOT_FOUND. */
  code: string | null;
  correlationId: string | null;
  /** The sections of a record read or written (client plans), when the route names them. */
  sections?: readonly string[] | null;
  /** The access was a break-the-glass opening, without the usual basis; `reason` says why. */
  breakGlass?: boolean;
  reason?: string | null;
}

export interface StoredAccessLogEntry extends AccessLogEntry {
  id: string;
}

export interface AccessLogQuery {
  personRef?: string | undefined;
  subject?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Entries older than this cursor (an entry id from `next`). */
  before?: string | undefined;
  /** Only break-the-glass uses (an auditor's review list). */
  breakGlass?: boolean | undefined;
  limit: number;
}

const COLUMNS = [
  'at',
  'subject',
  'username',
  'role',
  'organisation',
  'purpose',
  'method',
  'route',
  'person_ref',
  'outcome',
  'code',
  'correlation_id',
  'sections',
  'break_glass',
  'reason',
] as const;

interface Row {
  id: string;
  at: Date | string;
  subject: string;
  username: string | null;
  role: string;
  organisation: string | null;
  purpose: string;
  method: string;
  route: string;
  person_ref: string | null;
  outcome: 'allowed' | 'refused';
  code: string | null;
  correlation_id: string | null;
  sections: string | null;
  break_glass: boolean;
  reason: string | null;
}

/**
 * The guard records a request before the edge's input scan refuses it, so a path or query value may
 * hold a NUL or a lone surrogate, which no text column takes: the entry keeps U+FFFD there instead
 * of failing the write (a refusal that would read as ACCESS_LOG_UNAVAILABLE, a 503).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (value: string | null): string | null =>
  value === null ? null : value.split('\u0000').join('\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

export const DEFAULT_ACCESS_LOG_SCHEMA = 'luotsi_access';

/**
 * The append-only store of the access log (`<schema>.entries`, RuntimeConfig.accessLogSchema,
 * luotsi_access by default): one INSERT per entry.
 */
export class AccessLogStore {
  private constructor(
    private readonly pool: SqlPool,
    /** The table, schema-qualified. */
    readonly table: string,
    private readonly schema: string,
  ) {}

  static async open(pool: SqlPool, schema: string = DEFAULT_ACCESS_LOG_SCHEMA): Promise<AccessLogStore> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`the access log schema must be a plain SQL name, got ${JSON.stringify(schema)}`);
    await migrate(pool, 'access-log', migrationsFor(schema));
    return new AccessLogStore(pool, `${schema}.entries`, schema);
  }

  /**
   * Concurrent requests' entries go to the database together (one multi-row INSERT per batch); each
   * caller still waits until its own entry is written, and fails if it is not.
   */
  private readonly writes = new GroupCommit<AccessLogEntry, void>(async (entries) => {
    const rows = entries.map((entry) => ({
      at: entry.at.toISOString(),
      subject: storable(entry.subject),
      username: storable(entry.username),
      role: storable(entry.role),
      organisation: storable(entry.organisation),
      purpose: storable(entry.purpose),
      method: storable(entry.method),
      route: storable(entry.route),
      person_ref: storable(entry.personRef),
      outcome: storable(entry.outcome),
      code: storable(entry.code),
      correlation_id: storable(entry.correlationId),
      sections: entry.sections ? storable(entry.sections.join(',')) : null,
      break_glass: entry.breakGlass === true,
      reason: storable(entry.reason ?? null),
    }));
    await insertRows(this.pool, this.table, [...COLUMNS], rows, { types: { at: 'timestamptz', break_glass: 'boolean' } });
    return entries.map(() => undefined);
  });

  append(entry: AccessLogEntry): Promise<void> {
    return this.writes.submit(entry);
  }

  /** Records an auditor's finding on a break-the-glass entry; false when there is no such entry. */
  async review(
    entryId: string,
    review: { at: Date; reviewedBy: string; finding: 'justified' | 'not-justified'; note: string | null },
  ): Promise<boolean> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO ${this.schema}.reviews (entry_id, at, reviewed_by, finding, note)
       SELECT id, $2, $3, $4, $5 FROM ${this.table} WHERE id = $1::bigint AND break_glass RETURNING id::text AS id`,
      [entryId, review.at.toISOString(), storable(review.reviewedBy), review.finding, storable(review.note)],
    );
    return rows.length > 0;
  }

  /** The latest review of each of these entries. */
  async reviewsOf(
    entryIds: readonly string[],
  ): Promise<Map<string, { at: Date; reviewedBy: string; finding: string; note: string | null }>> {
    if (entryIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      entry_id: string;
      at: Date | string;
      reviewed_by: string;
      finding: string;
      note: string | null;
    }>(
      `SELECT DISTINCT ON (entry_id) entry_id::text AS entry_id, at, reviewed_by, finding, note FROM ${this.schema}.reviews
        WHERE entry_id = ANY($1::bigint[]) ORDER BY entry_id, id DESC`,
      [entryIds],
    );
    return new Map(rows.map((r) => [r.entry_id, { at: new Date(r.at), reviewedBy: r.reviewed_by, finding: r.finding, note: r.note }]));
  }

  /** Newest first; `next` is the cursor of the following page, null on the last. */
  async query(q: AccessLogQuery): Promise<{ entries: StoredAccessLogEntry[]; next: string | null }> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.personRef !== undefined) add('person_ref = ?', q.personRef);
    if (q.subject !== undefined) add('subject = ?', q.subject);
    if (q.from !== undefined) add('at >= ?', q.from.toISOString());
    if (q.to !== undefined) add('at < ?', q.to.toISOString());
    if (q.before !== undefined) add('id < ?::bigint', q.before);
    if (q.breakGlass === true) where.push('break_glass');
    args.push(q.limit + 1);
    const { rows } = await this.pool.query<Row>(
      `SELECT id::text AS id, ${COLUMNS.join(', ')} FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`,
      args,
    );
    const page = rows.slice(0, q.limit).map(toEntry);
    return { entries: page, next: rows.length > q.limit ? page[page.length - 1]!.id : null };
  }
}

const toEntry = (r: Row): StoredAccessLogEntry => ({
  id: r.id,
  at: new Date(r.at),
  subject: r.subject,
  username: r.username,
  role: r.role,
  organisation: r.organisation,
  purpose: r.purpose,
  method: r.method,
  route: r.route,
  personRef: r.person_ref,
  outcome: r.outcome,
  code: r.code,
  correlationId: r.correlation_id,
  sections: r.sections === null || r.sections === '' ? null : r.sections.split(','),
  breakGlass: r.break_glass === true,
  reason: r.reason,
});
