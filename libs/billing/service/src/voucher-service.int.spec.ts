import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { EventStore } from '@luotsi/eventstore';
import type { InboundConsumer } from '@luotsi/messaging';
import { EVENT_STORE, inboundToken, PlatformModule, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { voucherStream, voucherTypeStream } from '@luotsi/billing-domain';
import { BillingModule } from './billing.module';
import { PROVIDER_CHOICE_EVENT_TYPES as T } from './consumer/provider-choice-events';

@Module({})
class BillingOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: BillingOnly, imports: [PlatformModule.forRoot(config), BillingModule] };
  }
}
const billingDefinition: ServiceDefinition = {
  service: 'billing',
  title: 'billing',
  description: 'billing alone',
  module: (config) => BillingOnly.forRoot(config),
  consumes: [],
};

const ANNA = as.county('anna');
const EEVA = as.finance('eeva');
const ERKKI = as.finance('erkki');
const GUNILLA = as.guidance('gunilla');
const PAULA = as.planWorker('paula');
const FYSIO = as.provider('fysio-oy');
const MEHILAINEN = as.provider('mehilainen');
const KUNTA = as.provider('kunta-fysio');
const AINO = Hetu.generate(LocalDate.parse('1950-03-15'), 202);
const EERO = Hetu.generate(LocalDate.parse('1985-07-01'), 301, { signStyle: 'new' });
const TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'];
const byType = <V>(v: V) => Object.fromEntries(TYPES.map((t) => [t, v]));
const physio = {
  validFrom: '2027-01-01',
  service: 'physiotherapy-series',
  name: 'Physiotherapy series after a hip replacement',
  value: { kind: 'fixed', cents: 5_000 },
  validityDays: 60,
  visits: 3,
};
type Row = { row: number; producerSideId: string | null; code: string };
const codes = (body: { errors: Row[] }) => body.errors.map((e) => [e.row, e.code]);

/**
 * Service vouchers over HTTP with billing's real stores: the county's types and producers, grants
 * and choices, producers' reports refused per row, the settlement's voucher lines and their export,
 * the person's statement and the pilot's report. Steps run in order on one clock.
 */
