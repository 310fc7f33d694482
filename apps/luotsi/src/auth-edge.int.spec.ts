import { Body, Controller, Get, Inject, Module, Param, Post, Req, type DynamicModule } from '@nestjs/common';
import type { Request } from 'express';
import request from 'supertest';
import { bearer, testToken } from '@luotsi/auth/testing';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import type { SqlPool } from '@luotsi/database';
import { Pool } from 'pg';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import {
  Access,
  AccessLog,
  CurrentActor,
  IdentityCodeFields,
  PlatformModule,
  Public,
  RateLimited,
  RESIDENT_DIRECTORY,
  SQL_POOL,
  type Actor,
  type ResidentDirectory,
  type RuntimeConfig,
} from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';

const MATTI = '120485-901Y';
const LIISA = '131052-902Y';
const STRANGER = '010101A901S';

@Controller('probe')
class ProbeController {
  constructor(
    private readonly log: AccessLog,
    @Inject(RESIDENT_DIRECTORY) private readonly residents: ResidentDirectory,
  ) {}

  @Get('persons/:personRef/listing')
  @Access({ roles: ['resident', 'guidance'], scope: { ownPerson: 'personRef' }, purpose: 'care-guidance' })
  listing(@Param('personRef') personRef: string, @CurrentActor() actor: Actor) {
    return { personRef, actor };
  }

  @Get('providers/:providerId/clients')
  @Access({ roles: ['provider', 'county'], scope: { ownProvider: 'providerId' } })
  clients(@Param('providerId') providerId: string, @CurrentActor() actor: Actor) {
    return { providerId, role: actor.role };
  }

  @Post('lookup')
  @Access({ roles: ['guidance'], purpose: 'care-guidance' })
  @RateLimited('identity-lookup')
  @IdentityCodeFields('identityCode')
  async lookup(@Body() body: { identityCode: string }, @Req() req: Request) {
    const personRef = await this.residents.personRefOf(body.identityCode);
    await this.log.recordSubject(req, personRef);
    return { personRef };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

@Module({})
class ProbeModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    // The identity context's registry: it supplies the edge's resident directory.
    return {
      module: ProbeModule,
      imports: [PlatformModule.forRoot(config)],
      controllers: [ProbeController],
      providers: [{ provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry }],
    };
  }
}

const definition = { service: 'auth-probe', title: 'probe', description: 'probe', module: ProbeModule.forRoot, consumes: [] };

