import type { ContextContract } from '@luotsi/contracts';
import { billingContract } from '@luotsi/billing-contracts';
import { providerChoiceContract } from '@luotsi/provider-choice-contracts';
import { serviceCatalogueContract } from '@luotsi/service-catalogue-contracts';

/** Every context's public contract: the topics of docs/asyncapi.json (the application composes, the platform knows none). */
export const LUOTSI_CONTRACTS: readonly ContextContract[] = [providerChoiceContract, billingContract, serviceCatalogueContract];
