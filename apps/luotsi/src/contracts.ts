import type { ContextContract } from '@luotsi/contracts';
import { billingContract } from '@luotsi/billing-contracts';
import { clientPlansContract } from '@luotsi/client-plans-contracts';
import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { identityContract } from '@luotsi/identity';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';

/** Every context's public contract: the topics of docs/asyncapi.json (the application composes, the platform knows none). */
export const LUOTSI_CONTRACTS: readonly ContextContract[] = [
  providerChoiceContract,
  billingContract,
  identityContract,
  contactIntakeContract,
  clientPlansContract,
  serviceCatalogueContract,
];
