import { billingContract } from '@luotsi/billing-contracts';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { defineContext } from '@luotsi/runtime';
import { BillingCommands } from './billing.commands';
import { BILLING_STREAMS } from './billing.streams';
import { feeAccountsReactor } from './consumer/fee-accounts.reactor';
import { guardianshipsInbound } from './consumer/guardianships-inbound';
import { listingsInbound } from './consumer/listings-inbound';
import { voucherProducersInbound } from './consumer/voucher-producers-inbound';
import { BillingController } from './http/billing.controller';
import { VoucherController } from './http/voucher.controller';
import { billingProjection } from './read-model/billing.projection';
import { BillingReadModel } from './read-model/billing-read-model';
import { BILLING_ENTITIES } from './read-model/entities';
import { BILLING_MIGRATIONS } from './read-model/migrations';
import { VoucherReadModel } from './read-model/voucher-read-model';
import { VoucherCommands } from './voucher.commands';

/** Billing: rate tables, service reports and client fees, service vouchers, monthly settlements and their exports. */
export const billingContext = defineContext({
  name: 'billing',
  streams: BILLING_STREAMS,
  migrations: BILLING_MIGRATIONS,
  entities: BILLING_ENTITIES,
  projections: [billingProjection],
  publishes: { contract: billingContract },
  consumes: [listingsInbound, guardianshipsInbound, voucherProducersInbound],
  reactors: [feeAccountsReactor],
  controllers: [BillingController, VoucherController],
  providers: [
    { provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry },
    BillingReadModel,
    BillingCommands,
    VoucherReadModel,
    VoucherCommands,
  ],
  exports: [BillingCommands, BillingReadModel, VoucherCommands, VoucherReadModel],
});
