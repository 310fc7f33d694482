export { BillingModule } from './billing.module';
export { BillingCommands } from './billing.commands';
export { BillingReadModel, BILLING_PROJECTION } from './read-model/billing-read-model';
export { settlementCsv, settlementJson } from './export/settlement-export';
export { BILLING_MIGRATIONS, BILLING_TABLES } from './read-model/migrations';
