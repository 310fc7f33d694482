import { PersonRef, YearMonth, type Sex } from '@luotsi/kernel';
import { capitation, d, m, serviceFees } from '../testing-fixtures';
import type { ServiceType } from '../vocabulary';
import { capitationGroups, type ListedClient } from './capitation-groups';
import type { LateService, SettledService, SettlementFromListsInput } from './settlement-from-lists';
import { calculateSettlement } from './settlement-lines';

// Example rates (testing-fixtures): monthly 0-6 5 000, 7-17 3 000, 18-64 2 500, 65-74 4 000, 75-84 6 000,
// 85+ 8 000 cents; fees doctor 4 500, nurse 2 500, physiotherapy 3 500, mental health 4 000, guidance 3 000.
const ref = (n: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const client = (n: number, birthDate: string, sex: Sex = 'female', needCoefficient?: number): ListedClient => ({
  personRef: ref(n),
  birthDate: d(birthDate),
  sex,
  ...(needCoefficient === undefined ? {} : { needCoefficient }),
});
const service = (
  id: string,
  date: string,
  serviceType: ServiceType = 'doctor-visit',
  extra: Partial<SettledService> = {},
): SettledService => ({ providerSideId: id, serviceType, date: d(date), listed: true, noShow: false, ...extra });
const late = (id: string, date: string, serviceType: ServiceType = 'doctor-visit', extra: Partial<LateService> = {}): LateService => ({
  ...service(id, date, serviceType),
  month: YearMonth.ofDate(d(date)),
  ...extra,
});

const input = (over: Partial<SettlementFromListsInput> = {}): SettlementFromListsInput => ({
  providerId: 'mehilainen',
  month: m('2027-03'),
  listedOnFirstDay: [],
  services: [],
  lateServices: [],
  capitation: capitation(),
  fees: serviceFees(),
  feesForMonth: () => serviceFees(),
  ...over,
});
/** [band, clients, unit] of the capitation lines: what the month's first-day list was priced as. */
const bands = (month: string, clients: ListedClient[]) =>
  calculateSettlement(input({ month: m(month), listedOnFirstDay: clients })).lines.map((l) =>
    l.kind === 'capitation' ? [l.ageBand, l.clients, l.unitCents] : null,
  );

/**
 * Three clients (two aged 18-64, one 75-84) and three doctor's visits and a nurse's visit in March
 * 2027, priced: the same whether the month comes as lists or as the read model's groups.
 */
const MARCH_LINES = [
  { kind: 'capitation', ageBand: '18-64', sex: null, needCoefficient: 1, clients: 2, unitCents: 2_500, amountCents: 5_000 },
  { kind: 'capitation', ageBand: '75-84', sex: null, needCoefficient: 1, clients: 1, unitCents: 6_000, amountCents: 6_000 },
  { kind: 'service', serviceType: 'doctor-visit', count: 3, unitCents: 4_500, amountCents: 13_500 },
  { kind: 'service', serviceType: 'nurse-visit', count: 1, unitCents: 2_500, amountCents: 2_500 },
];

describe("age bands on the month's first day", () => {
  it('puts a client turning 7 on the 1st in 7-17 for that month, and one turning 7 on the 2nd still in 0-6', () => {
    expect(bands('2027-03', [client(1, '2020-03-01')])).toEqual([['7-17', 1, 3_000]]);
    expect(bands('2027-03', [client(2, '2020-03-02')])).toEqual([['0-6', 1, 5_000]]);
    expect(bands('2027-04', [client(2, '2020-03-02')])).toEqual([['7-17', 1, 3_000]]);
  });

  it('moves to 18-64, 65-74, 75-84 and 85+ on the birthday, not a day before', () => {
    expect(bands('2027-03', [client(1, '2009-03-01'), client(2, '2009-03-02')])).toEqual([
      ['7-17', 1, 3_000],
      ['18-64', 1, 2_500],
    ]);
    expect(bands('2027-03', [client(1, '1962-03-01'), client(2, '1962-03-02')])).toEqual([
      ['18-64', 1, 2_500],
      ['65-74', 1, 4_000],
    ]);
    expect(bands('2027-03', [client(1, '1952-03-01'), client(2, '1952-03-02')])).toEqual([
      ['65-74', 1, 4_000],
      ['75-84', 1, 6_000],
    ]);
    expect(bands('2027-03', [client(1, '1942-03-01'), client(2, '1942-03-02')])).toEqual([
      ['75-84', 1, 6_000],
      ['85+', 1, 8_000],
    ]);
  });

  it('takes a 29 February birthday as passed on 1 March in a common year', () => {
    expect(bands('2023-02', [client(1, '2016-02-29')])).toEqual([['0-6', 1, 5_000]]); // 6 on 1 Feb 2023
    expect(bands('2023-03', [client(1, '2016-02-29')])).toEqual([['7-17', 1, 3_000]]); // 7 on 1 Mar 2023 (no 29 Feb that year)
    expect(bands('2026-02', [client(2, '2008-02-29')])).toEqual([['7-17', 1, 3_000]]); // 17 on 1 Feb 2026
    expect(bands('2026-03', [client(2, '2008-02-29')])).toEqual([['18-64', 1, 2_500]]); // 18 on 1 Mar 2026
  });
});

describe('calculateSettlement from the first-day list and the reported services', () => {
  it('prices capitation per band, listed attended services per type, and totals the lines', () => {
    const result = calculateSettlement(
      input({
        listedOnFirstDay: [client(1, '1990-05-05'), client(2, '1991-06-06'), client(3, '1950-01-01')],
        services: [
          service('s1', '2027-03-01'),
          service('s2', '2027-03-15'),
          service('s3', '2027-03-31'),
          service('s4', '2027-03-10', 'nurse-visit'),
        ],
      }),
    );
    expect(result.lines).toEqual(MARCH_LINES);
    expect(result.totalCents).toBe(27_000);
    expect(result.unlisted).toEqual({ count: 0 });
  });

  it('earns nothing for no-shows and unlisted clients, counts the unlisted ones, and ignores other months', () => {
    const result = calculateSettlement(
      input({
        services: [
          service('s1', '2027-03-02'),
          service('noshow', '2027-03-03', 'doctor-visit', { noShow: true }),
          service('unlisted-1', '2027-03-04', 'physiotherapy-session', { listed: false }),
          service('unlisted-2', '2027-03-05', 'doctor-visit', { listed: false }),
          service('unlisted-noshow', '2027-03-05', 'doctor-visit', { listed: false, noShow: true }),
          service('feb', '2027-02-28'),
          service('apr', '2027-04-01'),
        ],
      }),
    );
    expect(result.lines).toEqual([{ kind: 'service', serviceType: 'doctor-visit', count: 1, unitCents: 4_500, amountCents: 4_500 }]);
    expect(result.unlisted).toEqual({ count: 2 });
    expect(result.unlistedServices).toBe(2);
    expect(result.totalCents).toBe(4_500);
  });

  it('splits by sex when sex factors are set, and applies need coefficients client by client', () => {
    const rates = capitation('2026-01-01', { sexFactors: { male: 1.1, female: 1 }, needCoefficients: { [ref(4)]: 2 } });
    const result = calculateSettlement(
      input({
        capitation: rates,
        listedOnFirstDay: [
          client(1, '1990-05-05', 'male'),
          client(2, '1990-05-05', 'female', 1.5),
          client(3, '1990-05-05', 'female'),
          client(4, '1990-05-05', 'female'),
          client(5, '1990-05-05', 'female', 1.2),
        ],
      }),
    );
    expect(
      result.lines.map((l) =>
        l.kind === 'capitation' ? [l.ageBand, l.sex, l.needCoefficient, l.clients, l.unitCents, l.amountCents] : null,
      ),
    ).toEqual([
      ['18-64', 'female', 1, 1, 2_500, 2_500],
      ['18-64', 'female', 1.2, 1, 3_000, 3_000],
      ['18-64', 'female', 1.5, 1, 3_750, 3_750],
      ['18-64', 'female', 2, 1, 5_000, 5_000], // from the rate table's needCoefficients
      ['18-64', 'male', 1, 1, 2_750, 2_750],
    ]);
    expect(result.totalCents).toBe(17_000);
  });

  it("sums each client's own rounded monthly amount", () => {
    // 100 006 / 12 = 8 333.83 → 8 334 per client: three clients are 25 002, not round(25 001.5).
    const rates = capitation('2026-01-01', { annualCentsByAgeBand: { ...capitation().annualCentsByAgeBand, '18-64': 100_006 } });
    const result = calculateSettlement(
      input({ capitation: rates, listedOnFirstDay: [client(1, '1990-01-01'), client(2, '1980-01-01'), client(3, '1970-01-01')] }),
    );
    expect(result.lines).toEqual([
      { kind: 'capitation', ageBand: '18-64', sex: null, needCoefficient: 1, clients: 3, unitCents: 8_334, amountCents: 25_002 },
    ]);
  });

  it('turns late services of an approved month into adjustment lines naming that month, priced with its fees', () => {
    const feesForMonth = (month: YearMonth) => (month < '2027-02' ? serviceFees('2026-01-01', 4_000) : serviceFees('2027-02-01', 4_500));
    const result = calculateSettlement(
      input({
        fees: serviceFees('2027-02-01', 4_500),
        feesForMonth,
        services: [service('s1', '2027-03-05')],
        lateServices: [
          late('l1', '2027-01-20'),
          late('l2', '2027-01-31'),
          late('l3', '2027-02-03', 'nurse-visit'),
          late('l-unlisted', '2027-01-10', 'doctor-visit', { listed: false }),
          late('l-noshow', '2027-01-11', 'doctor-visit', { noShow: true }),
        ],
      }),
    );
    expect(result.lines).toEqual([
      { kind: 'service', serviceType: 'doctor-visit', count: 1, unitCents: 4_500, amountCents: 4_500 },
      { kind: 'adjustment', correctsMonth: '2027-01', serviceType: 'doctor-visit', count: 2, unitCents: 4_000, amountCents: 8_000 },
      { kind: 'adjustment', correctsMonth: '2027-02', serviceType: 'nurse-visit', count: 1, unitCents: 2_500, amountCents: 2_500 },
    ]);
    expect(result.totalCents).toBe(15_000);
  });

  it('refuses an adjustment for this month or a later one, a person listed twice and a service given twice', () => {
    const fails = (over: Partial<SettlementFromListsInput>) => () => calculateSettlement(input(over));
    expect(fails({ lateServices: [late('l1', '2027-03-01')] })).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
    expect(fails({ listedOnFirstDay: [client(1, '1990-01-01'), client(1, '1990-01-01')] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT', details: { problems: [`${ref(1)} is listed more than once`] } }),
    );
    expect(fails({ services: [service('s1', '2027-03-01')], lateServices: [late('s1', '2027-01-01')] })).toThrow(
      expect.objectContaining({ details: { problems: ['service s1 is given more than once'] } }),
    );
    expect(fails({ services: [service('s1', '2027-03-01', 'massage' as ServiceType)] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }),
    );
  });

  it('gives an empty month no lines and a zero total', () => {
    expect(calculateSettlement(input())).toEqual({ lines: [], totalCents: 0, unlistedServices: 0, unlisted: { count: 0 } });
  });
});

describe("a client who switched provider with effect from the month's first day", () => {
  // Anna switched from Pihlajalinna to Mehiläinen from 1 March 2027: on 1 March she is on Mehiläinen's list only.
  const anna = client(1, '1985-07-07');
  const mehilainenList = [anna, client(2, '1950-01-01')];
  const pihlajalinnaList = [client(3, '2000-01-01')];

  it('is capitated by the provider she is listed with on that day, and the calculation counts exactly the given list', () => {
    const mehilainen = calculateSettlement(input({ providerId: 'mehilainen', listedOnFirstDay: mehilainenList }));
    const pihlajalinna = calculateSettlement(input({ providerId: 'pihlajalinna', listedOnFirstDay: pihlajalinnaList }));
    const clients = (r: typeof mehilainen) => r.lines.reduce((a, l) => a + (l.kind === 'capitation' ? l.clients : 0), 0);
    expect(clients(mehilainen)).toBe(2);
    expect(clients(pihlajalinna)).toBe(1);
    expect(mehilainen.totalCents).toBe(2_500 + 6_000);
    expect(pihlajalinna.totalCents).toBe(2_500);
  });

  it("earns the new provider the service it gives her on the 1st; the old provider's visit that day is unlisted", () => {
    const mehilainen = calculateSettlement(
      input({
        providerId: 'mehilainen',
        listedOnFirstDay: mehilainenList,
        services: [service('m-1', '2027-03-01', 'doctor-visit', { listed: true })],
      }),
    );
    const pihlajalinna = calculateSettlement(
      input({
        providerId: 'pihlajalinna',
        listedOnFirstDay: pihlajalinnaList,
        services: [service('p-9', '2027-03-01', 'nurse-visit', { listed: false })],
      }),
    );
    expect(mehilainen.lines).toContainEqual({
      kind: 'service',
      serviceType: 'doctor-visit',
      count: 1,
      unitCents: 4_500,
      amountCents: 4_500,
    });
    expect(pihlajalinna.lines.filter((l) => l.kind === 'service')).toEqual([]);
    expect(pihlajalinna.unlisted).toEqual({ count: 1 });
  });
});

describe('determinism', () => {
  const clients = Array.from({ length: 60 }, (_, i) =>
    client(i, `19${String(10 + i).slice(-2)}-0${(i % 9) + 1}-15`, i % 2 ? 'male' : 'female', i % 7 === 0 ? 1.25 : undefined),
  );
  const services = Array.from({ length: 40 }, (_, i) =>
    service(
      `s${i}`,
      `2027-03-${String((i % 28) + 1).padStart(2, '0')}`,
      (['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'] as const)[
        i % 5
      ],
      { listed: i % 6 !== 0, noShow: i % 11 === 0 },
    ),
  );
  const lateServices = [late('l1', '2027-02-10', 'nurse-visit'), late('l2', '2027-01-10'), late('l3', '2027-02-11')];
  const rates = capitation('2026-01-01', { sexFactors: { male: 1.05, female: 0.95 } });

  it('gives identical output for the same input in any order', () => {
    const a = calculateSettlement(input({ capitation: rates, listedOnFirstDay: clients, services, lateServices }));
    const b = calculateSettlement(
      input({
        capitation: rates,
        listedOnFirstDay: [...clients].reverse(),
        services: [...services].reverse(),
        lateServices: [...lateServices].reverse(),
      }),
    );
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.lines.map((l) => l.kind)).toEqual(
      [...a.lines.map((l) => l.kind)].sort(
        (x, y) => ['capitation', 'service', 'adjustment'].indexOf(x) - ['capitation', 'service', 'adjustment'].indexOf(y),
      ),
    );
    expect(a.totalCents).toBe(a.lines.reduce((s, l) => s + l.amountCents, 0));
  });

  it("agrees with the grouped input billing's read model builds", () => {
    const fromLists = calculateSettlement(input({ capitation: rates, listedOnFirstDay: clients, services, lateServices }));
    const attended = services.filter((s) => !s.noShow);
    const counts: Partial<Record<ServiceType, number>> = {};
    for (const s of attended.filter((x) => x.listed)) counts[s.serviceType] = (counts[s.serviceType] ?? 0) + 1;
    const grouped = calculateSettlement({
      month: m('2027-03'),
      capitation: rates,
      fees: serviceFees(),
      feesForMonth: () => serviceFees(),
      capitationGroups: capitationGroups(m('2027-03'), clients, rates),
      serviceCounts: counts,
      lateServiceCounts: [
        { month: m('2027-02'), serviceType: 'nurse-visit', count: 1 },
        { month: m('2027-01'), serviceType: 'doctor-visit', count: 1 },
        { month: m('2027-02'), serviceType: 'doctor-visit', count: 1 },
      ],
      unlistedServices: attended.filter((s) => !s.listed).length,
    });
    expect(grouped).toEqual(fromLists);
  });
});

describe("capitation groups on the month's first day", () => {
  const groups = (clients: ReturnType<typeof client>[]) =>
    capitationGroups(m('2027-03'), clients, { needCoefficients: {} }).map((g) => [g.ageBand, g.clients]);
  it('counts a birthday on the 1st, not one on the 2nd', () => {
    expect(groups([client(1, '2020-03-01')])).toEqual([['7-17', 1]]);
    expect(groups([client(2, '2020-03-02')])).toEqual([['0-6', 1]]);
  });
  it('puts the 65, 75 and 85 edges in the upper band on the birthday', () => {
    expect(groups([client(1, '1962-03-01')])).toEqual([['65-74', 1]]);
    expect(groups([client(2, '1962-03-02')])).toEqual([['18-64', 1]]);
    expect(groups([client(3, '1952-03-01')])).toEqual([['75-84', 1]]);
    expect(groups([client(4, '1942-03-01')])).toEqual([['85+', 1]]);
    expect(groups([client(5, '1942-03-02')])).toEqual([['75-84', 1]]);
  });
  it('takes a 29 February birthday as passed on 1 March in a common year', () => {
    expect(groups([client(1, '2020-02-29')])).toEqual([['7-17', 1]]); // 7 on 1 March 2027
  });
});

describe('calculating a settlement', () => {
  const base = {
    month: m('2027-03'),
    capitation: capitation(),
    fees: serviceFees(),
    feesForMonth: () => serviceFees(),
    lateServiceCounts: [],
    unlistedServices: 0,
  };

  it('prices capitation per band, services per type, and sums the total', () => {
    const groups = capitationGroups(m('2027-03'), [client(1, '1990-05-05'), client(2, '1991-06-06'), client(3, '1950-01-01')], {
      needCoefficients: {},
    });
    const result = calculateSettlement({ ...base, capitationGroups: groups, serviceCounts: { 'doctor-visit': 3, 'nurse-visit': 1 } });
    expect(result.lines).toEqual(MARCH_LINES);
    expect(result.totalCents).toBe(27_000);
  });

  it('splits by sex when sex factors are set and applies need coefficients per client', () => {
    const rates = capitation('2026-01-01', { sexFactors: { male: 1.1, female: 1 }, needCoefficients: { [ref(2)]: 1.5 } });
    const groups = capitationGroups(
      m('2027-03'),
      [client(1, '1990-05-05', 'male'), client(2, '1990-05-05', 'female'), client(3, '1990-05-05', 'female')],
      rates,
    );
    const result = calculateSettlement({ ...base, capitation: rates, capitationGroups: groups, serviceCounts: {} });
    expect(result.lines.map((l) => (l.kind === 'capitation' ? [l.sex, l.needCoefficient, l.clients, l.unitCents] : null))).toEqual([
      ['female', 1, 1, 2_500],
      ['female', 1.5, 1, 3_750],
      ['male', 1, 1, 2_750],
    ]);
    expect(result.totalCents).toBe(9_000);
  });

  it("turns late services of an approved month into adjustment lines priced with that month's fees", () => {
    const result = calculateSettlement({
      ...base,
      capitationGroups: [],
      serviceCounts: { 'doctor-visit': 1 },
      lateServiceCounts: [{ month: m('2027-01'), serviceType: 'doctor-visit', count: 2 }],
      feesForMonth: (month) => (month === '2027-01' ? serviceFees('2026-01-01', 4_000) : serviceFees()),
    });
    expect(result.lines).toEqual([
      { kind: 'service', serviceType: 'doctor-visit', count: 1, unitCents: 4_500, amountCents: 4_500 },
      { kind: 'adjustment', correctsMonth: '2027-01', serviceType: 'doctor-visit', count: 2, unitCents: 4_000, amountCents: 8_000 },
    ]);
    expect(result.totalCents).toBe(12_500);
  });

  it('refuses counts that are not whole and non-negative, and adjustments of this month or later', () => {
    expect(() => calculateSettlement({ ...base, capitationGroups: [], serviceCounts: { 'doctor-visit': -1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT', details: { problems: ['count of doctor-visit'] } }),
    );
    expect(() =>
      calculateSettlement({
        ...base,
        capitationGroups: [{ ageBand: '0-6', sex: 'male', needCoefficient: 1, clients: 0.5 }],
        serviceCounts: {},
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
    expect(() =>
      calculateSettlement({
        ...base,
        capitationGroups: [],
        serviceCounts: {},
        lateServiceCounts: [{ month: m('2027-03'), serviceType: 'doctor-visit', count: 1 }],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
  });

  it('is deterministic: the same input gives identical lines, whatever the order of clients', () => {
    const clients = Array.from({ length: 50 }, (_, i) =>
      client(i, `19${String(10 + i).slice(-2)}-0${(i % 9) + 1}-15`, i % 2 ? 'male' : 'female'),
    );
    const a = calculateSettlement({
      ...base,
      capitationGroups: capitationGroups(m('2027-03'), clients, { needCoefficients: {} }),
      serviceCounts: { 'physiotherapy-session': 4 },
    });
    const b = calculateSettlement({
      ...base,
      capitationGroups: capitationGroups(m('2027-03'), [...clients].reverse(), { needCoefficients: {} }),
      serviceCounts: { 'physiotherapy-session': 4 },
    });
    expect(b).toEqual(a);
  });
});
