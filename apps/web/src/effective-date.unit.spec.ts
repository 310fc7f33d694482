import { effectiveDateOf } from './effective-date';
import { firstOfNextMonth, formatDate, formatEuros, formatMonth, helsinkiToday } from './i18n/format';

describe('the effective date shown before sending a switch', () => {
  it('is the first day of next month when nothing holds it back', () => {
    expect(effectiveDateOf('2027-01-01', '2026-12-01')).toEqual({ date: '2027-01-01', why: 'next-month' });
    expect(effectiveDateOf(null, '2026-12-31')).toEqual({ date: '2027-01-01', why: 'next-month' });
  });
  it('is the end of the switch period after a recent choice, and says so', () => {
    expect(effectiveDateOf('2027-03-01', '2026-12-15')).toEqual({ date: '2027-03-01', why: 'switch-period' });
  });
  it('rolls over the year', () => expect(firstOfNextMonth('2026-12-01')).toBe('2027-01-01'));
});

describe('formatting per locale', () => {
  it('writes dates, months and euros the way each language does', () => {
    expect(formatDate('fi', '2027-01-05')).toBe('5. tammikuuta 2027');
    expect(formatDate('sv', '2027-01-05')).toBe('5 januari 2027');
    expect(formatDate('en', '2027-01-05')).toBe('5 January 2027');
    expect(formatMonth('fi', '2026-12')).toBe('joulukuu 2026');
    expect(formatEuros('fi', 123456).replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(formatEuros('en', 123456)).toBe('€1,234.56');
  });
  it('takes today in Helsinki, not UTC', () => {
    expect(helsinkiToday(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });
});
