import { easterSunday, finnishHolidays, isFinnishHoliday, isoWeekday as weekdayOf, LocalDate } from '@luotsi/kernel';
import { EXAMPLE_OPENING_HOURS, isOpenAt, secondsWithinHours, validateOpeningHours } from './opening-hours';

const d = (s: string) => LocalDate.parse(s);

describe('Finnish public holidays, computed', () => {
  it('finds Easter Sunday by the Gregorian computus', () => {
    expect(['2019', '2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2019-04-21',
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });

  it('lists the fixed, the Easter-based and the Saturday holidays of 2025', () => {
    expect(finnishHolidays(2025).map((h) => `${h.date} ${h.name.en}`)).toEqual([
      "2025-01-01 New Year's Day",
      '2025-01-06 Epiphany',
      '2025-04-18 Good Friday',
      '2025-04-20 Easter Sunday',
      '2025-04-21 Easter Monday',
      '2025-05-01 May Day',
      '2025-05-29 Ascension Day',
      '2025-06-08 Whit Sunday',
      '2025-06-20 Midsummer Eve',
      '2025-06-21 Midsummer Day',
      "2025-11-01 All Saints' Day",
      '2025-12-06 Independence Day',
      '2025-12-24 Christmas Eve',
      '2025-12-25 Christmas Day',
      "2025-12-26 St Stephen's Day",
    ]);
  });

  it('puts Midsummer Day on the Saturday of 20–26 June and All Saints on the Saturday of 31 Oct – 6 Nov', () => {
    for (let year = 2020; year <= 2040; year++) {
      const hs = finnishHolidays(year);
      const midsummer = hs.find((h) => h.name.en === 'Midsummer Day')!.date;
      const saints = hs.find((h) => h.name.en === "All Saints' Day")!.date;
      expect(weekdayOf(midsummer)).toBe(6);
      expect(weekdayOf(saints)).toBe(6);
      expect(midsummer >= `${year}-06-20` && midsummer <= `${year}-06-26`).toBe(true);
      expect(saints >= `${year}-10-31` && saints <= `${year}-11-06`).toBe(true);
    }
    expect(finnishHolidays(2026).find((h) => h.name.en === "All Saints' Day")!.date).toBe('2026-10-31');
    expect(finnishHolidays(2024).find((h) => h.name.en === "All Saints' Day")!.date).toBe('2024-11-02');
  });

  it('marks Midsummer Eve and Christmas Eve as eves (days off in practice)', () => {
    expect(
      finnishHolidays(2027)
        .filter((h) => h.kind === 'eve')
        .map((h) => h.date),
    ).toEqual(['2027-06-25', '2027-12-24']);
    expect(isFinnishHoliday(d('2027-12-24'))).toBe(true);
    expect(isFinnishHoliday(d('2027-12-27'))).toBe(false);
  });
});

describe('opening hours: waiting outside them does not count', () => {
  const hours = EXAMPLE_OPENING_HOURS;

  it('counts a wait inside hours whole, and only the open part of a wait across the opening', () => {
    expect(secondsWithinHours('2027-03-10T07:00:00Z', '2027-03-10T07:00:25Z', hours)).toBe(25); // 09:00 Helsinki
    // Monday 27 Dec 2027 after Christmas: arrived 07:45, answered 08:00:12 (Helsinki, UTC+2).
    expect(secondsWithinHours('2027-12-27T05:45:00Z', '2027-12-27T06:00:12Z', hours)).toBe(12);
  });

  it('skips the weekend and the holidays (Christmas Eve is closed), on the DST-less winter clock and the summer one', () => {
    // Friday 24 Dec 15:00 → Monday 27 Dec 08:00:30: the Friday hour is a holiday, so 30 s.
    expect(secondsWithinHours('2027-12-24T13:00:00Z', '2027-12-27T06:00:30Z', hours)).toBe(30);
    // Summer time (UTC+3): Friday 15:59:50 → Monday 08:00:10 = 10 s + 10 s.
    expect(secondsWithinHours('2027-06-04T12:59:50Z', '2027-06-07T05:00:10Z', hours)).toBe(20);
  });

  it('knows whether a queue is open at an instant', () => {
    expect(isOpenAt('2027-12-27T05:59:59Z', hours)).toBe(false);
    expect(isOpenAt('2027-12-27T06:00:00Z', hours)).toBe(true);
    expect(isOpenAt('2027-03-28T08:00:00Z', hours)).toBe(false); // Easter Sunday
  });

  it('refuses hours that close before they open or name no weekday', () => {
    expect(() =>
      validateOpeningHours({ weekly: { '1': { open: '16:00', close: '08:00' } }, closedOnHolidays: true, closedDates: [] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPENING_HOURS' }));
    expect(() =>
      validateOpeningHours({ weekly: { '8': { open: '08:00', close: '16:00' } } as never, closedOnHolidays: true, closedDates: [] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPENING_HOURS' }));
  });
});
