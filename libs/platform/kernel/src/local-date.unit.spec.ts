import { LocalDate } from './local-date';

const d = LocalDate.parse;

describe('LocalDate', () => {
  it('knows the calendar', () => {
    expect(LocalDate.isValid('2024-02-29')).toBe(true);
    expect(LocalDate.isValid('2023-02-29')).toBe(false);
    expect(LocalDate.isValid('1900-02-29')).toBe(false); // a century, not divisible by 400
    expect(LocalDate.isValid('2000-02-29')).toBe(true);
    expect(LocalDate.isValid('2026-04-31')).toBe(false);
    expect(LocalDate.isValid('2026-12-31')).toBe(true);
  });

  it('parses strictly YYYY-MM-DD and refuses anything else as a validation error', () => {
    for (const bad of [
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-01',
      '26-01-01',
      '2026-01-01T00:00',
      ' 2026-01-01',
      '2026/01/01',
      '0000-01-01',
      '',
    ]) {
      expect(LocalDate.isValid(bad)).toBe(false);
    }
    expect(() => d('2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', kind: 'validation', details: { value: '2026-02-30' } }),
    );
    expect(() => LocalDate.of(2023, 2, 29)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(LocalDate.of(987, 3, 4)).toBe('0987-03-04');
    expect(LocalDate.parts(d('2026-03-04'))).toEqual({ year: 2026, month: 3, day: 4 });
  });

  it('moves by days and months, clamping to the month end', () => {
    expect(LocalDate.firstOfNextMonth(d('2025-12-15'))).toBe('2026-01-01');
    expect(LocalDate.firstOfNextMonth(d('2024-01-31'))).toBe('2024-02-01');
    expect(LocalDate.firstOfMonth(d('2024-02-29'))).toBe('2024-02-01');
    expect(LocalDate.endOfMonth(d('2028-02-03'))).toBe('2028-02-29');
    expect(LocalDate.endOfMonth(d('2027-02-03'))).toBe('2027-02-28');
    expect(LocalDate.addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(LocalDate.addMonths(d('2023-01-31'), 1)).toBe('2023-02-28');
    expect(LocalDate.addMonths(d('2024-03-31'), -1)).toBe('2024-02-29');
    expect(LocalDate.addMonths(d('2024-02-29'), 12)).toBe('2025-02-28');
    expect(LocalDate.addMonths(d('2026-11-30'), -12)).toBe('2025-11-30');
    expect(LocalDate.addMonths(d('2026-11-15'), 14)).toBe('2028-01-15');
    expect(LocalDate.addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(LocalDate.addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(() => LocalDate.addDays(d('2026-01-01'), 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });

  it('compares and measures', () => {
    expect(LocalDate.compare(d('2026-01-02'), d('2026-01-10'))).toBe(-1);
    expect(LocalDate.compare(d('2026-01-10'), d('2026-01-10'))).toBe(0);
    expect(LocalDate.compare(d('2026-01-10'), d('2025-12-31'))).toBe(1);
    expect(LocalDate.isBefore(d('2025-12-31'), d('2026-01-01'))).toBe(true);
    expect(LocalDate.isAfter(d('2025-12-31'), d('2026-01-01'))).toBe(false);
    expect(LocalDate.min(d('2026-02-01'), d('2025-03-01'))).toBe('2025-03-01');
    expect(LocalDate.max(d('2026-02-01'), d('2025-03-01'))).toBe('2026-02-01');
    expect(LocalDate.daysBetween(d('2024-02-01'), d('2024-03-01'))).toBe(29);
    expect(LocalDate.daysBetween(d('2026-01-01'), d('2025-01-01'))).toBe(-365);
  });

  it('counts whole months: the most m with addMonths(a, m) <= b', () => {
    expect(LocalDate.wholeMonthsBetween(d('2027-02-01'), d('2027-05-01'))).toBe(3);
    expect(LocalDate.wholeMonthsBetween(d('2027-02-01'), d('2027-04-30'))).toBe(2);
    expect(LocalDate.wholeMonthsBetween(d('2027-02-01'), d('2027-02-28'))).toBe(0);
    expect(LocalDate.wholeMonthsBetween(d('2026-05-10'), d('2026-05-10'))).toBe(0);
    // from a month end, the shorter month counts once it has ended (addMonths clamps)
    expect(LocalDate.wholeMonthsBetween(d('2024-01-31'), d('2024-02-29'))).toBe(1);
    expect(LocalDate.wholeMonthsBetween(d('2024-01-31'), d('2024-02-28'))).toBe(0);
    expect(LocalDate.wholeMonthsBetween(d('2024-01-31'), d('2024-03-30'))).toBe(1);
    expect(LocalDate.wholeMonthsBetween(d('2024-01-31'), d('2024-03-31'))).toBe(2);
    // backwards: as many months as one can step back and stay on or after b, negated
    expect(LocalDate.wholeMonthsBetween(d('2027-05-01'), d('2027-02-01'))).toBe(-3);
    expect(LocalDate.wholeMonthsBetween(d('2027-05-01'), d('2027-02-02'))).toBe(-2);
  });

  it('counts completed years, the birthday itself included', () => {
    expect(LocalDate.ageOn(d('1950-03-15'), d('2026-03-15'))).toBe(76);
    expect(LocalDate.ageOn(d('1950-03-15'), d('2026-03-14'))).toBe(75);
    expect(LocalDate.ageOn(d('1950-03-15'), d('1950-03-15'))).toBe(0);
    expect(LocalDate.ageOn(d('1950-12-31'), d('2026-01-01'))).toBe(75);
  });

  it('makes someone born on 29 February a year older on 1 March in common years', () => {
    expect(LocalDate.ageOn(d('2020-02-29'), d('2027-02-28'))).toBe(6);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2027-03-01'))).toBe(7);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2028-02-28'))).toBe(7);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2028-02-29'))).toBe(8);
    expect(LocalDate.ageOn(d('2008-02-29'), d('2026-02-28'))).toBe(17); // not yet of age
    expect(LocalDate.ageOn(d('2008-02-29'), d('2026-03-01'))).toBe(18);
  });
});

describe('LocalDate ranges', () => {
  it('refuses years before 1800 and after 2199 when parsing, naming the range', () => {
    for (const bad of ['0001-01-01', '1799-12-31', '2200-01-01', '9999-12-01']) {
      expect(() => LocalDate.parse(bad)).toThrow(
        expect.objectContaining({
          code: 'DATE_OUT_OF_RANGE',
          kind: 'validation',
          details: { value: bad, from: '1800-01-01', to: '2199-12-31' },
        }),
      );
    }
    expect(LocalDate.parse('1800-01-01')).toBe('1800-01-01');
    expect(LocalDate.parse('2199-12-31')).toBe('2199-12-31');
  });

  it('requireBetween gives the date inside inclusive bounds and a validation error naming the field outside', () => {
    const from = LocalDate.parse('2020-01-01');
    const to = LocalDate.parse('2030-12-31');
    expect(LocalDate.requireBetween(LocalDate.parse('2020-01-01'), from, to, 'validFrom')).toBe('2020-01-01');
    expect(LocalDate.requireBetween(LocalDate.parse('2030-12-31'), from, to, 'validFrom')).toBe('2030-12-31');
    expect(() => LocalDate.requireBetween(LocalDate.parse('2019-12-31'), from, to, 'validFrom')).toThrow(
      expect.objectContaining({
        code: 'DATE_OUT_OF_RANGE',
        kind: 'validation',
        message: 'validFrom must lie between 2020-01-01 and 2030-12-31',
        details: { field: 'validFrom', value: '2019-12-31', earliest: from, latest: to },
      }),
    );
  });

  it('does not echo a refused value in the message', () => {
    expect(() => LocalDate.parse('131052-308T')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', message: 'expected a date as YYYY-MM-DD' }),
    );
  });
});
