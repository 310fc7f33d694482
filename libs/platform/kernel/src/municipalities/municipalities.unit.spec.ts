import { DomainError } from '../errors';
import { MUNICIPALITY_CLASSIFICATION, Municipalities } from './municipalities';

describe('the classification of municipalities', () => {
  it('has 309 municipalities, 21 wellbeing services counties plus Helsinki, and Åland outside', () => {
    expect(MUNICIPALITY_CLASSIFICATION).toMatchObject({ year: 2026, count: 309 });
    expect(Municipalities.counties()).toHaveLength(22);
    expect(Municipalities.all().filter((m) => m.county === null)).toHaveLength(16);
    for (const county of Municipalities.counties()) expect(Municipalities.ofCounty(county.key).length).toBeGreaterThan(0);
  });

  it('names a municipality in Finnish and Swedish with its county', () => {
    expect(Municipalities.byCode('837')).toMatchObject({ nameFi: 'Tampere', nameSv: 'Tammerfors', county: { key: 'pirkanmaa' } });
    expect(Municipalities.byCode('091')).toMatchObject({ nameFi: 'Helsinki', nameSv: 'Helsingfors', county: { key: 'helsinki' } });
    expect(Municipalities.byCode('478')).toMatchObject({ nameSv: 'Mariehamn', county: null });
  });

  it('codes are unique three-digit strings', () => {
    const codes = Municipalities.all().map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{3}$/);
  });

  it('refuses what is not a code of the classification', () => {
    for (const bad of ['000', '999', '84', '837 x', 837, null]) {
      expect(Municipalities.isCode(bad)).toBe(false);
      expect(() => Municipalities.parse(bad)).toThrow(DomainError);
    }
    expect(Municipalities.parse(' 837 ').code).toBe('837');
  });
});
