import { deciderSpec } from '@luotsi/kernel/testing';
import { PersonRef, type Sex } from '@luotsi/kernel';
import { capitation, d, m, serviceFees } from '../testing-fixtures';
import { monthlyCapitation, MONTHLY_CAPITATION_ROUNDING } from './capitation';
import { settlementDecider, type SettlementFigures } from './settlement-decider';
import { calculateSettlement, capitationGroups } from './settlement-lines';

const ref = (n: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const client = (n: number, birthDate: string, sex: Sex = 'female') => ({ personRef: ref(n), birthDate: d(birthDate), sex });

describe('monthly capitation', () => {
  it('is the annual amount / 12, rounded half-up once', () => {
    expect(MONTHLY_CAPITATION_ROUNDING).toBe('half-up');
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 1, needCoefficient: 1 })).toBe(8_333); // 8333.33
    expect(monthlyCapitation({ annualCents: 100_006, sexFactor: 1, needCoefficient: 1 })).toBe(8_334); // 8333.83
    expect(monthlyCapitation({ annualCents: 6, sexFactor: 1, needCoefficient: 1 })).toBe(1); // 0.5 → 1
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 1.1, needCoefficient: 1.25 })).toBe(11_458); // 11458.33
    expect(monthlyCapitation({ annualCents: 30, sexFactor: 1, needCoefficient: 1.3 })).toBe(3); // 3.25
  });
});

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

  it('is deterministic: the same input gives identical lines, whatever the order of clients', () => {
    const clients = Array.from({ length: 50 }, (_, i) => client(i, `19${String(10 + i).slice(-2)}-0${(i % 9) + 1}-15`, i % 2 ? 'male' : 'female'));
    const a = calculateSettlement({ ...base, capitationGroups: capitationGroups(m('2027-03'), clients, { needCoefficients: {} }), serviceCounts: { 'physiotherapy-session': 4 } });
    const b = calculateSettlement({ ...base, capitationGroups: capitationGroups(m('2027-03'), [...clients].reverse(), { needCoefficients: {} }), serviceCounts: { 'physiotherapy-session': 4 } });
    expect(b).toEqual(a);
  });
});

describe('settlement status', () => {
  const spec = deciderSpec(settlementDecider);
  const figures: SettlementFigures = { lines: [], totalCents: 1_000, unlistedServices: 0, adjustedServices: [], inputPosition: 42 };
  const calculate = { type: 'CalculateSettlement' as const, providerId: 'mehilainen', month: m('2027-03'), figures, calculatedBy: 'finance:eeva', calculatedOn: d('2027-04-02') };
  const calculated = spec.given([]).when(calculate).events();
  const approve = { type: 'ApproveSettlement' as const, providerId: 'mehilainen', month: m('2027-03'), approvedBy: 'finance:olli', approvedOn: d('2027-04-03') };
  const approved = [...calculated, ...spec.given(calculated).when(approve).events()];

  it('runs as a draft; re-running with the same figures writes nothing, with new figures replaces the draft', () => {
    expect(calculated[0]).toMatchObject({ type: 'SettlementCalculated', data: { totalCents: 1_000, inputPosition: 42 } });
    spec.given(calculated).when(calculate).then([]);
    expect(spec.given(calculated).when({ ...calculate, figures: { ...figures, totalCents: 2_000, inputPosition: 43 } }).events()).toHaveLength(1);
  });

  it('needs a second person to approve', () => {
    spec.given(calculated).when({ ...approve, approvedBy: 'finance:eeva' }).thenFails('FOUR_EYES_REQUIRED', { calculatedBy: 'finance:eeva' });
    expect(approved[1]).toMatchObject({ type: 'SettlementApproved', data: { approvedBy: 'finance:olli', totalCents: 1_000 } });
  });

  it('never changes once approved, and exports only approved settlements', () => {
    spec.given(approved).when({ ...calculate, figures: { ...figures, totalCents: 5 } }).thenFails('SETTLEMENT_APPROVED');
    spec.given(calculated).when({ type: 'ExportSettlement', providerId: 'mehilainen', month: m('2027-03'), exportedBy: 'finance:olli', exportedOn: d('2027-04-04'), format: 'csv' }).thenFails('SETTLEMENT_NOT_APPROVED');
    const exported = spec.given(approved).when({ type: 'ExportSettlement', providerId: 'mehilainen', month: m('2027-03'), exportedBy: 'finance:olli', exportedOn: d('2027-04-04'), format: 'csv' }).events();
    expect(exported[0]).toMatchObject({ type: 'SettlementExported', data: { format: 'csv' } });
  });
});