function voucherService(database: TestDatabase): void {
  let t: TestApp;
  let refs: Record<string, string>;
  let sequence = 0;
  const v: Record<string, string> = {};
  const http = () => request(t.server);
  const db = () => t.app.get<DataSource>(getDataSourceToken());
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const publish = (consumer: string, type: string, data: Record<string, unknown>) =>
    t.app
      .get<Map<string, InboundConsumer>>(inboundToken('billing'))
      .get(consumer)!
      .consume({
        specversion: '1.0',
        id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
        type,
        source: '/luotsi/provider-choice',
        subject: 'x',
        time: '2027-01-01T00:00:00Z',
        datacontenttype: 'application/json',
        data,
      });
  const grant = (code: string, over: Record<string, unknown> = {}, who = GUNILLA) =>
    http()
      .post(`/persons/${refs[code]}/vouchers`)
      .set(who)
      .send({ voucherTypeId: 'physio-hip', reason: 'rehabilitation after surgery', municipality: '837', ...over });
  const report = (who: Record<string, string>, producerId: string, rows: unknown[]) =>
    http().post(`/providers/${producerId}/voucher-reports`).set(who).send({ rows });
  const visit = (producerSideId: string, voucher: string, date: string) => ({ producerSideId, voucherId: v[voucher] ?? voucher, date });

  beforeAll(async () => {
    t = await startTestApp(billingDefinition, database, { now: '2027-01-15T10:00:00Z', postgresUrl: testPostgresUrl() });
    const registry = t.app.get(PersonRegistry);
    refs = { [AINO]: (await registry.resolve(AINO, true))!.personRef, [EERO]: (await registry.resolve(EERO, true))!.personRef };
    await publish('listings', T.providerRegistered, { providerId: 'mehilainen', stations: [{ stationId: 'mehilainen-hervanta' }] });
    await publish('listings', T.listingStarted, {
      personRef: refs[AINO],
      providerId: 'mehilainen',
      stationId: 'mehilainen-hervanta',
      effectiveFrom: '2027-01-01',
      birthDate: '1950-03-15',
      sex: 'female',
    });
    await http()
      .put('/rates/capitation')
      .set(EEVA)
      .send({
        validFrom: '2026-01-01',
        annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
      })
      .expect(200);
    await http()
      .put('/rates/service-fees')
      .set(EEVA)
      .send({ validFrom: '2026-01-01', centsByServiceType: byType(3_000) })
      .expect(200);
    await http()
      .put('/rates/client-fees')
      .set(EEVA)
      .send({ validFrom: '2026-01-01', annualCapCents: 81_500, centsByServiceType: byType(1_000), countsTowardCap: byType(true) })
      .expect(200);
  }, 90_000);
  afterAll(async () => t?.close());

  it('lets the county define a voucher type and approve producers; bad input is a 4xx and writes nothing, other roles are refused', async () => {
    const bad = await http()
      .put('/voucher-types/physio-hip')
      .set(ANNA)
      .send({ ...physio, validFrom: '2027-01-15', visits: 0 })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_VOUCHER_TYPE' });
    expect(await store().readStream(voucherTypeStream('physio-hip'))).toEqual([]);
    expect((await http().put('/voucher-types/physio-hip').set(GUNILLA).send(physio).expect(403)).body).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    });
    expect((await http().put('/voucher-types/physio-hip').set(ANNA).send(physio).expect(200)).body).toEqual({
      voucherTypeId: 'physio-hip',
      validFrom: '2027-01-01',
      changed: true,
    });
    expect((await http().put('/voucher-types/physio-hip').set(ANNA).send(physio).expect(200)).body).toMatchObject({ changed: false });
    const approve = (producerId: string, priceCents: number, ownership: string) =>
      http().put(`/voucher-types/physio-hip/producers/${producerId}`).set(ANNA).send({ priceCents, ownership, approvedFrom: '2027-01-01' });
    await approve('fysio-oy', 6_200, 'private').expect(200);
    // Mehiläinen is also a primary-care provider: its approval follows provider choice's events.
    await approve('mehilainen', 4_200, 'private').expect(200);
    await approve('kunta-fysio', 5_000, 'public').expect(200);
    expect((await approve('x', 0, 'private').expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      (
        await http()
          .put('/voucher-types/nothing/producers/x')
          .set(ANNA)
          .send({ priceCents: 1, ownership: 'public', approvedFrom: '2027-01-01' })
          .expect(404)
      ).body,
    ).toMatchObject({
      code: 'VOUCHER_TYPE_NOT_FOUND',
    });
    const types = (await http().get('/voucher-types').set(as.resident(AINO)).expect(200)).body;
    expect(types.voucherTypes[0].producers.map((p: { producerId: string }) => p.producerId)).toEqual([
      'fysio-oy',
      'kunta-fysio',
      'mehilainen',
    ]);
  });

  it('lets a guidance or plan worker grant a voucher with a reason; a resident or finance may not, and bad grants write nothing', async () => {
    const first = await grant(AINO).expect(201);
    expect(first.body).toMatchObject({
      personRef: refs[AINO],
      valueCents: 5_000,
      visits: 3,
      validFrom: '2027-01-15',
      validUntil: '2027-03-15',
    });
    v['V1'] = first.body.voucherId;
    v['V2'] = (await grant(EERO, {}, PAULA).expect(201)).body.voucherId;
    v['V3'] = (await grant(AINO).expect(201)).body.voucherId;
    v['V4'] = (await grant(EERO).expect(201)).body.voucherId;
    const before = await db().query('SELECT count(*)::int AS n FROM es_events');
    expect((await grant(AINO, { municipality: '000' }).expect(400)).body).toMatchObject({ code: 'UNKNOWN_MUNICIPALITY' });
    expect((await grant(AINO, { reason: '' }).expect(400)).body).toMatchObject({ code: 'INVALID_REASON' });
    expect((await grant(AINO, { voucherTypeId: 'nothing' }).expect(404)).body).toMatchObject({ code: 'VOUCHER_TYPE_NOT_FOUND' });
    expect((await grant(AINO, {}, as.resident(AINO)).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect((await grant(AINO, {}, EEVA).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(await db().query('SELECT count(*)::int AS n FROM es_events')).toEqual(before);
  });

  it('lets the person choose in the portal or refuse, and a guidance worker choose for them with the channel', async () => {
    const aino = as.resident(AINO);
    const eero = as.resident(EERO);
    const choice = (code: string, voucher: string, who: Record<string, string>, body: Record<string, unknown>) =>
      http().post(`/persons/${refs[code]}/vouchers/${v[voucher]}/choice`).set(who).send(body);
    expect((await choice(AINO, 'V1', aino, { producerId: 'fysio-oy' }).expect(200)).body).toMatchObject({
      producerId: 'fysio-oy',
      valueCents: 5_000,
      priceCents: 6_200,
      clientSharePerVisitCents: 1_200,
    });
    expect((await choice(EERO, 'V2', GUNILLA, { producerId: 'kunta-fysio' }).expect(400)).body).toMatchObject({ code: 'CHANNEL_REQUIRED' });
    expect(await store().readStream(voucherStream(v['V2']!))).toHaveLength(1);
    await choice(EERO, 'V2', GUNILLA, { producerId: 'kunta-fysio', channel: 'phone' }).expect(200);
    expect((await store().readStream(voucherStream(v['V2']!))).at(-1)).toMatchObject({
      data: { channel: 'phone', chosenBy: expect.stringMatching(/^guidance:/) },
    });
    // Mehiläinen's price is below the voucher's value: no client share.
    expect((await choice(AINO, 'V3', aino, { producerId: 'mehilainen' }).expect(200)).body).toMatchObject({ clientSharePerVisitCents: 0 });
    expect((await choice(AINO, 'V3', aino, { producerId: 'fysio-oy' }).expect(409)).body).toMatchObject({ code: 'VOUCHER_ALREADY_CHOSEN' });
    expect((await choice(AINO, 'V3', aino, { producerId: 'nobody' }).expect(409)).body).toMatchObject({ code: 'VOUCHER_ALREADY_CHOSEN' });
    await http().post(`/persons/${refs[EERO]}/vouchers/${v['V4']}/refusal`).set(eero).send({}).expect(200);
    expect((await choice(EERO, 'V4', eero, { producerId: 'fysio-oy' }).expect(409)).body).toMatchObject({ code: 'VOUCHER_REFUSED' });
    // Eero cannot choose for Aino, nor see that her voucher exists.
    const other = await choice(AINO, 'V1', eero, { producerId: 'fysio-oy' }).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    expect(
      (await http().post(`/persons/${refs[EERO]}/vouchers/${v['V1']}/choice`).set(eero).send({ producerId: 'fysio-oy' }).expect(404)).body,
    ).toMatchObject({
      code: 'VOUCHER_NOT_FOUND',
    });
    expect((await choice(AINO, 'V1', FYSIO, { producerId: 'fysio-oy' }).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });

  it("takes a producer's report per row: duplicates change nothing, visits beyond the voucher, unknown or conflicting ids and future dates are refused with stable codes", async () => {
    t.clock.set('2027-02-10T10:00:00Z');
    const res = await report(FYSIO, 'fysio-oy', [
      visit('F-1', 'V1', '2027-02-02'),
      visit('F-2', 'V1', '2027-02-03'),
      visit('F-1', 'V1', '2027-02-02'),
      visit('F-2', 'V1', '2027-02-04'),
      visit('F-3', 'V1', '2027-02-05'),
      visit('F-4', 'V1', '2027-02-06'),
      visit('F-5', 'V1', '2027-02-30'),
      visit('F-6', 'vch-unknown', '2027-02-06'),
      visit('F-7', 'V1', '2027-02-11'),
      visit('F-8', 'V2', '2027-02-06'),
      visit('F-9', 'V4', '2027-02-06'),
      visit(`F-${AINO}`, 'V1', '2027-02-06'),
    ]).expect(200);
    expect(res.body).toMatchObject({ rows: 12, recorded: 3, duplicates: 1, usedUp: 1, adjustments: 0 });
    expect(codes(res.body)).toEqual([
      [4, 'REDEMPTION_ID_CONFLICT'],
      [6, 'VISITS_USED_UP'],
      [7, 'INVALID_DATE'],
      [8, 'VOUCHER_NOT_FOUND'],
      [9, 'FUTURE_DATE'],
      [10, 'NOT_CHOSEN_PRODUCER'],
      [11, 'VOUCHER_REFUSED'],
      [12, 'IDENTITY_CODE_IN_FIELD'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(AINO);
    const events = (await store().readStream(voucherStream(v['V1']!))).map((e) => e.type);
    expect(events.filter((e) => e === 'VoucherVisitRedeemed')).toHaveLength(3);
    expect(events.at(-1)).toBe('VoucherUsedUp');
    // Mehiläinen gives a visit of V3 at its own price, below the value.
    expect((await report(MEHILAINEN, 'mehilainen', [visit('M-1', 'V3', '2027-02-02')]).expect(200)).body).toMatchObject({
      recorded: 1,
      errors: [],
    });
    // A producer reports only its own visits.
    expect((await report(FYSIO, 'mehilainen', [visit('M-9', 'V3', '2027-02-02')]).expect(403)).body).toMatchObject({
      code: 'FORBIDDEN_SCOPE',
    });
    expect((await report(FYSIO, 'fysio-oy', [{ producerSideId: 'x' }]).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('ends a producer mid-voucher from provider choice: the person chooses again; the ended one is paid only for visits before its end', async () => {
    await publish('voucher-producers', T.providerTerminated, {
      providerId: 'mehilainen',
      terminatedFrom: '2027-02-15',
      clientsReturnFrom: '2027-03-01',
      reason: 'contract ended',
      decidedBy: 'county:anna',
    });
    await waitUntil(
      async () =>
        (
          (await db().query(`SELECT ended_from FROM bl_voucher_producers WHERE producer_id = 'mehilainen'`)) as Array<{
            ended_from: unknown;
          }>
        )[0]?.ended_from != null,
      { what: "mehilainen's voucher approval ended" },
    );
    t.clock.set('2027-02-20T10:00:00Z');
    const aino = as.resident(AINO);
    const mine = (await http().get(`/persons/${refs[AINO]}/vouchers`).set(aino).expect(200)).body.vouchers;
    expect(mine.find((x: { voucherId: string }) => x.voucherId === v['V3'])).toMatchObject({
      status: 'chosen',
      producerId: 'mehilainen',
      mustChooseAgain: true,
    });
    expect(JSON.stringify(mine)).not.toContain('rehabilitation');
    const ended = await http()
      .post(`/persons/${refs[AINO]}/vouchers/${v['V3']}/choice`)
      .set(aino)
      .send({ producerId: 'mehilainen' })
      .expect(422);
    expect(ended.body).toMatchObject({ code: 'PRODUCER_NOT_APPROVED', details: { status: 'ended' } });
    const again = await http()
      .post(`/persons/${refs[AINO]}/vouchers/${v['V3']}/choice`)
      .set(aino)
      .send({ producerId: 'kunta-fysio' })
      .expect(200);
    expect(again.body).toMatchObject({ producerId: 'kunta-fysio', changed: true });
    const late = await report(MEHILAINEN, 'mehilainen', [visit('M-2', 'V3', '2027-02-16'), visit('M-3', 'V3', '2027-02-10')]).expect(200);
    expect(late.body).toMatchObject({ recorded: 1 });
    expect(codes(late.body)).toEqual([[1, 'NOT_CHOSEN_PRODUCER']]);
  });

  it("adds voucher lines per producer to the month's settlement, and the export reconciles with the visits", async () => {
    // Kunta-fysio's February is approved empty before its late visit arrives.
    t.clock.set('2027-03-02T08:00:00Z');
    const run = await http().post('/settlements/2027-02/run').set(EEVA).send({}).expect(200);
    expect(run.body.map((r: { providerId: string }) => r.providerId)).toEqual(['fysio-oy', 'kunta-fysio', 'mehilainen']);
    const feb = (await http().get('/settlements/2027-02').set(EEVA).expect(200)).body;
    const linesOf = (id: string) => feb.providers.find((p: { providerId: string }) => p.providerId === id).lines;
    expect(linesOf('fysio-oy')).toEqual([
      { kind: 'voucher', voucherTypeId: 'physio-hip', count: 3, unitCents: 5_000, amountCents: 15_000 },
    ]);
    expect(linesOf('mehilainen').filter((l: { kind: string }) => l.kind === 'voucher')).toEqual([
      { kind: 'voucher', voucherTypeId: 'physio-hip', count: 2, unitCents: 4_200, amountCents: 8_400 },
    ]);
    expect(linesOf('kunta-fysio')).toEqual([]);
    for (const p of ['fysio-oy', 'kunta-fysio', 'mehilainen'])
      await http().post(`/settlements/2027-02/providers/${p}/approval`).set(ERKKI).expect(200);
    const json = (await http().get('/settlements/2027-02/export?format=json').set(EEVA).expect(200)).body;
    const paid = (await db().query(
      `SELECT producer_id, sum(paid_cents)::int AS cents FROM bl_voucher_visits WHERE visit_date BETWEEN '2027-02-01' AND '2027-02-28' GROUP BY 1 ORDER BY 1`,
    )) as Array<{ producer_id: string; cents: number }>;
    expect(paid).toEqual([
      { producer_id: 'fysio-oy', cents: 15_000 },
      { producer_id: 'mehilainen', cents: 8_400 },
    ]);
    for (const { producer_id, cents } of paid)
      expect(json.providers.find((p: { providerId: string }) => p.providerId === producer_id).voucherCents).toBe(cents);
    const csv = (await http().get('/settlements/2027-02/export?format=csv').set(EEVA).expect(200)).text.trim().split('\r\n');
    const header = csv[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    const voucherRows = csv
      .slice(1)
      .map((r) => r.split(','))
      .filter((c) => c[col('line')] === 'voucher');
    expect(voucherRows.map((c) => [c[col('provider_id')], c[col('service_type')], Number(c[col('amount_cents')])])).toEqual([
      ['fysio-oy', 'physio-hip', 15_000],
      ['mehilainen', 'physio-hip', 8_400],
    ]);
    const grand = csv.at(-1)!.split(',');
    expect(Number(grand[col('amount_cents')])).toBe(json.grandTotalCents);
  });

  it('pays a voucher visit reported after its month was approved as an adjustment next month, and refuses one after the voucher expired', async () => {
    const late = await report(KUNTA, 'kunta-fysio', [visit('K-1', 'V2', '2027-02-25')]).expect(200);
    expect(late.body).toMatchObject({ recorded: 1, adjustments: 1 });
    t.clock.set('2027-04-01T08:00:00Z');
    const expired = await report(KUNTA, 'kunta-fysio', [visit('K-2', 'V2', '2027-03-16'), visit('K-3', 'V3', '2027-03-10')]).expect(200);
    expect(codes(expired.body)).toEqual([[1, 'VOUCHER_EXPIRED']]);
    await http()
      .post('/settlements/2027-03/run')
      .set(EEVA)
      .send({ providerIds: ['kunta-fysio'] })
      .expect(200);
    const march = (await http().get('/settlements/2027-03/providers/kunta-fysio').set(EEVA).expect(200)).body.providers[0];
    expect(march.lines).toEqual([
      { kind: 'voucher', voucherTypeId: 'physio-hip', count: 1, unitCents: 5_000, amountCents: 5_000 },
      { kind: 'voucher-adjustment', correctsMonth: '2027-02', voucherTypeId: 'physio-hip', count: 1, unitCents: 5_000, amountCents: 5_000 },
    ]);
    const eeros = (await http().get(`/persons/${refs[EERO]}/vouchers`).set(GUNILLA).expect(200)).body.vouchers;
    expect(eeros.map((x: { status: string }) => x.status).sort()).toEqual(['expired', 'refused']);
  });

  it("shows the client's share on the person's statement, never counted toward the cap", async () => {
    const statement = (await http().get(`/client-fees/${refs[AINO]}/2027`).set(as.resident(AINO)).expect(200)).body;
    expect(statement.voucherShares).toMatchObject({ totalClientShareCents: 3_600, countsTowardCap: false });
    expect(
      statement.voucherShares.lines.map((l: { producerId: string; clientShareCents: number; countsTowardCap: boolean }) => [
        l.producerId,
        l.clientShareCents,
        l.countsTowardCap,
      ]),
    ).toEqual([
      ['fysio-oy', 1_200, false],
      ['mehilainen', 0, false],
      ['fysio-oy', 1_200, false],
      ['fysio-oy', 1_200, false],
      ['mehilainen', 0, false],
      ['kunta-fysio', 0, false],
    ]);
    // No client fee was charged for the voucher visits, so nothing of them reaches the cap.
    expect(statement.lines).toEqual([]);
  });

  it("reports what became of the vouchers by type, producer and municipality, with the chosen producers' shares", async () => {
    expect((await http().get('/vouchers/report').set(GUNILLA).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect((await http().get('/vouchers/report?from=2027-13-01').set(ANNA).expect(400)).body).toMatchObject({ code: 'INVALID_DATE' });
    const r = (await http().get('/vouchers/report').set(ANNA).expect(200)).body;
    expect(r.total).toEqual({ granted: 4, refused: 1, chosen: 3, unused: 0, usedUp: 2, expired: 1, visitsGiven: 7 });
    expect(r.byMunicipality).toEqual([expect.objectContaining({ municipality: '837', granted: 4 })]);
    expect(r.byType).toEqual([expect.objectContaining({ voucherTypeId: 'physio-hip', granted: 4 })]);
    expect(r.byProducer.map((p: { producerId: string | null; granted: number }) => [p.producerId, p.granted])).toEqual([
      [null, 1],
      ['fysio-oy', 1],
      ['kunta-fysio', 2],
    ]);
    expect(r.producerShares.byOwnership).toEqual([
      { ownership: 'public', chosen: 2, share: 0.6667 },
      { ownership: 'private', chosen: 1, share: 0.3333 },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/per_/);
  });

  it("suspends and resumes a producer's approval from provider choice's events: its visits while suspended are refused per row", async () => {
    const v5 = (await grant(AINO).expect(201)).body.voucherId as string;
    await http().post(`/persons/${refs[AINO]}/vouchers/${v5}/choice`).set(as.resident(AINO)).send({ producerId: 'fysio-oy' }).expect(200);
    const suspensions = async () =>
      (
        (await db().query(`SELECT suspensions FROM bl_voucher_producers WHERE producer_id = 'fysio-oy'`)) as Array<{
          suspensions: Array<{ to: string | null }>;
        }>
      )[0]!.suspensions;
    await publish('voucher-producers', T.providerSuspended, {
      providerId: 'fysio-oy',
      suspendedFrom: '2027-04-01',
      reason: 'audit',
      decidedBy: 'county:anna',
    });
    await waitUntil(async () => (await suspensions()).length === 1, { what: 'the suspension' });
    expect(codes((await report(FYSIO, 'fysio-oy', [visit('F-10', v5, '2027-04-01')]).expect(200)).body)).toEqual([
      [1, 'PRODUCER_SUSPENDED'],
    ]);
    await publish('voucher-producers', T.providerApproved, {
      providerId: 'fysio-oy',
      approvedFrom: '2027-04-03',
      decidedBy: 'county:anna',
    });
    await waitUntil(async () => (await suspensions())[0]?.to === '2027-04-03', { what: 'the resumption' });
    t.clock.set('2027-04-05T08:00:00Z');
    expect((await report(FYSIO, 'fysio-oy', [visit('F-11', v5, '2027-04-04')]).expect(200)).body).toMatchObject({
      recorded: 1,
      errors: [],
    });
  });

  it("rebuilds the voucher read models from billing's log to the same figures", async () => {
    const before = (await http().get('/vouchers/report').set(ANNA).expect(200)).body;
    const mine = (await http().get(`/persons/${refs[AINO]}/vouchers`).set(GUNILLA).expect(200)).body;
    await http().post('/operations/rebuild-read-models').set(EEVA).expect(200);
    expect((await http().get('/vouchers/report').set(ANNA).expect(200)).body).toEqual(before);
    expect((await http().get(`/persons/${refs[AINO]}/vouchers`).set(GUNILLA).expect(200)).body).toEqual(mine);
  });
}

describe('service vouchers over HTTP on PGlite', () => voucherService('pglite'));
describeWithPostgres()('service vouchers over HTTP on PostgreSQL', () => voucherService('postgres'));
