import request from 'supertest';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Subscription } from '@luotsi/messaging';
import { ContextModule, PlatformModule, subscriptionToken, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import { as, type TestApp } from '@luotsi/runtime/testing';
import { serviceCatalogueContext } from '../service-catalogue.context';
import { SERVICE_CATALOGUE_PROJECTION_NAME } from '../read-model/catalogue.projection';
import servicesPage from '../import/fixtures/pirkanmaa-services.json';
import channelsPage from '../import/fixtures/pirkanmaa-service-channels.json';

@Module({})
class CatalogueTestApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: CatalogueTestApp, imports: [PlatformModule.forRoot(config), ContextModule.register(serviceCatalogueContext)] };
  }
}

/** The catalogue alone, as its own service would run it; provider choice appears only as its public events. */
export const catalogueDefinition: ServiceDefinition = {
  service: 'service-catalogue',
  title: 'service catalogue (test)',
  description: 'test',
  module: (config) => CatalogueTestApp.forRoot(config),
  consumes: [],
};

export const FIXTURE = { services: servicesPage, channels: channelsPage };

/** The fixture's ids by what they are (Suomi.fi ids are uuids). */
const sid = (n: number) => `5e7a1c00-${String(n).padStart(4, '0')}-4a00-8000-${String(n).padStart(12, '0')}`;
const cid = (n: number) => `c4a11e00-${String(n).padStart(4, '0')}-4a00-8000-${String(n).padStart(12, '0')}`;
export const S = {
  dental: sid(1),
  socialGuidance: sid(2),
  healthTampere: sid(3),
  healthPirkkala: sid(4),
  healthNokia: sid(5),
  emergency: sid(6),
  familyCounselling: sid(7),
  mentalHealth: sid(8),
  childClinic: sid(9),
  socialEmergency: sid(10),
};
export const C = {
  hervanta: cid(1),
  centre: cid(2),
  acuta: cid(3),
  nokia: cid(4),
  pirkkala: cid(5),
  pyynikki: cid(6),
  kaleva: cid(7),
  kangasala: cid(8),
  omaolo: cid(9),
  phone: cid(10),
};

export async function settledCatalogue(t: TestApp): Promise<void> {
  await t.app.get<Subscription>(subscriptionToken(SERVICE_CATALOGUE_PROJECTION_NAME)).caughtUp(30_000);
}

/** Imports the fixture (channels, then services) as the county. */
export async function importFixture(t: TestApp): Promise<void> {
  const http = request(t.server);
  await http.post('/service-catalogue/imports/service-channels').set(as.county()).send(channelsPage).expect(200);
  await http.post('/service-catalogue/imports/services').set(as.county()).send(servicesPage).expect(200);
  await settledCatalogue(t);
}
