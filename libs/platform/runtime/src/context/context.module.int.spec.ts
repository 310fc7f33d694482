import { Body, Controller, Get, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { register } from 'prom-client';
import { DomainError, type Decider } from '@luotsi/kernel';
import { topicOf, type ContextContract } from '@luotsi/contracts';
import type { CommandEnvelope, EventStore, StreamDeclaration } from '@luotsi/eventstore';
import { CommandPipeline } from '@luotsi/eventstore';
import type { Subscription } from '@luotsi/messaging';
import { Idempotent, Public, Roles } from '../index';
import { RequestEnvelope } from './envelope';
import { ContextModule, subscriptionToken } from './context.module';
import { defineContext } from './define-context';
import { SubscriptionRuntime } from './subscription-runtime';
import { PlatformModule } from '../platform.module';
import { startTestApp, type TestApp } from '../testing/test-app';
import { as } from '../testing/callers';
import { EVENT_STORE } from '../tokens';

type Add = { id: string; amount: number };
type Added = { type: 'Added'; data: { amount: number } };
const tallyDecider: Decider<Add, Added, { total: number }> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.amount }),
  decide: (c) => {
    if (!Number.isInteger(c.amount) || c.amount <= 0)
      throw new DomainError('NOT_POSITIVE', 'amount must be a positive integer', {}, 'validation');
    return [{ type: 'Added', data: { amount: c.amount } }];
  },
};
const tally: StreamDeclaration<Add, Added, { total: number }> = {
  category: 'tally',
  decider: tallyDecider,
  streamId: (c) => `tally-${c.id}`,
};
const echo: StreamDeclaration<Add, Added, { total: number }> = { category: 'echo', decider: tallyDecider, streamId: (c) => `echo-${c.id}` };

const contract: ContextContract = {
  context: 'probe-declared',
  categories: ['tally'],
  partitions: 1,
  retentionMs: -1,
  events: [
    {
      domainType: 'Added',
      name: 'added',
      version: 1,
      summary: 'An amount was added.',
      schema: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer' } }, additionalProperties: false },
      example: { amount: 1 },
      // Amounts over 100 map to a string: a mapping that drifted from its schema.
      toPublic: (d) => ({ amount: (d['amount'] as number) > 100 ? 'big' : d['amount'] }),
    },
  ],
};

