import request from 'supertest';
import { SQL_POOL } from '@luotsi/runtime';
import type { SqlPool } from '@luotsi/database';
import { as, badInputCases, refusedAsExpected, sendBadInput, startTestApp, type Endpoint, type TestApp } from '@luotsi/runtime/testing';
import { people, personRefOf, seedPilot, settled } from '@luotsi/provider-choice-service/testing';
import { luotsiDefinition } from './definition';

/** The bad-input battery against one command endpoint: every answer a 4xx, nothing written. */
describe('bad input to a switch request', () => {
  let t: TestApp;
  let endpoint: Endpoint;
  const counts = async () => {
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const one = async (sql: string) => Number(((await pool.query(sql)).rows[0] as { n: string }).n);
    return {
      events: await one('SELECT count(*) AS n FROM es_events'),
      persons: await one(`SELECT count(*) AS n FROM ${t.config.registrySchema}.persons`),
      idempotency: await one('SELECT count(*) AS n FROM idempotency_keys'),
    };
  };

  beforeAll(async () => {
    t = await startTestApp(luotsiDefinition, 'pglite', { now: '2026-11-23T10:00:00Z' });
    await seedPilot(t);
    const aino = await personRefOf(t, people.aino);
    endpoint = {
      method: 'post',
      path: '/residents/:personRef/switches',
      params: { personRef: aino },
      // Without an Idempotency-Key: the store keeps a refusal as the key's answer by design.
      headers: as.resident(people.aino),
      body: { stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' },
    };
  }, 120_000);
  afterAll(() => t?.close());

  it('answers every case with a 4xx and its stable code, and writes no event, person or idempotency row', async () => {
    const cases = badInputCases(endpoint);
    expect(cases.length).toBeGreaterThan(40);
    const before = await counts();
    const wrong: unknown[] = [];
    for (const c of cases) {
      const result = await sendBadInput(t.server, endpoint, c);
      const after = await counts();
      if (!refusedAsExpected(c, result) || JSON.stringify(after) !== JSON.stringify(before))
        wrong.push({ case: c.name, status: result.status, code: result.body.code, expected: { code: c.code, status: c.status }, after });
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
    // the endpoint still works: the battery left nothing behind that refuses a good request
    await settled(t);
    await request(t.server)
      .post(`/residents/${endpoint.params!['personRef']}/switches`)
      .set(endpoint.headers!)
      .send(endpoint.body!)
      .expect(201);
    expect((await counts()).events).toBeGreaterThan(before.events);
  }, 120_000);
});
