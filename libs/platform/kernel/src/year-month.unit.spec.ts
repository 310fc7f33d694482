import { LocalDate } from './local-date';
import { YearMonth } from './year-month';

const m = YearMonth.parse;

describe('YearMonth', () => {
  it('parses strictly YYYY-MM', () => {
    expect(YearMonth.isValid('2026-12')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '2026-01-01', '202601', '0000-01', '']) expect(YearMonth.isValid(bad)).toBe(false);
    expect(() => m('2026-13')).toThrow(expect.objectContaining({ code: 'INVALID_MONTH', kind: 'validation' }));
    expect(() => YearMonth.of(2026, 0)).toThrow(expect.objectContaining({ code: 'INVALID_MONTH' }));
    expect(YearMonth.of(2026, 3)).toBe('2026-03');
  });

  it('knows its days', () => {
    expect(YearMonth.ofDate(LocalDate.parse('2024-02-17'))).toBe('2024-02');
    expect(YearMonth.firstDay(m('2024-02'))).toBe('2024-02-01');
    expect(YearMonth.lastDay(m('2024-02'))).toBe('2024-02-29');
    expect(YearMonth.lastDay(m('2100-02'))).toBe('2100-02-28');
    expect([m('2023-02'), m('2024-02'), m('2026-04'), m('2026-12')].map(YearMonth.daysIn)).toEqual([28, 29, 30, 31]);
  });

  it('steps across years', () => {
    expect(YearMonth.next(m('2025-12'))).toBe('2026-01');
    expect(YearMonth.previous(m('2026-01'))).toBe('2025-12');
    expect(YearMonth.plus(m('2026-11'), 14)).toBe('2028-01');
    expect(YearMonth.plus(m('2026-01'), -13)).toBe('2024-12');
    expect(YearMonth.monthsBetween(m('2025-11'), m('2027-02'))).toBe(15);
    expect(YearMonth.monthsBetween(m('2027-02'), m('2025-11'))).toBe(-15);
    expect(YearMonth.compare(m('2025-12'), m('2026-01'))).toBe(-1);
    expect(YearMonth.compare(m('2026-01'), m('2026-01'))).toBe(0);
    expect(() => YearMonth.plus(m('2026-01'), 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_MONTH' }));
  });
});