function suite(database: TestDatabase) {
  let t: TestApp;
  let pool: SqlPool;
  let matti: string;
  let liisa: string;
  const http = () => request(t.server);
  const entries = async () =>
    (await pool.query<Record<string, unknown>>(`SELECT * FROM ${t.config.accessLogSchema}.entries ORDER BY id`)).rows;

  beforeAll(async () => {
    t = await startTestApp(definition, database, {
      postgresUrl: testPostgresUrl(),
      config: { rateLimits: { 'identity-lookup': { perMinute: 3, perDay: 4 } } },
    });
    pool = t.app.get<SqlPool>(SQL_POOL);
    const registry = t.app.get(PersonRegistry);
    matti = String((await registry.resolve(MATTI, true))!.personRef);
    liisa = String((await registry.resolve(LIISA, true))!.personRef);
  }, 60_000);
  afterAll(async () => t?.close());

  describe('token vectors', () => {
    const clients = '/probe/providers/mehilainen/clients';

    it('answers 401 TOKEN_MISSING without a token, TOKEN_EXPIRED for an expired one, TOKEN_INVALID for another audience or issuer', async () => {
      expect((await http().get(clients).expect(401)).body).toEqual({
        code: 'TOKEN_MISSING',
        message: expect.any(String),
        details: { header: 'Authorization' },
      });
      expect(
        (
          await http()
            .get(clients)
            .set(as.provider('mehilainen', { expiresInSec: -30 }))
            .expect(401)
        ).body.code,
      ).toBe('TOKEN_EXPIRED');
      expect(
        (
          await http()
            .get(clients)
            .set(as.provider('mehilainen', { audience: 'luotsi-web' }))
            .expect(401)
        ).body.code,
      ).toBe('TOKEN_INVALID');
      expect(
        (
          await http()
            .get(clients)
            .set(as.provider('mehilainen', { issuer: 'https://evil.test/realms/luotsi' }))
            .expect(401)
        ).body.code,
      ).toBe('TOKEN_INVALID');
      const token = testToken({ sub: 'x', roles: ['county'] });
      expect(
        (
          await http()
            .get(clients)
            .set('Authorization', `Bearer ${token.slice(0, -4)}AAAA`)
            .expect(401)
        ).body.code,
      ).toBe('TOKEN_INVALID');
      // The header that once named the caller means nothing now.
      expect((await http().get(clients).set('X-Luotsi-Actor', 'county:anna').expect(401)).body.code).toBe('TOKEN_MISSING');
    });

    it('answers 403 FORBIDDEN_ROLE for a role the rule does not name, FORBIDDEN_SCOPE for another provider', async () => {
      expect((await http().get(clients).set(as.finance('eeva')).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
      expect((await http().get('/probe/providers/terveystalo/clients').set(as.provider('mehilainen')).expect(403)).body.code).toBe(
        'FORBIDDEN_SCOPE',
      );
      expect((await http().get(clients).set(as.provider('mehilainen')).expect(200)).body).toEqual({
        providerId: 'mehilainen',
        role: 'provider',
      });
      expect((await http().get('/probe/providers/terveystalo/clients').set(as.county()).expect(200)).body.role).toBe('county');
    });

    it('lets a resident in for their own person only, as resident:<personRef>, and never echoes the identity code', async () => {
      const own = await http().get(`/probe/persons/${matti}/listing`).set(as.resident(MATTI)).expect(200);
      expect(own.body.actor).toMatchObject({ role: 'resident', label: `resident:${matti}`, personRef: matti });
      expect(JSON.stringify(own.body)).not.toContain(MATTI);
      expect((await http().get(`/probe/persons/${liisa}/listing`).set(as.resident(MATTI)).expect(403)).body.code).toBe('FORBIDDEN_SCOPE');
      expect((await http().get(`/probe/persons/${matti}/listing`).set(as.resident(STRANGER)).expect(403)).body.code).toBe(
        'RESIDENT_UNKNOWN',
      );
      expect((await http().get(`/probe/persons/${liisa}/listing`).set(as.guidance()).expect(200)).body.actor.role).toBe('guidance');
    });

    it('tells a signed-in caller who they are at GET /me: a resident their personRef, never their code', async () => {
      const me = await http().get('/me').set(as.resident(MATTI)).expect(200);
      expect(me.body).toMatchObject({ role: 'resident', roles: ['resident'], personRef: matti });
      expect(JSON.stringify(me.body)).not.toContain(MATTI);
      expect((await http().get('/me').set(as.provider('mehilainen')).expect(200)).body).toMatchObject({
        role: 'provider',
        providerId: 'mehilainen',
        personRef: null,
      });
      expect((await http().get('/me').expect(401)).body.code).toBe('TOKEN_MISSING');
    });

    it('refuses a resident signed in below the required level of assurance', async () => {
      const low = await http()
        .get(`/probe/persons/${matti}/listing`)
        .set(as.resident(MATTI, { acr: 'low' }))
        .expect(401);
      expect(low.body).toMatchObject({ code: 'INSUFFICIENT_ASSURANCE', details: { required: 'substantial', actual: 'low' } });
      await http()
        .get(`/probe/persons/${matti}/listing`)
        .set(as.resident(MATTI, { acr: 'substantial' }))
        .expect(200);
    });

    it('makes the actor id the subject, so one person is one id under any username', async () => {
      const a = await http()
        .get(`/probe/persons/${matti}/listing`)
        .set(bearer({ sub: 'user-1', roles: ['guidance'], preferred_username: 'eeva' }))
        .expect(200);
      const b = await http()
        .get(`/probe/persons/${matti}/listing`)
        .set(bearer({ sub: 'user-1', roles: ['guidance'], preferred_username: 'eeva.2' }))
        .expect(200);
      expect(a.body.actor.id).toBe('user-1');
      expect(b.body.actor.label).toBe(a.body.actor.label);
    });

    it('refuses a token that names its caller with an identity code (subject, username, organisation), before the access log sees it', async () => {
      const before = (await entries()).length;
      for (const claims of [{ sub: LIISA }, { preferred_username: `x ${LIISA}` }, { organisation: LIISA }]) {
        const res = await http()
          .get(`/probe/persons/${liisa}/listing`)
          .set(bearer({ sub: 'user-9', roles: ['guidance'], ...claims }))
          .expect(400);
        expect(res.body).toEqual({
          code: 'IDENTITY_CODE_NOT_ALLOWED',
          message: expect.any(String),
          details: { claims: [expect.stringMatching(/^token\./)] },
        });
        expect(res.text).not.toContain(LIISA);
      }
      expect((await entries()).length).toBe(before);
      // A resident's own code claim is where a code belongs.
      await http().get(`/probe/persons/${matti}/listing`).set(as.resident(MATTI)).expect(200);
    });

    it('keeps public routes open with or without a token', async () => {
      await http().get('/probe/open').expect(200);
      await http().get('/probe/open').set('Authorization', 'Bearer nonsense').expect(200);
    });
  });

  describe('access log', () => {
    it('records an allowed read and a refusal, with who, role, organisation, purpose, route and the person, never a code', async () => {
      t.clock.set('2026-11-24T08:00:00Z');
      await http().get(`/probe/persons/${liisa}/listing`).set(as.guidance('gunilla')).expect(200);
      await http().get(`/probe/persons/${liisa}/listing`).set(as.resident(MATTI)).expect(403);
      const rows = (await entries()).filter((r) => r['person_ref'] === liisa);
      expect(rows.slice(-2)).toEqual([
        expect.objectContaining({
          username: 'gunilla.guidance',
          role: 'guidance',
          organisation: 'pirkanmaa',
          purpose: 'care-guidance',
          method: 'GET',
          route: '/probe/persons/:personRef/listing',
          outcome: 'allowed',
          code: null,
        }),
        expect.objectContaining({ role: 'resident', purpose: 'care-guidance', outcome: 'refused', code: 'FORBIDDEN_SCOPE' }),
      ]);
      expect(JSON.stringify(await entries())).not.toMatch(/120485|131052|010101/);
    });

    it("shows a resident who processed their own data, and nothing of anyone else's", async () => {
      const mine = await http().get('/me/access-log').set(as.resident(LIISA)).expect(200);
      expect(mine.body.personRef).toBe(liisa);
      expect(mine.body.entries.length).toBeGreaterThan(0);
      expect(mine.body.entries.every((e: { what: string }) => e.what === 'GET /probe/persons/:personRef/listing')).toBe(true);
      expect(mine.body.entries).toContainEqual(
        expect.objectContaining({ role: 'guidance', username: 'gunilla.guidance', purpose: 'care-guidance', outcome: 'allowed' }),
      );
      // Another resident's attempt is shown, but not who that resident is.
      expect(mine.body.entries).toContainEqual(
        expect.objectContaining({ role: 'resident', username: null, outcome: 'refused', code: 'FORBIDDEN_SCOPE' }),
      );
      const matti_ = await http().get('/me/access-log').set(as.resident(MATTI)).expect(200);
      expect(matti_.body.entries.some((e: { personRef?: string }) => e.personRef !== undefined)).toBe(false);
      const refs = (await entries()).filter((r) => r['person_ref'] === matti).length;
      // One page is at most 100 (PGlite's luotsi_access lives as long as the test app).
      expect(matti_.body.entries).toHaveLength(Math.min(refs, 100));
      expect((await http().get('/me/access-log').set(as.guidance()).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    });

    it('lets an auditor query by person, user and time, paged; nobody else', async () => {
      const gunilla = (await http().get(`/probe/persons/${liisa}/listing`).set(as.guidance('gunilla')).expect(200)).body.actor.id as string;
      const byPerson = await http().get(`/access-log?personRef=${liisa}`).set(as.auditor()).expect(200);
      expect(byPerson.body.entries.length).toBeGreaterThanOrEqual(3);
      expect(byPerson.body.entries.every((e: { personRef: string }) => e.personRef === liisa)).toBe(true);
      const byUser = await http().get(`/access-log?subject=${gunilla}`).set(as.auditor()).expect(200);
      expect(byUser.body.entries.every((e: { subject: string }) => e.subject === gunilla)).toBe(true);
      expect((await http().get(`/access-log?subject=${gunilla}&from=2030-01-01`).set(as.auditor()).expect(200)).body.entries).toEqual([]);
      expect((await http().get(`/access-log?subject=${gunilla}&to=2000-01-01`).set(as.auditor()).expect(200)).body.entries).toEqual([]);
      const page1 = await http().get(`/access-log?personRef=${liisa}&limit=1`).set(as.auditor()).expect(200);
      expect(page1.body.entries).toHaveLength(1);
      const page2 = await http().get(`/access-log?personRef=${liisa}&limit=1&before=${page1.body.next}`).set(as.auditor()).expect(200);
      expect(Number(page2.body.entries[0].id)).toBeLessThan(Number(page1.body.entries[0].id));
      expect((await http().get('/access-log?from=yesterday').set(as.auditor()).expect(400)).body.code).toBe('INVALID_QUERY');
      expect((await http().get('/access-log').set(as.guidance()).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
      // The auditor's own query of a person is an access too.
      expect((await entries()).some((r) => r['purpose'] === 'audit' && r['person_ref'] === liisa && r['role'] === 'auditor')).toBe(true);
    });

    it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
      await expect(pool.query(`UPDATE ${t.config.accessLogSchema}.entries SET purpose = 'x'`)).rejects.toThrow(/append-only/);
      await expect(pool.query(`DELETE FROM ${t.config.accessLogSchema}.entries`)).rejects.toThrow(/append-only/);
      await expect(pool.query(`TRUNCATE ${t.config.accessLogSchema}.entries`)).rejects.toThrow(/append-only/);
      await expect(pool.query(`TRUNCATE ${t.config.accessLogSchema}.reviews`)).rejects.toThrow(/append-only/);
      expect((await entries()).length).toBeGreaterThan(0);
    });
  });

  describe('look-ups by identity code', () => {
    it('logs every look-up with the personRef found (or not found), and limits them per user with 429 and Retry-After', async () => {
      const before = (await entries()).length;
      const found = await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: MATTI }).expect(201);
      expect(found.body.personRef).toBe(matti);
      await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: STRANGER }).expect(201);
      await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: LIISA }).expect(201);
      const limited = await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: LIISA }).expect(429);
      expect(limited.body).toMatchObject({
        code: 'RATE_LIMITED',
        details: { kind: 'identity-lookup', limit: 'per-minute', retryAfterSeconds: expect.any(Number) },
      });
      expect(Number(limited.headers['retry-after'])).toBe(limited.body.details.retryAfterSeconds);
      // Another user has their own allowance.
      await http().post('/probe/lookup').set(as.guidance('gunilla')).send({ identityCode: LIISA }).expect(201);
      const rows = (await entries()).slice(before).filter((r) => r['route'] === '/probe/lookup');
      expect(rows.map((r) => [r['username'], r['outcome'], r['code'], r['person_ref']])).toEqual([
        ['lotta.guidance', 'allowed', null, null],
        ['lotta.guidance', 'allowed', 'PERSON_FOUND', matti],
        ['lotta.guidance', 'allowed', null, null],
        ['lotta.guidance', 'allowed', 'PERSON_NOT_FOUND', null],
        ['lotta.guidance', 'allowed', null, null],
        ['lotta.guidance', 'allowed', 'PERSON_FOUND', liisa],
        ['lotta.guidance', 'refused', 'RATE_LIMITED', null],
        ['gunilla.guidance', 'allowed', null, null],
        ['gunilla.guidance', 'allowed', 'PERSON_FOUND', liisa],
      ]);
      t.clock.advance(60_000);
      await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: LIISA }).expect(201);
      // The day's limit (4) holds across minutes.
      expect(
        (await http().post('/probe/lookup').set(as.guidance('lotta')).send({ identityCode: LIISA }).expect(429)).body.details.limit,
      ).toBe('per-day');
    });

    it('fails a person-data request with 503 ACCESS_LOG_UNAVAILABLE when the log cannot be written', async () => {
      const store = t.app.get(AccessLog) as unknown as { store: { append: () => Promise<void> } };
      const append = store.store.append;
      store.store.append = async () => {
        throw new Error('disk full');
      };
      try {
        expect((await http().get(`/probe/persons/${liisa}/listing`).set(as.guidance()).expect(503)).body.code).toBe(
          'ACCESS_LOG_UNAVAILABLE',
        );
        // Routes without a purpose are not held up.
        await http().get('/probe/providers/mehilainen/clients').set(as.provider('mehilainen')).expect(200);
      } finally {
        store.store.append = append;
      }
    });
  });
}

