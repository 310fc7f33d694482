import type { LocalDate } from '@luotsi/kernel';
import {
  distanceKm,
  inLanguage,
  openAt,
  weekFrom,
  type ChannelContent,
  type GeoPoint,
  type HelsinkiMoment,
  type Language,
  type LocalizedText,
  type ServiceContent,
} from '@luotsi/service-catalogue-domain';
import type { ChannelVersionRow } from '../read-model/catalogue-read-model';
import type { SearchRequest, SearchRow } from '../read-model/catalogue-search';

/** A text in the asker's language, or the first fallback with the language it is in (null when there is none). */
const t = (text: LocalizedText | undefined, lang: Language) => inLanguage(text ?? {}, lang);

const WORDS = {
  fi: {
    field: { name: 'nimi', keywords: 'asiasanat', summary: 'tiivistelmä', description: 'kuvaus', organisation: 'organisaatio' },
    lang: { fi: 'suomeksi', sv: 'ruotsiksi', en: 'englanniksi' },
    text: (f: string, l: string) => `hakusanat löytyivät: ${f} (${l})`,
    org: 'hakusanat löytyivät organisaation nimestä',
    open: (name: string, until: string) => `auki nyt klo ${until} asti: ${name}`,
    always: (name: string) => `käytettävissä milloin tahansa: ${name}`,
    km: (km: string, name: string, from: string) => `${km} km ${from}: ${name}`,
    walkIn: 'ilman ajanvarausta',
    speaks: (l: string) => `palvelua ${l}`,
    area: (m: string) => `palvelee kuntaa ${m}`,
    target: 'kohderyhmä täsmää',
    access: 'esteettömyys täsmää',
    fromPostal: (p: string) => `postinumeroalueen ${p} keskipisteestä`,
    fromPoint: 'annetusta pisteestä',
  },
  sv: {
    field: { name: 'namn', keywords: 'nyckelord', summary: 'sammanfattning', description: 'beskrivning', organisation: 'organisation' },
    lang: { fi: 'på finska', sv: 'på svenska', en: 'på engelska' },
    text: (f: string, l: string) => `sökorden finns i: ${f} (${l})`,
    org: 'sökorden finns i organisationens namn',
    open: (name: string, until: string) => `öppet nu till ${until}: ${name}`,
    always: (name: string) => `tillgänglig när som helst: ${name}`,
    km: (km: string, name: string, from: string) => `${km} km ${from}: ${name}`,
    walkIn: 'utan tidsbeställning',
    speaks: (l: string) => `service ${l}`,
    area: (m: string) => `betjänar kommun ${m}`,
    target: 'målgruppen stämmer',
    access: 'tillgängligheten stämmer',
    fromPostal: (p: string) => `från mitten av postnummerområdet ${p}`,
    fromPoint: 'från den angivna punkten',
  },
  en: {
    field: { name: 'name', keywords: 'keywords', summary: 'summary', description: 'description', organisation: 'organisation' },
    lang: { fi: 'in Finnish', sv: 'in Swedish', en: 'in English' },
    text: (f: string, l: string) => `search words found in the ${f} (${l})`,
    org: "search words found in the organisation's name",
    open: (name: string, until: string) => `open now until ${until}: ${name}`,
    always: (name: string) => `available at any time: ${name}`,
    km: (km: string, name: string, from: string) => `${km} km ${from}: ${name}`,
    walkIn: 'walk-in, no appointment needed',
    speaks: (l: string) => `served ${l}`,
    area: (m: string) => `serves municipality ${m}`,
    target: 'target group matches',
    access: 'accessibility matches',
    fromPostal: (p: string) => `from the centre of postal code area ${p}`,
    fromPoint: 'from the given point',
  },
} as const;

export function channelSummary(c: ChannelVersionRow, lang: Language, moment: HelsinkiMoment | null, from: GeoPoint | null) {
  const content = c.content;
  const open = moment && content.openingHours ? openAt(content.openingHours, moment.date, moment.minute) : null;
  return {
    channelId: c.channelId,
    kind: content.kind,
    name: t(content.names, lang),
    languages: content.languages,
    address: content.address
      ? {
          street: t(content.address.street, lang),
          postalCode: content.address.postalCode,
          postOffice: t(content.address.postOffice, lang),
          municipalityCode: content.address.municipalityCode,
        }
      : null,
    location: content.location,
    locationPrecision: content.locationPrecision,
    phone: content.phone?.number ?? null,
    url: content.url,
    openNow: content.kind === 'e-service' && !content.openingHours ? true : open ? open.open : null,
    openUntil: open?.until ?? null,
    distanceKm: from && content.location ? Math.round(distanceKm(from, content.location) * 10) / 10 : null,
    accessibility: { features: content.accessibility.features, notes: t(content.accessibility.notes, lang) },
  };
}

