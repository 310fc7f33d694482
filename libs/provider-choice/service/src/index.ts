export { ProviderChoiceModule, PROVIDER_CHOICE_PROJECTION } from './provider-choice.module';
