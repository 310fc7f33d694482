import request from 'supertest';
import { Hetu, LocalDate, hasIdentityCodeShape } from '@luotsi/kernel';
import { SQL_POOL } from '@luotsi/runtime';
import type { SqlPool } from '@luotsi/database';
import {
  as,
  batteryCases,
  refusedAsExpected,
  sendBadInput,
  startTestApp,
  type BadInputCase,
  type BadInputResult,
  type Endpoint,
  type TestApp,
  type TestDatabase,
} from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { people, personRefOf, seedPilot, settled, station } from '@luotsi/provider-choice-service/testing';
import {
  INTAKE_POLICY,
  INTAKE_QUESTIONS,
  INTAKE_QUEUE,
  INTAKE_RULES,
  RAISIO_GUIDANCE,
  seedContactIntake,
  type IntakeSeed,
} from '@luotsi/contact-intake-service/testing';
import { luotsiDefinition } from './definition';
import { importCases, type ImportCase } from './bad-input-battery.import';

/*
 * The service tier's bad-input battery: every endpoint of the all-in-one app, read from its OpenAPI
 * document, gets the bad request shapes of `batteryCases` with a valid actor for the route, against
 * seeded state so that the requests reach the route's own validation. Every answer must be a 4xx in
 * the ErrorBody shape, never echo an identity code, and leave the event, person and idempotency
 * counts as they were. A new endpoint fails the coverage test until it has its entry below.
 */

// Bearer tokens of the test issuer (valid an hour: the battery runs well within it).
const COUNTY = as.county();
const GUIDANCE = as.guidance();
const EEVA = as.finance('eeva');
const OLLI = as.finance('olli');
const MEHILAINEN = as.provider('mehilainen');
const PAULA = as.planWorker('paula');
const GAS_LEVELS = { '-2': 'none', '-1': 'some', '0': 'as agreed', '1': 'more', '2': 'much more' };
/** A resident signs in with their identity code; the edge resolves it to their personRef. */
const asResident = (identityCode: string) => as.resident(identityCode);
const FEES = {
  'doctor-visit': 4_500,
  'nurse-visit': 2_500,
  'physiotherapy-session': 3_500,
  'mental-health-substance-visit': 4_000,
  'social-guidance-meeting': 3_000,
};
const AGE_BANDS = { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 };
const VOUCHER_TYPE = {
  validFrom: '2027-01-01',
  service: 'physiotherapy-series',
  name: 'Physiotherapy series',
  value: { kind: 'fixed', cents: 5_000 },
  validityDays: 60,
  visits: 3,
};
const CAP = {
  'doctor-visit': true,
  'nurse-visit': true,
  'physiotherapy-session': true,
  'mental-health-substance-visit': true,
  'social-guidance-meeting': false,
};
const STATION_TEXT = ['name', 'streetAddress', 'openingHours', 'accessibility'].map((f) => `stations.0.${f}`);
/** Residents the register has not seen (one per import case): a good import line for one would write. */
const newcomer = (i: number) => Hetu.generate(LocalDate.parse('1990-06-01'), 500 + i);

interface Refs {
  aino: string;
  ville: string;
  eero: string;
  intake?: IntakeSeed;
  /** A voucher granted to aino, not yet chosen. */
  voucher?: string;
}

