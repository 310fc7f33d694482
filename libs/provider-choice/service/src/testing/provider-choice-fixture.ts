import request from 'supertest';
import { Module, type DynamicModule } from '@nestjs/common';
import { Hetu, LocalDate } from '@luotsi/kernel';
import type { Subscription } from '@luotsi/messaging';
import { ContextModule, PlatformModule, subscriptionToken, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { as, type TestApp } from '@luotsi/runtime/testing';
import { providerChoiceContext } from '../provider-choice.context';
import { providerChoiceProjection } from '../read-model/provider-choice.projection';

@Module({})
class ProviderChoiceTestApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ProviderChoiceTestApp, imports: [PlatformModule.forRoot(config), ContextModule.register(providerChoiceContext)] };
  }
}

export const providerChoiceDefinition: ServiceDefinition = {
  service: 'provider-choice',
  title: 'provider choice (test)',
  description: 'test',
  module: (config) => ProviderChoiceTestApp.forRoot(config),
  consumes: [],
};

export const COUNTY = as.county();
export const GUIDANCE = as.guidance();
/**
 * A resident signed in with their identity code (the edge resolves it to their personRef, so the
 * person must be registered first: seedPilot imports `people`). Extras override claims, e.g. `{ acr: 'low' }`.
 */
export const asResident = (identityCode: string, extra?: Parameters<typeof as.resident>[1]) => as.resident(identityCode, extra);

export const station = (stationId: string, postalCode: string, name = stationId) => ({
  stationId,
  name,
  streetAddress: 'Katu 1',
  postalCode,
  municipalityCode: '837',
  languages: ['fi', 'sv'],
  services: ['primary-care-reception', 'social-guidance'],
  openingHours: 'Mon–Fri 8–16',
  accessibility: 'step-free',
});

/** People of the seed pilot area; identity codes are generated test data with valid check characters. */
export const people = {
  aino: Hetu.generate(LocalDate.parse('1950-03-15'), 202),
  eero: Hetu.generate(LocalDate.parse('1985-07-01'), 301, { signStyle: 'new' }),
  ville: Hetu.generate(LocalDate.parse('2004-12-31'), 411),
  outside: Hetu.generate(LocalDate.parse('1970-01-01'), 123),
};

/** Waits until provider choice's read model holds every event committed so far. */
export async function settled(t: TestApp): Promise<void> {
  await t.app.get<Subscription>(subscriptionToken(providerChoiceProjection.name)).caughtUp(30_000);
}

/** The seed pilot: the city's two stations and a private provider, approved; postal codes 33710 and 33530. */
export async function seedPilot(t: TestApp): Promise<void> {
  const http = request(t.server);
  await http
    .post('/providers')
    .set(COUNTY)
    .send({
      providerId: 'tampere',
      businessId: '0211675-2',
      name: 'Tampereen kaupunki',
      kind: 'public',
      stations: [station('hervanta', '33720'), station('kaukajarvi', '33530')],
    })
    .expect(201);
  await http
    .post('/providers')
    .set(COUNTY)
    .send({
      providerId: 'mehilainen',
      businessId: '1927400-1',
      name: 'Mehiläinen Oy',
      kind: 'private',
      stations: [station('mehilainen-hervanta', '33720')],
    })
    .expect(201);
  await http
    .post('/providers')
    .set(COUNTY)
    .send({
      providerId: 'pihlajalinna',
      businessId: '2617455-1',
      name: 'Pihlajalinna Oy',
      kind: 'private',
      stations: [station('pihlajalinna-hervanta', '33720')],
    })
    .expect(201);
  for (const id of ['tampere', 'mehilainen', 'pihlajalinna'])
    await http.post(`/providers/${id}/approval`).set(COUNTY).send({ from: '2017-01-01' }).expect(200);
  await settled(t);
  await http
    .put('/choice-area')
    .set(COUNTY)
    .send({
      postalCodes: [
        { postalCode: '33710', defaultStationId: 'hervanta' },
        { postalCode: '33530', defaultStationId: 'kaukajarvi' },
      ],
      switchPeriodMonths: 3,
    })
    .expect(200);
  const rows = [
    { type: 'resident-registered', identityCode: people.aino, postalCode: '33710', municipalityCode: '837', date: '2018-01-01' },
    { type: 'resident-registered', identityCode: people.eero, postalCode: '33530', municipalityCode: '837', date: '2019-05-20' },
    { type: 'resident-registered', identityCode: people.ville, postalCode: '33710', municipalityCode: '837', date: '2020-01-01' },
    { type: 'resident-registered', identityCode: people.outside, postalCode: '00100', municipalityCode: '091', date: '2015-01-01' },
  ];
  await http
    .post('/population/import')
    .set(COUNTY)
    .set('Content-Type', 'application/x-ndjson')
    .send(rows.map((r) => JSON.stringify(r)).join('\n'))
    .expect(200);
  await settled(t);
}

/**
 * A registered person's personRef, from the registry itself: test setup is no look-up by a staff
 * user (those are rate-limited per user and logged; the access tests send them on purpose).
 */
export async function personRefOf(t: TestApp, identityCode: string): Promise<string> {
  return (await t.app.get(PersonRegistry).require(identityCode)).personRef;
}
