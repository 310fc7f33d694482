import { clientPlansContract } from '@luotsi/client-plans-contracts';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { ContextModule, defineContext } from '@luotsi/runtime';
import { CLIENT_PLANS_STREAMS } from './client-plans.streams';
import { billingInbound } from './consumer/billing-inbound';
import { contactIntakeInbound } from './consumer/contact-intake-inbound';
import { FamilyController } from './http/family.controller';
import { PlanAdminController } from './http/plan-admin.controller';
import { PlansController } from './http/plans.controller';
import { PlanConfiguration } from './plan-configuration';
import { PlanService } from './plan-service';
import { clientPlansProjection } from './read-model/client-plans.projection';
import { CLIENT_PLANS_MIGRATIONS } from './read-model/migrations';
import { QuarterlyReports } from './report/quarterly-report';

/** Client plans: one plan per person across sectors, purpose-limited reading, GAS follow-up, requests from contact intake, granted service vouchers from billing. */
export const clientPlansContext = defineContext({
  name: 'client-plans',
  streams: CLIENT_PLANS_STREAMS,
  migrations: CLIENT_PLANS_MIGRATIONS,
  projections: [clientPlansProjection],
  publishes: { contract: clientPlansContract },
  consumes: [contactIntakeInbound, billingInbound],
  controllers: [PlansController, PlanAdminController, FamilyController],
  // The registry resolves a signed-in resident to their personRef at the edge (they read their own plan).
  providers: [
    PlanService,
    PlanConfiguration,
    QuarterlyReports,
    { provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry },
  ],
});

export const ClientPlansModule = ContextModule.register(clientPlansContext);
