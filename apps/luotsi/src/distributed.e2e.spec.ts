import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { dropSchema } from '@luotsi/database';
import { describeWith, startTsProcess, testKafkaBrokers, testPostgresUrl, waitUntil, type RunningProcess } from '@luotsi/testing';
import { demoIdentityCode, keycloakIssuer, serviceAccountToken, testKeycloakUrl, userToken } from './sign-in.testing';

const station = (stationId: string, postalCode: string) => ({
  stationId,
  name: stationId,
  streetAddress: 'Katu 1',
  postalCode,
  municipalityCode: '837',
  languages: ['fi'],
  services: ['primary-care-reception'],
  openingHours: '8–16',
  accessibility: 'step-free',
});
const aino = Hetu.generate(LocalDate.parse('1950-03-15'), 202);
const eero = Hetu.generate(LocalDate.parse('1985-07-01'), 301);
const keycloak = testKeycloakUrl();
const describeWithAll = (): jest.Describe =>
  describeWith(
    'Kafka and Keycloak (LUOTSI_TEST_KAFKA_BROKERS, LUOTSI_TEST_KEYCLOAK_URL)',
    testKafkaBrokers() && testPostgresUrl() && keycloak,
  );

/**
 * The distributed topology with processes: provider choice and billing as separate services, each
 * with its own schema on PostgreSQL, talking only through the real Kafka broker, and every caller
 * signed in at the real Keycloak (its token endpoint; the services verify against its JWKS).
 */
