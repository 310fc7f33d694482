import { billingContract } from '@luotsi/billing-contracts';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import type { ServiceDefinition } from '@luotsi/runtime';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';
import { LuotsiModule } from './luotsi.module';

export const luotsiDefinition: ServiceDefinition = {
  service: 'luotsi',
  title: 'Luotsi',
  description: 'Regional service navigation for a wellbeing services county: provider choice, billing and contact intake in one process.',
  module: (config) => LuotsiModule.forRoot(config),
  consumes: [providerChoiceContract, billingContract, contactIntakeContract, serviceCatalogueContract],
};
