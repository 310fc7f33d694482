import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { InboundConsumer, Subscription } from '@luotsi/messaging';
import { inboundToken, PlatformModule, SQL_POOL, SubscriptionRuntime, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import type { SqlPool } from '@luotsi/database';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { INBOUND } from '@luotsi/municipality-feed-domain';
import type { MunicipalityCloudEvent } from '@luotsi/municipality-feed-contracts';
import { MunicipalityFeedModule } from './feed.module';
import { FEED_GATEWAY } from './gateway/feed-gateway';
import { FeedRouter } from './router/feed-router';
import type { FeedPage } from './http/feed.controller';

@Module({})
class FeedOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: FeedOnly, imports: [PlatformModule.forRoot(config), MunicipalityFeedModule] };
  }
}
const definition: ServiceDefinition = {
  service: 'municipality-feed',
  title: 'feed',
  description: 'the feed alone',
  module: (config) => FeedOnly.forRoot(config),
  consumes: [],
};

const TAMPERE = as.municipality('837');
const HELSINKI = as.municipality('091');
const NOKIA = as.municipality('536');

/** The feed alone over HTTP with its real stores; the contexts appear only as their public events. */
function feedService(database: TestDatabase): void {
  let t: TestApp;
  const http = () => request(t.server);
  const inbound = (context: string) => t.app.get<Map<string, InboundConsumer>>(inboundToken('municipality-feed')).get(`router-${context}`)!;
  const publish = async (context: string, type: string, data: Record<string, unknown>, id: string = randomUUID()) =>
    inbound(context).consume({
      specversion: '1.0',
      id,
      type,
      source: `/luotsi/${context}`,
      subject: 'x',
      time: '2027-01-01T00:00:00Z',
      datacontenttype: 'application/json',
      data,
    });
  const register = (personRef: string, municipalityCode: string) =>
    publish('provider-choice', INBOUND.residentRegistered, {
      personRef,
      birthDate: '1950-03-15',
      sex: 'female',
      postalCode: '33710',
      municipalityCode,
      residentFrom: '2018-01-01',
      eligible: true,
    });
  const list = (personRef: string, providerId: string, effectiveFrom: string, reason = 'default') =>
    publish('provider-choice', INBOUND.listingStarted, {
      personRef,
      stationId: `${providerId}-1`,
      providerId,
      effectiveFrom,
      reason,
      requestId: null,
      birthDate: '1950-03-15',
      sex: 'female',
      postalCode: '33710',
      municipalityCode: '837',
    });
  const page = async (code: string, after = 0, headers = code === '837' ? TAMPERE : HELSINKI) =>
    (
      await http()
        .get(`/feeds/${code}/events`)
        .query({ after: String(after) })
        .set(headers)
        .expect(200)
    ).body as FeedPage;

  beforeAll(async () => {
    t = await startTestApp(definition, database, { now: '2027-04-02T10:00:00Z', postgresUrl: testPostgresUrl() });
    for (let i = 0; i < 6; i++) {
      await register(`t${i}`, '837');
      await list(`t${i}`, 'tampere', '2027-01-01');
    }
    await register('h0', '091');
    await publish('provider-choice', INBOUND.residentMoved, {
      personRef: 't0',
      movedOn: '2027-02-10',
      fromPostalCode: '33710',
      postalCode: '00100',
      municipalityCode: '091',
      eligible: true,
    });
  }, 90_000);
  afterAll(async () => t?.close());

  it('replays each municipality only its own residents’ events, in sequence, minimised', async () => {
    const tampere = await page('837');
    expect(tampere.events.map((e) => e.sequence)).toEqual(tampere.events.map((_, i) => i + 1));
    expect(tampere.events.map((e) => e.type).at(-1)).toBe('fi.luotsi.municipality.resident-moved-out.v1');
    expect(tampere.events).toHaveLength(13);
    const helsinki = await page('091');
    expect(helsinki.events.map((e) => [e.type, e.subject])).toEqual([
      ['fi.luotsi.municipality.resident-registered.v1', 'h0'],
      ['fi.luotsi.municipality.resident-moved-in.v1', 't0'],
    ]);
    expect(helsinki.events[1]!.data).toEqual({
      personRef: 't0',
      movedInOn: '2027-02-10',
      eligible: true,
      listing: { providerId: 'tampere', stationId: 'tampere-1', since: '2027-01-01' },
    });
    const all = JSON.stringify([...tampere.events, ...helsinki.events]);
    expect(all).not.toMatch(/birthDate|1950-03-15|postalCode|33710|"sex"/);
    const first = tampere.events[0]!;
    expect(first).toMatchObject({
      specversion: '1.0',
      source: '/luotsi/municipality-feed',
      municipality: '837',
      dataschema: 'https://schemas.luotsi.fi/municipality-feed/resident-registered/v1.json',
    });
    // Paging: after the fifth, from the sixth on.
    const rest = await page('837', 5);
    expect(rest.events[0]!.sequence).toBe(6);
    expect(rest.next).toBe(13);
    expect((await page('837', 13)).events).toEqual([]);
  });

  it('a redelivered source event appends nothing', async () => {
    const id = randomUUID();
    await register('dup', '837');
    await publish('provider-choice', INBOUND.residentDied, { personRef: 'dup', diedOn: '2027-03-01' }, id);
    await publish('provider-choice', INBOUND.residentDied, { personRef: 'dup', diedOn: '2027-03-01' }, id);
    const died = (await page('837')).events.filter((e: MunicipalityCloudEvent) => e.subject === 'dup');
    expect(died.map((e) => e.type)).toEqual(['fi.luotsi.municipality.resident-registered.v1', 'fi.luotsi.municipality.resident-died.v1']);
  });

  it('refuses another municipality’s feed, an unknown municipality and bad queries, and logs each page read', async () => {
    expect((await http().get('/feeds/091/events').set(TAMPERE).expect(403)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await http().get('/feeds/837/events').set(as.operator()).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    for (const query of [{ after: '-1' }, { after: 'x' }, { limit: '999999' }, { other: '1' }, { after: '1', from: '2027-01-01' }])
      expect((await http().get('/feeds/837/events').query(query).set(TAMPERE).expect(400)).body.code).toBe('INVALID_QUERY');
    expect((await http().get('/feeds/837/events').query({ from: '2027-13-01' }).set(TAMPERE).expect(400)).body.code).toMatch(/^[A-Z_]+$/);
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const logged = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${t.config.accessLogSchema}.entries WHERE purpose = 'municipal-duties' AND route = '/feeds/:municipality/events'`,
    );
    expect(Number(logged.rows[0]!.n)).toBeGreaterThanOrEqual(5);
  });

  it('replays from a date', async () => {
    const all = await page('837');
    const fromDay = await http().get('/feeds/837/events').query({ from: '2000-01-01' }).set(TAMPERE).expect(200);
    expect(fromDay.body.events).toHaveLength(all.events.length);
    const future = await http().get('/feeds/837/events').query({ from: '2099-01-01' }).set(TAMPERE).expect(200);
    expect(future.body.events).toEqual([]);
  });

  it('publishes through the gateway and keeps the delivery record for the operator', async () => {
    const gateway = t.app.get(SubscriptionRuntime).engine.get(FEED_GATEWAY) as Subscription;
    await gateway.caughtUp(30_000);
    const res = await http().get('/feeds/delivery').set(as.operator()).expect(200);
    const tampere = (
      res.body.municipalities as Array<{ municipality: string; headSequence: number; publishedSequence: number; unsent: number }>
    ).find((m) => m.municipality === '837')!;
    expect(tampere.publishedSequence).toBe(tampere.headSequence);
    expect(tampere.unsent).toBe(0);
    expect((await http().get('/feeds/delivery').set(TAMPERE).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/luotsi_municipality_feed_published_sequence\{municipality="837"\} \d+/);
  });

  it('makes the quarterly report, suppressing small counts, in JSON and CSV', async () => {
    const json = await http().get('/feeds/837/reports/2027-Q1').set(TAMPERE).expect(200);
    expect(json.body.final).toBe(true);
    expect(json.body.report.listSizes[0]).toEqual({ date: '2027-01-01', byProvider: { tampere: 6 }, total: 6 });
    // t0 moved out on 10 February: five are left, then four would be suppressed.
    expect(json.body.report.listSizes[2]).toEqual({ date: '2027-03-01', byProvider: { tampere: 5 }, total: 5 });
    const csv = await http().get('/feeds/837/reports/2027-Q1').query({ format: 'csv' }).set(TAMPERE).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('list-size,tampere,2027-01-01,6');
    expect((await http().get('/feeds/837/reports/2027-Q9').set(TAMPERE).expect(400)).body.code).toBe('INVALID_QUARTER');
    expect((await http().get('/feeds/999/reports/2027-Q1').set(as.operator()).expect(404)).body.code).toBe('UNKNOWN_MUNICIPALITY');
    expect((await http().get('/feeds/091/reports/2027-Q1').set(TAMPERE).expect(403)).body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('routes a batch bigger than one append (1 000 events) to one feed, in order', async () => {
    const router = t.app.get(FeedRouter);
    const before = (await page('091', 0)).events.length;
    const batch = Array.from({ length: 1100 }, (_, i) => ({
      id: randomUUID(),
      type: INBOUND.residentRegistered,
      subject: `listing-bulk-${i}`,
      time: '2027-01-01T00:00:00Z',
      data: { personRef: `bulk-${i}`, municipalityCode: '091', residentFrom: '2018-01-01', eligible: true },
    }));
    expect(await router.route(batch)).toMatchObject({ routed: 1100, duplicates: 0, unreadable: [] });
    expect(await router.route(batch)).toMatchObject({ routed: 0, duplicates: 1100 });
    const last = await http()
      .get('/feeds/091/events')
      .query({ after: String(before + 1095), limit: '10' })
      .set(HELSINKI)
      .expect(200);
    expect(last.body.events.map((e: MunicipalityCloudEvent) => e.subject)).toEqual([
      'bulk-1095',
      'bulk-1096',
      'bulk-1097',
      'bulk-1098',
      'bulk-1099',
    ]);
  });

  it('serves the published schemas and each channel’s AsyncAPI', async () => {
    const schema = await http().get('/feeds/schemas/listing-started/v1.json').expect(200);
    expect(schema.body.$id).toBe('https://schemas.luotsi.fi/municipality-feed/listing-started/v1.json');
    expect((await http().get('/feeds/schemas/listing-started/v9.json').expect(404)).body.code).toBe('SCHEMA_NOT_FOUND');
    const doc = await http().get('/feeds/837/asyncapi').set(TAMPERE).expect(200);
    expect(doc.body.channels.feed.address).toBe('luotsi.municipality.837.v1');
  });

  it('routes the catalogue’s services to the municipalities they concern, from the stored state, once', async () => {
    const service = (validFrom: string, municipalities: string[]) => ({
      serviceId: 'kotihoito-nokia',
      validFrom,
      names: { fi: 'Kotihoito', sv: 'Hemvård' },
      summaries: { fi: 'Apua kotiin.' },
      descriptions: { fi: 'Kuvaus.' },
      keywords: {},
      arrangingOrganisation: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
      producingOrganisations: [],
      targetGroups: ['older-people'],
      accessModes: ['decision'],
      legalBasis: [],
      languages: ['fi'],
      area: 'municipalities',
      municipalities,
      channelIds: ['nokia-kotihoito-puhelin'],
      source: 'county',
    });
    const first = randomUUID();
    await publish('service-catalogue', INBOUND.servicePublished, service('2027-05-01', ['536', '837']), first);
    await publish('service-catalogue', INBOUND.servicePublished, service('2027-05-01', ['536', '837']), first);
    await publish('service-catalogue', INBOUND.servicePublished, service('2027-06-01', ['536']));
    await publish('service-catalogue', INBOUND.serviceWithdrawn, {
      serviceId: 'kotihoito-nokia',
      withdrawnFrom: '2027-09-01',
      reason: 'x',
    });
    const nokia = (await page('536', 0, NOKIA)).events;
    expect(nokia.map((e) => [e.type, e.subject, e.sequence])).toEqual([
      ['fi.luotsi.municipality.service-published.v1', 'kotihoito-nokia', 1],
      ['fi.luotsi.municipality.service-changed.v1', 'kotihoito-nokia', 2],
      ['fi.luotsi.municipality.service-withdrawn.v1', 'kotihoito-nokia', 3],
    ]);
    expect(nokia[0]!.data).toEqual({
      serviceId: 'kotihoito-nokia',
      validFrom: '2027-05-01',
      names: { fi: 'Kotihoito', sv: 'Hemvård' },
      channelIds: ['nokia-kotihoito-puhelin'],
      basis: ['area'],
    });
    expect(nokia[0]!.dataschema).toBe('https://schemas.luotsi.fi/municipality-feed/service-published/v1.json');
    expect(nokia[2]!.data).toEqual({ serviceId: 'kotihoito-nokia', withdrawnFrom: '2027-09-01', reason: 'withdrawn' });
    // Tampere held it until the new version left it out: removed from that version's day, and told nothing after.
    const tampere = (await page('837')).events.filter((e) => e.subject === 'kotihoito-nokia');
    expect(tampere.map((e) => [e.type, e.data['validFrom'] ?? e.data['withdrawnFrom'], e.data['reason'] ?? null])).toEqual([
      ['fi.luotsi.municipality.service-published.v1', '2027-05-01', null],
      ['fi.luotsi.municipality.service-withdrawn.v1', '2027-06-01', 'no-longer-concerns-municipality'],
    ]);
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const held = await pool.query<{ municipalities: string[] }>(
      `SELECT municipalities FROM mf_catalogue_services WHERE service_id = 'kotihoito-nokia'`,
    );
    expect(held.rows).toEqual([{ municipalities: [] }]);
    expect(JSON.stringify(nokia)).not.toMatch(/Apua kotiin|Kuvaus|older-people|pirkanmaa/);
    // The gateway takes them past their schemas onto Nokia's topic.
    const gateway = t.app.get(SubscriptionRuntime).engine.get(FEED_GATEWAY) as Subscription;
    await gateway.caughtUp(30_000);
    const delivery = await http().get('/feeds/delivery').set(as.operator()).expect(200);
    expect((delivery.body.municipalities as Array<{ municipality: string }>).find((m) => m.municipality === '536')).toMatchObject({
      headSequence: 3,
      publishedSequence: 3,
      unsent: 0,
      rejectedByGateway: 0,
    });
  });
}

describeWithPostgres()('the municipalities’ feed over HTTP on PostgreSQL', () => feedService('postgres'));
