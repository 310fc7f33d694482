import { Controller, Get, Global, Module, Param } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '../logger';
import { configureHttp } from '../http/configure-http';
import { HTTP_APP_OPTIONS } from '../http/route-options';
import { KAFKA, LOGGER, SQL_POOL } from '../tokens';
import { OperationsModule } from './operations.module';
import { ReadinessChecks } from './readiness';

let databaseAnswers = true;
const pool = { query: async () => (databaseAnswers ? { rows: [{ '?column?': 1 }] } : Promise.reject(new Error('connection refused'))) };

@Controller('residents')
class SampleController {
  @Get(':personRef/listing')
  listing(@Param('personRef') personRef: string) {
    return { personRef };
  }
}

@Global()
@Module({
  providers: [
    { provide: SQL_POOL, useValue: pool },
    { provide: KAFKA, useValue: null },
    { provide: LOGGER, useValue: createLogger('ops', 'silent') },
  ],
  exports: [SQL_POOL, KAFKA, LOGGER],
})
class FakePlatform {}

@Module({ imports: [FakePlatform, OperationsModule], controllers: [SampleController] })
class SampleModule {}

describe('operations endpoints', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false, ...HTTP_APP_OPTIONS });
    configureHttp(app);
    await app.init();
  });
  afterAll(() => app.close());

  it('answers /health/live without touching the database', async () => {
    databaseAnswers = false;
    try {
      expect((await http().get('/health/live').expect(200)).body).toEqual({ status: 'live' });
    } finally {
      databaseAnswers = true;
    }
  });

  it('answers /health/ready with each check, 503 when one fails, registered checks included', async () => {
    expect((await http().get('/health/ready').expect(200)).body).toEqual({ status: 'ready', checks: { database: { ok: true } } });
    const checks = app.get(ReadinessChecks);
    let lag = 0;
    checks.register({ name: 'projections', check: async () => ({ ok: lag <= 100, details: { lag } }) });
    checks.register({ name: 'hangs', check: () => new Promise(() => undefined) });
    const slow = await http().get('/health/ready').expect(503);
    expect(slow.body).toEqual({
      status: 'not ready',
      checks: {
        database: { ok: true },
        projections: { ok: true, details: { lag: 0 } },
        hangs: { ok: false, details: { error: 'no answer within 2000 ms' } },
      },
    });
    checks.register({ name: 'hangs', check: async () => ({ ok: true }) });
    lag = 500;
    databaseAnswers = false;
    try {
      const down = await http().get('/health/ready').expect(503);
      expect(down.body.checks).toEqual({
        database: { ok: false, details: { error: 'connection refused' } },
        projections: { ok: false, details: { lag: 500 } },
        hangs: { ok: true },
      });
    } finally {
      databaseAnswers = true;
    }
  }, 10_000);

  it('serves Prometheus text with latency by route template, never by id, and process metrics', async () => {
    await http().get('/residents/per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11/listing').expect(200);
    await http().get('/nowhere/per_secret').expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /luotsi_http_request_duration_seconds_count\{method="GET",route="\/residents\/:personRef\/listing",status="200"\} [1-9]/,
    );
    expect(res.text).toMatch(/luotsi_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\(unmatched\)",status="404"\}/);
    expect(res.text).not.toMatch(/per_0b6e1a6c|per_secret/);
    expect(res.text).toMatch(/process_cpu_user_seconds_total/);
    expect(res.text).toMatch(/nodejs_eventloop_lag_seconds/);
  });
});
