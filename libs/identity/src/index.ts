export { PersonRegistry, type PersonRegistryOptions, type ResolvedPerson } from './person-registry';
export { PERSON_REGISTRY_DEPS, openPersonRegistry, residentDirectoryOf } from './person-registry.provider';
