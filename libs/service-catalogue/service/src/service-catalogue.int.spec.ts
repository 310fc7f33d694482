import 'reflect-metadata';
import request from 'supertest';
import { PayloadValidator } from '@luotsi/contracts';
import type { EventStore } from '@luotsi/eventstore';
import type { InboundConsumer } from '@luotsi/messaging';
import { EVENT_STORE, inboundToken } from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { catalogueDefinition, C, FIXTURE, importFixture, S, settledCatalogue } from './testing/catalogue-fixture';

const COUNTY = as.county();
/** Wednesday 13 January 2027, 10:00 in Helsinki. */
const WEDNESDAY = '2027-01-13T08:00:00Z';

type Result = {
  serviceId: string;
  name: { text: string; language: string };
  distanceKm: number | null;
  why: Array<{ reason: string; field?: string; language?: string; text: string }>;
};

function catalogueService(database: TestDatabase): void {
  let t: TestApp;
  let sequence = 0;
  const http = () => request(t.server);
  const search = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
    let req = http().get('/services/search').query(query);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await req.expect(200);
    return res.body as { language: string; total: number; results: Result[] };
  };
  const ids = async (query: Record<string, string>) => (await search(query)).results.map((r) => r.serviceId);
  const providerEvent = (type: string, data: Record<string, unknown>) =>
    t.app
      .get<Map<string, InboundConsumer>>(inboundToken('service-catalogue'))
      .get('provider-stations')!
      .consume({
        specversion: '1.0',
        id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
        type,
        source: '/luotsi/provider-choice',
        subject: 'provider-mehilainen',
        time: '2027-01-13T08:00:00Z',
        datacontenttype: 'application/json',
        data,
      });

  beforeAll(async () => {
    t = await startTestApp(catalogueDefinition, database, { now: WEDNESDAY, postgresUrl: testPostgresUrl() });
    await importFixture(t);
  }, 120_000);
  afterAll(async () => t?.close());
  afterEach(() => t.clock.set(WEDNESDAY));

  describe('the Suomi.fi import', () => {
    it('recorded every row of the fixture, and running it again changes nothing', async () => {
      const again = await http().post('/service-catalogue/imports/services').set(COUNTY).send(FIXTURE.services).expect(200);
      expect(again.body).toEqual({ rows: 10, recorded: 0, unchanged: 10, errors: [] });
      const channels = await http().post('/service-catalogue/imports/service-channels').set(COUNTY).send(FIXTURE.channels).expect(200);
      expect(channels.body).toEqual({ rows: 10, recorded: 0, unchanged: 10, errors: [] });
    });

    it('answers each bad row with its code while the good rows are recorded, and writes nothing of a bad row', async () => {
      const good = structuredClone(FIXTURE.services.itemList[0]!) as Record<string, unknown>;
      good['id'] = 'a0000000-0000-4000-8000-000000000001';
      const withCode = {
        ...structuredClone(good),
        id: 'a0000000-0000-4000-8000-000000000002',
        serviceNames: [{ type: 'Name', language: 'fi', value: 'Asiakas 131052-308T' }],
      };
      const noArea = { ...structuredClone(good), id: 'a0000000-0000-4000-8000-000000000003', areaType: 'Somewhere' };
      const badTarget = { ...structuredClone(good), id: 'a0000000-0000-4000-8000-000000000004', targetGroups: [{ code: 'KR9' }] };
      const res = await http()
        .post('/service-catalogue/imports/services')
        .set(COUNTY)
        .send({ itemList: [good, withCode, noArea, badTarget, { id: 'Not An Id' }] })
        .expect(200);
      expect(res.body).toMatchObject({
        rows: 5,
        recorded: 1,
        errors: [
          { row: 2, id: 'a0000000-0000-4000-8000-000000000002', code: 'IDENTITY_CODE_NOT_ALLOWED' },
          { row: 3, code: 'INVALID_ROW' },
          { row: 4, code: 'UNKNOWN_TARGET_GROUP' },
          { row: 5, id: null, code: 'INVALID_ID' },
        ],
      });
      expect(res.text).not.toContain('131052-308T');
      const stored = await t.app.get<EventStore>(EVENT_STORE).readStream('catservice-a0000000-0000-4000-8000-000000000002');
      expect(stored).toEqual([]);
    });

    it('withdraws a service the national catalogue no longer publishes', async () => {
      const gone = {
        ...structuredClone(FIXTURE.services.itemList[0]!),
        id: 'a0000000-0000-4000-8000-000000000001',
        publishingStatus: 'Deleted',
      };
      expect(
        (
          await http()
            .post('/service-catalogue/imports/services')
            .set(COUNTY)
            .send({ itemList: [gone] })
            .expect(200)
        ).body,
      ).toMatchObject({ recorded: 1 });
      await settledCatalogue(t);
      await http().get('/services/a0000000-0000-4000-8000-000000000001').expect(404);
    });

    it('reads the catalogue’s ETRS-TM35FIN coordinates as latitude and longitude', async () => {
      const page = await http().get(`/service-channels/${C.hervanta}`).expect(200);
      expect(page.body.location.lat).toBeCloseTo(61.4507, 4);
      expect(page.body.location.lon).toBeCloseTo(23.8512, 4);
      expect(page.body.accessibility.features).toEqual(['accessible-toilet', 'induction-loop', 'step-free-access']);
    });
  });

  describe('search in three languages', () => {
    it('finds a service by an inflected Finnish word', async () => {
      // "hammashoitolaan" (into the dental clinic) stems to the name's "hammashoitola".
      const found = await search({ q: 'hammashoitolaan' });
      expect(found.results.map((r) => r.serviceId)).toEqual([S.dental]);
      expect(found.results[0]!.why[0]).toMatchObject({ reason: 'text', field: 'name', language: 'fi' });
      // "terveysasemalla" (at the health station) finds the three health station services and nothing else.
      expect((await ids({ q: 'terveysasemalla' })).sort()).toEqual([S.healthNokia, S.healthPirkkala, S.healthTampere].sort());
    });

    it('finds the Swedish name by a Swedish query and answers in Swedish', async () => {
      const found = await search({ q: 'socialhandledning', lang: 'sv' });
      expect(found.results.map((r) => r.serviceId)).toEqual([S.socialGuidance]);
      expect(found.results[0]!.name).toEqual({ text: 'Socialhandledning för vuxna', language: 'sv' });
      expect(found.results[0]!.why[0]).toMatchObject({ field: 'name', language: 'sv', text: 'sökorden finns i: namn (på svenska)' });
      // Inflected Swedish: "tandkliniken" (the dental clinic) finds "tandklinik".
      expect(await ids({ q: 'tandkliniken', lang: 'sv' })).toEqual([S.dental]);
    });

    it('finds English text, and falls back to Finnish where a service has no English name', async () => {
      const dental = await search({ q: 'dentist', lang: 'en' });
      expect(dental.results.map((r) => [r.serviceId, r.name])).toEqual([
        [S.dental, { text: 'Oral health care – dental clinic', language: 'en' }],
      ]);
      const mental = await search({ q: 'mental health', lang: 'en' });
      expect(mental.results.map((r) => [r.serviceId, r.name.language])).toEqual([[S.mentalHealth, 'fi']]);
      expect(mental.results[0]!.why).toEqual([expect.objectContaining({ reason: 'text', field: 'keywords', language: 'en' })]);
    });

    it("takes the asker's language from Accept-Language when lang is not given", async () => {
      const found = await search({ q: 'perheneuvola' }, { 'Accept-Language': 'sv-FI,sv;q=0.9,en;q=0.5' });
      expect(found.language).toBe('sv');
      expect(found.results[0]!.name).toEqual({ text: 'Familjerådgivning', language: 'sv' });
    });

    it('finds a producing organisation by its name', async () => {
      expect(await ids({ q: 'mielenterveysseura' })).toEqual([S.mentalHealth]);
    });
  });

  describe('open now, in Helsinki time with holidays and exceptions', () => {
    it('on a Sunday finds only what is open around the clock or online', async () => {
      t.clock.set('2027-01-17T10:00:00Z'); // Sunday 12:00
      expect((await ids({ openNow: 'true', sort: 'name' })).sort()).toEqual([S.emergency, S.socialEmergency].sort());
      const emergency = (await search({ openNow: 'true', q: 'yhteispäivystys' })).results[0]!;
      expect(emergency.why).toContainEqual(expect.objectContaining({ reason: 'open-now' }));
    });

    it('on a public holiday that falls on a weekday (Good Friday) the weekday hours do not apply', async () => {
      t.clock.set('2027-03-26T08:00:00Z'); // Friday 10:00, Pitkäperjantai
      expect((await ids({ openNow: 'true' })).sort()).toEqual([S.emergency, S.socialEmergency].sort());
      t.clock.set(WEDNESDAY);
      expect(await ids({ openNow: 'true' })).toEqual(
        expect.arrayContaining([S.dental, S.socialGuidance, S.healthTampere, S.familyCounselling]),
      );
    });

    it('through a summer closure the service point is closed, and its page says why', async () => {
      t.clock.set('2027-07-07T07:00:00Z'); // Wednesday 10:00, inside the closure
      expect(await ids({ openNow: 'true', q: 'hammashoitola' })).toEqual([]);
      const page = await http().get(`/service-channels/${C.hervanta}`).query({ lang: 'en' }).expect(200);
      expect(page.body).toMatchObject({
        openNow: false,
        week: expect.arrayContaining([
          expect.objectContaining({
            date: '2027-07-07',
            ranges: [],
            basis: 'exception',
            exception: { text: 'Summer closure', language: 'en' },
          }),
        ]),
      });
      t.clock.set('2027-08-04T07:00:00Z');
      expect(await ids({ openNow: 'true', q: 'hammashoitola' })).toEqual([S.dental]);
    });

    it('after hours on a weekday only the round-the-clock services are open', async () => {
      t.clock.set('2027-01-13T17:30:00Z'); // Wednesday 19:30
      expect((await ids({ openNow: 'true' })).sort()).toEqual([S.emergency, S.socialEmergency].sort());
    });
  });

  describe('distance, filters, ranking and explanation', () => {
    it('orders by distance from a postal code and explains it', async () => {
      const found = await search({ q: 'terveysasema', postalCode: '33720', sort: 'distance' });
      expect(found.results.map((r) => r.serviceId)).toEqual([S.healthTampere, S.healthPirkkala, S.healthNokia]);
      const km = found.results.map((r) => r.distanceKm!);
      expect(km[0]).toBeLessThan(1);
      expect(km[1]).toBeGreaterThan(8);
      expect(km[2]).toBeGreaterThan(km[1]!);
      expect(found.results[0]!.why).toContainEqual(expect.objectContaining({ reason: 'distance', text: expect.stringContaining('33720') }));
      expect(await ids({ q: 'terveysasema', postalCode: '33720', withinKm: '5' })).toEqual([S.healthTampere]);
      // A point instead of a postal code: from Nokia, Nokia's is nearest.
      expect((await ids({ q: 'terveysasema', lat: '61.478', lon: '23.508', sort: 'distance' }))[0]).toBe(S.healthNokia);
    });

    it('filters by walk-in, target group, language, municipality, accessibility and organisation kind', async () => {
      expect((await ids({ walkIn: 'true' })).sort()).toEqual([S.emergency, S.mentalHealth, S.socialEmergency, S.socialGuidance].sort());
      expect(await ids({ targetGroup: 'children-and-families', municipality: '211', q: 'lastenneuvolaan' })).toEqual([S.childClinic]);
      expect((await ids({ municipality: '211' })).sort()).toEqual([S.childClinic, S.dental, S.emergency, S.socialEmergency].sort());
      expect(await ids({ language: 'en', q: 'mielenterveys' })).toEqual([S.mentalHealth]);
      expect(await ids({ language: 'sv', q: 'mielenterveys' })).toEqual([]);
      expect((await ids({ accessibility: 'induction-loop' })).sort()).toEqual([S.dental, S.healthTampere, S.socialGuidance].sort());
      expect(await ids({ organisationKind: 'third-sector' })).toEqual([S.mentalHealth]);
      expect(await ids({ accessMode: 'voucher' })).toEqual([S.dental]);
    });

    it('ranks a name match above a match in the description, and says where each matched', async () => {
      const body = (names: Record<string, string>, descriptions: Record<string, string>) => ({
        names,
        descriptions,
        arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
        targetGroups: ['everyone'],
        accessModes: ['referral'],
        languages: ['fi'],
        area: 'county',
      });
      await http()
        .put('/services/kuntoutus-a')
        .set(COUNTY)
        .send(body({ fi: 'Kuntoutusohjaus' }, { fi: 'Ohjausta arkeen.' }))
        .expect(200);
      await http()
        .put('/services/kuntoutus-b')
        .set(COUNTY)
        .send(body({ fi: 'Apuvälinepalvelut' }, { fi: 'Apuvälineitä kuntoutuksen tueksi kotiin.' }))
        .expect(200);
      await settledCatalogue(t);
      const found = await search({ q: 'kuntoutus' });
      expect(found.results.map((r) => [r.serviceId, r.why.map((w) => `${w.field}.${w.language}`)])).toEqual([
        ['kuntoutus-a', ['name.fi']],
        ['kuntoutus-b', ['description.fi']],
      ]);
      expect(found.total).toBe(2);
    });

    it('refuses what it cannot search by, with stable codes', async () => {
      for (const [query, code] of [
        [{ q: "' OR 1=1 --" }, 'INVALID_QUERY_TEXT'],
        [{ postalCode: '99999' }, 'UNKNOWN_POSTAL_CODE'],
        [{ lat: '48.85', lon: '2.35' }, 'COORDINATES_OUTSIDE_FINLAND'],
        [{ sort: 'distance' }, 'INVALID_FILTER'],
        [{ targetGroup: 'martians' }, 'INVALID_FILTER'],
        [{ limit: '500' }, 'INVALID_FILTER'],
        [{ lang: 'de' }, 'INVALID_LANGUAGE'],
        [{ colour: 'red' }, 'INVALID_QUERY'],
      ] as const) {
        const res = await http().get('/services/search').query(query);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
      }
    });
  });

  describe('versions, pages and withdrawals', () => {
    it('shows the version valid on each date, and a withdrawn service no more', async () => {
      const current = (await http().get(`/services/${S.familyCounselling}`).query({ lang: 'fi' }).expect(200)).body;
      const renamed = { ...current, name: undefined };
      void renamed;
      await http()
        .put('/services/perhetyo-tampere')
        .set(COUNTY)
        .send({
          validFrom: '2027-03-01',
          names: { fi: 'Perhetyö', sv: 'Familjearbete' },
          arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
          targetGroups: ['children-and-families'],
          accessModes: ['decision'],
          languages: ['fi'],
          area: 'municipalities',
          municipalities: ['837'],
          channelIds: [C.pyynikki],
        })
        .expect(200, { serviceId: 'perhetyo-tampere', validFrom: '2027-03-01', changed: true });
      await settledCatalogue(t);
      expect(await ids({ q: 'perhetyö' })).toEqual([]);
      await http().get('/services/perhetyo-tampere').expect(404);
      expect((await http().get('/services/perhetyo-tampere').query({ on: '2027-03-01', lang: 'sv' }).expect(200)).body).toMatchObject({
        name: { text: 'Familjearbete', language: 'sv' },
        versions: [{ validFrom: '2027-03-01', validTo: null }],
        channels: [{ channelId: C.pyynikki }],
      });
      t.clock.set('2027-03-02T08:00:00Z');
      expect(await ids({ q: 'perhetyö' })).toEqual(['perhetyo-tampere']);
      await http().post('/services/perhetyo-tampere/withdrawal').set(COUNTY).send({ from: '2027-04-01', reason: 'merged' }).expect(200);
      await http().post('/services/perhetyo-tampere/withdrawal').set(COUNTY).send({ from: '2027-02-01', reason: 'x' }).expect(422);
      await settledCatalogue(t);
      t.clock.set('2027-04-01T08:00:00Z');
      expect(await ids({ q: 'perhetyö' })).toEqual([]);
    });

    it("refuses a version in the past, and a channel's kind change", async () => {
      const res = await http()
        .put(`/service-channels/${C.omaolo}`)
        .set(COUNTY)
        .send({ kind: 'chat', names: { fi: 'Chat' }, languages: ['fi'], url: 'https://chat.example.fi/' })
        .expect(409);
      expect(res.body.code).toBe('CHANNEL_KIND_CHANGED');
      const past = await http()
        .put(`/service-channels/${C.omaolo}`)
        .set(COUNTY)
        .send({ validFrom: '2026-01-01', kind: 'e-service', names: { fi: 'Omaolo' }, languages: ['fi'], url: 'https://www.omaolo.fi/' });
      expect({ status: past.status, code: past.body.code }).toEqual({ status: 422, code: 'VALIDITY_IN_PAST' });
    });

    it('gives a service page in the asker’s language with its channels', async () => {
      const page = (await http().get(`/services/${S.socialGuidance}`).query({ lang: 'sv' }).expect(200)).body;
      expect(page).toMatchObject({
        name: { text: 'Socialhandledning för vuxna', language: 'sv' },
        accessModes: ['appointment', 'walk-in'],
        legalBasis: [{ reference: '1301/2014' }],
        channels: [
          { channelId: C.hervanta, openNow: true, openUntil: '16:00' },
          { channelId: C.centre, name: { text: 'Tammerfors centrums socialstation', language: 'sv' }, openNow: true, openUntil: '15:00' },
        ],
      });
    });
  });

  describe("provider choice's stations", () => {
    const station = (stationId: string, services: string[]) => ({
      stationId,
      name: 'Mehiläinen Hervanta',
      streetAddress: 'Insinöörinkatu 21',
      postalCode: '33720',
      municipalityCode: '837',
      languages: ['fi', 'en'],
      services,
      openingHours: 'Mon–Fri 8–18',
      accessibility: 'step-free entrance',
    });

    it('appear through its events as service points and services, and leave when it stops listing them', async () => {
      await providerEvent('fi.luotsi.provider-choice.provider-registered.v1', {
        providerId: 'mehilainen',
        businessId: '1927400-1',
        name: 'Mehiläinen Oy',
        kind: 'private',
        stations: [station('mehilainen-hervanta', ['primary-care-reception', 'physiotherapy'])],
        registeredOn: '2027-01-13',
      });
      await settledCatalogue(t);
      const found = await search({ q: 'terveysaseman vastaanotto', postalCode: '33720' });
      // The provider's service by its name first; the county's health stations mention "vastaanotto terveysasemalla" in their summaries.
      expect(found.results[0]!.serviceId).toBe('pc-mehilainen--primary-care-reception');
      expect(found.results[0]!.why[0]).toMatchObject({ field: 'name', language: 'fi' });
      expect(found.results[0]!.name.text).toBe('Terveysaseman vastaanotto – Mehiläinen Oy');
      expect(await ids({ organisationKind: 'private' })).toEqual(
        expect.arrayContaining(['pc-mehilainen--physiotherapy', 'pc-mehilainen--primary-care-reception']),
      );
      const point = (await http().get('/service-channels/pc-mehilainen-hervanta').expect(200)).body;
      expect(point).toMatchObject({ locationPrecision: 'postal-code', openNow: true, openUntil: '18:00', source: 'provider-choice' });
      // The county cannot edit them by hand: they change in provider choice.
      const edit = await http()
        .post('/services/pc-mehilainen--physiotherapy/withdrawal')
        .set(COUNTY)
        .send({ from: '2027-02-01', reason: 'x' });
      expect({ status: edit.status, code: edit.body.code }).toEqual({ status: 409, code: 'MANAGED_BY_PROVIDER_CHOICE' });
      // The same event again (a redelivery under a new id) writes nothing new.
      const store = t.app.get<EventStore>(EVENT_STORE);
      const before = await store.headPosition({ categories: ['catservice', 'catchannel'] });
      await providerEvent('fi.luotsi.provider-choice.provider-updated.v1', {
        providerId: 'mehilainen',
        name: 'Mehiläinen Oy',
        stations: [station('mehilainen-hervanta', ['primary-care-reception', 'physiotherapy'])],
      });
      expect(await store.headPosition({ categories: ['catservice', 'catchannel'] })).toBe(before);
      await providerEvent('fi.luotsi.provider-choice.provider-updated.v1', {
        providerId: 'mehilainen',
        name: 'Mehiläinen Oy',
        stations: [station('mehilainen-hervanta', ['primary-care-reception'])],
      });
      await settledCatalogue(t);
      await http().get('/services/pc-mehilainen--physiotherapy').expect(404);
      expect((await http().get('/services/pc-mehilainen--primary-care-reception').expect(200)).body.producingOrganisations).toEqual([
        { id: 'mehilainen', kind: 'private', name: { text: 'Mehiläinen Oy', language: 'fi' } },
      ]);
    });
  });

  describe('routings counted for the planners', () => {
    it('counts each routing once by service and municipality, and refuses a conflicting one', async () => {
      const route = (routingId: string, over: Record<string, unknown> = {}) =>
        http()
          .post('/service-routings')
          .set(as.guidance())
          .send({ routingId, serviceId: S.socialGuidance, channelId: C.centre, municipality: '837', ...over });
      expect((await route('contact-1').expect(200)).body).toEqual({ routingId: 'contact-1', counted: true });
      expect((await route('contact-1').expect(200)).body).toEqual({ routingId: 'contact-1', counted: false });
      await route('contact-2', { municipality: '604', channelId: null }).expect(200);
      await route('contact-3', { serviceId: S.dental, channelId: C.hervanta }).expect(200);
      expect((await route('contact-1', { serviceId: S.dental, channelId: null }).expect(409)).body.code).toBe('ROUTING_CONFLICT');
      expect((await route('contact-4', { channelId: C.nokia }).expect(422)).body.code).toBe('CHANNEL_NOT_OF_SERVICE');
      expect((await route('contact-5', { serviceId: 'no-such-service', channelId: null }).expect(404)).body.code).toBe('SERVICE_NOT_FOUND');
      await settledCatalogue(t);
      const stats = await http()
        .get('/statistics/service-routings')
        .set(COUNTY)
        .query({ from: '2027-01-01', to: '2027-01-31' })
        .expect(200);
      expect(stats.body.counts).toEqual([
        {
          serviceId: S.dental,
          municipality: '837',
          routings: 1,
          names: expect.objectContaining({ fi: 'Suun terveydenhuolto – hammashoitola' }),
        },
        { serviceId: S.socialGuidance, municipality: '604', routings: 1, names: expect.any(Object) },
        { serviceId: S.socialGuidance, municipality: '837', routings: 1, names: expect.any(Object) },
      ]);
      const only837 = await http()
        .get('/statistics/service-routings')
        .set(COUNTY)
        .query({ from: '2027-01-01', to: '2027-01-31', municipality: '604' })
        .expect(200);
      expect(only837.body.counts).toHaveLength(1);
    });
  });

  it('writes only events whose public form its contract accepts', async () => {
    const validator = new PayloadValidator(serviceCatalogueContract);
    const events = await t.app.get<EventStore>(EVENT_STORE).readAll({ categories: ['catservice', 'catchannel', 'catrouting'] });
    expect(events.length).toBeGreaterThan(20);
    const wrong = events.flatMap((e) => {
      const def = serviceCatalogueContract.events.find((d) => d.domainType === e.type)!;
      const check = validator.check(e.type, def.toPublic!(e.data as Record<string, unknown>));
      return check.ok ? [] : [{ type: e.type, errors: check.errors }];
    });
    expect(wrong).toEqual([]);
  });
}

describe('the service catalogue over HTTP on PGlite (embedded)', () => catalogueService('pglite'));
describeWithPostgres()('the service catalogue over HTTP on PostgreSQL', () => catalogueService('postgres'));
