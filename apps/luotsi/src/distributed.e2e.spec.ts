import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { dropSchema } from '@luotsi/database';
import { describeWithKafka, startTsProcess, testKafkaBrokers, testPostgresUrl, waitUntil, type RunningProcess } from '@luotsi/testing';

const COUNTY = { 'X-Luotsi-Actor': 'county:anna' };
const EEVA = { 'X-Luotsi-Actor': 'finance:eeva' };
const OLLI = { 'X-Luotsi-Actor': 'finance:olli' };
const station = (stationId: string, postalCode: string) => ({ stationId, name: stationId, streetAddress: 'Katu 1', postalCode, municipalityCode: '837', languages: ['fi'], services: ['primary-care-reception'], openingHours: '8–16', accessibility: 'step-free' });
const aino = Hetu.generate(LocalDate.parse('1950-03-15'), 202);
const eero = Hetu.generate(LocalDate.parse('1985-07-01'), 301);

/**
 * The distributed topology with processes: provider choice and billing as separate services, each
 * with its own schema on PostgreSQL, talking only through the real Kafka broker.
 */
describeWithKafka()('provider choice → Kafka → billing, as separate processes', () => {
  const url = testPostgresUrl()!;
  const run = randomUUID().slice(0, 8);
  const schemas = { pc: `e2e_pc_${run}`, bl: `e2e_bl_${run}` };
  const base = { DATABASE_URL: url, KAFKA_BROKERS: testKafkaBrokers()!.join(','), KAFKA_TOPIC_PREFIX: `e2e-${run}`, LOG_LEVEL: 'warn', LUOTSI_DUE_CHANGES_INTERVAL_MS: '0' };
  const ports = { pc: 41000 + Math.floor(Math.random() * 1000), bl: 43000 + Math.floor(Math.random() * 1000) };
  let pc: RunningProcess | undefined;
  let bl: RunningProcess | undefined;
  const start = async (which: 'pc' | 'bl', now: string) => {
    const entry = which === 'pc' ? 'apps/provider-choice/src/main.ts' : 'apps/billing/src/main.ts';
    const proc = startTsProcess(entry, { ...base, DATABASE_SCHEMA: schemas[which], PORT: String(ports[which]), LUOTSI_FIXED_NOW: now, LOG_LEVEL: 'info' });
    await proc.waitFor(/listening on http/, 90_000);
    return proc;
  };
  const pcHttp = () => request(`http://127.0.0.1:${ports.pc}`);
  const blHttp = () => request(`http://127.0.0.1:${ports.bl}`);
  const billingListings = async () => {
    const out = execFileSync('psql', [url, '-tAc', `SELECT count(*) FROM ${schemas.bl}.bl_listings`]).toString().trim();
    return Number(out);
  };

  afterAll(async () => {
    await pc?.kill();
    await bl?.kill();
    await dropSchema(url, schemas.pc);
    await dropSchema(url, schemas.bl);
  }, 60_000);

  it('lists and switches residents in provider choice, and billing settles the month from what it heard on Kafka', async () => {
    pc = await start('pc', '2027-01-15T10:00:00Z');
    bl = await start('bl', '2027-01-15T10:00:00Z');
    await pcHttp().post('/providers').set(COUNTY).send({ providerId: 'tampere', businessId: '0211675-2', name: 'Tampereen kaupunki', kind: 'public', stations: [station('hervanta', '33720')] }).expect(201);
    await pcHttp().post('/providers').set(COUNTY).send({ providerId: 'mehilainen', businessId: '1927400-1', name: 'Mehiläinen Oy', kind: 'private', stations: [station('mehilainen-hervanta', '33720')] }).expect(201);
    for (const p of ['tampere', 'mehilainen']) await pcHttp().post(`/providers/${p}/approval`).set(COUNTY).send({ from: '2017-01-01' }).expect(200);
    await waitUntil(async () => (await pcHttp().get('/providers').set(COUNTY)).body.length === 2, { what: 'providers in the read model' });
    await pcHttp().put('/choice-area').set(COUNTY).send({ postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }], switchPeriodMonths: 3 }).expect(200);
    const rows = [aino, eero].map((identityCode) => JSON.stringify({ type: 'resident-registered', identityCode, postalCode: '33710', municipalityCode: '837', date: '2018-01-01' }));
    await pcHttp().post('/population/import').set(COUNTY).set('Content-Type', 'application/x-ndjson').send(rows.join('\n')).expect(200);
    const ainoRef = (await pcHttp().post('/persons/lookup').set({ 'X-Luotsi-Actor': 'guidance:mika' }).send({ identityCode: aino }).expect(200)).body.personRef;

    // The default listings reach billing's process over the broker.
    await waitUntil(async () => (await billingListings()) === 2, { timeoutMs: 60_000, what: 'billing to hear of two listings' });

    await pcHttp().post(`/residents/${ainoRef}/switches`).set({ 'X-Luotsi-Actor': `resident:${ainoRef}` }).send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'quality-of-care' }).expect(201);
    await waitUntil(async () => (await pcHttp().get(`/residents/${ainoRef}/listing`).set(COUNTY)).body.upcoming?.status === 'pending', { what: 'the pending switch' });

    // A month later provider choice makes the switch; billing hears of the listing change.
    await pc.kill();
    pc = await start('pc', '2027-02-01T06:00:00Z');
    expect((await pcHttp().post('/operations/due-changes').set(COUNTY).expect(200)).body.switches).toBe(1);
    await waitUntil(async () => (await billingListings()) === 3, { timeoutMs: 60_000, what: 'billing to hear of the switch' });

    await blHttp().put('/rates/capitation').set(EEVA).send({ validFrom: '2026-01-01', annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 } }).expect(200);
    await blHttp().put('/rates/service-fees').set(EEVA).send({ validFrom: '2026-01-01', centsByServiceType: { 'doctor-visit': 4_500, 'nurse-visit': 2_500, 'physiotherapy-session': 3_500, 'mental-health-substance-visit': 4_000, 'social-guidance-meeting': 3_000 } }).expect(200);

    await bl.kill();
    bl = await start('bl', '2027-03-02T08:00:00Z');
    const report = await blHttp().post('/providers/mehilainen/service-reports').set({ 'X-Luotsi-Actor': 'provider:mehilainen' }).send({
      rows: [
        { providerSideId: 'M-1', identityCode: aino, serviceType: 'doctor-visit', date: '2027-02-03', stationId: 'mehilainen-hervanta' },
        { providerSideId: 'M-2', identityCode: aino, serviceType: 'physiotherapy-session', date: '2027-02-17', stationId: 'mehilainen-hervanta' },
        { providerSideId: 'M-3', identityCode: eero, serviceType: 'nurse-visit', date: '2027-02-05', stationId: 'mehilainen-hervanta' },
      ],
    }).expect(200);
    expect(report.body).toMatchObject({ recorded: 3, unlisted: 1, errors: [] });

    await blHttp().post('/settlements/2027-02/run').set(EEVA).send({}).expect(200);
    for (const p of ['mehilainen', 'tampere']) await blHttp().post(`/settlements/2027-02/providers/${p}/approval`).set(OLLI).expect(200);
    const csv = await blHttp().get('/settlements/2027-02/export?format=csv').set(OLLI).expect(200);
    const lines = csv.text.trim().split('\r\n').map((l) => l.split(','));
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
  }, 300_000);
});
