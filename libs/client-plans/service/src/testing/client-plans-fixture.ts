import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import type { InboundConsumer, Subscription } from '@luotsi/messaging';
import { PlatformModule, inboundToken, subscriptionToken, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import type { TestApp } from '@luotsi/runtime/testing';
import { ClientPlansModule } from '../client-plans.context';
import { CLIENT_PLANS_PROJECTION_NAME } from '../read-model/client-plans.projection';

@Module({})
class ClientPlansOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ClientPlansOnly, imports: [PlatformModule.forRoot(config), ClientPlansModule] };
  }
}

/** Client plans alone, as its own service runs it. */
export const clientPlansDefinition: ServiceDefinition = {
  service: 'client-plans',
  title: 'client plans',
  description: 'client plans alone',
  module: (config) => ClientPlansOnly.forRoot(config),
  consumes: [],
};

export async function plansSettled(t: TestApp): Promise<void> {
  await t.app.get<Subscription>(subscriptionToken(CLIENT_PLANS_PROJECTION_NAME)).caughtUp(30_000);
}

let sequence = 0;
/** Delivers a CloudEvent of contact intake to client plans' consumer, as the broker would. */
export function deliverContactIntake(t: TestApp, type: string, data: Record<string, unknown>, id?: string) {
  return t.app
    .get<Map<string, InboundConsumer>>(inboundToken('client-plans'))
    .get('contact-intake')!
    .consume({
      specversion: '1.0',
      id: id ?? `00000000-0000-4000-9000-${String(++sequence).padStart(12, '0')}`,
      type,
      source: '/luotsi/contact-intake',
      subject: `contact-${String(data['contactId'] ?? 'x')}`,
      time: '2027-01-15T08:00:00Z',
      datacontenttype: 'application/json',
      data,
    });
}

export const LEVELS = {
  '-2': 'no applications',
  '-1': 'one application a month',
  '0': 'two applications a month',
  '1': 'an interview',
  '2': 'a job or a course',
};

/** A plan with a goal, created by `worker` (default plan-worker paula) for `personRef`. */
export function createPlan(
  t: TestApp,
  personRef: string,
  worker: { Authorization: string },
  over: Record<string, unknown> = {},
): request.Test {
  return request(t.server)
    .post(`/persons/${personRef}/plan`)
    .set(worker)
    .send({ municipality: '837', segment: 'supported', responsibleOrganisation: 'pirkanmaa', purpose: 'social-work', ...over });
}