/** A channel's page; `moment` only when the page is of today (then it says whether the channel is open now). */
export function channelPage(
  c: ChannelVersionRow,
  lang: Language,
  moment: HelsinkiMoment | null,
  weekStart: LocalDate,
  versions: Array<{ validFrom: LocalDate; validTo: LocalDate | null }>,
  serviceIds: string[],
) {
  const content: ChannelContent = c.content;
  return {
    ...channelSummary(c, lang, moment, null),
    language: lang,
    validFrom: c.validFrom,
    validTo: c.validTo,
    versions,
    source: c.source,
    descriptions: t(content.descriptions, lang),
    openingHours: content.openingHours,
    openingHoursText: t(content.openingHoursText, lang),
    // The coming week as a page shows it: exceptions and public holidays applied.
    week: content.openingHours
      ? weekFrom(content.openingHours, weekStart).map((d) => ({
          date: d.date,
          ranges: d.ranges,
          basis: d.basis,
          holiday: d.holiday ? d.holiday.name[lang] : null,
          exception: d.exception ? t(d.exception.description, lang) : null,
        }))
      : null,
    services: serviceIds,
  };
}

export function servicePage(
  serviceId: string,
  version: { validFrom: LocalDate; validTo: LocalDate | null; source: string; content: ServiceContent },
  lang: Language,
) {
  const c = version.content;
  const org = (o: ServiceContent['arranger']) => ({ id: o.id, kind: o.kind, name: t(o.name, lang) });
  return {
    serviceId,
    language: lang,
    validFrom: version.validFrom,
    validTo: version.validTo,
    source: version.source,
    name: t(c.names, lang),
    names: c.names,
    summary: t(c.summaries, lang),
    description: t(c.descriptions, lang),
    arrangingOrganisation: org(c.arranger),
    producingOrganisations: c.producers.map(org),
    targetGroups: c.targetGroups,
    accessModes: c.accessModes,
    legalBasis: c.legalBasis.map((l) => ({ name: t(l.name, lang), reference: l.reference })),
    languages: c.languages,
    area: c.area,
    municipalities: c.municipalities,
  };
}

/** One search result: the service in the asker's language, its channels, and why it matched. */
export function searchResult(
  row: SearchRow,
  channels: ChannelVersionRow[],
  r: SearchRequest & { from: { postalCode: string } | { point: GeoPoint } | null },
) {
  const content = row.content as ServiceContent;
  const lang = r.lang;
  const w = WORDS[lang];
  const summaries = channels.map((c) => channelSummary(c, lang, r.moment, r.near));
  const why: Array<{ reason: string; [k: string]: unknown }> = [];
  for (const [key, hit] of Object.entries(row.matched ?? {})) {
    if (!hit) continue;
    if (key === 'organisation') {
      why.push({ reason: 'text', field: 'organisation', text: w.org });
      continue;
    }
    const [field, language] = key.split('.') as [keyof (typeof w)['field'], Language];
    why.push({ reason: 'text', field, language, text: w.text(w.field[field], w.lang[language]) });
  }
  const nameOf = (s: ReturnType<typeof channelSummary>) => s.name?.text ?? s.channelId;
  if (r.openNow) {
    const open = summaries.find((s) => s.openNow === true);
    if (open)
      why.push({
        reason: 'open-now',
        channelId: open.channelId,
        until: open.openUntil,
        text: open.openUntil ? w.open(nameOf(open), open.openUntil) : w.always(nameOf(open)),
      });
  }
  if (row.km !== null && row.km !== undefined && row.near_channel) {
    const nearest = summaries.find((s) => s.channelId === row.near_channel);
    const km = (Math.round(Number(row.km) * 10) / 10).toFixed(1);
    const from = r.from && 'postalCode' in r.from ? w.fromPostal(r.from.postalCode) : w.fromPoint;
    why.push({
      reason: 'distance',
      channelId: row.near_channel,
      km: Number(km),
      text: w.km(km, nearest ? nameOf(nearest) : row.near_channel, from),
    });
  }
  if (r.accessModes.includes('walk-in')) why.push({ reason: 'walk-in', text: w.walkIn });
  if (r.language) why.push({ reason: 'language', language: r.language, text: w.speaks(w.lang[r.language]) });
  if (r.municipality) why.push({ reason: 'municipality', municipality: r.municipality, area: content.area, text: w.area(r.municipality) });
  if (r.targetGroups.length > 0) why.push({ reason: 'target-group', targetGroups: content.targetGroups, text: w.target });
  if (r.accessibility.length > 0) why.push({ reason: 'accessibility', features: r.accessibility, text: w.access });
  return {
    serviceId: row.service_id,
    name: t(content.names, lang),
    summary: t(content.summaries, lang),
    arrangingOrganisation: { id: content.arranger.id, kind: content.arranger.kind, name: t(content.arranger.name, lang) },
    accessModes: content.accessModes,
    targetGroups: content.targetGroups,
    languages: content.languages,
    score: Math.round(Number(row.score) * 10000) / 10000,
    distanceKm: row.km === null || row.km === undefined ? null : Math.round(Number(row.km) * 10) / 10,
    why,
    channels: summaries,
  };
}