describeWithAll()('provider choice → Kafka → billing, as separate processes, signed in at Keycloak', () => {
  const url = testPostgresUrl()!;
  const run = randomUUID().slice(0, 8);
  const schemas = { pc: `e2e_pc_${run}`, bl: `e2e_bl_${run}`, registry: `e2e_reg_${run}` };
  const issuer = keycloakIssuer(keycloak ?? '');
  // One registry and one identity key for both services, as in an installation.
  const base = {
    DATABASE_URL: url,
    KAFKA_BROKERS: testKafkaBrokers()!.join(','),
    KAFKA_TOPIC_PREFIX: `e2e-${run}`,
    LOG_LEVEL: 'warn',
    LUOTSI_DUE_CHANGES_INTERVAL_MS: '0',
    OIDC_ISSUER: issuer,
    LUOTSI_REGISTRY_SCHEMA: schemas.registry,
    LUOTSI_IDENTITY_KEY: `e2e-identity-key-${run}-0123456789abcdef`,
  };
  // Tokens live 300 s at Keycloak and this test runs longer: every step signs in afresh.
  const as = (username: string) => userToken(issuer, username);
  const ports = { pc: 41000 + Math.floor(Math.random() * 1000), bl: 43000 + Math.floor(Math.random() * 1000) };
  let pc: RunningProcess | undefined;
  let bl: RunningProcess | undefined;
  const start = async (which: 'pc' | 'bl', now: string) => {
    const entry = which === 'pc' ? 'apps/provider-choice/src/main.ts' : 'apps/billing/src/main.ts';
    const proc = startTsProcess(entry, {
      ...base,
      DATABASE_SCHEMA: schemas[which],
      PORT: String(ports[which]),
      LUOTSI_FIXED_NOW: now,
      LOG_LEVEL: 'info',
    });
    await proc.waitFor(/listening on http/, 90_000);
    return proc;
  };
  const pcHttp = () => request(`http://127.0.0.1:${ports.pc}`);
  const blHttp = () => request(`http://127.0.0.1:${ports.bl}`);
  const billingListings = async () => {
    const out = execFileSync('psql', [url, '-tAc', `SELECT count(*) FROM ${schemas.bl}.bl_listings`])
      .toString()
      .trim();
    return Number(out);
  };

  afterAll(async () => {
    await pc?.kill();
    await bl?.kill();
    await dropSchema(url, schemas.pc);
    await dropSchema(url, schemas.bl);
    await dropSchema(url, schemas.registry);
  }, 60_000);

  it('lists and switches residents in provider choice, and billing settles the month from what it heard on Kafka', async () => {
    pc = await start('pc', '2027-01-15T10:00:00Z');
    bl = await start('bl', '2027-01-15T10:00:00Z');
    const county = await as('anna.county');
    await pcHttp()
      .post('/providers')
      .set(county)
      .send({
        providerId: 'tampere',
        businessId: '0211675-2',
        name: 'Tampereen kaupunki',
        kind: 'public',
        stations: [station('hervanta', '33720')],
      })
      .expect(201);
    await pcHttp()
      .post('/providers')
      .set(county)
      .send({
        providerId: 'mehilainen',
        businessId: '1927400-1',
        name: 'Mehiläinen Oy',
        kind: 'private',
        stations: [station('mehilainen-hervanta', '33720')],
      })
      .expect(201);
    for (const p of ['tampere', 'mehilainen'])
      await pcHttp().post(`/providers/${p}/approval`).set(county).send({ from: '2017-01-01' }).expect(200);
    await waitUntil(async () => (await pcHttp().get('/providers').set(county)).body.length === 2, { what: 'providers in the read model' });
    await pcHttp()
      .put('/choice-area')
      .set(county)
      .send({ postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }], switchPeriodMonths: 3 })
      .expect(200);
    const rows = [aino, eero].map((identityCode) =>
      JSON.stringify({ type: 'resident-registered', identityCode, postalCode: '33710', municipalityCode: '837', date: '2018-01-01' }),
    );
    await pcHttp().post('/population/import').set(county).set('Content-Type', 'application/x-ndjson').send(rows.join('\n')).expect(200);

    // A guidance worker finds Aino by her identity code and switches her on the phone.
    const gunilla = await as('gunilla.guidance');
    const ainoRef = (await pcHttp().post('/persons/lookup').set(gunilla).send({ identityCode: aino }).expect(200)).body.personRef;

    // The default listings reach billing's process over the broker.
    await waitUntil(async () => (await billingListings()) === 2, { timeoutMs: 60_000, what: 'billing to hear of two listings' });

    // A guardianship from the register: identity (in provider choice's process) publishes it by
    // personRef on its own topic, and billing's process hears it over the broker. The child lives
    // outside the choice area, so no listing of theirs changes the counts below.
    const child = Hetu.generate(LocalDate.parse('2015-05-05'), 606);
    const family = [
      { type: 'resident-registered', identityCode: child, postalCode: '00100', municipalityCode: '091', date: '2018-01-01' },
      { type: 'guardianship', identityCode: child, guardianIdentityCode: eero, from: '2015-05-05' },
    ];
    const linked = await pcHttp()
      .post('/population/import')
      .set(county)
      .set('Content-Type', 'application/x-ndjson')
      .send(family.map((r) => JSON.stringify(r)).join('\n'))
      .expect(200);
    expect(linked.body).toMatchObject({ applied: 2, failed: 0 });
    const guardianships = () =>
      execFileSync('psql', [url, '-tAc', `SELECT count(*) FROM ${schemas.bl}.bl_guardianships WHERE fees_join`])
        .toString()
        .trim();
    await waitUntil(async () => guardianships() === '1', { timeoutMs: 60_000, what: 'billing to hear of the guardianship over Kafka' });

    const onBehalf = await pcHttp()
      .post(`/residents/${ainoRef}/switches`)
      .set(gunilla)
      .send({ stationId: 'mehilainen-hervanta', channel: 'phone', reason: 'quality-of-care' })
      .expect(201);
    expect(onBehalf.body).toMatchObject({ personRef: ainoRef, channel: 'phone', effectiveFrom: '2027-02-01' });
    await waitUntil(async () => (await pcHttp().get(`/residents/${ainoRef}/listing`).set(county)).body.upcoming?.status === 'pending', {
      what: 'the pending switch',
    });

    // A month later provider choice makes the switch; billing hears of the listing change.
    await pc.kill();
    pc = await start('pc', '2027-02-01T06:00:00Z');
    expect(
      (
        await pcHttp()
          .post('/operations/due-changes')
          .set(await as('anna.county'))
          .expect(200)
      ).body.switches,
    ).toBe(1);
    await waitUntil(async () => (await billingListings()) === 3, { timeoutMs: 60_000, what: 'billing to hear of the switch' });

    // Mehiläinen's own system reads its own clients, and nobody else's.
    const mehilainen = await serviceAccountToken(issuer, 'provider-mehilainen');
    const own = await pcHttp().get('/providers/mehilainen/listed?date=2027-02-01').set(mehilainen).expect(200);
    expect(own.body.items.map((i: { personRef: string }) => i.personRef)).toEqual([ainoRef]);
    const others = await pcHttp().get('/providers/tampere/listed?date=2027-02-01').set(mehilainen).expect(403);
    expect(others.body.code).toBe('FORBIDDEN_SCOPE');

    const eevaSets = await as('eeva.finance');
    await blHttp()
      .put('/rates/capitation')
      .set(eevaSets)
      .send({
        validFrom: '2026-01-01',
        annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      })
      .expect(200);
    await blHttp()
      .put('/rates/service-fees')
      .set(eevaSets)
      .send({
        validFrom: '2026-01-01',
        centsByServiceType: {
          'doctor-visit': 4_500,
          'nurse-visit': 2_500,
          'physiotherapy-session': 3_500,
          'mental-health-substance-visit': 4_000,
          'social-guidance-meeting': 3_000,
        },
      })
      .expect(200);

    await bl.kill();
    bl = await start('bl', '2027-03-02T08:00:00Z');
    const reporter = await serviceAccountToken(issuer, 'provider-mehilainen');
    const rowsFor = (stationId: string) => [
      { providerSideId: 'M-1', identityCode: aino, serviceType: 'doctor-visit', date: '2027-02-03', stationId },
      { providerSideId: 'M-2', identityCode: aino, serviceType: 'physiotherapy-session', date: '2027-02-17', stationId },
      { providerSideId: 'M-3', identityCode: eero, serviceType: 'nurse-visit', date: '2027-02-05', stationId },
    ];
    // Its system files services for itself only: a report in Tampere's name is refused and writes nothing.
    const forTampere = await blHttp()
      .post('/providers/tampere/service-reports')
      .set(reporter)
      .send({ rows: rowsFor('hervanta') })
      .expect(403);
    expect(forTampere.body.code).toBe('FORBIDDEN_SCOPE');
    const report = await blHttp()
      .post('/providers/mehilainen/service-reports')
      .set(reporter)
      .send({ rows: rowsFor('mehilainen-hervanta') })
      .expect(200);
    expect(report.body).toMatchObject({ recorded: 3, unlisted: 1, errors: [] });

    // Four eyes across two real users: Eeva runs; Eeva signed in again is still Eeva; Erkki approves.
    await blHttp()
      .post('/settlements/2027-02/run')
      .set(await as('eeva.finance'))
      .send({})
      .expect(200);
    const eevaAgain = await as('eeva.finance');
    for (const p of ['mehilainen', 'tampere']) {
      const self = await blHttp().post(`/settlements/2027-02/providers/${p}/approval`).set(eevaAgain).expect(403);
      expect(self.body.code).toBe('FOUR_EYES_REQUIRED');
    }
    const erkki = await as('erkki.finance');
    for (const p of ['mehilainen', 'tampere']) await blHttp().post(`/settlements/2027-02/providers/${p}/approval`).set(erkki).expect(200);
    const csv = await blHttp().get('/settlements/2027-02/export?format=csv').set(erkki).expect(200);
    const lines = csv.text
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const pick = (r: string[]) => [r[0], r[3], r[4], r[7], r[9], r[11]];
    expect(lines.slice(1).map(pick)).toEqual([
      // provider, line, age band, service type, quantity, amount (cents)
      ['mehilainen', 'capitation', '75-84', '', '1', '6000'],
      ['mehilainen', 'service', '', 'doctor-visit', '1', '4500'],
      ['mehilainen', 'service', '', 'physiotherapy-session', '1', '3500'],
      ['mehilainen', 'total', '', '', '', '14000'],
      ['tampere', 'capitation', '18-64', '', '1', '2500'],
      ['tampere', 'total', '', '', '', '2500'],
      ['ALL', 'grand-total', '', '', '', '16500'],
    ]);

    // A demo resident, registered after February so that the month above is untouched, signs in
    // at Keycloak's token endpoint and switches on their own: the edge finds them by the token's
    // identity code, and they reach only their own listing.
    await pc.kill();
    pc = await start('pc', '2027-03-02T08:00:00Z');
    const matti = demoIdentityCode('matti.resident');
    const registered = JSON.stringify({
      type: 'resident-registered',
      identityCode: matti,
      postalCode: '33710',
      municipalityCode: '837',
      date: '2018-01-01',
    });
    await pcHttp()
      .post('/population/import')
      .set(await as('anna.county'))
      .set('Content-Type', 'application/x-ndjson')
      .send(registered)
      .expect(200);
    const resident = await as('matti.resident');
    const mattiRef = (await pcHttp().get('/me/access-log').set(resident).expect(200)).body.personRef;
    expect(mattiRef).toMatch(/^per_/);
    await waitUntil(
      async () => (await pcHttp().get(`/residents/${mattiRef}/listing`).set(resident)).body.current?.stationId === 'hervanta',
      { what: "the demo resident's default listing" },
    );
    const switched = await pcHttp()
      .post(`/residents/${mattiRef}/switches`)
      .set(resident)
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' })
      .expect(201);
    expect(switched.body).toMatchObject({ personRef: mattiRef, channel: 'portal', effectiveFrom: '2027-04-01' });
    expect(JSON.stringify(switched.body)).not.toContain(matti);
    const notHis = await pcHttp()
      .post(`/residents/${ainoRef}/switches`)
      .set(resident)
      .send({ stationId: 'hervanta', channel: 'portal', reason: 'good-location' })
      .expect(403);
    expect(notHis.body.code).toBe('FORBIDDEN_SCOPE');
    await waitUntil(async () => (await pcHttp().get(`/residents/${mattiRef}/listing`).set(resident)).body.upcoming?.status === 'pending', {
      what: "the demo resident's pending switch",
    });
  }, 300_000);
});
