import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@luotsi/eventstore';
import type { ProjectionDeclaration } from '@luotsi/messaging';
import {
  minuteOf,
  WEEKDAYS,
  type ChannelContent,
  type ChannelEvent,
  type Language,
  type RoutingEvent,
  type ServiceContent,
  type ServiceEvent,
} from '@luotsi/service-catalogue-domain';
import { SEARCH_CHANNEL_FACTS } from './migrations';

export const SERVICE_CATALOGUE_PROJECTION_NAME = 'service-catalogue-read-model';

type Any = ServiceEvent | ChannelEvent | RoutingEvent;

const CONFIG: Record<Language, string> = { fi: 'finnish', sv: 'swedish', en: 'english' };

/** The text of a language that search weighs: name (A), keywords (B), summary (C), description (D). */
function parts(c: ServiceContent, l: Language): [string, string, string, string] {
  return [c.names[l] ?? '', (c.keywords[l] ?? []).join(' '), c.summaries[l] ?? '', c.descriptions[l] ?? ''];
}

/** Proper names (the service's in every language, its organisations'), matched unstemmed whatever the asker's language. */
function names(c: ServiceContent): string {
  const orgs = [c.arranger, ...c.producers].flatMap((o) => Object.values(o.name));
  return [...Object.values(c.names), ...orgs].join(' ');
}

const vector = (l: Language, first: number) =>
  `setweight(to_tsvector('${CONFIG[l]}', $${first}), 'A') || setweight(to_tsvector('${CONFIG[l]}', $${first + 1}), 'B') || ` +
  `setweight(to_tsvector('${CONFIG[l]}', $${first + 2}), 'C') || setweight(to_tsvector('${CONFIG[l]}', $${first + 3}), 'D')`;

/** What a service version's search row holds (what search filters and ranks by), copied from the version's row. */
export const SEARCH_ROW_COLUMNS = `service_id, valid_from, valid_to, arranger_kind, producer_kinds, target_groups, access_modes, languages, area,
  municipalities, tsv_fi, tsv_sv, tsv_en, tsv_names`;

const SEARCH_ROW_OF_VERSION = `INSERT INTO sc_service_search (${SEARCH_ROW_COLUMNS})
  SELECT ${SEARCH_ROW_COLUMNS} FROM sc_service_versions WHERE service_id = $1 AND valid_from = $2`;

/** What the search rows whose versions list the channel know of their channels, again (the channel changed). */
const refreshChannelFactsOf = (em: EntityManager, channelId: string) =>
  em.query(
    `UPDATE sc_service_search SET ${SEARCH_CHANNEL_FACTS}
     WHERE (service_id, valid_from) IN (SELECT service_id, valid_from FROM sc_service_channels WHERE channel_id = $1)`,
    [channelId],
  );

/** Versions from `from` on give way (a version from `from` supersedes them); the one before ends the day before. */
async function endTimeline(em: EntityManager, kind: 'service' | 'channel', id: string, from: string): Promise<void> {
  if (kind === 'service') {
    await em.query('DELETE FROM sc_service_channels WHERE service_id = $1 AND valid_from >= $2', [id, from]);
    for (const table of ['sc_service_search', 'sc_service_versions']) {
      await em.query(`DELETE FROM ${table} WHERE service_id = $1 AND valid_from >= $2`, [id, from]);
      await em.query(`UPDATE ${table} SET valid_to = $2::date - 1 WHERE service_id = $1 AND (valid_to IS NULL OR valid_to >= $2::date)`, [
        id,
        from,
      ]);
    }
  } else {
    for (const table of ['sc_channel_hours', 'sc_channel_exceptions', 'sc_channel_versions'])
      await em.query(`DELETE FROM ${table} WHERE channel_id = $1 AND valid_from >= $2`, [id, from]);
    await em.query(
      'UPDATE sc_channel_versions SET valid_to = $2::date - 1 WHERE channel_id = $1 AND (valid_to IS NULL OR valid_to >= $2::date)',
      [id, from],
    );
  }
}

