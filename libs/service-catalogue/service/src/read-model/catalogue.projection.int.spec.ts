import { projectionSpec, type GivenEvent, type ProjectionSpec } from '@luotsi/messaging/testing';
import { channelStream, checkChannelContent, checkServiceContent, routingStream, serviceStream } from '@luotsi/service-catalogue-domain';
import { serviceCatalogueProjection } from './catalogue.projection';
import { SERVICE_CATALOGUE_MIGRATIONS, SERVICE_CATALOGUE_TABLES } from './migrations';

const content = (over: Record<string, unknown> = {}) =>
  checkServiceContent({
    names: { fi: 'Sosiaaliohjaus', sv: 'Socialhandledning' },
    keywords: { fi: ['toimeentulo'] },
    arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
    targetGroups: ['working-age'],
    accessModes: ['walk-in'],
    languages: ['fi', 'sv'],
    area: 'municipalities',
    municipalities: ['837'],
    channelIds: ['point'],
    ...over,
  });
const published = (validFrom: string, over: Record<string, unknown> = {}): GivenEvent => ({
  type: 'ServiceVersionPublished',
  streamId: serviceStream('guidance'),
  data: { serviceId: 'guidance', validFrom, content: content(over), source: 'county', publishedBy: 'county:anna' },
});
const point = checkChannelContent({
  kind: 'service-point',
  names: { fi: 'Piste' },
  languages: ['fi'],
  address: { street: { fi: 'Katu 1' }, postalCode: '33720', municipalityCode: '837' },
  location: { lat: 61.45, lon: 23.85 },
  openingHours: {
    weekly: [
      { day: 'mon', opens: '08:00', closes: '12:00' },
      { day: 'mon', opens: '13:00', closes: '16:00' },
    ],
    publicHolidays: 'sunday-hours',
    exceptions: [
      { from: '2027-07-01', to: '2027-07-31', closed: true },
      { from: '2027-12-24', to: '2027-12-24', closed: false, hours: [{ opens: '09:00', closes: '12:00' }] },
    ],
  },
  accessibility: { features: ['induction-loop'] },
});

