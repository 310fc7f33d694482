export { BillingModule } from './billing.module';
export { billingContext } from './billing.context';
export { BillingCommands, partOf } from './billing.commands';
export { BillingReadModel } from './read-model/billing-read-model';
export { billingProjection, BILLING_PROJECTION_NAME } from './read-model/billing.projection';
export { settlementInputs } from './read-model/settlement-inputs';
export { settlementCsv, settlementJson } from './export/settlement-export';
export { BILLING_MIGRATIONS, BILLING_TABLES } from './read-model/migrations';
