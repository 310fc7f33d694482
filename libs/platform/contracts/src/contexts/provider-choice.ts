export { providerChoiceContract } from '@luotsi/provider-choice-contracts';
