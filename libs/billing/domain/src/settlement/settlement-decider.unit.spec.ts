import { foldEvents, PersonRef, type DomainError } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { capitation, d, m, serviceFees } from '../testing-fixtures';
import {
  settlementDecider,
  settlementStream,
  type SettlementCommand,
  type SettlementEvent,
  type SettlementFigures,
} from './settlement-decider';
import { calculateSettlement } from './settlement-lines';

const spec = deciderSpec(settlementDecider);
const month = m('2027-03');
const ref = (n: number) => PersonRef.fromUuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

/** Figures as billing builds them: from one calculation and the input position it reflects. */
function figuresAt(inputPosition: number, doctorVisits = 2): SettlementFigures {
  const result = calculateSettlement({
    providerId: 'mehilainen',
    month,
    capitation: capitation(),
    fees: serviceFees(),
    feesForMonth: () => serviceFees(),
    lateServices: [],
    listedOnFirstDay: [
      { personRef: ref(1), birthDate: d('1990-01-01'), sex: 'female' },
      { personRef: ref(2), birthDate: d('1940-01-01'), sex: 'male' },
    ],
    services: Array.from({ length: doctorVisits }, (_, i) => ({
      providerSideId: `m-${i}`,
      serviceType: 'doctor-visit' as const,
      date: d('2027-03-10'),
      listed: true,
      noShow: false,
    })),
  });
  return {
    lines: result.lines,
    totalCents: result.totalCents,
    unlistedServices: result.unlistedServices,
    adjustedServices: [],
    inputPosition,
  };
}

const calculate = (calculatedBy = 'finance:eeva', figures = figuresAt(42)): SettlementCommand => ({
  type: 'CalculateSettlement',
  providerId: 'mehilainen',
  month,
  figures,
  calculatedBy,
  calculatedOn: d('2027-04-02'),
});
const approve = (approvedBy = 'finance:olli'): SettlementCommand => ({
  type: 'ApproveSettlement',
  providerId: 'mehilainen',
  month,
  approvedBy,
  approvedOn: d('2027-04-03'),
});
const exportAs = (format: 'csv' | 'json', exportedOn = '2027-04-04'): SettlementCommand => ({
  type: 'ExportSettlement',
  providerId: 'mehilainen',
  month,
  exportedBy: 'finance:olli',
  exportedOn: d(exportedOn),
  format,
});

/** Applies commands in turn, as the event store would, and returns every event written. */
const run = (commands: SettlementCommand[], from: SettlementEvent[] = []): SettlementEvent[] =>
  commands.reduce<SettlementEvent[]>((events, c) => [...events, ...spec.given(events).when(c).events()], from);
const status = (events: SettlementEvent[]) => foldEvents(settlementDecider, events).status;

describe('settlement status: none → draft → approved → exported', () => {
  it('moves through the statuses one event at a time', () => {
    const events = run([calculate(), approve(), exportAs('csv')]);
    expect(events.map((e) => e.type)).toEqual(['SettlementCalculated', 'SettlementApproved', 'SettlementExported']);
    expect([0, 1, 2, 3].map((n) => status(events.slice(0, n)))).toEqual(['none', 'draft', 'approved', 'exported']);
    expect(events[0]).toEqual({
      type: 'SettlementCalculated',
      data: { providerId: 'mehilainen', month, calculatedBy: 'finance:eeva', calculatedOn: '2027-04-02', ...figuresAt(42) },
    });
    expect(events[1]).toEqual({
      type: 'SettlementApproved',
      data: {
        providerId: 'mehilainen',
        month,
        approvedBy: 'finance:olli',
        approvedOn: '2027-04-03',
        totalCents: 2_500 + 8_000 + 2 * 4_500,
      },
    }); // 18-64, 85+, two doctor visits
  });

  it('names the stream settlement-<providerId>-<yyyy-mm>', () => {
    expect(settlementStream('mehilainen', month)).toBe('settlement-mehilainen-2027-03');
  });
});

