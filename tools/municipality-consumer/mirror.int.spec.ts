import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { Mirror } from './mirror';

let sequence = 0;
const event = (type: string, subject: string, data: Record<string, unknown>, municipality = '837') =>
  JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    type: `fi.luotsi.municipality.${type}.v1`,
    source: '/luotsi/municipality-feed',
    subject,
    time: '2027-01-01T00:00:00Z',
    datacontenttype: 'application/json',
    dataschema: `https://schemas.luotsi.fi/municipality-feed/${type}/v1.json`,
    municipality,
    sequence: ++sequence,
    data,
  });
const listed = (p: string, providerId: string) =>
  event('listing-started', p, { personRef: p, providerId, stationId: `${providerId}-1`, effectiveFrom: '2027-01-01', reason: 'default' });

describeWithPostgres()('the reference consumer’s mirror on PostgreSQL', () => {
  const pool = new Pool({ connectionString: testPostgresUrl(), max: 2 });
  const schema = `mirror_${randomUUID().slice(0, 8)}`;
  const mirror = new Mirror(pool, schema, '837');
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  beforeAll(() => mirror.migrate());
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('applies a batch in order (runs of one type at once, the last per person winning) and each event once', async () => {
    const batch = [
      event('resident-registered', 'a', { personRef: 'a', residentFrom: '2018-01-01', eligible: true }),
      listed('a', 'tampere'),
      listed('a', 'mehilainen'),
      event('listing-ended', 'a', {
        personRef: 'a',
        providerId: 'mehilainen',
        stationId: 'mehilainen-1',
        effectiveTo: '2027-02-28',
        reason: 'switched',
      }),
      listed('a', 'pihlajalinna'),
      event('resident-registered', 'b', { personRef: 'b', residentFrom: '2018-01-01', eligible: true }),
      event('resident-moved-out', 'b', { personRef: 'b', movedOutOn: '2027-03-01' }),
    ];
    const first = await mirror.apply(
      't',
      batch.map((value, i) => ({ offset: String(i), value })),
    );
    expect(first).toMatchObject({ applied: 7, duplicates: 0, deadLettered: [] });
    expect(await rows(`SELECT person_ref, provider_id FROM ${schema}.listings`)).toEqual([
      { person_ref: 'a', provider_id: 'pihlajalinna' },
    ]);
    expect(await rows(`SELECT person_ref, living_here FROM ${schema}.residents ORDER BY 1`)).toEqual([
      { person_ref: 'a', living_here: true },
      { person_ref: 'b', living_here: false },
    ]);
    // Redelivered (a restart before the checkpoint): nothing changes.
    const again = await mirror.apply(
      't',
      batch.map((value, i) => ({ offset: String(i), value })),
    );
    expect(again).toMatchObject({ applied: 0, duplicates: 7 });
    expect(await mirror.resumeOffset('t')).toBe('7');
  });

  it('dead-letters what it cannot apply and goes on past it', async () => {
    const outcome = await mirror.apply('t', [
      { offset: '7', value: 'not json' },
      { offset: '8', value: listed('c', 'tampere').replace('"municipality":"837"', '"municipality":"091"') },
      { offset: '9', value: event('listing-started', 'd', { personRef: 'd' }) },
      { offset: '10', value: listed('e', 'tampere') },
    ]);
    expect(outcome.applied).toBe(1);
    expect(outcome.deadLettered.map((d) => d.error)).toEqual([
      'not JSON',
      'event of municipality 091, not 837',
      expect.stringContaining('listing-started: '),
    ]);
    expect((await rows(`SELECT count(*)::int AS n FROM ${schema}.dead_letters`))[0]).toEqual({ n: 3 });
    expect(await mirror.resumeOffset('t')).toBe('11');
  });

  it('keeps the municipality’s own services as a timeline: versions from their day, an end, a later return', async () => {
    const version = (type: string, validFrom: string, channelIds: string[]) =>
      event(type, 'kotihoito', { serviceId: 'kotihoito', validFrom, names: { fi: 'Kotihoito' }, channelIds, basis: ['area'] });
    const ended = (withdrawnFrom: string, reason: string) =>
      event('service-withdrawn', 'kotihoito', { serviceId: 'kotihoito', withdrawnFrom, reason });
    const apply = (values: string[], from: number) =>
      mirror.apply(
        's',
        values.map((value, i) => ({ offset: String(from + i), value })),
      );
    const timeline = () =>
      rows(`SELECT valid_from::text AS v, held, channel_ids AS c, end_reason AS r FROM ${schema}.own_services ORDER BY valid_from`);
    expect(
      await apply([version('service-published', '2027-01-15', ['a']), version('service-changed', '2027-03-01', ['a', 'b'])], 0),
    ).toMatchObject({ applied: 2, deadLettered: [] });
    expect(await timeline()).toEqual([
      { v: '2027-01-15', held: true, c: ['a'], r: null },
      { v: '2027-03-01', held: true, c: ['a', 'b'], r: null },
    ]);
    // An end from an earlier day replaces the version that would have begun after it.
    await apply([ended('2027-02-01', 'no-longer-concerns-municipality')], 2);
    expect(await timeline()).toEqual([
      { v: '2027-01-15', held: true, c: ['a'], r: null },
      { v: '2027-02-01', held: false, c: null, r: 'no-longer-concerns-municipality' },
    ]);
    // Back from June: the gap from February stays.
    await apply([version('service-published', '2027-06-01', ['d'])], 3);
    expect((await timeline()).map((t) => [t['v'], t['held']])).toEqual([
      ['2027-01-15', true],
      ['2027-02-01', false],
      ['2027-06-01', true],
    ]);
  });
});
