import { LocalDate } from '@luotsi/kernel';
import { easterSunday, finnishHolidayOn, finnishHolidays, isoWeekday } from '@luotsi/kernel';
import { helsinkiMoment } from './helsinki-time';
import { checkOpeningHours, hoursOn, openAt, weekFrom } from './opening-hours';
import { d, weekdayHours } from './testing-fixtures';

describe('Finnish public holidays, computed', () => {
  it('finds Easter and the holidays that move with it', () => {
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2025)).toBe('2025-04-20');
    const y2027 = Object.fromEntries(finnishHolidays(2027).map((h) => [h.name.en, h.date]));
    expect(y2027).toMatchObject({
      'Good Friday': '2027-03-26',
      'Easter Monday': '2027-03-29',
      'Ascension Day': '2027-05-06',
      'Midsummer Eve': '2027-06-25',
      'Midsummer Day': '2027-06-26',
      "All Saints' Day": '2027-11-06',
      'Independence Day': '2027-12-06',
    });
  });

  it('puts Midsummer Day on the Saturday of 20–26 June and All Saints on the Saturday of 31 Oct – 6 Nov', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2030]) {
      const hs = finnishHolidays(year);
      const midsummer = hs.find((h) => h.name.en === 'Midsummer Day')!.date;
      const allSaints = hs.find((h) => h.name.en === "All Saints' Day")!.date;
      expect(isoWeekday(midsummer)).toBe(6);
      expect(midsummer >= `${year}-06-20` && midsummer <= `${year}-06-26`).toBe(true);
      expect(isoWeekday(allSaints)).toBe(6);
      expect(allSaints >= `${year}-10-31` && allSaints <= `${year}-11-06`).toBe(true);
    }
    expect(finnishHolidayOn(d('2027-12-24'))).toMatchObject({ kind: 'eve', name: { fi: 'Jouluaatto' } });
    expect(finnishHolidayOn(d('2027-12-23'))).toBeNull();
  });
});

describe('opening hours with exceptions', () => {
  const hours = checkOpeningHours('openingHours', {
    ...weekdayHours,
    weekly: [...weekdayHours.weekly, { day: 'sun', opens: '10:00', closes: '14:00' }],
    exceptions: [{ from: '2027-07-05', to: '2027-07-30', closed: true, description: { fi: 'Kesäsulku', en: 'Summer closure' } }],
  });

  it('is open on a weekday inside its hours and closed after them', () => {
    // Wednesday 2027-01-13
    expect(openAt(hours, d('2027-01-13'), 9 * 60)).toMatchObject({ open: true, until: '16:00', day: { basis: 'regular' } });
    expect(openAt(hours, d('2027-01-13'), 16 * 60).open).toBe(false);
    expect(openAt(hours, d('2027-01-13'), 7 * 60 + 59).open).toBe(false);
  });

  it('is closed on a public holiday that falls on a weekday (Epiphany, Wednesday 6 January 2027)', () => {
    expect(openAt(hours, d('2027-01-06'), 10 * 60)).toMatchObject({
      open: false,
      day: { basis: 'public-holiday', holiday: { name: { fi: 'Loppiainen' } } },
    });
  });

  it("keeps Sunday's hours on a holiday when the channel says so", () => {
    const ward = checkOpeningHours('h', {
      ...weekdayHours,
      weekly: [...weekdayHours.weekly, { day: 'sun', opens: '10:00', closes: '14:00' }],
      publicHolidays: 'sunday-hours',
    });
    expect(hoursOn(ward, d('2027-12-06'))).toMatchObject({ basis: 'public-holiday', ranges: [{ opens: '10:00', closes: '14:00' }] });
  });

  it('is closed all through a summer closure, weekdays included, and open again after it', () => {
    expect(openAt(hours, d('2027-07-07'), 10 * 60)).toMatchObject({
      open: false,
      day: { basis: 'exception', exception: { closed: true } },
    });
    expect(weekFrom(hours, d('2027-07-26')).map((x) => x.ranges.length)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(openAt(hours, d('2027-08-02'), 10 * 60).open).toBe(true);
  });

  it('gives an exception with hours precedence over a holiday', () => {
    const h = checkOpeningHours('h', {
      ...weekdayHours,
      exceptions: [{ from: '2027-12-24', to: '2027-12-24', closed: false, hours: [{ opens: '09:00', closes: '12:00' }] }],
    });
    expect(openAt(h, d('2027-12-24'), 10 * 60)).toMatchObject({ open: true, until: '12:00', day: { basis: 'exception' } });
    expect(openAt(h, d('2027-12-25'), 10 * 60).open).toBe(false);
  });

  it('refuses hours that close before they open, overlap, or overlapping exceptions', () => {
    const fails = (v: unknown) => {
      try {
        checkOpeningHours('h', v);
        return null;
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(fails({ weekly: [{ day: 'mon', opens: '16:00', closes: '08:00' }] })).toBe('INVALID_HOURS');
    expect(
      fails({
        weekly: [
          { day: 'mon', opens: '08:00', closes: '12:00' },
          { day: 'mon', opens: '11:00', closes: '15:00' },
        ],
      }),
    ).toBe('OVERLAPPING_HOURS');
    expect(fails({ weekly: [{ day: 'moon', opens: '08:00', closes: '12:00' }] })).toBe('INVALID_HOURS');
    expect(fails({ weekly: [{ day: 'mon', opens: '8:00', closes: '12:00' }] })).toBe('INVALID_HOURS');
    expect(
      fails({
        weekly: [],
        exceptions: [
          { from: '2027-07-01', to: '2027-07-31', closed: true },
          { from: '2027-07-20', to: '2027-08-05', closed: true },
        ],
      }),
    ).toBe('OVERLAPPING_EXCEPTIONS');
    expect(fails({ weekly: [], exceptions: [{ from: '2027-07-31', to: '2027-07-01', closed: true }] })).toBe('INVALID_HOURS');
    expect(fails({ weekly: [{ day: 'mon', opens: '00:00', closes: '24:00' }] })).toBeNull();
  });
});

describe('Helsinki time', () => {
  it('reads an instant on Helsinki’s wall clock across DST', () => {
    expect(helsinkiMoment(new Date('2027-01-17T10:30:00Z'))).toEqual({ date: '2027-01-17', weekday: 7, minute: 12 * 60 + 30 });
    expect(helsinkiMoment(new Date('2027-07-01T21:30:00Z'))).toEqual({ date: '2027-07-02', weekday: 5, minute: 30 });
    expect(LocalDate.isValid(helsinkiMoment(new Date()).date)).toBe(true);
  });
});