/** Each route of the OpenAPI document (`GET /providers/{providerId}`) → how the battery calls it. */
function routes(r: Refs): Record<string, Omit<Endpoint, 'method' | 'path'> | 'import'> {
  return {
    'GET /health': {},
    'GET /health/live': {},
    'GET /health/ready': {},
    'POST /providers': {
      headers: COUNTY,
      body: {
        providerId: 'battery-new',
        businessId: '0112038-9',
        name: 'Battery Oy',
        kind: 'private',
        stations: [station('battery-station', '33720')],
      },
      freeText: ['name', ...STATION_TEXT],
    },
    'GET /providers': { headers: COUNTY },
    'PUT /providers/{providerId}': {
      headers: COUNTY,
      params: { providerId: 'mehilainen' },
      body: { name: 'Mehiläinen Oy', stations: [station('mehilainen-hervanta', '33720')] },
      freeText: ['name', ...STATION_TEXT],
    },
    'GET /providers/{providerId}': { headers: COUNTY, params: { providerId: 'mehilainen' } },
    'POST /providers/{providerId}/approval': { headers: COUNTY, params: { providerId: 'battery-pending' }, body: { from: '2027-02-01' } },
    'POST /providers/{providerId}/suspension': {
      headers: COUNTY,
      params: { providerId: 'pihlajalinna' },
      body: { from: '2027-03-01', reason: 'contract review' },
      freeText: ['reason'],
    },
    'POST /providers/{providerId}/termination': {
      headers: COUNTY,
      params: { providerId: 'pihlajalinna' },
      body: { from: '2027-06-30', reason: 'contract ended' },
      freeText: ['reason'],
    },
    'GET /providers/{providerId}/listed': {
      headers: COUNTY,
      params: { providerId: 'tampere' },
      query: { date: '2027-01-15', stationId: 'hervanta', limit: '10' },
    },
    'POST /persons/lookup': { headers: GUIDANCE, body: { identityCode: people.aino }, readOnly: true },
    'GET /residents/{personRef}/listing': { headers: asResident(people.aino), params: { personRef: r.aino } },
    'POST /residents/{personRef}/switches': {
      headers: asResident(people.ville),
      params: { personRef: r.ville },
      body: {
        stationId: 'pihlajalinna-hervanta',
        effectiveFrom: '2027-02-01',
        channel: 'portal',
        reason: 'other',
        reasonText: 'close to my daughter',
        previousMainUse: 'health-centre',
        replacePending: false,
      },
      freeText: ['reasonText'],
      optional: ['effectiveFrom', 'reasonText', 'previousMainUse', 'replacePending'],
    },
    'DELETE /residents/{personRef}/switches/pending': { headers: asResident(people.aino), params: { personRef: r.aino } },
    'PUT /choice-area': {
      headers: COUNTY,
      body: {
        postalCodes: [
          { postalCode: '33710', defaultStationId: 'hervanta' },
          { postalCode: '33530', defaultStationId: 'kaukajarvi' },
        ],
        switchPeriodMonths: 3,
      },
    },
    'GET /choice-area': { headers: COUNTY },
    'POST /population/import': 'import',
    'GET /statistics/list-sizes': { headers: COUNTY, query: { month: '2027-01' } },
    'GET /statistics/switches': { headers: COUNTY, query: { month: '2027-01' } },
    'POST /operations/due-changes': { headers: COUNTY },
    'POST /persons/{personRef}/erasure': { headers: COUNTY, params: { personRef: r.eero }, body: { reason: 'test-data' } },
    'PUT /rates/capitation': {
      headers: EEVA,
      body: {
        validFrom: '2027-02-01',
        annualCentsByAgeBand: AGE_BANDS,
        sexFactors: { male: 1, female: 1 },
        needCoefficients: { [r.aino]: 1.2 },
      },
      optional: ['sexFactors', 'needCoefficients'],
    },
    'PUT /rates/service-fees': { headers: EEVA, body: { validFrom: '2027-02-01', centsByServiceType: FEES } },
    'PUT /rates/client-fees': {
      headers: EEVA,
      body: { validFrom: '2027-02-01', annualCapCents: 81_500, centsByServiceType: FEES, countsTowardCap: CAP },
    },
    'GET /rates': { headers: EEVA },
    'POST /providers/{providerId}/service-reports': {
      headers: MEHILAINEN,
      params: { providerId: 'mehilainen' },
      body: {
        rows: [
          {
            providerSideId: 'B-1',
            identityCode: people.aino,
            serviceType: 'doctor-visit',
            date: '2027-01-12',
            stationId: 'mehilainen-hervanta',
            noShow: false,
          },
        ],
      },
      perRow: 'rows',
      // The provider's own id is foreign text: kept as sent, never interpreted.
      freeText: ['rows.0.providerSideId'],
      optional: ['rows.0.noShow'],
    },
    'POST /settlements/{month}/run': {
      headers: EEVA,
      params: { month: '2026-12' },
      body: { providerIds: ['mehilainen'] },
      optional: ['providerIds'],
    },
    'POST /settlements/{month}/providers/{providerId}/approval': { headers: OLLI, params: { month: '2026-12', providerId: 'mehilainen' } },
    'GET /settlements/{month}': { headers: EEVA, params: { month: '2026-12' } },
    'GET /settlements/{month}/providers/{providerId}': { headers: EEVA, params: { month: '2026-12', providerId: 'mehilainen' } },
    'GET /settlements/{month}/export': {
      headers: EEVA,
      params: { month: '2026-12' },
      query: { format: 'csv', locale: 'fi', providerId: 'mehilainen' },
    },
    'GET /settlements/{month}/providers/{providerId}/export': {
      headers: EEVA,
      params: { month: '2026-12', providerId: 'mehilainen' },
      query: { format: 'csv', locale: 'fi' },
    },
    'GET /client-fees/{personRef}/{year}': { headers: asResident(people.aino), params: { personRef: r.aino, year: '2027' } },
    'GET /client-fees/years/{year}/export': { headers: EEVA, params: { year: '2027' }, query: { format: 'csv', locale: 'fi' } },
    'GET /client-fees/years/{year}/run': { headers: EEVA, params: { year: '2027' } },
    'POST /operations/rebuild-read-models': { headers: EEVA },
    ...voucherRoutes(r),
    ...intakeRoutes(r.intake),
    // The service catalogue: public reads, the county's writes and imports, guidance's routings.
    'GET /services/search': { query: { q: 'terveysasema', lang: 'fi', postalCode: '33720', limit: '10' } },
    'GET /services/{serviceId}': { params: { serviceId: 'battery-service' }, query: { lang: 'sv' } },
    'GET /service-channels/{channelId}': { params: { channelId: 'battery-point' }, query: { lang: 'en' } },
    'PUT /services/{serviceId}': {
      headers: COUNTY,
      params: { serviceId: 'battery-new-service' },
      body: {
        validFrom: '2027-02-01',
        names: { fi: 'Akkuneuvonta' },
        arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
        targetGroups: ['working-age'],
        accessModes: ['walk-in'],
        languages: ['fi'],
        area: 'municipalities',
        municipalities: ['837'],
        channelIds: ['battery-point'],
      },
      freeText: ['names.fi', 'arranger.name.fi'],
      optional: ['validFrom', 'channelIds'],
    },
    'POST /services/{serviceId}/withdrawal': {
      headers: COUNTY,
      params: { serviceId: 'battery-service' },
      body: { from: '2027-03-01', reason: 'merged' },
      freeText: ['reason'],
    },
    'PUT /service-channels/{channelId}': {
      headers: COUNTY,
      params: { channelId: 'battery-new-point' },
      body: {
        kind: 'service-point',
        names: { fi: 'Akkupiste' },
        languages: ['fi'],
        address: { street: { fi: 'Katu 1' }, postalCode: '33720', municipalityCode: '837' },
        location: { lat: 61.45, lon: 23.85 },
        openingHours: { weekly: [{ day: 'mon', opens: '08:00', closes: '16:00' }], publicHolidays: 'closed', exceptions: [] },
        accessibility: { features: ['step-free-access'], notes: { fi: 'Esteetön' } },
      },
      freeText: ['names.fi', 'address.street.fi', 'accessibility.notes.fi'],
      optional: ['location', 'openingHours'],
    },
    'POST /service-channels/{channelId}/withdrawal': {
      headers: COUNTY,
      params: { channelId: 'battery-point' },
      body: { from: '2027-03-01', reason: 'moved' },
      freeText: ['reason'],
    },
    'POST /service-catalogue/imports/services': {
      headers: COUNTY,
      body: {
        itemList: [
          {
            id: 'b0000000-0000-4000-8000-000000000001',
            serviceNames: [{ type: 'Name', language: 'fi', value: 'Akkupalvelu' }],
            languages: ['fi'],
            targetGroups: [{ code: 'KR1' }],
            areaType: 'AreaType',
            areas: [{ type: 'Municipality', municipalities: [{ code: '837' }] }],
            organizations: [
              {
                roleType: 'Responsible',
                organization: {
                  id: 'b0000000-0000-4000-8000-000000000837',
                  name: 'Pirkanmaan hyvinvointialue',
                  organizationType: 'WellbeingServiceCounty',
                },
              },
            ],
            serviceChannels: [{ serviceChannel: { id: 'battery-point' } }],
            publishingStatus: 'Published',
          },
        ],
      },
      perRow: 'itemList',
      freeText: ['itemList.0.serviceNames.0.value', 'itemList.0.organizations.0.organization.name'],
    },
    'POST /service-catalogue/imports/service-channels': {
      headers: COUNTY,
      body: {
        itemList: [
          {
            id: 'b0000000-0000-4000-8000-000000000002',
            serviceChannelType: 'EChannel',
            serviceChannelNames: [{ type: 'Name', language: 'fi', value: 'Akkuasiointi' }],
            languages: ['fi'],
            webPages: [{ url: 'https://asiointi.example.fi/' }],
            publishingStatus: 'Published',
          },
        ],
      },
      perRow: 'itemList',
      freeText: ['itemList.0.serviceChannelNames.0.value'],
    },
    'POST /service-routings': {
      headers: GUIDANCE,
      body: {
        routingId: 'battery-routing',
        serviceId: 'battery-service',
        channelId: 'battery-point',
        municipality: '837',
        routedOn: '2027-01-15',
      },
      optional: ['channelId', 'routedOn'],
    },
    'GET /statistics/service-routings': { headers: COUNTY, query: { from: '2027-01-01', to: '2027-01-31', municipality: '837' } },
    'GET /me': { headers: asResident(people.aino) },
    'GET /me/access-log': { headers: asResident(people.aino), query: { limit: '10' } },
    'GET /access-log': { headers: as.auditor(), query: { personRef: r.aino, limit: '10' } },
    'GET /feeds/delivery': { headers: as.operator() },
    'GET /feeds/schemas/{name}/{version}': { params: { name: 'listing-started', version: 'v1.json' } },
    'GET /feeds/{municipality}/events': {
      headers: as.municipality('837'),
      params: { municipality: '837' },
      query: { after: '0', limit: '10' },
    },
    'GET /feeds/{municipality}/asyncapi': { headers: as.municipality('837'), params: { municipality: '837' } },
    'GET /feeds/{municipality}/reports/{quarter}': {
      headers: as.municipality('837'),
      params: { municipality: '837', quarter: '2026-Q4' },
      query: { format: 'json' },
    },
    'GET /access-log/break-the-glass': { headers: as.auditor(), query: { limit: '10' } },
    'POST /access-log/break-the-glass/{entryId}/review': {
      headers: as.auditor(),
      params: { entryId: '1' },
      body: { finding: 'justified', note: 'ER admission confirmed' },
      freeText: ['note'],
      optional: ['note'],
    },
    // Client plans: ville and eero have plans (paula's, with a goal and a service), aino none.
    'POST /persons/{personRef}/plan': {
      headers: PAULA,
      params: { personRef: r.aino },
      body: { municipality: '837', segment: 'supported', responsibleOrganisation: 'pirkanmaa', purpose: 'social-work' },
      freeText: ['responsibleOrganisation'],
      optional: ['municipality', 'segment'],
    },
    'GET /persons/{personRef}/plan': { headers: PAULA, params: { personRef: r.ville }, query: { sections: 'plan,goals' } },
    'POST /persons/{personRef}/plan/break-the-glass': {
      headers: as.planWorker('kaisa'),
      params: { personRef: r.ville },
      body: { reason: 'needed for acute care right now' },
      freeText: ['reason'],
      readOnly: true,
    },
    'PUT /persons/{personRef}/plan/situation': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: { situation: [{ domain: 'housing', description: 'rent arrears' }] },
      freeText: ['situation.0.description'],
    },
    'PUT /persons/{personRef}/plan/participation': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: { howParticipated: 'in a meeting', agreedTo: 'weekly coaching', clientView: 'fine' },
      freeText: ['howParticipated', 'agreedTo', 'clientView'],
      optional: ['clientView'],
    },
    'PUT /persons/{personRef}/plan/follow-up-dates': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: { followUpDates: ['2027-04-15'] },
    },
    // GAS levels run from −2 to +2, so the battery's "-1" is a good level here: the goal (work)
    // and the goal followed up (home, only proposed) make the domain refuse such a request whole
    // (GOAL_EXISTS, GOAL_NOT_ACTIVE) once the edge and the DTO have let it through.
    'POST /persons/{personRef}/plan/goals': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: {
        goalId: 'work',
        domain: 'housing',
        clientWords: 'a home',
        workerWords: 'housing application',
        weight: 1,
        levels: GAS_LEVELS,
        baselineLevel: -1,
      },
      freeText: ['clientWords', 'workerWords', ...Object.keys(GAS_LEVELS).map((k) => `levels.${k}`)],
      optional: ['baselineLevel'],
    },
    'POST /persons/{personRef}/plan/goals/{goalId}/status': {
      headers: PAULA,
      params: { personRef: r.ville, goalId: 'work' },
      body: { status: 'achieved' },
    },
    'POST /persons/{personRef}/plan/goals/{goalId}/follow-ups': {
      headers: PAULA,
      params: { personRef: r.ville, goalId: 'home' },
      body: { level: 1, on: '2027-01-15' },
      optional: ['on'],
    },
    'POST /persons/{personRef}/plan/services': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: {
        serviceId: 'physio',
        sector: 'health-care',
        name: 'Physiotherapy',
        organisation: 'pirkanmaa',
        responsibleWorker: 'Nurse N',
        start: '2027-02-01',
        end: '2027-06-30',
        status: 'planned',
      },
      freeText: ['name', 'organisation', 'responsibleWorker'],
      optional: ['end', 'status'],
    },
    'POST /persons/{personRef}/plan/services/{serviceId}/status': {
      headers: PAULA,
      params: { personRef: r.ville, serviceId: 'coach' },
      body: { status: 'ongoing', end: '2027-06-30' },
      optional: ['end'],
    },
    'PUT /persons/{personRef}/plan/responsible-worker': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: {
        responsibleWorker: { subject: 'worker-2', name: 'Worker Two', organisation: 'pirkanmaa' },
        responsibleOrganisation: 'pirkanmaa',
      },
      freeText: ['responsibleWorker.name', 'responsibleWorker.organisation', 'responsibleOrganisation'],
    },
    'POST /persons/{personRef}/plan/care-team': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: {
        subject: 'nurse-1',
        name: 'Nurse N',
        role: 'nurse',
        organisation: 'pirkanmaa',
        purpose: 'health-care',
        validFrom: '2027-01-15',
        validTo: '2027-12-31',
      },
      freeText: ['name', 'role', 'organisation'],
      optional: ['validFrom', 'validTo'],
    },
    'POST /persons/{personRef}/plan/care-team/{subject}/end': {
      headers: PAULA,
      params: { personRef: r.ville, subject: 'pekka-member' },
      body: { validTo: '2027-03-31' },
      optional: ['validTo'],
    },
    'POST /persons/{personRef}/plan/status': {
      headers: PAULA,
      params: { personRef: r.ville },
      body: { status: 'on-hold', reason: 'client abroad' },
      freeText: ['reason'],
      optional: ['reason'],
    },
    'POST /persons/{personRef}/plan/versions': { headers: PAULA, params: { personRef: r.ville } },
    'PUT /plan-configuration': {
      headers: COUNTY,
      body: {
        sectionClasses: {
          plan: 'basic',
          situation: 'social',
          goals: 'social',
          services: 'social',
          health: 'health',
          'substance-use': 'substance-use',
          employment: 'employment',
        },
        rules: [{ role: 'plan-worker', purpose: 'social-work', classes: ['basic', 'social'] }],
        rho: '0.3',
        intensiveGuide: { subject: 'guide-1', name: 'Guide G' },
      },
      freeText: ['intensiveGuide.name'],
      optional: ['rho', 'intensiveGuide'],
    },
    'GET /plan-configuration': { headers: COUNTY },
    'GET /plan-requests': { headers: GUIDANCE, query: { municipality: '837', limit: '10' } },
    'GET /municipalities/{municipality}/plan-reports/{quarter}': {
      headers: COUNTY,
      params: { municipality: '837', quarter: '2027-Q1' },
      query: { format: 'json' },
    },
    'POST /families': { headers: PAULA, body: { familyId: 'fam-new', members: [r.ville, r.eero] } },
    'GET /families/{familyId}/plans': { headers: PAULA, params: { familyId: 'fam-b' } },
  };
}

