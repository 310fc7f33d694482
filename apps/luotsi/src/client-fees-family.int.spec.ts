import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Hetu, LocalDate } from '@luotsi/kernel';
import { EVENT_STORE } from '@luotsi/runtime';
import type { EventStore } from '@luotsi/eventstore';
import { serviceStream } from '@luotsi/billing-domain';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { personRefOf, seedPilot, settled } from '@luotsi/provider-choice-service/testing';
import { luotsiDefinition } from './definition';

const EEVA = as.finance('eeva');
const MEHILAINEN = as.provider('mehilainen');
const COUNTY = as.county();
const NDJSON = 'application/x-ndjson';

/** A family: two guardians, a child of 10 and one who turns 18 on 15 June 2026; generated codes. */
const family = {
  guardian: Hetu.generate(LocalDate.parse('1980-04-02'), 202),
  second: Hetu.generate(LocalDate.parse('1981-09-30'), 303),
  child: Hetu.generate(LocalDate.parse('2015-03-01'), 404),
  teen: Hetu.generate(LocalDate.parse('2008-06-15'), 505),
};
const CODES = Object.values(family);
const registered = (identityCode: string) => ({
  type: 'resident-registered',
  identityCode,
  postalCode: '33710',
  municipalityCode: '837',
  date: '2018-01-01',
});
const link = (child: string, guardian: string, from: string, extra: Record<string, unknown> = {}) => ({
  type: 'guardianship',
  identityCode: child,
  guardianIdentityCode: guardian,
  from,
  ...extra,
});
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

