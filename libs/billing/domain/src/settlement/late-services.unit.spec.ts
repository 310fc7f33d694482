import { m } from '../testing-fixtures';
import { isLateService } from './late-services';

describe('the late-service rule', () => {
  const service = (position: number, adjustedIn: string | null = null) => ({
    month: m('2027-02'),
    globalPosition: position,
    adjustedIn: adjustedIn === null ? null : m(adjustedIn),
  });

  it("makes a service late when it lies beyond the inputPosition of its month's approved settlement", () => {
    expect(isLateService(service(101), 100, m('2027-03'))).toBe(true);
    expect(isLateService(service(100), 100, m('2027-03'))).toBe(false);
    expect(isLateService(service(50), 100, m('2027-03'))).toBe(false);
  });

  it('covers a report that came between the run and the approval: only positions matter, not what was known at report time', () => {
    // run at position 100 → report at 120 (month still a draft) → approval: the draft held position 100
    expect(isLateService(service(120), 100, m('2027-04'))).toBe(true);
  });

  it('leaves a service alone while its month has no approved settlement, once an approved one paid it, and in its own month', () => {
    expect(isLateService(service(120), null, m('2027-03'))).toBe(false);
    expect(isLateService(service(120, '2027-03'), 100, m('2027-04'))).toBe(false);
    expect(isLateService(service(120), 100, m('2027-02'))).toBe(false);
    expect(isLateService(service(120), 100, m('2027-01'))).toBe(false);
  });
});