/** Service vouchers' routes, against the voucher type, producer and voucher the battery seeds. */
function voucherRoutes(r: Refs): Record<string, Omit<Endpoint, 'method' | 'path'>> {
  const producer = { voucherTypeId: 'battery-physio', producerId: 'mehilainen' };
  return {
    'PUT /voucher-types/{voucherTypeId}': {
      headers: COUNTY,
      params: { voucherTypeId: 'battery-physio' },
      body: { ...VOUCHER_TYPE, validFrom: '2027-02-01' },
      freeText: ['name'],
    },
    'GET /voucher-types': { headers: GUIDANCE },
    'PUT /voucher-types/{voucherTypeId}/producers/{producerId}': {
      headers: COUNTY,
      params: producer,
      body: { priceCents: 6_500, ownership: 'private', approvedFrom: '2027-02-01' },
    },
    'POST /voucher-types/{voucherTypeId}/producers/{producerId}/suspension': {
      headers: COUNTY,
      params: producer,
      body: { from: '2027-03-01', reason: 'audit' },
      freeText: ['reason'],
    },
    'POST /voucher-types/{voucherTypeId}/producers/{producerId}/end': {
      headers: COUNTY,
      params: producer,
      body: { from: '2027-06-01', reason: 'contract ended' },
      freeText: ['reason'],
    },
    'POST /persons/{personRef}/vouchers': {
      headers: GUIDANCE,
      params: { personRef: r.aino },
      body: { voucherTypeId: 'battery-physio', reason: 'rehabilitation', municipality: '837', monthlyIncomeCents: 250_000 },
      freeText: ['reason'],
      optional: ['monthlyIncomeCents'],
    },
    'GET /persons/{personRef}/vouchers': { headers: asResident(people.aino), params: { personRef: r.aino } },
    'POST /persons/{personRef}/vouchers/{voucherId}/refusal': {
      headers: GUIDANCE,
      params: { personRef: r.aino, voucherId: r.voucher ?? 'x' },
      body: { channel: 'phone' },
      optional: ['channel'],
    },
    'POST /persons/{personRef}/vouchers/{voucherId}/choice': {
      headers: GUIDANCE,
      params: { personRef: r.aino, voucherId: r.voucher ?? 'x' },
      body: { producerId: 'mehilainen', channel: 'phone' },
      optional: ['channel'],
    },
    'POST /providers/{providerId}/voucher-reports': {
      headers: MEHILAINEN,
      params: { providerId: 'mehilainen' },
      body: { rows: [{ producerSideId: 'VB-1', voucherId: r.voucher ?? 'x', date: '2027-01-14' }] },
      perRow: 'rows',
      // The producer's own id is foreign text: kept as sent, never interpreted.
      freeText: ['rows.0.producerSideId'],
    },
    'GET /vouchers/report': { headers: COUNTY, query: { from: '2027-01-01', to: '2027-01-31' } },
  };
}