describe("the catalogue's projection: given events, then rows", () => {
  let spec: ProjectionSpec;
  beforeEach(async () => {
    spec = await projectionSpec(serviceCatalogueProjection, {
      component: 'service-catalogue',
      migrations: SERVICE_CATALOGUE_MIGRATIONS,
      tables: SERVICE_CATALOGUE_TABLES,
    });
  }, 60_000);
  afterEach(async () => spec?.close());

  it('keeps each version with its validity, its links and its search vectors; a later version ends the one before', async () => {
    await spec.given([published('2027-01-15'), published('2027-03-01', { names: { fi: 'Aikuissosiaalityö' }, channelIds: [] })]);
    expect(
      await spec.rows(
        "SELECT service_id, valid_from::text, valid_to::text, access_modes, tsv_fi @@ to_tsquery('finnish', 'toimeentulo') AS kw FROM sc_service_versions ORDER BY 2",
      ),
    ).toEqual([
      { service_id: 'guidance', valid_from: '2027-01-15', valid_to: '2027-02-28', access_modes: ['walk-in'], kw: true },
      { service_id: 'guidance', valid_from: '2027-03-01', valid_to: null, access_modes: ['walk-in'], kw: true },
    ]);
    expect(await spec.rows('SELECT valid_from::text, channel_id FROM sc_service_channels')).toEqual([
      { valid_from: '2027-01-15', channel_id: 'point' },
    ]);
  });

  it('lets an earlier version supersede a later one, and a withdrawal end the timeline', async () => {
    await spec.given([
      published('2027-01-15'),
      published('2027-06-01', { names: { fi: 'B' } }),
      published('2027-03-01', { names: { fi: 'C' } }),
      {
        type: 'ServiceWithdrawn',
        streamId: serviceStream('guidance'),
        data: { serviceId: 'guidance', withdrawnFrom: '2027-05-01', reason: 'merged', withdrawnBy: 'county:anna' },
      },
    ]);
    expect(
      await spec.rows("SELECT valid_from::text, valid_to::text, content->'names'->>'fi' AS name FROM sc_service_versions ORDER BY 1"),
    ).toEqual([
      { valid_from: '2027-01-15', valid_to: '2027-02-28', name: 'Sosiaaliohjaus' },
      { valid_from: '2027-03-01', valid_to: '2027-04-30', name: 'C' },
    ]);
    expect(await spec.rows('SELECT withdrawn_from::text FROM sc_services')).toEqual([{ withdrawn_from: '2027-05-01' }]);
  });

  it("keeps each version's search row beside it: superseded, ended and withdrawn alike", async () => {
    await spec.given([
      published('2027-01-15'),
      published('2027-06-01', { names: { fi: 'B' } }),
      published('2027-03-01', { names: { fi: 'Perheneuvola' }, area: 'nationwide', municipalities: [] }),
      {
        type: 'ServiceWithdrawn',
        streamId: serviceStream('guidance'),
        data: { serviceId: 'guidance', withdrawnFrom: '2027-05-01', reason: 'merged', withdrawnBy: 'county:anna' },
      },
    ]);
    expect(
      await spec.rows(
        `SELECT valid_from::text, valid_to::text, places, (tsv_fi || tsv_sv || tsv_en || tsv_names) @@ to_tsquery('simple', 'perheneuvola') AS named
         FROM sc_service_search ORDER BY 1`,
      ),
    ).toEqual([
      { valid_from: '2027-01-15', valid_to: '2027-02-28', places: ['837'], named: false },
      { valid_from: '2027-03-01', valid_to: '2027-04-30', places: ['*'], named: true },
    ]);
  });

  it('keeps on each search row what its channels have, whenever a channel is added, changed or removed', async () => {
    const channel = (validFrom: string, over: Record<string, unknown>): GivenEvent => ({
      type: 'ChannelVersionPublished',
      streamId: channelStream('point'),
      data: {
        channelId: 'point',
        validFrom,
        content: checkChannelContent({ ...point, ...over }),
        source: 'county',
        publishedBy: 'county:anna',
      },
    });
    const facts = () =>
      spec.rows('SELECT valid_from::text, min_lat, max_lat, min_lon, max_lon, channel_features FROM sc_service_search ORDER BY 1');
    // The service first, its channel after: the row learns of the channel when it comes.
    await spec.given([published('2027-01-15'), channel('2027-01-15', {})]);
    expect(await facts()).toEqual([
      { valid_from: '2027-01-15', min_lat: 61.45, max_lat: 61.45, min_lon: 23.85, max_lon: 23.85, channel_features: ['induction-loop'] },
    ]);
    // A later version elsewhere: the row holds both days' points and features.
    await spec.given([channel('2027-03-01', { location: { lat: 61.5, lon: 23.7 }, accessibility: { features: ['step-free-access'] } })]);
    expect(await facts()).toEqual([
      {
        valid_from: '2027-01-15',
        min_lat: 61.45,
        max_lat: 61.5,
        min_lon: 23.7,
        max_lon: 23.85,
        channel_features: ['induction-loop', 'step-free-access'],
      },
    ]);
    // A version superseding both: only its point and no feature.
    await spec.given([channel('2027-01-15', { location: { lat: 60.2, lon: 24.9 }, accessibility: { features: [] } })]);
    expect(await facts()).toEqual([
      { valid_from: '2027-01-15', min_lat: 60.2, max_lat: 60.2, min_lon: 24.9, max_lon: 24.9, channel_features: [] },
    ]);
    // Withdrawn from its first day: nothing left of it; a new service version without it, likewise.
    await spec.given([
      {
        type: 'ChannelWithdrawn',
        streamId: channelStream('point'),
        data: { channelId: 'point', withdrawnFrom: '2027-01-15', reason: 'closed', withdrawnBy: 'county:anna' },
      },
    ]);
    expect(await facts()).toEqual([
      { valid_from: '2027-01-15', min_lat: null, max_lat: null, min_lon: null, max_lon: null, channel_features: [] },
    ]);
    await spec.given([channel('2027-02-01', {}), published('2027-04-01', { channelIds: [] })]);
    expect(await facts()).toEqual([
      { valid_from: '2027-01-15', min_lat: 61.45, max_lat: 61.45, min_lon: 23.85, max_lon: 23.85, channel_features: ['induction-loop'] },
      { valid_from: '2027-04-01', min_lat: null, max_lat: null, min_lon: null, max_lon: null, channel_features: [] },
    ]);
  });

  it('keeps hours as rows (weekly by ISO weekday, exceptions by range) and routings once each', async () => {
    await spec.given([
      {
        type: 'ChannelVersionPublished',
        streamId: channelStream('point'),
        data: { channelId: 'point', validFrom: '2027-01-15', content: point, source: 'county', publishedBy: 'county:anna' },
      },
      {
        type: 'ServiceRouted',
        streamId: routingStream('c-1'),
        data: { routingId: 'c-1', serviceId: 'guidance', channelId: 'point', municipality: '837', routedOn: '2027-01-15' },
      },
    ]);
    expect(await spec.rows('SELECT weekday, opens, closes FROM sc_channel_hours ORDER BY opens')).toEqual([
      { weekday: 1, opens: 480, closes: 720 },
      { weekday: 1, opens: 780, closes: 960 },
    ]);
    expect(await spec.rows('SELECT from_date::text, to_date::text, closed, opens, closes FROM sc_channel_exceptions ORDER BY 1')).toEqual([
      { from_date: '2027-07-01', to_date: '2027-07-31', closed: true, opens: 0, closes: 0 },
      { from_date: '2027-12-24', to_date: '2027-12-24', closed: false, opens: 540, closes: 720 },
    ]);
    expect(await spec.rows('SELECT kind, features, lat, holiday_rule, has_hours, always_open FROM sc_channel_versions')).toEqual([
      {
        kind: 'service-point',
        features: ['induction-loop'],
        lat: 61.45,
        holiday_rule: 'sunday-hours',
        has_hours: true,
        always_open: false,
      },
    ]);
    expect(await spec.rows('SELECT routing_id, municipality FROM sc_routings')).toEqual([{ routing_id: 'c-1', municipality: '837' }]);
  });
});
