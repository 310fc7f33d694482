export { PersonRegistry, type PersonRegistryOptions, type ResolvedPerson } from './person-registry';
export { PERSON_REGISTRY_DEPS, openPersonRegistry, residentDirectoryOf } from './person-registry.provider';
export * from './guardianship/guardianship';
export { identityContract, IDENTITY_PUBLIC_MAPPING } from './guardianship/identity-contract';
export { identityContext, IdentityModule, guardianshipStreams } from './guardianship/identity.context';