describe('calculating a draft', () => {
  const drafted = run([calculate()]);

  it('writes nothing when re-run from the same input position with the same result (deterministic re-run)', () => {
    spec
      .given(drafted)
      .when(calculate('finance:eeva', figuresAt(42)))
      .then([]);
  });

  it('replaces the draft when the result or the input position changed', () => {
    const rerun = run([calculate('finance:eeva', figuresAt(57, 3))], drafted);
    expect(rerun).toHaveLength(2);
    expect(foldEvents(settlementDecider, rerun).figures).toEqual(figuresAt(57, 3));
    expect(
      spec
        .given(drafted)
        .when(calculate('finance:eeva', figuresAt(43)))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses figures whose total is not the sum of their lines', () => {
    spec
      .given([])
      .when(calculate('finance:eeva', { ...figuresAt(42), totalCents: 1 }))
      .thenFails('INVALID_SETTLEMENT');
  });
});

describe('four-eyes approval', () => {
  it('refuses approval by the one who calculated the draft', () => {
    spec
      .given(run([calculate('finance:eeva')]))
      .when(approve('finance:eeva'))
      .thenFails('FOUR_EYES_REQUIRED', { calculatedBy: 'finance:eeva' });
  });

  it('looks at who ran the current draft: after a re-run by the approver, the first runner may approve', () => {
    const rerunByOlli = run([calculate('finance:eeva'), calculate('finance:olli', figuresAt(43))]);
    spec.given(rerunByOlli).when(approve('finance:olli')).thenFails('FOUR_EYES_REQUIRED', { calculatedBy: 'finance:olli' });
    expect(spec.given(rerunByOlli).when(approve('finance:eeva')).events()).toHaveLength(1);
  });

  it('is refused with status 403 semantics (forbidden) and cannot approve what does not exist', () => {
    let error: DomainError | null = null;
    try {
      settlementDecider.decide(approve('finance:eeva'), foldEvents(settlementDecider, run([calculate('finance:eeva')])));
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.kind).toBe('forbidden');
    spec.given([]).when(approve()).thenFails('SETTLEMENT_NOT_FOUND');
  });

  it('treats approving again as a no-op', () => {
    spec
      .given(run([calculate(), approve()]))
      .when(approve('finance:aino'))
      .then([]);
  });
});

describe('approved settlements never change', () => {
  const approved = run([calculate(), approve()]);

  it('refuses a re-calculation after approval as a conflict, also after export, and keeps the approved figures', () => {
    spec
      .given(approved)
      .when(calculate('finance:eeva', figuresAt(99, 5)))
      .thenFails('SETTLEMENT_APPROVED', { status: 'approved' });
    spec
      .given(run([exportAs('csv')], approved))
      .when(calculate('finance:eeva', figuresAt(99, 5)))
      .thenFails('SETTLEMENT_APPROVED', { status: 'exported' });
    spec.given(approved).when(calculate()).thenFails('SETTLEMENT_APPROVED');
    expect(foldEvents(settlementDecider, approved).figures).toEqual(figuresAt(42));
  });
});

describe('exporting', () => {
  it('exports only approved settlements', () => {
    spec.given([]).when(exportAs('csv')).thenFails('SETTLEMENT_NOT_APPROVED', { status: 'none' });
    spec
      .given(run([calculate()]))
      .when(exportAs('csv'))
      .thenFails('SETTLEMENT_NOT_APPROVED', { status: 'draft' });
  });

  it('records every export as its own event, as often as finance exports', () => {
    const events = run([calculate(), approve(), exportAs('csv'), exportAs('json', '2027-04-05'), exportAs('csv', '2027-04-06')]);
    expect(events.filter((e) => e.type === 'SettlementExported').map((e) => [e.data.format, e.data.exportedOn])).toEqual([
      ['csv', '2027-04-04'],
      ['json', '2027-04-05'],
      ['csv', '2027-04-06'],
    ]);
    expect(status(events)).toBe('exported');
  });
});

describe('a late service in the drafts of two later months', () => {
  it('is paid once: the second approval is refused while its draft adjusts for it, naming where it was paid', () => {
    const drafted = run([calculate()]);
    const paid = [{ service: 'service-mehilainen:TEFURS0x', paidIn: m('2027-02') }];
    spec
      .given(drafted)
      .when({ ...approve(), adjustmentsPaidElsewhere: paid } as SettlementCommand)
      .thenFails('ADJUSTMENT_ALREADY_PAID', { month: '2027-03', paid });
    expect(
      spec
        .given(drafted)
        .when({ ...approve(), adjustmentsPaidElsewhere: [] } as SettlementCommand)
        .events(),
    ).toEqual([expect.objectContaining({ type: 'SettlementApproved' })]);
  });
});
