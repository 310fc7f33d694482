import { PersonRef, type Sex } from '@luotsi/kernel';
import { capitation, d, m, serviceFees } from '../testing-fixtures';
import { calculateSettlement } from './settlement-lines';
import { capitationGroups } from './capitation-groups';

const ref = (n: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const client = (n: number, birthDate: string, sex: Sex = 'female') => ({ personRef: ref(n), birthDate: d(birthDate), sex });

describe('capitation groups on the month\'s first day', () => {
  const groups = (clients: ReturnType<typeof client>[]) => capitationGroups(m('2027-03'), clients, { needCoefficients: {} }).map((g) => [g.ageBand, g.clients]);
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
    const groups = capitationGroups(m('2027-03'), [client(1, '1990-05-05'), client(2, '1991-06-06'), client(3, '1950-01-01')], { needCoefficients: {} });
    const result = calculateSettlement({ ...base, capitationGroups: groups, serviceCounts: { 'doctor-visit': 3, 'nurse-visit': 1 } });
    expect(result.lines).toEqual([
      { kind: 'capitation', ageBand: '18-64', sex: null, needCoefficient: 1, clients: 2, unitCents: 2_500, amountCents: 5_000 },
      { kind: 'capitation', ageBand: '75-84', sex: null, needCoefficient: 1, clients: 1, unitCents: 6_000, amountCents: 6_000 },
      { kind: 'service', serviceType: 'doctor-visit', count: 3, unitCents: 4_500, amountCents: 13_500 },
      { kind: 'service', serviceType: 'nurse-visit', count: 1, unitCents: 2_500, amountCents: 2_500 },
    ]);
    expect(result.totalCents).toBe(27_000);
  });

  it('splits by sex when sex factors are set and applies need coefficients per client', () => {
    const rates = capitation('2026-01-01', { sexFactors: { male: 1.1, female: 1 }, needCoefficients: { [ref(2)]: 1.5 } });
    const groups = capitationGroups(m('2027-03'), [client(1, '1990-05-05', 'male'), client(2, '1990-05-05', 'female'), client(3, '1990-05-05', 'female')], rates);
    const result = calculateSettlement({ ...base, capitation: rates, capitationGroups: groups, serviceCounts: {} });
    expect(result.lines.map((l) => (l.kind === 'capitation' ? [l.sex, l.needCoefficient, l.clients, l.unitCents] : null))).toEqual([
      ['female', 1, 1, 2_500],
      ['female', 1.5, 1, 3_750],
      ['male', 1, 1, 2_750],
    ]);
    expect(result.totalCents).toBe(9_000);
  });

  it('turns late services of an approved month into adjustment lines priced with that month\'s fees', () => {
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
    expect(() => calculateSettlement({ ...base, capitationGroups: [], serviceCounts: { 'doctor-visit': -1 } })).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT', details: { problems: ['count of doctor-visit'] } }));
    expect(() => calculateSettlement({ ...base, capitationGroups: [{ ageBand: '0-6', sex: 'male', needCoefficient: 1, clients: 0.5 }], serviceCounts: {} })).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
    expect(() => calculateSettlement({ ...base, capitationGroups: [], serviceCounts: {}, lateServiceCounts: [{ month: m('2027-03'), serviceType: 'doctor-visit', count: 1 }] })).toThrow(expect.objectContaining({ code: 'INVALID_SETTLEMENT_INPUT' }));
  });

  it('is deterministic: the same input gives identical lines, whatever the order of clients', () => {
    const clients = Array.from({ length: 50 }, (_, i) => client(i, `19${String(10 + i).slice(-2)}-0${(i % 9) + 1}-15`, i % 2 ? 'male' : 'female'));
    const a = calculateSettlement({ ...base, capitationGroups: capitationGroups(m('2027-03'), clients, { needCoefficients: {} }), serviceCounts: { 'physiotherapy-session': 4 } });
    const b = calculateSettlement({ ...base, capitationGroups: capitationGroups(m('2027-03'), [...clients].reverse(), { needCoefficients: {} }), serviceCounts: { 'physiotherapy-session': 4 } });
    expect(b).toEqual(a);
  });
});
