import type { ReportInput } from './quarter-report';
import { parseQuarter, previousQuarter, quarterOf, quarterReport, quarterReportCsv } from './quarter-report';

const t = '2027-01-15T10:00:00Z';
const started = (p: string, providerId: string, effectiveFrom: string, reason = 'default'): ReportInput => ({
  type: 'listing-started',
  time: t,
  data: { personRef: p, providerId, stationId: `${providerId}-1`, effectiveFrom, reason },
});

describe('the quarterly municipality report', () => {
  it('knows its quarters', () => {
    expect(parseQuarter('2027-Q2')).toMatchObject({
      from: '2027-04-01',
      to: '2027-06-30',
      firstDays: ['2027-04-01', '2027-05-01', '2027-06-01'],
    });
    expect(quarterOf('2027-12-31' as never)).toBe('2027-Q4');
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
    expect(() => parseQuarter('2027-Q5')).toThrow('YYYY-Qn');
  });

  it('counts list sizes by provider on the quarter’s first days and suppresses counts under five', () => {
    const feed: ReportInput[] = [];
    for (let i = 0; i < 6; i++) feed.push(started(`a${i}`, 'tampere', '2026-12-01'));
    for (let i = 0; i < 3; i++) feed.push(started(`b${i}`, 'mehilainen', '2026-12-01'));
    // Five switch from tampere to mehilainen from February: tampere 1, mehilainen 8 then.
    for (let i = 0; i < 5; i++) {
      feed.push({
        type: 'listing-ended',
        time: t,
        data: { personRef: `a${i}`, providerId: 'tampere', stationId: 'tampere-1', effectiveTo: '2027-01-31', reason: 'switched' },
      });
      feed.push(started(`a${i}`, 'mehilainen', '2027-02-01', 'choice'));
    }
    // One moves away in March: counted in February, not on 1 March.
    feed.push({ type: 'resident-moved-out', time: t, data: { personRef: 'b0', movedOutOn: '2027-02-15' } });
    for (let i = 0; i < 5; i++)
      feed.push({
        type: 'client-fee-collected',
        time: t,
        data: { date: '2027-03-09', serviceType: 'doctor-visit', chargedCents: 2390, countsTowardCap: true },
      });
    feed.push({
      type: 'client-plan-status',
      time: t,
      data: { planId: 'x', personRef: 'a0', status: 'active', responsibleOrganisation: 'o', version: 1 },
    });

    const r = quarterReport('837', '2027-Q1', feed);
    expect(r.listSizes).toEqual([
      { date: '2027-01-01', byProvider: { mehilainen: null, tampere: 6 }, total: 9 },
      { date: '2027-02-01', byProvider: { mehilainen: 8, tampere: null }, total: 9 },
      { date: '2027-03-01', byProvider: { mehilainen: 7, tampere: null }, total: 8 },
    ]);
    expect(r.switches).toBe(5);
    expect(r.clientFees).toEqual({ count: 5, collectedCents: 11950 });
    expect(r.plansByStatus).toEqual({ active: null });
    const csv = quarterReportCsv(r);
    expect(csv.split('\n')[0]).toBe('section,key,date,value');
    expect(csv).toContain('list-size,tampere,2027-02-01,<5');
    expect(csv).toContain('client-fees,collected-cents,,11950');
  });

  it('a resident who moves in with a listing counts from the move-in day', () => {
    const feed: ReportInput[] = [];
    for (let i = 0; i < 5; i++)
      feed.push({
        type: 'resident-moved-in',
        time: t,
        data: {
          personRef: `m${i}`,
          movedInOn: '2027-01-20',
          eligible: true,
          listing: { providerId: 'tampere', stationId: 'x', since: '2026-01-01' },
        },
      });
    const r = quarterReport('091', '2027-Q1', feed);
    expect(r.listSizes.map((s) => s.total)).toEqual([0, 5, 5]);
  });
});
