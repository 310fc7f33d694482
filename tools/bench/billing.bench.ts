import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, insertRows, openDataSource, PostgresPool, type SqlPool } from '@luotsi/database';
import { CommandPipeline, PostgresEventStore, type CommandEnvelope } from '@luotsi/eventstore';
import { ProjectionHandler, SubscriptionEngine } from '@luotsi/messaging';
import { LocalDate, PersonRef, YearMonth } from '@luotsi/kernel';
import {
  calculateSettlement,
  clientFeeDecider,
  exampleCapitationRates,
  exampleServiceFees,
  type ChargeVisitCommand,
  type ClientFeeEvent,
  type VoucherCommand,
  type VoucherTypeVersion,
} from '@luotsi/billing-domain';
import { billingProjection, servicesStream, settlementInputs, vouchersStream, yearlyClientFeeRun } from '@luotsi/billing-service';
import { openBillingSchema } from './billing-schema';
import { fmt, liveRows, measure, type Row } from './measure';

const PROVIDERS = ['tampere', 'mehilainen', 'pihlajalinna'];
const TYPES = ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'];

/**
 * A month with 500 000 listed clients and 1 000 000 reported services, written as billing's own
 * events; then billing's read models are rebuilt from that log and the month is settled, beside
 * the floor: plain count(*) … group by over the same rows on the same server.
 */