/** Contact intake's routes, against the contacts seedContactIntake left in each state. */
function intakeRoutes(seed: IntakeSeed | undefined): Record<string, Omit<Endpoint, 'method' | 'path'>> {
  const c = (id: keyof Omit<IntakeSeed, 'linked'>) => ({ contactId: seed?.[id] ?? 'x' });
  return {
    'PUT /contact-intake/policy': { headers: COUNTY, body: INTAKE_POLICY },
    'PUT /contact-intake/queues/{queueId}': { headers: COUNTY, params: { queueId: 'tampere-fi' }, body: INTAKE_QUEUE, freeText: ['name'] },
    'PUT /contact-intake/screening/form': {
      headers: COUNTY,
      body: { questions: INTAKE_QUESTIONS },
      freeText: ['questions.0.text.fi', 'questions.1.text.fi'],
    },
    'PUT /contact-intake/screening/rules': {
      headers: COUNTY,
      body: { formVersion: 1, rules: INTAKE_RULES },
      freeText: ['rules.0.reason', 'rules.1.reason'],
    },
    'GET /contact-intake/configuration': { headers: COUNTY },
    'GET /contact-intake/municipalities/{municipality}/kpis': {
      headers: COUNTY,
      params: { municipality: '837' },
      query: { from: '2027-01', to: '2027-12', channel: 'phone', language: 'fi' },
    },
    'GET /contact-intake/ask-for-help/privacy-notice': {},
    'POST /contact-intake/ask-for-help': {
      body: {
        municipality: '837',
        language: 'fi',
        contactedBy: 'relative',
        message: 'Äitini ei pärjää kotona.',
        contactBack: '+358 40 123 4567',
        privacyNoticeVersion: 1,
      },
      freeText: ['message', 'contactBack'],
      optional: ['contactBack'],
    },
    'PUT /contact-intake/workers/me/availability': { headers: GUIDANCE, body: { languages: ['fi', 'sv'], available: true } },
    'POST /contact-intake/queues/{queueId}/next': { headers: GUIDANCE, params: { queueId: 'tampere-fi' } },
    'GET /contact-intake/queues/{queueId}/contacts': { headers: GUIDANCE, params: { queueId: 'tampere-fi' } },
    'POST /contact-intake/contacts': {
      headers: GUIDANCE,
      body: {
        channel: 'phone',
        contactedBy: 'person',
        language: 'fi',
        municipality: '837',
        reason: 'home-care',
        identityCode: people.aino,
      },
      optional: ['reason', 'identityCode'],
    },
    'GET /contact-intake/contacts/{contactId}': { headers: GUIDANCE, params: c('answered') },
    'GET /contact-intake/contacts/{contactId}/audit-trail': { headers: as.auditor(), params: c('answered') },
    'POST /contact-intake/contacts/{contactId}/identification': {
      headers: GUIDANCE,
      params: c('other'),
      body: { identityCode: people.ville },
    },
    'POST /contact-intake/contacts/{contactId}/assignment': { headers: GUIDANCE, params: c('waiting') },
    'POST /contact-intake/contacts/{contactId}/answer': { headers: GUIDANCE, params: c('waiting') },
    'POST /contact-intake/contacts/{contactId}/abandonment': { headers: GUIDANCE, params: c('waiting') },
    'POST /contact-intake/contacts/{contactId}/screening': {
      headers: GUIDANCE,
      params: c('answered'),
      body: { answers: { 'manages-daily-chores': false, 'worry-scale': 8 } },
    },
    'POST /contact-intake/contacts/{contactId}/notes': {
      headers: GUIDANCE,
      params: c('answered'),
      body: { text: 'Soitettu takaisin.' },
      freeText: ['text'],
    },
    'POST /contact-intake/contacts/{contactId}/closure': {
      headers: GUIDANCE,
      params: c('answered'),
      body: { outcome: 'resolved', adviceCategory: 'housing-benefit' },
      optional: ['adviceCategory'],
    },
    'POST /contact-intake/contacts/{contactId}/transfer': {
      headers: GUIDANCE,
      params: c('answered'),
      body: { toOrganisation: 'raisio', toMunicipality: '680' },
    },
    'POST /contact-intake/contacts/{contactId}/transfer/acceptance': { headers: RAISIO_GUIDANCE(), params: c('transferring') },
    'POST /contact-intake/contacts/{contactId}/transfer/rejection': {
      headers: RAISIO_GUIDANCE(),
      params: c('transferring'),
      body: { reason: 'not-our-municipality' },
    },
    'POST /contact-intake/contacts/{contactId}/child-welfare-notification': { headers: GUIDANCE, params: c('answered') },
    'POST /contact-intake/contacts/{contactId}/merge': {
      headers: GUIDANCE,
      params: c('other'),
      body: { otherContactId: seed?.answered ?? 'x' },
    },
    'POST /contact-intake/contacts/{contactId}/unlink': {
      headers: GUIDANCE,
      params: { contactId: seed?.linked[1] ?? 'x' },
      body: { otherContactId: seed?.linked[0] ?? 'x' },
    },
  };
}

