export { providerChoiceContract } from './provider-choice-contract';
export { storedSchemaVersion, upcastStored, type StoredShape } from './upcasters';