@Controller('probe')
class ProbeController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/add')
  @Roles('county')
  @Idempotent()
  async add(@Param('id') id: string, @Body() body: { amount: number }, @RequestEnvelope() envelope: CommandEnvelope) {
    const { state, events } = await this.pipeline.execute(tally, { id, amount: body.amount }, envelope);
    return { total: state.total, eventIds: events.length };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

const declaration = defineContext({
  name: 'probe-declared',
  streams: [tally, echo],
  migrations: [{ version: 1, name: 'tallies', sql: 'CREATE TABLE probe_tallies (stream_id text PRIMARY KEY, total integer NOT NULL)' }],
  projections: [
    {
      name: 'probe-tallies',
      categories: ['tally', 'echo'],
      apply: async (em, e) => {
        await em.query(
          'INSERT INTO probe_tallies (stream_id, total) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET total = probe_tallies.total + EXCLUDED.total',
          [e.streamId, (e.data as { amount: number }).amount],
        );
      },
    },
  ],
  publishes: { contract },
  consumes: [
    {
      name: 'echo',
      topic: topicOf('probe-declared'),
      handle: (event) => [
        { stream: echo, command: { id: event.subject.slice('tally-'.length), amount: (event.data as { amount: number }).amount } },
      ],
    },
  ],
  timers: [{ name: 'probe-tick', everyMs: 0, tick: async () => [{ stream: tally, command: { id: 'timer', amount: 1 } }] }],
  upcasters: [],
  controllers: [ProbeController],
});

@Module({})
class ProbeAppModule {
  static forRoot(config: Parameters<typeof PlatformModule.forRoot>[0]): DynamicModule {
    return { module: ProbeAppModule, imports: [PlatformModule.forRoot(config), ContextModule.register(declaration)] };
  }
}

describe('ContextModule (a declared context on PGlite)', () => {
  let t: TestApp;
  let projection: Subscription;
  let store: EventStore;
  let db: DataSource;
  const county = as.county('anna');
  const totals = async () =>
    Object.fromEntries(
      (
        (await db.query('SELECT stream_id, total FROM probe_tallies ORDER BY stream_id')) as Array<{ stream_id: string; total: number }>
      ).map((r) => [r.stream_id, Number(r.total)]),
    );

  beforeAll(async () => {
    t = await startTestApp(
      { service: 'probe', title: 'probe', description: 'probe', module: ProbeAppModule.forRoot, consumes: [contract] },
      'pglite',
    );
    projection = t.app.get<Subscription>(subscriptionToken('probe-tallies'));
    store = t.app.get<EventStore>(EVENT_STORE);
    db = t.app.get<DataSource>(getDataSourceToken());
  }, 60_000);
  afterAll(async () => t?.close());

  it('runs a command endpoint through the pipeline, the gateway, the inbound consumer and the projection', async () => {
    const res = await request(t.server).post('/probe/a/add').set(county).send({ amount: 3 }).expect(201);
    expect(res.body).toEqual({ total: 3, eventIds: 1 });
    await projection.caughtUp(10_000);
    await waitFor(async () => (await totals())['echo-a'] === 3);
    expect(await totals()).toEqual({ 'echo-a': 3, 'tally-a': 3 });
    const [echoed] = await store.readStream('echo-a');
    expect(echoed!.metadata).toMatchObject({
      actor: 'system:inbound:probe-declared.echo',
      causationId: (await store.readStream('tally-a'))[0]!.eventId,
    });
  });

  it('refuses a route that declares no access, and a declared one without the role', async () => {
    expect((await request(t.server).get('/probe/forgotten').set(county).expect(403)).body.code).toBe('ACCESS_UNDECLARED');
    expect((await request(t.server).post('/probe/a/add').set(as.resident('120485-901Y')).send({ amount: 1 }).expect(403)).body.code).toBe(
      'FORBIDDEN_ROLE',
    );
    // No token is no caller: 401, no longer a 403 for a missing header.
    expect((await request(t.server).post('/probe/a/add').send({ amount: 1 }).expect(401)).body.code).toBe('TOKEN_MISSING');
    await request(t.server).get('/probe/open').expect(200);
    await request(t.server)
      .get('/health')
      .expect((r) => expect(r.status).toBeLessThan(400));
  });

  it('replays the answer of an Idempotency-Key and writes nothing more; another request under it is refused', async () => {
    const first = await request(t.server)
      .post('/probe/k/add')
      .set({ ...county, 'Idempotency-Key': 'key-1' })
      .send({ amount: 2 })
      .expect(201);
    const again = await request(t.server)
      .post('/probe/k/add')
      .set({ ...county, 'Idempotency-Key': 'key-1' })
      .send({ amount: 2 })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(await store.readStream('tally-k')).toHaveLength(1);
    expect(
      (
        await request(t.server)
          .post('/probe/k/add')
          .set({ ...county, 'Idempotency-Key': 'key-1' })
          .send({ amount: 5 })
          .expect(422)
      ).body.code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another actor's key of the same text is its own.
    await request(t.server)
      .post('/probe/k/add')
      .set({ ...as.county('olli'), 'Idempotency-Key': 'key-1' })
      .send({ amount: 2 })
      .expect(201);
    expect(await store.readStream('tally-k')).toHaveLength(2);
  });

  it('refuses an Idempotency-Key that is too long or has other characters, writing nothing', async () => {
    for (const key of ['x'.repeat(201), 'a b', 'ä']) {
      const res = await request(t.server)
        .post('/probe/bad/add')
        .set({ ...county, 'Idempotency-Key': key })
        .send({ amount: 2 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    }
    expect(await store.readStream('tally-bad')).toHaveLength(0);
  });

  it("stores a refusal as the key's answer, and expires answers after the configured time", async () => {
    const refused = await request(t.server)
      .post('/probe/r/add')
      .set({ ...county, 'Idempotency-Key': 'key-r' })
      .send({ amount: -1 })
      .expect(400);
    expect(refused.body.code).toBe('NOT_POSITIVE');
    await request(t.server)
      .post('/probe/r/add')
      .set({ ...county, 'Idempotency-Key': 'key-r' })
      .send({ amount: -1 })
      .expect(400);
    t.clock.advance(t.config.idempotencyTtlMs + 1000);
    // Expired: the same key with another request is a new request.
    await request(t.server)
      .post('/probe/r/add')
      .set({ ...county, 'Idempotency-Key': 'key-r' })
      .send({ amount: 4 })
      .expect(201);
    expect(await store.readStream('tally-r')).toHaveLength(1);
  });

  it('sends a payload that fails its schema to the dead-letter count and goes on', async () => {
    const letters = async () =>
      (await register.getSingleMetric('luotsi_dead_letters_total')?.get())?.values.find(
        (v) => v.labels['subscription'] === 'relay:probe-declared',
      )?.value ?? 0;
    const before = await letters();
    await request(t.server).post('/probe/big/add').set(county).send({ amount: 500 }).expect(201);
    await request(t.server).post('/probe/after/add').set(county).send({ amount: 7 }).expect(201);
    await waitFor(async () => (await totals())['echo-after'] === 7);
    expect(await letters()).toBe(before + 1);
    expect((await totals())['echo-big']).toBeUndefined();
    const lag = (await register.getSingleMetric('luotsi_subscription_lag')!.get()).values.find(
      (v) => v.labels['subscription'] === 'probe-tallies',
    );
    expect(lag).toBeDefined();
    const within = await t.app.get(SubscriptionRuntime).engine.subscriptionsWithin(1000);
    expect(within.ok).toBe(true);
    expect(within.subscriptions.map((s) => s.name).sort()).toEqual(['probe-tallies', 'relay:probe-declared']);
  });

  it('shows dead letters, revision conflicts and subscription lag on /metrics, and readiness by subscription', async () => {
    await waitFor(async () => (await totals())['echo-after'] === 7);
    const metrics = (await request(t.server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^luotsi_dead_letters_total\{subscription="relay:probe-declared"\} [1-9]/m);
    expect(metrics).toMatch(/^# TYPE luotsi_revision_conflicts_total counter$/m);
    expect(metrics).toMatch(/^luotsi_subscription_lag\{subscription="probe-tallies"\} \d+$/m);
    expect(metrics).toMatch(/^luotsi_subscription_lag\{subscription="relay:probe-declared"\} \d+$/m);
    const ready = await request(t.server).get('/health/ready').expect(200);
    expect(ready.body.checks.subscriptions).toEqual({
      ok: true,
      details: { lagging: [], failing: [], lag: { 'probe-tallies': 0, 'relay:probe-declared': 0 } },
    });
  });

  it('turns a timer into commands', async () => {
    await t.app.get(SubscriptionRuntime).runTimer('probe-tick');
    expect(await store.readStream('tally-timer')).toHaveLength(1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
