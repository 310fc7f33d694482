export { PersonRegistry, type PersonRegistryOptions, type ResolvedPerson } from './person-registry';
export { PERSON_REGISTRY_DEPS, openPersonRegistry } from './person-registry.provider';
