import type { LocalDate } from '@luotsi/kernel';

/** Content the domain's and the service's tests share: a walk-in social-guidance service and its service point. */
export const d = (s: string) => s as LocalDate;

export const guidanceService = (over: Record<string, unknown> = {}) => ({
  names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna', en: 'Social guidance for adults' },
  summaries: { fi: 'Neuvontaa ja ohjausta arjen ongelmissa.' },
  descriptions: { fi: 'Sosiaaliohjaaja auttaa toimeentulon, asumisen ja arjen hallinnan kysymyksissä.' },
  keywords: { fi: ['toimeentulo', 'asuminen'], sv: ['utkomst'] },
  arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue', sv: 'Birkalands välfärdsområde' }, kind: 'county' },
  producers: [{ id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' }],
  targetGroups: ['working-age'],
  accessModes: ['walk-in', 'appointment'],
  legalBasis: [{ name: { fi: 'Sosiaalihuoltolaki', sv: 'Socialvårdslag' }, reference: '1301/2014' }],
  languages: ['fi', 'sv'],
  area: 'municipalities',
  municipalities: ['837'],
  channelIds: ['hervanta-point'],
  ...over,
});

export const weekdayHours = {
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, opens: '08:00', closes: '16:00' })),
  publicHolidays: 'closed',
  exceptions: [] as unknown[],
};

export const servicePoint = (over: Record<string, unknown> = {}) => ({
  kind: 'service-point',
  names: { fi: 'Hervannan sosiaaliasema', sv: 'Hervanta socialstation' },
  languages: ['fi', 'sv'],
  address: { street: { fi: 'Insinöörinkatu 23' }, postalCode: '33720', postOffice: { fi: 'Tampere' }, municipalityCode: '837' },
  location: { lat: 61.4507, lon: 23.8512 },
  openingHours: weekdayHours,
  accessibility: { features: ['step-free-access'], notes: { fi: 'Esteetön sisäänkäynti' } },
  ...over,
});
