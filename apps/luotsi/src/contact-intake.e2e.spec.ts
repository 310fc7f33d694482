import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { dropSchema } from '@luotsi/database';
import { describeWith, startTsProcess, testKafkaBrokers, testPostgresUrl, waitUntil, type RunningProcess } from '@luotsi/testing';
import { keycloakIssuer, serviceAccountToken, testKeycloakUrl, userToken } from './sign-in.testing';

const aino = Hetu.generate(LocalDate.parse('1948-05-02'), 244);
const keycloak = testKeycloakUrl();
const describeWithAll = (): jest.Describe =>
  describeWith(
    'Kafka and Keycloak (LUOTSI_TEST_KAFKA_BROKERS, LUOTSI_TEST_KEYCLOAK_URL)',
    testKafkaBrokers() && testPostgresUrl() && keycloak,
  );
const HOURS = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { open: '08:00', close: '16:00' }])),
  closedOnHolidays: true,
  closedDates: [],
};

/**
 * The heavy-use trigger across processes: provider choice tells billing of Mehiläinen's station,
 * Mehiläinen reports ten visits of Aino to billing, billing publishes each on the real broker, and
 * contact intake — its own process and schema, sharing only the identity registry — flags Aino on
 * her next contact, with the figures. Every caller signs in at the real Keycloak.
 */
describeWithAll()('billing → Kafka → contact intake: a heavy user flagged on the next contact', () => {
  const url = testPostgresUrl()!;
  const run = randomUUID().slice(0, 8);
  const schemas = { pc: `e2e_pc_${run}`, bl: `e2e_bl_${run}`, ci: `e2e_ci_${run}`, registry: `e2e_reg_${run}` };
  const issuer = keycloakIssuer(keycloak ?? '');
  const base = {
    DATABASE_URL: url,
    KAFKA_BROKERS: testKafkaBrokers()!.join(','),
    KAFKA_TOPIC_PREFIX: `e2e-${run}`,
    LOG_LEVEL: 'warn',
    LUOTSI_DUE_CHANGES_INTERVAL_MS: '0',
    OIDC_ISSUER: issuer,
    LUOTSI_REGISTRY_SCHEMA: schemas.registry,
    LUOTSI_IDENTITY_KEY: `e2e-identity-key-${run}-0123456789abcdef`,
    LUOTSI_FIXED_NOW: '2027-01-13T08:00:00Z',
  };
  const as = (username: string) => userToken(issuer, username);
  const entries = { pc: 'apps/provider-choice/src/main.ts', bl: 'apps/billing/src/main.ts', ci: 'apps/contact-intake/src/main.ts' };
  const ports = {
    pc: 44000 + Math.floor(Math.random() * 500),
    bl: 44500 + Math.floor(Math.random() * 500),
    ci: 45000 + Math.floor(Math.random() * 500),
  };
  const procs: RunningProcess[] = [];
  // Started in this order: provider choice, billing, contact intake.
  const start = async (which: keyof typeof entries) => {
    const proc = startTsProcess(entries[which], {
      ...base,
      DATABASE_SCHEMA: schemas[which],
      PORT: String(ports[which]),
      LOG_LEVEL: 'info',
    });
    procs.push(proc);
    await proc.waitFor(/listening on http/, 120_000);
    return proc;
  };
  const http = (which: keyof typeof ports) => request(`http://127.0.0.1:${ports[which]}`);
  const sql = (query: string) => execFileSync('psql', [url, '-tAc', query]).toString().trim();

  afterAll(async () => {
    for (const p of procs) await p.kill();
    for (const s of Object.values(schemas)) await dropSchema(url, s);
  }, 60_000);

  it('flags Aino on her next contact after her tenth visit in twelve months, once', async () => {
    await start('pc');
    await start('bl');
    await start('ci');
    const county = await as('anna.county');
    await http('pc')
      .post('/providers')
      .set(county)
      .send({
        providerId: 'mehilainen',
        businessId: '1927400-1',
        name: 'Mehiläinen Oy',
        kind: 'private',
        stations: [
          {
            stationId: 'mehilainen-hervanta',
            name: 'Hervanta',
            streetAddress: 'Katu 1',
            postalCode: '33720',
            municipalityCode: '837',
            languages: ['fi'],
            services: ['primary-care-reception'],
            openingHours: '8–16',
            accessibility: 'step-free',
          },
        ],
      })
      .expect(201);
    const line = JSON.stringify({
      type: 'resident-registered',
      identityCode: aino,
      postalCode: '33720',
      municipalityCode: '837',
      date: '2018-01-01',
    });
    await http('pc').post('/population/import').set(county).set('Content-Type', 'application/x-ndjson').send(line).expect(200);
    await waitUntil(async () => Number(sql(`SELECT count(*) FROM ${schemas.bl}.bl_stations`)) === 1, {
      timeoutMs: 60_000,
      what: "billing to hear of Mehiläinen's station",
    });

    await http('ci')
      .put('/contact-intake/queues/tampere-fi')
      .set(county)
      .send({ name: 'Tampere', municipalities: ['837'], language: 'fi', organisation: 'pirkanmaa', openingHours: HOURS })
      .expect(200);

    // Ten visits or bookings in twelve months (one a no-show: a booking all the same).
    const reporter = await serviceAccountToken(issuer, 'provider-mehilainen');
    const rows = Array.from({ length: 10 }, (_, i) => ({
      providerSideId: `E2E-${i + 1}`,
      identityCode: aino,
      serviceType: i % 2 ? 'nurse-visit' : 'doctor-visit',
      date: `2026-${String(i + 2).padStart(2, '0')}-10`,
      stationId: 'mehilainen-hervanta',
      noShow: i === 4,
    }));
    const report = await http('bl').post('/providers/mehilainen/service-reports').set(reporter).send({ rows }).expect(200);
    expect(report.body).toMatchObject({ recorded: 10, errors: [] });

    // Contact intake hears of them on the broker and keeps a pending trigger (no identity code in its schema).
    await waitUntil(async () => Number(sql(`SELECT count(*) FROM ${schemas.ci}.ci_heavy_flags WHERE NOT shown`)) === 1, {
      timeoutMs: 120_000,
      what: 'the heavy-use trigger',
    }).catch((error) => {
      // Say what contact intake heard and logged: the broker, the consumer or the trigger.
      const heard = sql(`SELECT count(*) FROM ${schemas.ci}.es_events WHERE event_type = 'ServiceObserved'`);
      throw new Error(
        `${(error as Error).message}; contact intake recorded ${heard} services; its log: ${procs[2]?.output().slice(-3000)}`,
      );
    });
    expect(sql(`SELECT count(*) FROM ${schemas.ci}.es_events WHERE data::text LIKE '%${aino}%'`)).toBe('0');

    const gunilla = await as('gunilla.guidance');
    const contact = await http('ci')
      .post('/contact-intake/contacts')
      .set(gunilla)
      .send({ channel: 'phone', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'tiredness', identityCode: aino })
      .expect(201);
    expect(contact.body.heavyUseFlags).toEqual([
      { trigger: 'frequent-visits', count: 10, windowFrom: '2025-11-11', windowTo: '2026-11-10', flaggedOn: '2027-01-13' },
    ]);
    const again = await http('ci')
      .post('/contact-intake/contacts')
      .set(gunilla)
      .send({ channel: 'chat', contactedBy: 'person', language: 'fi', municipality: '837', reason: 'tiredness', identityCode: aino })
      .expect(201);
    expect(again.body.heavyUseFlags).toEqual([]);
  }, 300_000);
});