export async function billingBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('billing');
  const clients = Math.round(500_000 * scale);
  const services = Math.round(1_000_000 * scale);
  const billing = await openBillingSchema(url, 'bench_bl');
  const { pool, store, checkpoints } = billing;
  try {
    // The log, written in bulk (the same event shapes the consumer and the report handler append).
    const t0 = Date.now();
    const { total, last } = await writeBillingLog(pool, clients, services);
    const logSeconds = (Date.now() - t0) / 1000;

    // Rebuild: billing's projection from position 0 over the whole log, on the subscription engine.
    const dataSource = await openDataSource(pool, []);
    const engine = new SubscriptionEngine({ store, checkpoints });
    const projection = engine.add(new ProjectionHandler(billingProjection, dataSource));
    const r0 = Date.now();
    await engine.startAll();
    await projection.waitFor(last, 3_600_000);
    const rebuildSeconds = (Date.now() - r0) / 1000;
    await engine.stopAll();
    rows.push({
      name: `rebuild of billing's read models from the log (${fmt(total)} events)`,
      value: `${fmt(total / rebuildSeconds)} events/s (${fmt(rebuildSeconds, 1)} s)`,
      baseline: `writing the same log in bulk SQL: ${fmt(logSeconds, 1)} s`,
      target: 'reported',
    });
    await pool.query('ANALYZE');

    const month = YearMonth.parse('2027-02');
    const capitation = exampleCapitationRates(LocalDate.parse('2026-01-01'));
    const fees = exampleServiceFees(LocalDate.parse('2026-01-01'));
    // Three rounds, the settlement and its floor in turn, medians reported: neither runs on a cache
    // the other warmed alone.
    const settleRuns: number[] = [];
    const floorRuns: number[] = [];
    let grand = 0;
    for (let round = 0; round < 3; round++) {
      const f0 = Date.now();
      await pool.query(
        `SELECT provider_id, count(*) FROM bl_listings WHERE effective_from <= '2027-02-01' AND (effective_to IS NULL OR effective_to >= '2027-02-01') GROUP BY 1`,
      );
      await pool.query(
        `SELECT provider_id, service_type, count(*) FROM bl_services WHERE service_date BETWEEN '2027-02-01' AND '2027-02-28' GROUP BY 1, 2`,
      );
      floorRuns.push((Date.now() - f0) / 1000);
      const s0 = Date.now();
      grand = 0;
      const all = await dataSource.transaction('REPEATABLE READ', (em) => settlementInputs(em, PROVIDERS, month, capitation));
      for (const providerId of PROVIDERS)
        grand += calculateSettlement({ month, capitation, fees, feesForMonth: () => fees, ...all.get(providerId)! }).totalCents;
      settleRuns.push((Date.now() - s0) / 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const settleSeconds = median(settleRuns);
    const floorSeconds = median(floorRuns);
    rows.push({
      name: `settlement of a month: ${fmt(clients)} listed clients, ${fmt(services)} services, ${PROVIDERS.length} providers`,
      value: `${fmt(settleSeconds, 2)} s, median of 3 (grand total ${fmt(grand / 100, 2)} €)`,
      baseline: `floor, plain count(*) … group by over the same rows: ${fmt(floorSeconds, 2)} s, median of 3`,
      ratio: `${fmt(settleSeconds / floorSeconds, 1)} × the floor`,
      target: '≤ 30 s and ≤ 5 × the floor',
      verdict: settleSeconds <= 30 && settleSeconds <= 5 * floorSeconds ? 'met' : 'NOT met',
    });
    rows.push(await clientFeeYear(pool, dataSource, scale));
    await dataSource.destroy();
  } finally {
    await billing.close();
  }
  // In a schema of its own: the log above was written with positions of its own choosing.
  rows.push(...(await reportRows(url, scale)));
  return rows;
}

/** A small deterministic generator: the same households, visits and late reports every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEE_COLUMNS = [
  'position',
  'account_ref',
  'person_ref',
  'year',
  'visit_id',
  'visit_date',
  'service_type',
  'kind',
  'list_price_cents',
  'amount_cents',
  'counts_toward_cap',
  'caused_by_visit_id',
  'accumulated_cents',
  'cap_cents',
] as const;

/**
 * The yearly client-fee run for 500 000 people in households (one or two guardians, up to three
 * minors whose fees join the first guardian's account), a few visits each and 4 % heavy users past
 * the cap, one visit in ten reported late (after visits dated later): the ledgers are made by the
 * real decider in report order, corrections and all, written to billing's read model, and the run
 * checks every account in date order. Beside it, the floor: a plain SQL sum per account over the
 * same rows.
 */
async function clientFeeYear(
  pool: SqlPool,
  dataSource: { manager: Parameters<typeof yearlyClientFeeRun>[0] },
  scale: number,
): Promise<Row> {
  const people = Math.round(500_000 * scale);
  const random = prng(2026);
  const CAP = 81_500;
  const TYPES_OF_FEE: Array<[ChargeVisitCommand['serviceType'], number, boolean]> = [
    ['doctor-visit', 2_390, true],
    ['nurse-visit', 1_450, true],
    ['physiotherapy-session', 1_640, true],
    ['social-guidance-meeting', 1_500, false],
  ];
  const ref = (n: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
  const g0 = Date.now();
  let position = 0;
  let person = 0;
  let buffer: Array<Record<(typeof FEE_COLUMNS)[number], unknown>> = [];
  let lines = 0;
  const flush = async () => {
    await insertRows(pool, 'bl_client_fee_lines', FEE_COLUMNS, buffer, {
      types: {
        position: 'bigint',
        year: 'int',
        visit_date: 'date',
        list_price_cents: 'bigint',
        amount_cents: 'bigint',
        counts_toward_cap: 'boolean',
        accumulated_cents: 'bigint',
        cap_cents: 'bigint',
      },
    });
    lines += buffer.length;
    buffer = [];
  };
  const visitsOf = (personRef: PersonRef, accountRef: PersonRef) => {
    const heavy = random() < 0.04;
    const count = heavy ? 40 + Math.floor(random() * 20) : Math.floor(random() * 7);
    return Array.from({ length: count }, (_, i) => {
      const [serviceType, feeCents, countsTowardCap] = TYPES_OF_FEE[heavy ? 0 : Math.floor(random() * TYPES_OF_FEE.length)]!;
      const day = 1 + Math.floor(random() * 364);
      return {
        type: 'ChargeVisit' as const,
        personRef,
        accountRef,
        visitId: `v-${personRef.slice(-8)}-${i}`,
        date: LocalDate.addDays(LocalDate.parse('2026-01-01'), day - 1),
        serviceType,
        feeCents,
        countsTowardCap,
        capCents: CAP,
        noShow: false,
      };
    });
  };
  while (person < people) {
    const guardian = ref(++person);
    const second = random() < 0.5 ? ref(++person) : null;
    const children = Array.from({ length: Math.floor(random() * 4) }, () => ref(++person));
    const accounts = [[guardian, [guardian, ...children]], ...(second ? [[second, [second]] as const] : [])] as Array<
      readonly [PersonRef, PersonRef[]]
    >;
    for (const [accountRef, members] of accounts) {
      const visits = members.flatMap((m) => visitsOf(m, accountRef)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      // One in ten is reported late: after every visit dated later.
      const onTime = visits.filter(() => random() >= 0.1);
      const late = visits.filter((v) => !onTime.includes(v));
      let state = clientFeeDecider.initialState();
      for (const command of [...onTime, ...late]) {
        const events: ClientFeeEvent[] = clientFeeDecider.decide(command, state);
        state = events.reduce(clientFeeDecider.evolve, state);
        for (const e of events) {
          if (e.type === 'FeeCapReached' || e.type === 'FeeCapReopened') continue;
          const d = e.data;
          buffer.push({
            position: ++position,
            account_ref: accountRef,
            person_ref: d.personRef,
            year: 2026,
            visit_id: d.visitId,
            visit_date: d.date,
            service_type: d.serviceType,
            kind: e.type === 'ClientFeeCharged' ? 'charge' : e.data.kind,
            list_price_cents: e.type === 'ClientFeeCharged' ? e.data.listPriceCents : command.feeCents,
            amount_cents: e.type === 'ClientFeeCharged' ? e.data.chargedCents : e.data.amountCents,
            counts_toward_cap: d.countsTowardCap,
            caused_by_visit_id: e.type === 'ClientFeeCorrected' ? e.data.causedByVisitId : null,
            accumulated_cents: e.type === 'ClientFeeCharged' ? e.data.accumulatedCents : null,
            cap_cents: CAP,
          });
        }
      }
    }
    if (buffer.length >= 20_000) await flush();
  }
  await flush();
  const generateSeconds = (Date.now() - g0) / 1000;
  await pool.query('ANALYZE bl_client_fee_lines');
  const runs: number[] = [];
  const floors: number[] = [];
  let result: Awaited<ReturnType<typeof yearlyClientFeeRun>> | null = null;
  for (let round = 0; round < 3; round++) {
    const f0 = Date.now();
    await pool.query(
      `SELECT account_ref, sum(amount_cents), sum(amount_cents) FILTER (WHERE counts_toward_cap) FROM bl_client_fee_lines WHERE year = 2026 GROUP BY account_ref`,
    );
    floors.push((Date.now() - f0) / 1000);
    const r0 = Date.now();
    result = await yearlyClientFeeRun(dataSource.manager, 2026);
    runs.push((Date.now() - r0) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const runSeconds = median(runs);
  const floorSeconds = median(floors);
  const r = result!;
  return {
    name: `yearly client-fee run: ${fmt(people)} people in ${fmt(r.accounts)} accounts (families), ${fmt(r.visits)} visits, ${fmt(r.corrections)} corrections from late reports, ${fmt(lines)} ledger lines`,
    value: `${fmt(runSeconds, 2)} s, median of 3 (${fmt(r.capsReached)} caps reached, ${fmt(r.mismatchedAccounts)} accounts not agreeing; ledgers made by the decider in ${fmt(generateSeconds, 1)} s)`,
    baseline: `floor, plain SQL sum per account over the same rows: ${fmt(floorSeconds, 2)} s, median of 3`,
    ratio: `${fmt(runSeconds / floorSeconds, 1)} × the floor`,
    target: '≤ 60 s, every account agreeing',
    verdict: runSeconds <= 60 && r.mismatchedAccounts === 0 ? 'met' : 'NOT met',
  };
}

/**
 * 100 000 rows of providers' service reports and 100 000 rows of producers' voucher reports, each
 * row through the command pipeline as the report handlers send it (load its stream, decide,
 * append with the expected revision), one row after another as a report's rows are. The services
 * are one stream per row (its provider-side id); the voucher visits go ten to a voucher, so each
 * row folds its voucher's history first. Measured in the same run, the same way, the service
 * reports first and the voucher reports beside them.
 */
async function reportRows(url: string, scale: number): Promise<Row[]> {
  const schema = `bench_blr_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 4 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  try {
    return await measureReportRows(store, scale);
  } finally {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  }
}

async function measureReportRows(store: PostgresEventStore, scale: number): Promise<Row[]> {
  const total = Math.max(100, Math.round(100_000 * scale));
  const pipeline = new CommandPipeline(store);
  const envelope = (): CommandEnvelope => ({ actor: 'provider:bench', now: new Date('2027-03-10T10:00:00Z'), correlationId: randomUUID() });
  const today = LocalDate.parse('2027-03-10');
  const person = (i: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

  const services = await measure(total, 1, (i) =>
    pipeline.execute(
      servicesStream,
      {
        type: 'RecordService',
        providerId: 'mehilainen',
        providerSideId: `R${i}`,
        personRef: person(1 + (i % 10_000)),
        serviceType: 'physiotherapy-session',
        date: LocalDate.parse(`2027-02-${String(1 + (i % 28)).padStart(2, '0')}`),
        stationId: 'mehilainen-1',
        noShow: false,
        listed: true,
        monthApproved: false,
        today,
      },
      envelope(),
    ),
  );

  // The vouchers the visits are given against: granted and chosen in bulk first (not measured).
  const visitsPerVoucher = 10;
  const vouchers = Math.ceil(total / visitsPerVoucher);
  const version: VoucherTypeVersion = {
    validFrom: LocalDate.parse('2027-01-01'),
    service: 'physiotherapy-series',
    name: 'bench',
    value: { kind: 'fixed', cents: 5_000 },
    validityDays: 120,
    visits: visitsPerVoucher,
  };
  for (let from = 0; from < vouchers; from += 2_000) {
    const items: Array<{ command: VoucherCommand; envelope: CommandEnvelope }> = [];
    for (let v = from; v < Math.min(vouchers, from + 2_000); v++) {
      const voucherId = `vch-bench-${v}`;
      const personRef = person(1 + (v % 10_000));
      const granted = LocalDate.parse('2027-01-20');
      items.push(
        {
          command: {
            type: 'GrantVoucher',
            voucherId,
            personRef,
            voucherTypeId: 'physio',
            version,
            municipality: '837',
            monthlyIncomeCents: null,
            reason: 'bench',
            grantedBy: 'guidance:bench',
            today: granted,
          },
          envelope: envelope(),
        },
        {
          command: {
            type: 'ChooseVoucherProducer',
            voucherId,
            personRef,
            producerId: 'fysio-oy',
            channel: 'portal',
            chosenBy: 'resident',
            today: granted,
            producer: { status: 'approved', priceCents: 6_200 },
            currentProducerEndedFrom: null,
          },
          envelope: envelope(),
        },
      );
    }
    const outcomes = await pipeline.executeMany(vouchersStream, items);
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  }
  const redemptions = await measure(total, 1, (i) =>
    pipeline.execute(
      vouchersStream,
      {
        type: 'RedeemVoucherVisit',
        voucherId: `vch-bench-${i % vouchers}`,
        producerId: 'fysio-oy',
        producerSideId: `V${i}`,
        date: LocalDate.parse(`2027-02-${String(1 + (i % 28)).padStart(2, '0')}`),
        today,
        producerStatusOnDate: 'approved',
      },
      envelope(),
    ),
  );
  const line = (m: typeof services) =>
    `${fmt(m.perSecond)} rows/s (${fmt(m.seconds, 1)} s; p50 ${fmt(m.p50ms, 2)} ms, p99 ${fmt(m.p99ms, 2)} ms)`;
  return [
    {
      name: `service reports: ${fmt(total)} rows, one stream per row, through the command pipeline`,
      value: line(services),
      target: 'reported',
    },
    {
      name: `voucher redemption reports: ${fmt(total)} rows, ${visitsPerVoucher} visits to a voucher, through the command pipeline`,
      value: line(redemptions),
      baseline: `the service reports above: ${line(services)}`,
      ratio: `${fmt(services.perSecond / redemptions.perSecond, 2)} × the service reports' time per row`,
      target: 'reported',
    },
  ];
}

/**
 * Billing's log in bulk SQL: the three providers, a listing per client and the month's services
 * (the shapes billing's consumer and report handler append), at positions 1024 apart. Answers how
 * many events there are and the last one's position.
 */
export async function writeBillingLog(pool: SqlPool, clients: number, services: number): Promise<{ total: number; last: number }> {
  await pool.query(
    `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
    SELECT p * 1024, 'blprovider-' || name, 'blprovider', 0, gen_random_uuid(), 'ProviderObserved', 1,
           jsonb_build_object('providerId', name, 'stationIds', jsonb_build_array(name || '-1'), 'sourceEventId', gen_random_uuid()::text), '{}'::jsonb, now()
      FROM unnest($1::text[]) WITH ORDINALITY AS t(name, p)`,
    [PROVIDERS],
  );
  await pool.query(
    `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
    SELECT (10 + i::bigint) * 1024, 'blisting-per_' || lpad(i::text, 32, '0'), 'blisting', 0, gen_random_uuid(), 'ListingObserved', 1,
           jsonb_build_object('kind', 'started', 'personRef', 'per_' || lpad(i::text, 32, '0'), 'providerId', ($1::text[])[1 + i % 3], 'stationId', ($1::text[])[1 + i % 3] || '-1',
             'effectiveFrom', '2019-01-01', 'birthDate', (date '1930-01-01' + (i % 32000))::text, 'sex', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, 'sourceEventId', gen_random_uuid()::text),
           '{}'::jsonb, now()
      FROM generate_series(1, $2::int) AS i`,
    [PROVIDERS, clients],
  );
  await pool.query(
    `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
    SELECT (10 + $2::bigint + i) * 1024, 'service-' || ($1::text[])[1 + p % 3] || ':S' || i, 'service', 0, gen_random_uuid(), 'ServiceRecorded', 1,
           jsonb_build_object('providerId', ($1::text[])[1 + p % 3], 'providerSideId', 'S' || i, 'personRef', 'per_' || lpad(p::text, 32, '0'),
             'serviceType', ($3::text[])[1 + i % 5], 'date', (date '2027-02-01' + (i % 28))::text, 'stationId', ($1::text[])[1 + p % 3] || '-1',
             'noShow', i % 50 = 0, 'listedAtReport', true),
           '{}'::jsonb, now()
      FROM (SELECT i, 1 + (i::bigint * 7919) % $4::int AS p0 FROM generate_series(1, $5::int) AS i) s, LATERAL (SELECT CASE WHEN i % 5 = 0 THEN p0 + 1 ELSE p0 END AS p) q`,
    [PROVIDERS, clients, TYPES, clients, services],
  );
  return { total: 3 + clients + services, last: (10 + clients + services) * 1024 };
}
