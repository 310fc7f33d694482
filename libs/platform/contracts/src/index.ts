export * from './cloud-event';
export * from './integration-contract';
export * from './to-cloud-event';
export { providerChoiceContract } from './contexts/provider-choice';
export { buildAsyncApi, ALL_CONTRACTS } from './asyncapi';
export { PayloadValidator, type PayloadCheck } from './payload-validator';