async function insertService(em: EntityManager, data: Extract<ServiceEvent, { type: 'ServiceVersionPublished' }>['data']) {
  const c = data.content;
  await endTimeline(em, 'service', data.serviceId, data.validFrom);
  await em.query(
    `INSERT INTO sc_service_versions (service_id, valid_from, valid_to, source, content, arranger_kind, producer_kinds, target_groups,
       access_modes, languages, area, municipalities, tsv_fi, tsv_sv, tsv_en, tsv_names)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${vector('fi', 12)}, ${vector('sv', 16)}, ${vector('en', 20)},
       to_tsvector('simple', $24))`,
    [
      data.serviceId,
      data.validFrom,
      data.source,
      JSON.stringify(c),
      c.arranger.kind,
      [...new Set(c.producers.map((p) => p.kind))],
      c.targetGroups,
      c.accessModes,
      c.languages,
      c.area,
      c.municipalities,
      ...parts(c, 'fi'),
      ...parts(c, 'sv'),
      ...parts(c, 'en'),
      names(c),
    ],
  );
  await em.query(SEARCH_ROW_OF_VERSION, [data.serviceId, data.validFrom]);
  for (const channelId of c.channelIds)
    await em.query('INSERT INTO sc_service_channels (service_id, valid_from, channel_id) VALUES ($1, $2, $3)', [
      data.serviceId,
      data.validFrom,
      channelId,
    ]);
  await em.query(`UPDATE sc_service_search SET ${SEARCH_CHANNEL_FACTS} WHERE service_id = $1 AND valid_from = $2`, [
    data.serviceId,
    data.validFrom,
  ]);
  await em.query(
    `INSERT INTO sc_services (service_id, source, withdrawn_from) VALUES ($1, $2, NULL)
     ON CONFLICT (service_id) DO UPDATE SET source = EXCLUDED.source, withdrawn_from = NULL`,
    [data.serviceId, data.source],
  );
}

async function insertChannel(em: EntityManager, data: Extract<ChannelEvent, { type: 'ChannelVersionPublished' }>['data']) {
  const c: ChannelContent = data.content;
  await endTimeline(em, 'channel', data.channelId, data.validFrom);
  const hours = c.openingHours;
  await em.query(
    `INSERT INTO sc_channel_versions (channel_id, valid_from, valid_to, source, kind, content, organisation_id, languages, features, lat, lon,
       municipality_code, holiday_rule, has_hours, always_open)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      data.channelId,
      data.validFrom,
      data.source,
      c.kind,
      JSON.stringify(c),
      c.organisationId,
      c.languages,
      c.accessibility.features,
      c.location?.lat ?? null,
      c.location?.lon ?? null,
      c.address?.municipalityCode ?? null,
      hours?.publicHolidays ?? null,
      hours !== null,
      // An e-service with no hours stated is there at any time.
      hours === null && c.kind === 'e-service',
    ],
  );
  for (const r of hours?.weekly ?? [])
    await em.query('INSERT INTO sc_channel_hours (channel_id, valid_from, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5)', [
      data.channelId,
      data.validFrom,
      WEEKDAYS.indexOf(r.day) + 1,
      minuteOf(r.opens),
      minuteOf(r.closes),
    ]);
  for (const x of hours?.exceptions ?? []) {
    const ranges = x.closed ? [{ opens: 0, closes: 0 }] : x.hours.map((h) => ({ opens: minuteOf(h.opens), closes: minuteOf(h.closes) }));
    for (const r of ranges)
      await em.query(
        'INSERT INTO sc_channel_exceptions (channel_id, valid_from, from_date, to_date, closed, opens, closes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [data.channelId, data.validFrom, x.from, x.to, x.closed, r.opens, r.closes],
      );
  }
  await refreshChannelFactsOf(em, data.channelId);
  await em.query(
    `INSERT INTO sc_channels (channel_id, source, withdrawn_from) VALUES ($1, $2, NULL)
     ON CONFLICT (channel_id) DO UPDATE SET source = EXCLUDED.source, withdrawn_from = NULL`,
    [data.channelId, data.source],
  );
}

async function applyOne(em: EntityManager, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as Any;
  switch (event.type) {
    case 'ServiceVersionPublished':
      return insertService(em, event.data);
    case 'ServiceWithdrawn':
      await endTimeline(em, 'service', event.data.serviceId, event.data.withdrawnFrom);
      await em.query('UPDATE sc_services SET withdrawn_from = $2 WHERE service_id = $1', [event.data.serviceId, event.data.withdrawnFrom]);
      return;
    case 'ChannelVersionPublished':
      return insertChannel(em, event.data);
    case 'ChannelWithdrawn':
      await endTimeline(em, 'channel', event.data.channelId, event.data.withdrawnFrom);
      await refreshChannelFactsOf(em, event.data.channelId);
      await em.query('UPDATE sc_channels SET withdrawn_from = $2 WHERE channel_id = $1', [event.data.channelId, event.data.withdrawnFrom]);
      return;
    case 'ServiceRouted':
      await em.query(
        `INSERT INTO sc_routings (routing_id, service_id, channel_id, municipality, routed_on) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (routing_id) DO NOTHING`,
        [event.data.routingId, event.data.serviceId, event.data.channelId, event.data.municipality, event.data.routedOn],
      );
      return;
    default:
      // An event type this version does not know (a newer writer): nothing of it is shown.
      return;
  }
}

/** The catalogue's query tables, from its own three stream categories. */
export const serviceCatalogueProjection: ProjectionDeclaration = {
  name: SERVICE_CATALOGUE_PROJECTION_NAME,
  categories: ['catservice', 'catchannel', 'catrouting'],
  apply: applyOne,
};
