import fc from 'fast-check';
import { LocalDate } from '@luotsi/kernel';
import { ageBandCutoffs, ageBandOf, type AgeBand } from './vocabulary';

const bandByCutoffs = (birthDate: LocalDate, firstDay: LocalDate): AgeBand =>
  ageBandCutoffs(firstDay).find((c) => birthDate <= c.bornOnOrBefore)?.band ?? '0-6';

describe('age bands by birth-date cutoffs', () => {
  it("gives every person the band of their age on the month's first day", () => {
    const day = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => LocalDate.addDays(LocalDate.parse(from), n));
    const firstDay = fc.tuple(fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => LocalDate.of(y, m, 1));
    fc.assert(
      fc.property(day('1900-01-01', 52_000), firstDay, (birthDate, first) => {
        fc.pre(birthDate <= first);
        expect(bandByCutoffs(birthDate, first)).toBe(ageBandOf(LocalDate.ageOn(birthDate, first)));
      }),
      { numRuns: 5000 },
    );
  });

  it('counts a birthday on the 1st, and a leap-day birthday from 1 March', () => {
    expect(bandByCutoffs(LocalDate.parse('2020-03-01'), LocalDate.parse('2027-03-01'))).toBe('7-17');
    expect(bandByCutoffs(LocalDate.parse('2020-03-02'), LocalDate.parse('2027-03-01'))).toBe('0-6');
    expect(bandByCutoffs(LocalDate.parse('2020-02-29'), LocalDate.parse('2027-03-01'))).toBe('7-17');
    expect(bandByCutoffs(LocalDate.parse('2020-02-29'), LocalDate.parse('2027-02-01'))).toBe('0-6');
    expect(bandByCutoffs(LocalDate.parse('1942-02-01'), LocalDate.parse('2027-02-01'))).toBe('85+');
    expect(bandByCutoffs(LocalDate.parse('1942-02-02'), LocalDate.parse('2027-02-01'))).toBe('75-84');
  });

  it("is only taken on a month's first day", () => {
    expect(() => ageBandCutoffs(LocalDate.parse('2027-02-02'))).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});