describe('the authenticating edge (PGlite)', () => suite('pglite'));
describeWithPostgres()('the authenticating edge (PostgreSQL)', () => {
  suite('postgres');

  it('gives each test app its own access log and registry schemas, and drops them on close', async () => {
    const t = await startTestApp(definition, 'postgres', { postgresUrl: testPostgresUrl() });
    const pool = t.app.get<SqlPool>(SQL_POOL);
    expect(t.config.accessLogSchema).toMatch(/^t_[0-9a-f]{16}_access$/);
    await t.app.get(PersonRegistry).resolve(MATTI, true);
    await request(t.server).get('/probe/persons/x/listing').set(as.guidance()).expect(200);
    const own = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.config.accessLogSchema}.entries`)).rows[0]!.n);
    expect(own).toBe(1);
    const schemas = [t.config.accessLogSchema, t.config.registrySchema];
    await request(t.server)
      .get(`/probe/persons/${(await t.app.get(PersonRegistry).resolve(MATTI, false))!.personRef}/listing`)
      .set(as.resident(MATTI))
      .expect(200);
    await t.close();
    const check = new Pool({ connectionString: testPostgresUrl(), max: 1 });
    try {
      expect((await check.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas])).rows).toEqual([]);
    } finally {
      await check.end();
    }
  }, 60_000);
});
