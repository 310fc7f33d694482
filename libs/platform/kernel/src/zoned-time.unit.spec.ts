import { LocalDate } from './local-date';

const at = (iso: string) => LocalDate.ofInstant(new Date(iso));
const start = (date: string, zone?: string) => LocalDate.startOfDayInstant(LocalDate.parse(date), zone).toISOString();

describe('Helsinki dates of instants', () => {
  it('uses UTC+2 in winter and UTC+3 in summer', () => {
    expect(at('2025-03-31T21:30:00Z')).toBe('2025-04-01'); // 00:30 EEST
    expect(at('2025-01-31T21:59:59Z')).toBe('2025-01-31'); // 23:59:59 EET
    expect(at('2025-01-31T22:00:00Z')).toBe('2025-02-01'); // 00:00 EET
    expect(at('2025-06-30T20:59:59.999Z')).toBe('2025-06-30');
    expect(at('2025-06-30T21:00:00Z')).toBe('2025-07-01');
  });

  it('stays on the right date around the spring switch (03:00 EET → 04:00 EEST at 01:00Z)', () => {
    expect(at('2025-03-29T21:59:59Z')).toBe('2025-03-29'); // 23:59:59 EET
    expect(at('2025-03-29T22:00:00Z')).toBe('2025-03-30');
    expect(at('2025-03-30T00:59:59Z')).toBe('2025-03-30'); // 02:59:59 EET
    expect(at('2025-03-30T01:00:00Z')).toBe('2025-03-30'); // 04:00 EEST
    expect(at('2025-03-30T20:59:59Z')).toBe('2025-03-30'); // 23:59:59 EEST
    expect(at('2025-03-30T21:00:00Z')).toBe('2025-03-31');
  });

  it('stays on the right date around the autumn switch (04:00 EEST → 03:00 EET at 01:00Z)', () => {
    expect(at('2025-10-25T20:59:59Z')).toBe('2025-10-25');
    expect(at('2025-10-25T21:00:00Z')).toBe('2025-10-26'); // 00:00 EEST
    expect(at('2025-10-26T00:59:00Z')).toBe('2025-10-26'); // 03:59 EEST
    expect(at('2025-10-26T01:00:00Z')).toBe('2025-10-26'); // 03:00 EET again
    expect(at('2025-10-26T21:59:59Z')).toBe('2025-10-26'); // 23:59:59 EET
    expect(at('2025-10-26T22:00:00Z')).toBe('2025-10-27');
  });

  it('finds the instant a Helsinki day begins, on and after the switches', () => {
    expect(start('2025-03-30')).toBe('2025-03-29T22:00:00.000Z'); // midnight is still winter time
    expect(start('2025-03-31')).toBe('2025-03-30T21:00:00.000Z');
    expect(start('2025-10-26')).toBe('2025-10-25T21:00:00.000Z'); // midnight is still summer time
    expect(start('2025-10-27')).toBe('2025-10-26T22:00:00.000Z');
    expect(start('2026-01-01')).toBe('2025-12-31T22:00:00.000Z');
  });

  it('works in other zones when asked', () => {
    expect(LocalDate.ofInstant(new Date('2025-01-31T22:00:00Z'), 'UTC')).toBe('2025-01-31');
    expect(LocalDate.ofInstant(new Date('2025-01-31T22:00:00Z'), 'Asia/Tokyo')).toBe('2025-02-01');
    expect(start('2025-03-09', 'America/New_York')).toBe('2025-03-09T05:00:00.000Z');
    expect(start('2025-03-10', 'America/New_York')).toBe('2025-03-10T04:00:00.000Z');
  });

  it('starts a day at its first instant where the zone skips midnight', () => {
    expect(start('2025-09-07', 'America/Santiago')).toBe('2025-09-07T04:00:00.000Z'); // 00:00 -04 → 01:00 -03
    expect(start('2025-03-30', 'Asia/Beirut')).toBe('2025-03-29T22:00:00.000Z'); // 00:00 +02 → 01:00 +03
  });
});