/**
 * Cases that find a defect, by route and case name. Each runs as its own test, which fails until
 * the route is fixed (then its entry goes); the route's other cases run in the route's test.
 */
/**
 * Cases that a known defect makes fail, by route, each kept failing (not skipped) until it is fixed.
 * Empty: every defect the battery found has been fixed; a new one is listed here with a DEFECT note.
 */
const DEFECTS: Record<string, string[]> = {};
const isDefect = (route: string, name: string) => DEFECTS[route]?.includes(name) ?? false;

const ROUTES = Object.keys(routes({ aino: '', ville: '', eero: '' }));
/** Generated test data: an identity code of nobody in the register. */
const CODE = '131052-308T';
const STABLE_CODE = /^[A-Z][A-Z0-9_]+$/;

function battery(database: TestDatabase): void {
  let t: TestApp;
  let refs: Refs;
  let documented: Array<{ method: Endpoint['method']; path: string }> = [];
  let sent = 0;
  const http = () => request(t.server);
  const counts = async () => {
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const row = (
      await pool.query(
        `SELECT (SELECT count(*) FROM es_events) AS events, (SELECT count(*) FROM ${t.config.registrySchema}.persons) AS persons, (SELECT count(*) FROM idempotency_keys) AS idempotency`,
      )
    ).rows[0] as Record<string, string>;
    return { events: Number(row['events']), persons: Number(row['persons']), idempotency: Number(row['idempotency']) };
  };

  beforeAll(async () => {
    // Every case to the look-up is one of the guidance user's look-ups: the limit would answer them all.
    t = await startTestApp(luotsiDefinition, database, {
      now: '2027-01-15T10:00:00Z',
      postgresUrl: testPostgresUrl(),
      config: { rateLimits: { 'identity-lookup': { perMinute: 100_000, perDay: 100_000 } } },
    });
    await seedPilot(t);
    refs = { aino: await personRefOf(t, people.aino), ville: await personRefOf(t, people.ville), eero: await personRefOf(t, people.eero) };
    // A provider registered but not approved, so that its approval route has something to approve.
    await http()
      .post('/providers')
      .set(COUNTY)
      .send({
        providerId: 'battery-pending',
        businessId: '0116297-6',
        name: 'Odottava Oy',
        kind: 'private',
        stations: [station('battery-pending-1', '33720')],
      })
      .expect(201);
    // A service and its point in the catalogue, so that its routes' bad requests meet real records.
    await http()
      .put('/service-channels/battery-point')
      .set(COUNTY)
      .send({
        kind: 'service-point',
        names: { fi: 'Akkupiste' },
        languages: ['fi'],
        address: { street: { fi: 'Katu 1' }, postalCode: '33720', municipalityCode: '837' },
      })
      .expect(200);
    await http()
      .put('/services/battery-service')
      .set(COUNTY)
      .send({
        names: { fi: 'Akkupalvelu' },
        arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
        targetGroups: ['everyone'],
        accessModes: ['walk-in'],
        languages: ['fi'],
        area: 'county',
        channelIds: ['battery-point'],
      })
      .expect(200);
    await http().put('/rates/capitation').set(EEVA).send({ validFrom: '2026-01-01', annualCentsByAgeBand: AGE_BANDS }).expect(200);
    await http().put('/rates/service-fees').set(EEVA).send({ validFrom: '2026-01-01', centsByServiceType: FEES }).expect(200);
    await http()
      .put('/rates/client-fees')
      .set(EEVA)
      .send({ validFrom: '2026-01-01', annualCapCents: 81_500, centsByServiceType: FEES, countsTowardCap: CAP })
      .expect(200);
    await http()
      .post(`/residents/${refs.aino}/switches`)
      .set(asResident(people.aino))
      .send({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'quality-of-care' })
      .expect(201);
    await settled(t);
    const report = await http()
      .post('/providers/mehilainen/service-reports')
      .set(MEHILAINEN)
      .send({
        rows: [
          {
            providerSideId: 'S-1',
            identityCode: people.eero,
            serviceType: 'nurse-visit',
            date: '2027-01-10',
            stationId: 'mehilainen-hervanta',
          },
        ],
      })
      .expect(200);
    expect(report.body).toMatchObject({ recorded: 1 });
    await http().post('/settlements/2026-12/run').set(EEVA).send({}).expect(200);
    await settled(t);
    // Client plans: ville's plan (an active goal, a planned service, a care-team member) and eero's, linked as a family.
    for (const ref of [refs.ville, refs.eero])
      await http()
        .post(`/persons/${ref}/plan`)
        .set(PAULA)
        .send({ responsibleOrganisation: 'pirkanmaa', purpose: 'social-work' })
        .expect(201);
    await http()
      .post(`/persons/${refs.ville}/plan/goals`)
      .set(PAULA)
      .send({
        goalId: 'work',
        domain: 'work-and-education',
        clientWords: 'a job',
        workerWords: 'job search',
        weight: 1,
        levels: GAS_LEVELS,
      })
      .expect(201);
    await http().post(`/persons/${refs.ville}/plan/goals/work/status`).set(PAULA).send({ status: 'active' }).expect(200);
    await http()
      .post(`/persons/${refs.ville}/plan/goals`)
      .set(PAULA)
      .send({ goalId: 'home', domain: 'housing', clientWords: 'a home', workerWords: 'housing application', weight: 1, levels: GAS_LEVELS })
      .expect(201);
    await http()
      .post(`/persons/${refs.ville}/plan/services`)
      .set(PAULA)
      .send({
        serviceId: 'coach',
        sector: 'employment-services',
        name: 'Coaching',
        organisation: 'TE',
        responsibleWorker: 'Coach C',
        start: '2027-02-01',
      })
      .expect(201);
    await http()
      .post(`/persons/${refs.ville}/plan/care-team`)
      .set(PAULA)
      .send({ subject: 'pekka-member', name: 'Pekka', role: 'nurse', organisation: 'pirkanmaa', purpose: 'health-care' })
      .expect(201);
    await http()
      .post('/families')
      .set(PAULA)
      .send({ familyId: 'fam-b', members: [refs.ville, refs.eero] })
      .expect(201);
    // A voucher type with one producer, and a voucher granted to aino but not chosen: the voucher
    // routes' bad requests meet real records (a visit dated before the grant is refused per row).
    await http().put('/voucher-types/battery-physio').set(COUNTY).send(VOUCHER_TYPE).expect(200);
    await http()
      .put('/voucher-types/battery-physio/producers/mehilainen')
      .set(COUNTY)
      .send({ priceCents: 6_000, ownership: 'private', approvedFrom: '2027-01-01' })
      .expect(200);
    refs.voucher = (
      await http()
        .post(`/persons/${refs.aino}/vouchers`)
        .set(GUIDANCE)
        .send({ voucherTypeId: 'battery-physio', reason: 'rehabilitation', municipality: '837' })
        .expect(201)
    ).body.voucherId;
    refs.intake = await seedContactIntake(t, people.aino);
    await settled(t);
    const doc = (await http().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method: method as Endpoint['method'], path })),
    );
  }, 120_000);
  afterAll(() => t?.close());

  const key = (e: { method: string; path: string }) => `${e.method.toUpperCase()} ${e.path}`;
  const endpointOf = (e: { method: Endpoint['method']; path: string }): Endpoint | 'import' => {
    const spec = routes(refs)[key(e)];
    if (spec === undefined) throw new Error(`no battery cases for ${key(e)}: add it to routes()`);
    return spec === 'import' ? spec : { method: e.method, path: e.path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1'), ...spec };
  };

  it('has cases for every endpoint of the OpenAPI document, and none for an endpoint it does not hold', () => {
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.map(key).filter((k) => routes(refs)[k] === undefined)).toEqual([]);
    expect(Object.keys(routes(refs)).filter((k) => !documented.some((d) => key(d) === k))).toEqual([]);
  });

  /** What is wrong with one answer, or nothing. */
  const judge = (c: BadInputCase, result: BadInputResult, changed: boolean): string | undefined => {
    if (result.status >= 500) return 'a 5xx';
    if (changed) return 'it wrote';
    if (hasIdentityCodeShape(result.text)) return 'an identity code in the answer';
    if (c.perRow && result.status === 200) {
      const errors = (result.body as { errors?: Array<{ row?: number; code?: string }> }).errors ?? [];
      const mine = errors.filter((e) => e.row === 1); // rows are counted from 1
      if (mine.length === 0) return 'a 200 without an error for the row';
      if (!mine.every((e) => typeof e.code === 'string' && STABLE_CODE.test(e.code) && e.code !== 'ROW_FAILED'))
        return 'a row error without a stable code';
      if ((result.body as { recorded?: number }).recorded !== 0) return 'the row was recorded';
      return undefined;
    }
    if (result.status < 400) return `a ${result.status}`;
    if (typeof result.body.code !== 'string' || !STABLE_CODE.test(result.body.code)) return 'no stable code';
    if (!refusedAsExpected(c, result)) return `expected ${c.code ?? '(any)'} ${c.status ?? ''}`;
    return undefined;
  };

  describe.each(ROUTES.filter((k) => k !== 'POST /population/import'))('%s', (route) => {
    it('answers every bad request with a 4xx and a stable code, and writes nothing', async () => {
      const [method, path] = route.split(' ') as [string, string];
      const documentedRoute = documented.find((d) => key(d) === route);
      expect(documentedRoute).toBeDefined();
      const endpoint = endpointOf({ method: method.toLowerCase() as Endpoint['method'], path: path }) as Endpoint;
      const cases = batteryCases(endpoint).filter((c) => !isDefect(route, c.name));
      expect(cases.length).toBeGreaterThan(10);
      const wrong: unknown[] = [];
      let before = await counts();
      for (const c of cases) {
        const result = await sendBadInput(t.server, endpoint, c);
        sent += 1;
        const after = await counts();
        const problem = judge(c, result, JSON.stringify(after) !== JSON.stringify(before));
        if (problem) {
          wrong.push({
            case: c.name,
            problem,
            status: result.status,
            code: result.body.code,
            message: typeof result.body.message === 'string' ? result.body.message.slice(0, 160) : undefined,
          });
          // Keep judging the rest of the cases against the state the defect left.
          before = after;
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    for (const name of DEFECTS[route] ?? []) {
      it(`DEFECT: ${name}`, async () => {
        const [method, path] = route.split(' ') as [string, string];
        const endpoint = endpointOf({ method: method.toLowerCase() as Endpoint['method'], path }) as Endpoint;
        const c = batteryCases(endpoint).find((x) => x.name === name);
        expect(c).toBeDefined();
        const before = await counts();
        const result = await sendBadInput(t.server, endpoint, c!);
        sent += 1;
        expect({
          problem: judge(c!, result, JSON.stringify(await counts()) !== JSON.stringify(before)),
          status: result.status,
          code: result.body.code,
        }).toEqual({ problem: undefined, status: expect.any(Number), code: expect.any(String) });
      });
    }
  });

  describe('POST /population/import', () => {
    const runImportCase = async (c: ImportCase): Promise<string | undefined> => {
      const before = await counts();
      let req = http().post('/population/import').set(COUNTY);
      for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
      if (c.query) req = req.query(c.query);
      const res = await req
        .set('Content-Type', c.contentType)
        .serialize(() => c.body as unknown as string)
        .send({});
      sent += 1;
      const changed = JSON.stringify(await counts()) !== JSON.stringify(before);
      if (res.status >= 500) return `a ${res.status}`;
      if (changed) return `it wrote (${res.status})`;
      if (hasIdentityCodeShape(res.text ?? '')) return 'an identity code in the answer';
      if (c.lines === undefined) {
        if (res.status < 400 || !STABLE_CODE.test(String(res.body?.code))) return `a ${res.status} ${String(res.body?.code)}`;
        if (c.code && res.body.code !== c.code) return `expected ${c.code}, got ${String(res.body.code)}`;
        return undefined;
      }
      if (res.status !== 200) return `a ${res.status} ${String(res.body?.code)} instead of per-line errors`;
      const errors = (res.body.errors ?? []) as Array<{ line: number; code: string }>;
      const missing = c.lines.filter((line) => !errors.some((e) => e.line === line && STABLE_CODE.test(e.code) && e.code !== 'ROW_FAILED'));
      if (missing.length || res.body.applied !== 0)
        return `lines without a stable error: ${missing.join(', ')}; applied ${res.body.applied}; errors ${JSON.stringify(errors.map((e) => [e.line, e.code]))}`;
      if (c.code && !errors.every((e) => e.code === c.code)) return `expected ${c.code}, got ${errors.map((e) => e.code).join(',')}`;
      return undefined;
    };

    it('refuses a bad request as a whole with a 4xx and answers each bad line with its code, writing nothing', async () => {
      const wrong: unknown[] = [];
      const cases = importCases(newcomer).filter((c) => !isDefect('POST /population/import', c.name));
      expect(cases.length).toBeGreaterThan(50);
      for (const c of cases) {
        const problem = await runImportCase(c);
        if (problem) wrong.push({ case: c.name, problem });
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    for (const name of DEFECTS['POST /population/import'] ?? []) {
      it(`DEFECT: ${name}`, async () => {
        const c = importCases(newcomer).find((x) => x.name === name);
        expect(c).toBeDefined();
        expect(await runImportCase(c!)).toBeUndefined();
      });
    }
  });

  // An identity code's characters are all allowed in a key, and the key is stored as sent in
  // idempotency_keys: the edge refuses the shape, so the code never lands outside the registry.
  it('refuses an identity code as the Idempotency-Key', async () => {
    const res = await http()
      .put('/choice-area')
      .set(COUNTY)
      .set('Idempotency-Key', CODE)
      .send((routes(refs)['PUT /choice-area'] as Endpoint).body!);
    sent += 1;
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const stored = Number(
      ((await pool.query('SELECT count(*) AS n FROM idempotency_keys WHERE key = $1', [CODE])).rows[0] as { n: string }).n,
    );
    expect({ status: res.status, code: res.body.code, stored }).toEqual({
      status: 400,
      code: expect.stringMatching(STABLE_CODE),
      stored: 0,
    });
  });

  it('sent at least 200 bad requests, and the app still does its work', async () => {
    expect(sent).toBeGreaterThanOrEqual(200);
    const before = await counts();
    await http()
      .post(`/residents/${refs.ville}/switches`)
      .set(asResident(people.ville))
      .send({ stationId: 'pihlajalinna-hervanta', channel: 'portal', reason: 'good-location' })
      .expect(201);
    expect((await counts()).events).toBeGreaterThan(before.events);
  });
}

describe('the bad-input battery on PGlite (embedded)', () => battery('pglite'));
describeWithPostgres()('the bad-input battery on PostgreSQL', () => battery('postgres'));
