export { providerChoiceContract } from './provider-choice-contract';
export { PROVIDER_CHOICE_SCHEMA_VERSIONS, PROVIDER_CHOICE_UPCASTERS, choiceAreaV1toV2 } from './upcasters';