/** Client fees as the act counts them, over HTTP: the register's guardianships, the family's cap, visits reported late. */
function familyFees(database: TestDatabase): void {
  let t: TestApp;
  let refs: Record<keyof typeof family, string>;
  const http = () => request(t.server);
  const db = () => t.app.get<DataSource>(getDataSourceToken());
  const count = async (sql: string) => Number(((await db().query(sql)) as Array<{ n: string }>)[0]!.n);
  const importRows = (body: string, type = NDJSON) =>
    http().post('/population/import').set(COUNTY).set('Content-Type', type).send(body).expect(200);
  const visit = (id: string) => serviceStream('mehilainen', id);
  const row = (id: string, identityCode: string, date: string, serviceType = 'doctor-visit') => ({
    providerSideId: id,
    identityCode,
    serviceType,
    date,
    stationId: 'mehilainen-hervanta',
  });
  const report = async (rows: unknown[]) => {
    const res = await http().post('/providers/mehilainen/service-reports').set(MEHILAINEN).send({ rows }).expect(200);
    expect(res.body.errors).toEqual([]);
    return res.body;
  };
  const statement = (of: keyof typeof family, asCode = family[of]) => http().get(`/client-fees/${refs[of]}/2026`).set(as.resident(asCode));

  beforeAll(async () => {
    t = await startTestApp(luotsiDefinition, database, { now: '2026-01-05T10:00:00Z', postgresUrl: testPostgresUrl() });
    await seedPilot(t);
    await importRows(ndjson(CODES.map(registered)));
    refs = {
      guardian: await personRefOf(t, family.guardian),
      second: await personRefOf(t, family.second),
      child: await personRefOf(t, family.child),
      teen: await personRefOf(t, family.teen),
    };
    // Example client fees: a doctor visit of €200 reaches the cap in a few visits; guidance does not count.
    await http()
      .put('/rates/client-fees')
      .set(EEVA)
      .send({
        validFrom: '2026-01-01',
        annualCapCents: 81_500,
        centsByServiceType: {
          'doctor-visit': 20_000,
          'nurse-visit': 5_000,
          'physiotherapy-session': 1_640,
          'mental-health-substance-visit': 0,
          'social-guidance-meeting': 1_500,
        },
        countsTowardCap: {
          'doctor-visit': true,
          'nurse-visit': true,
          'physiotherapy-session': true,
          'mental-health-substance-visit': true,
          'social-guidance-meeting': false,
        },
      })
      .expect(200);
    await waitUntil(async () => (await count('SELECT count(*) AS n FROM bl_stations')) > 0, { what: 'billing to learn the stations' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('imports guardianship rows: good ones applied, bad ones answered per row with stable codes, a repeat changes nothing', async () => {
    const good = [
      link(family.child, family.guardian, '2015-03-01'),
      link(family.child, family.second, '2015-03-01'),
      link(family.teen, family.guardian, '2008-06-15'),
      link(family.teen, family.second, '2008-06-15', { feesJoin: false }),
    ];
    const unknown = Hetu.generate(LocalDate.parse('1975-01-01'), 606);
    const bad = [
      link(family.child, unknown, '2015-03-01'),
      link(family.child, '131052-308U', '2015-03-01'),
      link(family.child, family.child, '2015-03-01'),
      link(family.guardian, family.second, '2018-01-01'),
      link(family.child, family.second, '2015-03-01', { to: '2014-01-01' }),
      link(family.child, family.second, '2015-03-01', { feesJoin: 'yes' }),
      link(family.child, family.second, '2026-02-01'),
      link(family.child, family.second, '2015-02-28'),
      { type: 'guardianship', identityCode: family.child, from: '2015-03-01' },
      link(unknown, family.guardian, '2015-03-01'),
    ];
    const first = await importRows(ndjson([...good, ...bad]));
    expect(first.body).toMatchObject({ rows: 14, applied: 4, unchanged: 0, failed: 10 });
    expect(first.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [5, 'GUARDIAN_NOT_FOUND'],
      [6, 'INVALID_GUARDIAN_HETU'],
      [7, 'GUARDIAN_IS_CHILD'],
      [8, 'CHILD_NOT_MINOR'],
      [9, 'INVALID_PERIOD'],
      [10, 'INVALID_ROW'],
      [11, 'FUTURE_DATE'],
      [12, 'BEFORE_BIRTH'],
      [13, 'INVALID_ROW'],
      [14, 'PERSON_NOT_FOUND'],
    ]);
    for (const code of [...CODES, unknown]) expect(JSON.stringify(first.body)).not.toContain(code);
    const again = await importRows(ndjson(good));
    expect(again.body).toMatchObject({ rows: 4, applied: 0, unchanged: 4, failed: 0 });
    // CSV: the guardianship columns come after the older ones.
    const csv = await importRows(
      [
        'type,identityCode,postalCode,municipalityCode,date,guardianIdentityCode,to,feesJoin',
        `guardianship,${family.child},,,2015-03-01,${family.guardian},,`,
      ].join('\n'),
      'text/csv',
    );
    expect(csv.body).toMatchObject({ rows: 1, applied: 0, unchanged: 1, failed: 0 });
    await settled(t);
    await waitUntil(async () => (await count('SELECT count(*) AS n FROM bl_guardianships')) === 4, {
      what: 'billing to observe the guardianships',
    });
    const links = (await db().query('SELECT child_ref, guardian_ref, fees_join FROM bl_guardianships ORDER BY seq')) as Array<{
      child_ref: string;
      guardian_ref: string;
      fees_join: boolean;
    }>;
    // Different children are imported concurrently, so only each child's own links keep file order.
    expect(links.map((l) => [l.child_ref, l.guardian_ref, l.fees_join])).toEqual(
      expect.arrayContaining([
        [refs.child, refs.guardian, true],
        [refs.child, refs.second, false],
        [refs.teen, refs.guardian, true],
        [refs.teen, refs.second, false],
      ]),
    );
    expect(links).toHaveLength(4);
  });

  it("counts the children's fees with the guardian, crosses the cap on a child's visit, keeps the second guardian apart", async () => {
    t.clock.set('2026-02-28T10:00:00Z');
    await report([
      row('g-0110', family.guardian, '2026-01-10'),
      row('c-0205', family.child, '2026-02-05'),
      row('t-0210', family.teen, '2026-02-10'),
      row('s-0212', family.second, '2026-02-12'),
      row('c-0220', family.child, '2026-02-20'),
      // 80 000 counted: the teen's nurse visit has 1 500 of room and crosses the family's cap.
      row('t-0225', family.teen, '2026-02-25', 'nurse-visit'),
    ]);
    const g = await statement('guardian').expect(200);
    expect(
      g.body.lines.map((l: { visitId: string; personRef: string; netChargedCents: number }) => [l.visitId, l.personRef, l.netChargedCents]),
    ).toEqual([
      [visit('g-0110'), refs.guardian, 20_000],
      [visit('c-0205'), refs.child, 20_000],
      [visit('t-0210'), refs.teen, 20_000],
      [visit('c-0220'), refs.child, 20_000],
      [visit('t-0225'), refs.teen, 1_500],
    ]);
    expect(g.body).toMatchObject({ accumulatedTowardCapCents: 81_500, capReachedOn: '2026-02-25', capCents: 81_500 });
    const s = await statement('second').expect(200);
    expect(s.body).toMatchObject({ totalChargedCents: 20_000, accumulatedTowardCapCents: 20_000, capReachedOn: null, countedWith: [] });
  });

  it('places a visit reported in March but dated in January in date order and corrects the charges after it', async () => {
    t.clock.set('2026-03-10T10:00:00Z');
    await report([row('c-0120', family.child, '2026-01-20', 'nurse-visit')]);
    // By hand, in date order: 10 Jan 20 000 (20 000), 20 Jan 5 000 (25 000), 5 Feb 20 000 (45 000),
    // 10 Feb 20 000 (65 000), 20 Feb: room 16 500 → the cap is crossed here, a refund of 3 500;
    // 25 Feb: 0, a refund of 1 500. What the family pays stays the cap: 81 500.
    const g = await statement('guardian').expect(200);
    const lines = g.body.lines.map(
      (l: { visitId: string; chargedCents: number; corrections: Array<{ amountCents: number }>; netChargedCents: number }) => [
        l.visitId,
        l.chargedCents,
        l.corrections.map((c) => c.amountCents),
        l.netChargedCents,
      ],
    );
    expect(lines).toEqual([
      [visit('g-0110'), 20_000, [], 20_000],
      [visit('c-0120'), 5_000, [], 5_000],
      [visit('c-0205'), 20_000, [], 20_000],
      [visit('t-0210'), 20_000, [], 20_000],
      [visit('c-0220'), 20_000, [-3_500], 16_500],
      [visit('t-0225'), 1_500, [-1_500], 0],
    ]);
    expect(g.body.lines[4].corrections[0]).toEqual({
      kind: 'refund',
      amountCents: -3_500,
      countsTowardCap: true,
      causedByVisitId: visit('c-0120'),
    });
    expect(g.body).toMatchObject({ totalChargedCents: 81_500, capReachedOn: '2026-02-20' });
    // The cap now holds for all three; fees that do not count are still charged, and say so.
    await report([
      row('g-0305', family.guardian, '2026-03-05'),
      row('c-0306', family.child, '2026-03-06'),
      row('c-0307', family.child, '2026-03-07', 'social-guidance-meeting'),
      row('t-0308', family.teen, '2026-03-08'),
    ]);
    const after = await statement('guardian').expect(200);
    expect(
      after.body.lines.slice(-4).map((l: { netChargedCents: number; countsTowardCap: boolean }) => [l.netChargedCents, l.countsTowardCap]),
    ).toEqual([
      [0, true],
      [0, true],
      [1_500, false],
      [0, true],
    ]);
  });

  it('counts the teen with the guardian until the day before the 18th birthday and on their own from it (ADR 0012)', async () => {
    t.clock.set('2026-06-20T10:00:00Z');
    await report([
      row('t-0614', family.teen, '2026-06-14'),
      row('t-0615', family.teen, '2026-06-15'),
      row('t-0616', family.teen, '2026-06-16', 'nurse-visit'),
    ]);
    const teen = await statement('teen').expect(200);
    expect(
      teen.body.lines.map((l: { visitId: string; accountRef: string; netChargedCents: number }) => [
        l.visitId,
        l.accountRef,
        l.netChargedCents,
      ]),
    ).toEqual([
      [visit('t-0210'), refs.guardian, 20_000],
      [visit('t-0225'), refs.guardian, 0],
      [visit('t-0308'), refs.guardian, 0],
      [visit('t-0614'), refs.guardian, 0],
      [visit('t-0615'), refs.teen, 20_000],
      [visit('t-0616'), refs.teen, 5_000],
    ]);
    expect(teen.body).toMatchObject({
      accumulatedTowardCapCents: 25_000,
      capReachedOn: null,
      countedWith: [{ accountRef: refs.guardian, capReachedOn: '2026-02-20' }],
    });
  });

  it("shows a child their own statement only; the guardian sees the child's fees on their own statement, not the child's", async () => {
    const child = await statement('child').expect(200);
    expect(child.body.lines.every((l: { personRef: string }) => l.personRef === refs.child)).toBe(true);
    // The guardian's own fees and total are not on the child's statement.
    expect(JSON.stringify(child.body)).not.toContain(visit('g-0110'));
    expect(child.body).not.toHaveProperty('countedWith.0.accumulatedTowardCapCents');
    // The guardian's reads of their statement are in the child's access log too: it showed the child's visits.
    const log = (await http().get('/me/access-log').set(as.resident(family.child)).expect(200)).body;
    expect(log.entries).toContainEqual(
      expect.objectContaining({ role: 'resident', purpose: 'billing', outcome: 'allowed', what: expect.stringContaining('client-fees') }),
    );
    const refused = await statement('child', family.guardian).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN_SCOPE');
    await http().get(`/client-fees/${refs.child}/2026`).set(EEVA).expect(200);
  });

  it('puts every charge and correction in the export, each naming the visit it corrects and saying whether it counts', async () => {
    const csv = await http().get('/client-fees/years/2026/export?format=csv').set(EEVA).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = (csv.text as string)
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    const header = rows[0]!;
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const refunds = rows.filter((r) => col(r, 'line') === 'refund');
    expect(
      refunds.map((r) => [col(r, 'corrects_visit_id'), col(r, 'caused_by_visit_id'), col(r, 'amount_cents'), col(r, 'counts_toward_cap')]),
    ).toEqual([
      [visit('c-0220'), visit('c-0120'), '-3500', 'true'],
      [visit('t-0225'), visit('c-0120'), '-1500', 'true'],
    ]);
    expect(rows.at(-1)).toEqual(expect.arrayContaining(['ALL', 'total']));
    const json = await http().get('/client-fees/years/2026/export?format=json&locale=en').set(EEVA).expect(200);
    const family = [refs.guardian, refs.second, refs.teen].map(String);
    expect(json.body.totalCents).toBe(
      json.body.lines
        .filter((l: { accountRef: string }) => family.includes(l.accountRef))
        .reduce((a: number, l: { amountCents: number }) => a + l.amountCents, 0),
    );
    expect(json.body.lines.filter((l: { line: string }) => l.line !== 'charge')).toHaveLength(2);
    // The yearly run agrees with every ledger: the corrections made the charges what date order says.
    const run = await http().get('/client-fees/years/2026/run').set(EEVA).expect(200);
    expect(run.body).toMatchObject({ year: 2026, accounts: 3, corrections: 2, capsReached: 1, mismatchedAccounts: 0 });
    expect(run.body.chargedCents).toBe(json.body.totalCents);
    await http().get('/client-fees/years/2026/export?format=xml').set(EEVA).expect(400);
    await http().get('/client-fees/years/26/export').set(EEVA).expect(400);
    await http().get('/client-fees/years/2026/export').set(MEHILAINEN).expect(403);
  });

  it("moves a child's visits when the register ends a guardianship retroactively: refunds there, further charges for what owes more", async () => {
    // The guardian's guardianship of the child ended on 31 January; the second guardian's goes on.
    const ended = await importRows(ndjson([link(family.child, family.guardian, '2015-03-01', { to: '2026-01-31' })]));
    expect(ended.body).toMatchObject({ applied: 1, failed: 0 });
    type Line = {
      visitId: string;
      netChargedCents: number;
      movedToAccountRef?: string;
      corrections: Array<{ kind: string; amountCents: number }>;
    };
    const moved = async () => ((await statement('guardian').expect(200)).body.lines as Line[]).filter((l) => l.movedToAccountRef);
    await waitUntil(async () => (await moved()).length === 4, { what: "the child's visits after 31 January to move" });
    const g = await statement('guardian').expect(200);
    // By hand, moving 5 Feb, 20 Feb, 6 Mar and 7 Mar out in turn (each refunded in full there):
    // without them the guardian's 5 March visit owes 11 500 and then 20 000, the teen's 25 Feb nurse
    // visit 5 000 and 8 March visit 11 500; the cap is crossed on 8 March. 20 Jan stays (31 Jan).
    const kept = (g.body.lines as Line[]).filter((l) => !l.movedToAccountRef).map((l) => [l.visitId, l.netChargedCents]);
    expect(kept).toEqual([
      [visit('g-0110'), 20_000],
      [visit('c-0120'), 5_000],
      [visit('t-0210'), 20_000],
      [visit('t-0225'), 5_000],
      [visit('g-0305'), 20_000],
      [visit('t-0308'), 11_500],
      [visit('t-0614'), 0],
    ]);
    const g0305 = (g.body.lines as Line[]).find((l) => l.visitId === visit('g-0305'))!;
    expect(g0305.corrections).toEqual([
      expect.objectContaining({ kind: 'further-charge', amountCents: 11_500 }),
      expect.objectContaining({ kind: 'further-charge', amountCents: 8_500 }),
    ]);
    expect((await moved()).map((l) => [l.visitId, l.netChargedCents, l.movedToAccountRef])).toEqual(
      ['c-0205', 'c-0220', 'c-0306', 'c-0307'].map((id) => [visit(id), 0, refs.second]),
    );
    expect(g.body).toMatchObject({ accumulatedTowardCapCents: 81_500, capReachedOn: '2026-03-08' });
    // The second guardian's account now holds them, in date order with their own visit.
    const h = await statement('second').expect(200);
    expect((h.body.lines as Line[]).map((l) => [l.visitId, l.netChargedCents])).toEqual([
      [visit('c-0205'), 20_000],
      [visit('s-0212'), 20_000],
      [visit('c-0220'), 20_000],
      [visit('c-0306'), 20_000],
      [visit('c-0307'), 1_500],
    ]);
    expect(h.body).toMatchObject({ accumulatedTowardCapCents: 80_000, capReachedOn: null });
    const run = await http().get('/client-fees/years/2026/run').set(EEVA).expect(200);
    expect(run.body).toMatchObject({ accounts: 3, mismatchedAccounts: 0 });
    const csv = await http().get('/client-fees/years/2026/export').set(EEVA).expect(200);
    expect((csv.text as string).split('\r\n').filter((r) => r.includes(',further-charge,'))).toHaveLength(6);
  });

  it('carries no identity code of the family in any event, by value', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const all = JSON.stringify(await store.readAll({ after: 0, maxCount: 100_000 }));
    expect(all).toContain(refs.teen);
    for (const code of CODES) {
      expect(all).not.toContain(code);
      expect(all).not.toContain(code.slice(0, 6) + code.slice(7));
    }
  });
}

describe('client fees of a family (PGlite)', () => familyFees('pglite'));
describeWithPostgres()('client fees of a family (PostgreSQL)', () => familyFees('postgres'));
