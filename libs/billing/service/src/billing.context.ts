import { billingContract } from '@luotsi/billing-contracts';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { defineContext } from '@luotsi/runtime';
import { BillingCommands } from './billing.commands';
import { BILLING_STREAMS } from './billing.streams';
import { feeAccountsReactor } from './consumer/fee-accounts.reactor';
import { guardianshipsInbound } from './consumer/guardianships-inbound';
import { listingsInbound } from './consumer/listings-inbound';
import { BillingController } from './http/billing.controller';
import { billingProjection } from './read-model/billing.projection';
import { BillingReadModel } from './read-model/billing-read-model';
import { BILLING_ENTITIES } from './read-model/entities';
import { BILLING_MIGRATIONS } from './read-model/migrations';

/** Billing: rate tables, service reports and client fees, monthly settlements and their exports. */
export const billingContext = defineContext({
  name: 'billing',
  streams: BILLING_STREAMS,
  migrations: BILLING_MIGRATIONS,
  entities: BILLING_ENTITIES,
  projections: [billingProjection],
  publishes: { contract: billingContract },
  consumes: [listingsInbound, guardianshipsInbound],
  reactors: [feeAccountsReactor],
  controllers: [BillingController],
  providers: [{ provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry }, BillingReadModel, BillingCommands],
  exports: [BillingCommands, BillingReadModel],
});
